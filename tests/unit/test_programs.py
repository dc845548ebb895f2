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
