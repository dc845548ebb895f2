from pathlib import Path

import pytest

from balancegame.prescription.levels import LevelError
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.programs import parse_program

find_level = LevelLibrary.shipped().level

GOOD = """
schema_version = 1
type = "program"
title = "Test programme"
max_session_min = 20
[[levels]]
level = "dodge-seated"
bouts = 2
rest_s = 30
[[levels]]
level = "dodge-gentle"
rest_s = 10
"""


def test_bouts_expand_with_rests_and_none_after_the_last():
    prog = parse_program(GOOD, Path("p.toml"), find_level)
    assert [s.level.name for s in prog.steps] == ["dodge-seated", "dodge-seated", "dodge-gentle"]
    assert [s.rest_after_s for s in prog.steps] == [30, 30, 0]
    assert prog.max_session_min == 20


def test_problems_name_the_entry_and_the_fix():
    text = GOOD.replace('level = "dodge-gentle"', 'level = "no-such"').replace(
        "bouts = 2", "bouts = 50")
    with pytest.raises(LevelError) as info:
        parse_program(text, Path("broken.toml"), find_level)
    msg = str(info.value)
    assert "broken.toml" in msg
    assert "[[levels]] number 1: bouts = 50" in msg and "1 to 10" in msg
    assert "[[levels]] number 2: level 'no-such'" in msg and "dodge-gentle" in msg


def test_empty_program_is_refused():
    with pytest.raises(LevelError, match="no levels"):
        parse_program('schema_version = 1\ntype = "program"\ntitle = "x"\n', Path("e.toml"),
                      find_level)



def test_a_nul_in_the_program_title_is_refused():
    text = GOOD.replace('"Test programme"', '"Test\\u0000programme"')
    with pytest.raises(LevelError, match="title contains the invisible character U.0000"):
        parse_program(text, Path("p.toml"), find_level)


def test_the_weekly_goal_and_speech_default_to_three_days_and_off():
    prog = parse_program(GOOD, Path("p.toml"), find_level)
    assert (prog.sessions_per_week, prog.spoken_instructions) == (3, False)
    text = GOOD.replace("max_session_min = 20", "max_session_min = 20\nsessions_per_week = 5\n"
                        "spoken_instructions = true")
    prog = parse_program(text, Path("p.toml"), find_level)
    assert (prog.sessions_per_week, prog.spoken_instructions) == (5, True)


def test_a_wrong_weekly_goal_or_speech_setting_is_explained_on_its_line():
    text = GOOD.replace("max_session_min = 20", 'max_session_min = "20"\nsessions_per_week = 8\n'
                        'spoken_instructions = "yes"')
    with pytest.raises(LevelError) as info:
        parse_program(text, Path("p.toml"), find_level)
    assert info.value.problems == [
        'line 5: max_session_min = "20": expected a number from 1 to 120 (write it without '
        'quotes).',
        "line 6: sessions_per_week = 8: expected a whole number from 1 to 7, the training "
        "days a week the patient aims for.",
        'line 7: spoken_instructions = "yes": expected true or false, whether each screen\'s '
        'instructions are read aloud (write it without quotes).']


@pytest.mark.parametrize(("flag", "program_says", "spoken"), [
    ([], False, False), ([], True, True), (["--speak"], False, True),
    (["--no-speak"], True, False)])
def test_speech_follows_the_command_line_else_the_program(tmp_path, monkeypatch, flag,
                                                          program_says, spoken):
    from balancegame import app
    from balancegame.cli import main

    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "talk.toml").write_text(
        GOOD.replace("max_session_min = 20", f"max_session_min = 20\nspoken_instructions = "
                     f"{str(program_says).lower()}"), encoding="utf-8")
    seen = []

    class Stop(Exception):
        pass

    def no_source(spec, *args):
        raise Stop  # the options are settled by then; nothing is opened

    real_run_session = app.run_session
    monkeypatch.setattr(app, "make_source", no_source)
    monkeypatch.setattr(app, "run_session", lambda opts: seen.append(opts) or
                        real_run_session(opts))
    with pytest.raises(Stop):
        main(["demo", "--levels-dir", str(tmp_path), "--program", "talk", *flag])
    assert seen[0].speak is spoken
