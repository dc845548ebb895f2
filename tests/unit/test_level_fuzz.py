"""Any text given as a level or program file: a valid result or a clear error, never a crash."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from balancegame.prescription.levels import Level, LevelError, parse_level
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.programs import parse_program

KEYS = ["schema_version", "type", "title", "instructions", "sides", "preset", "duration_s",
        "dodge_distance_cm", "approach_time_s", "spawn_jitter_s", "rest_s", "max_same_side",
        "bogus"]
VALUES = st.one_of(
    st.integers(-5, 1000), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.text(max_size=12), st.just('"obstacle_dodge"'),
    st.lists(st.sampled_from(["left", "right", "up"]), max_size=3),
)


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if v != v:
            return "nan"
        if v in (float("inf"), float("-inf")):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(f'"{x}"' for x in v) + "]"
    if isinstance(v, str) and v.startswith('"'):
        return v
    return repr(v) if isinstance(v, int) else '"' + v.replace("\\", "").replace('"', "") + '"'


documents = st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=10).map(
    lambda pairs: "\n".join(f"{k} = {toml_value(v)}" for k, v in dict(pairs).items()))


HEADER = 'schema_version = 1\ntype = "obstacle_dodge"\ntitle = "t"\ninstructions = "i"\n'
with_difficulty = st.tuples(documents, documents, st.booleans()).map(
    lambda d: HEADER + d[0] + "\n[difficulty]\n" + d[1]
    + ("\n[adaptive]\ntarget_success = 0.75\nmin_preset = 1\nmax_preset = 3\n" if d[2] else ""))


@settings(max_examples=300, deadline=None)
@given(st.one_of(documents, with_difficulty, st.text(max_size=200)))
def test_level_loader_never_crashes(text):
    try:
        result = parse_level(text, Path("fuzz.toml"))
    except LevelError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        assert "fuzz.toml" in str(exc)
    else:
        assert isinstance(result, Level)


@settings(max_examples=200, deadline=None)
@given(st.one_of(documents, st.text(max_size=200)))
def test_program_loader_never_crashes(text):
    try:
        parse_program(text, Path("fuzz.toml"), LevelLibrary.shipped().level)
    except LevelError as exc:
        assert exc.problems
