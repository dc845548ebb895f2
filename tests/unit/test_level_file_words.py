"""Level files a therapist can fix alone: every problem at once, its line, the value as written
(issue 12, item 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from balancegame.errors import LevelError
from balancegame.prescription.levels import parse_level
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.programs import parse_program

GOOD = """schema_version = 1
type = "obstacle_dodge"
title = "Test level"
instructions = "Lean to the gap."
[difficulty]
duration_s = 30
dodge_distance_cm = 12
"""


def problems(text: str) -> list[str]:
    with pytest.raises(LevelError) as info:
        parse_level(text, Path("broken.toml"))
    return info.value.problems


def test_a_misspelt_type_does_not_hide_the_other_problems():
    text = GOOD.replace('"obstacle_dodge"', '"obstacle_dodg"').replace("= 12", "= 90")
    found = problems(text)
    assert len(found) == 2
    assert found[0].startswith('line 2: type = "obstacle_dodg": expected one of')
    assert 'Checked below as "obstacle_dodge"' in found[0]
    assert found[1].startswith("line 7: [difficulty] dodge_distance_cm = 90:")


def test_a_missing_type_is_said_as_missing_and_guessed_from_the_numbers():
    (found,) = problems(GOOD.replace('type = "obstacle_dodge"\n', ""))
    assert found.startswith("type is missing: add a line type = ")
    assert "None" not in found and 'Checked below as "obstacle_dodge"' in found


def test_an_unclosed_quote_is_named_with_its_line():
    (found,) = problems(GOOD.replace('title = "Test level"', 'title = "Test level'))
    assert found.startswith("line 3: a text value is missing its closing quote")


def test_a_unit_after_a_number_is_explained():
    (found,) = problems(GOOD.replace("duration_s = 30", "duration_s = 30 s"))
    assert found.startswith("line 6: only one name = value per line, and numbers without units")


def test_values_are_shown_as_written():
    level = GOOD.replace('type = "obstacle_dodge"', 'type = "quiet_stance"').replace(
        "dodge_distance_cm = 12", "") + ""
    text = level.replace("[difficulty]", 'feedback = true\n[difficulty]')
    (found,) = problems(text)
    assert found.startswith("line 5: feedback = true: expected one of")
    assert "True" not in found


def test_a_quoted_number_in_a_program_gets_the_advice():
    text = """schema_version = 1
type = "program"
title = "P"
max_session_min = 20
[[levels]]
level = "dodge-gentle"
rest_s = "60"
"""
    with pytest.raises(LevelError) as info:
        parse_program(text, Path("p.toml"), LevelLibrary.shipped().level)
    (found,) = info.value.problems
    assert "write it without quotes" in found and found.startswith("line 7: ")


def test_an_interval_the_rules_will_lengthen_is_said_at_validation(capsys, tmp_path):
    from balancegame.cli import main

    text = GOOD.replace("duration_s = 30", "duration_s = 30\napproach_time_s = 2\n"
                        "pass_time_s = 0.8\nrest_s = 1.5\nspawn_interval_s = 3\n"
                        "spawn_jitter_s = 0")
    level = parse_level(text, Path("fast.toml"))
    (note,) = level.notes
    assert "spawn_interval_s = 3" in note and "so it plays as 4.3 s" in note
    (tmp_path / "fast.toml").write_text(text)
    assert main(["levels", "validate", str(tmp_path / "fast.toml")]) == 0
    assert "note: [difficulty] spawn_interval_s = 3" in capsys.readouterr().out
    roomy = GOOD.replace("duration_s = 30", "duration_s = 30\nspawn_interval_s = 7")
    assert parse_level(roomy, Path("ok.toml")).notes == ()  # 7 - 1 s jitter >= 5.3 s
