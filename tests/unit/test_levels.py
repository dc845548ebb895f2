from pathlib import Path

import pytest

from balancegame.challenges import CHALLENGE_TYPES
from balancegame.prescription.levels import LevelError, parse_level
from balancegame.prescription.library import LevelLibrary

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
    assert problem.startswith("line 10: each line needs name = value")


def test_sides_must_be_left_or_right():
    (problem,) = problems_of(GOOD.replace('type = "obstacle_dodge"',
                                          'type = "obstacle_dodge"\nsides = ["up"]'))
    assert "sides" in problem


def test_unknown_level_name_lists_shipped_levels():
    with pytest.raises(LevelError) as info:
        LevelLibrary.shipped().level("no-such-level")
    assert "dodge-gentle" in str(info.value)


ADAPTIVE = GOOD + """
[adaptive]
target_success = 0.75
min_preset = 2
max_preset = 6
"""


def test_presets_interpolate_and_pinned_values_stay():
    easy = parse_level(GOOD.replace("[difficulty]", "preset = 1\n[difficulty]"), Path("a.toml"))
    hard = parse_level(GOOD.replace("[difficulty]", "preset = 10\n[difficulty]"), Path("b.toml"))
    mid = parse_level(GOOD.replace("[difficulty]", "preset = 5\n[difficulty]"), Path("c.toml"))
    # dodge_distance_cm = 12 is pinned by the file: the same at every preset.
    assert easy["dodge_distance_cm"] == hard["dodge_distance_cm"] == 12.0
    assert easy["approach_time_s"] == 4.0 and hard["approach_time_s"] == 1.5
    assert mid["approach_time_s"] == pytest.approx(4.0 + (1.5 - 4.0) * 4 / 9, abs=1e-3)
    assert mid.difficulty_at(10)["approach_time_s"] == 1.5
    assert mid.difficulty_at(10)["dodge_distance_cm"] == 12.0


def test_adaptive_table_is_validated():
    level = parse_level(ADAPTIVE, Path("ok.toml"))
    assert level.adaptive.min_preset == 2 and level.preset == 4  # starts mid-range
    (problem,) = problems_of(ADAPTIVE.replace("max_preset = 6", "max_preset = 12"))
    assert "max_preset = 12" in problem and "1 to 10" in problem
    (problem,) = problems_of(ADAPTIVE.replace("min_preset = 2", "min_preset = 8"))
    assert "swap" in problem
    (problem,) = problems_of(GOOD.replace("[difficulty]", "preset = 11\n[difficulty]"))
    assert "1 (easiest) to 10 (hardest)" in problem


@pytest.mark.parametrize("kind", sorted(CHALLENGE_TYPES))
def test_every_preset_of_every_type_is_a_valid_level(kind):
    ctype = CHALLENGE_TYPES[kind]
    assert ctype.easiest, f"{kind} has no presets"
    assert set(ctype.easiest) == set(ctype.hardest)
    header = f'schema_version = 1\ntype = "{kind}"\ntitle = "t"\ninstructions = "i"\n'
    for preset in range(1, 11):
        level = parse_level(header + f"preset = {preset}\n", Path(f"{kind}-{preset}.toml"))
        assert level.preset == preset
    easy = parse_level(header + "preset = 1\n", Path("e.toml"))
    assert all(easy[name] == value for name, value in ctype.easiest.items())


@pytest.mark.parametrize(("field", "char", "name"), [
    ("title", "\\u0000", "NUL"), ("instructions", "\\u0000", "NUL"),
    ("instructions", "\\u001b", "ESC")])
def test_a_control_character_in_a_shown_text_is_refused(field, char, name):
    """NUL passed validation and then stopped the program on the intro screen (issue 9)."""
    line = {"title": 'title = "Test level"', "instructions": 'instructions = "Lean to the gap."'}
    text = GOOD.replace(line[field], f'{field} = "Lean{char} here"')
    [problem] = problems_of(text)
    assert problem.startswith(f"{field} contains the invisible character")
    assert name in problem and "position 5" in problem


def test_line_breaks_in_instructions_are_allowed():
    text = GOOD.replace('"Lean to the gap."', '"Lean to the gap.\\n\\tThen back."')
    assert "Then back" in parse_level(text, Path("ok.toml")).instructions
