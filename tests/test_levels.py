from pathlib import Path

import pytest

from balancegame.challenges import CHALLENGE_TYPES
from balancegame.levels import LevelError, find_level, parse_level, shipped_levels

GOOD = """
schema_version = 1
type = "obstacle_dodge"
title = "Test level"
instructions = "Lean to the gap."
[difficulty]
duration_s = 30
dodge_distance_cm = 12
"""


def test_valid_level_fills_defaults():
    level = parse_level(GOOD, Path("test.toml"))
    assert level.name == "test"
    assert level["duration_s"] == 30.0
    assert level["dodge_distance_cm"] == 12.0
    defaults = {p.name: p.default for p in CHALLENGE_TYPES["obstacle_dodge"].params}
    assert level["approach_time_s"] == defaults["approach_time_s"]
    assert level.option("sides") == ("left", "right")


def problems_of(text: str) -> list[str]:
    with pytest.raises(LevelError) as info:
        parse_level(text, Path("broken.toml"))
    assert "broken.toml" in str(info.value)
    return info.value.problems


def test_out_of_range_names_field_value_range_and_default():
    (problem,) = problems_of(GOOD.replace("dodge_distance_cm = 12", "dodge_distance_cm = 90"))
    assert "dodge_distance_cm" in problem and "90" in problem
    assert "between 2 and 40 cm" in problem and "Default is 10" in problem


def test_quoted_number_gets_a_hint():
    (problem,) = problems_of(GOOD.replace("duration_s = 30", 'duration_s = "30"'))
    assert "found text" in problem and "without quotes" in problem


def test_every_problem_is_reported_at_once():
    text = GOOD.replace("schema_version = 1", "schema_version = 7").replace(
        'title = "Test level"', "").replace("duration_s = 30", "duration_s = 5\nspeed = 3")
    problems = problems_of(text)
    joined = "\n".join(problems)
    assert len(problems) == 4, joined
    assert "schema_version = 7" in joined
    assert "title" in joined
    assert "speed: not a parameter" in joined
    assert "duration_s = 5" in joined


def test_unknown_type_lists_known_types():
    (problem,) = problems_of(GOOD.replace('"obstacle_dodge"', '"dodge"'))
    assert '"obstacle_dodge"' in problem


def test_toml_syntax_error_is_explained():
    (problem,) = problems_of(GOOD + "\nthis is not toml\n")
    assert "not valid TOML" in problem


def test_sides_must_be_left_or_right():
    (problem,) = problems_of(GOOD.replace('type = "obstacle_dodge"',
                                          'type = "obstacle_dodge"\nsides = ["up"]'))
    assert "sides" in problem


def test_unknown_level_name_lists_shipped_levels():
    with pytest.raises(LevelError) as info:
        find_level("no-such-level")
    assert "dodge-gentle" in str(info.value)


@pytest.mark.parametrize("path", shipped_levels(), ids=lambda p: p.name)
def test_every_shipped_level_loads(path: Path):
    level = find_level(str(path))
    assert level.title and level.instructions


def test_levels_readme_parameter_table_is_current():
    from balancegame.levels import LEVELS_DIR, describe_parameters

    text = (LEVELS_DIR / "README.md").read_text(encoding="utf-8")
    assert describe_parameters() in text, "run: balancegame levels describe --write"
