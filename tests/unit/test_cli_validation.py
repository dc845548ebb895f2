"""Issue 9, points 7, 14 and 15: bad options and files are refused before anything starts,
with exit code 2, a sentence on stderr, no traceback, and the database unchanged."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_data_safety import can_mount_read_only, other_programs_file, run_on_read_only_media
from test_export import populate

from balancegame import cli
from balancegame.session.codes import PATIENT_CODE_RE

ONE_EXAMPLE_AT_A_TIME = settings(max_examples=25, deadline=None,
                                 suppress_health_check=[HealthCheck.function_scoped_fixture])


class ModelLoaded(AssertionError):
    pass


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    """A session log with data in it; the game must never get as far as the model."""
    from balancegame.pose import estimator

    def no_model(*args, **kwargs):
        raise ModelLoaded("the pose model was loaded: validation came too late")

    monkeypatch.setattr(estimator, "MediaPipePoseEstimator", no_model)
    path = tmp_path / "log.sqlite3"
    populate(path)
    return path


def refused(argv: list[str], capsys, db: Path, *expected: str) -> str:
    """Run the command line; assert a plain refusal and an unchanged database."""
    before = db.read_bytes()
    try:
        rc = cli.main(argv)
    except SystemExit as exc:  # argparse's own refusals (not a number, ...)
        rc = exc.code
    err = capsys.readouterr().err
    assert rc == 2, (argv, err)
    assert "Traceback" not in err and err.strip(), (argv, err)
    assert err.startswith(("balancegame: ", "usage: ")), err
    for text in expected:
        assert text in err, (argv, err)
    assert db.read_bytes() == before, argv
    return err


def nul_level(tmp_path: Path, field: str) -> Path:
    text = (Path(__file__).parents[2] / "levels" / "dodge-gentle.toml").read_text()
    path = tmp_path / f"nul-{field}.toml"
    lines = [f'{field} = "Dodge \\u0000 it"' if line.startswith(f"{field} =") else line
             for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(("options", "expected"), [
    (["--patient", ""], ["empty", "not a name"]),
    (["--patient", "Jane Doe"], ["a space", "not a name"]),
    (["--patient", "jane.doe@example.org"], ["'.'", "'@'"]),
    (["--patient", "P" * 33], ["33 characters"]),
    (["--patient", "P\x00"], ["'\\x00'"]),
    (["--seed", "-1"], ["--seed -1 is out of range"]),
    (["--seed", "18446744073709551616"], ["--seed 18446744073709551616 is out of range"]),
    (["--seed", "nine"], ["invalid int value"]),
    (["--puppet-rt-ms", "-500"], ["--puppet-rt-ms -500 is not a reaction time"]),
    (["--puppet-rt-ms", "nan"], ["not a reaction time"]),
    (["--puppet-movement", "wobble"], ["--puppet-movement 'wobble' is not a movement",
                                       "hesitant"]),
    (["--puppet-camera-delay-ms", "-5"], ["--puppet-camera-delay-ms -5 is not a delay"]),
    (["--puppet-camera-jitter-ms", "nan"], ["not a delay"]),
    (["--puppet-display-delay-ms", "5000"], ["not a delay", "0 to 1000 ms"]),
    (["--seconds", "nan"], ["--seconds nan is not a duration"]),
    (["--seconds", "inf"], ["not a duration"]),
    (["--seconds", "0"], ["not a duration"]),
    (["--height-cm", "nan"], ["not a plausible height"]),
])
def test_a_bad_option_is_refused_before_start_up(options, expected, db, capsys) -> None:
    for command in ("demo", "play"):
        refused([command, "--headless", "--db", str(db), *options], capsys, db, *expected)


@pytest.mark.parametrize("field", ["title", "instructions"])
def test_a_nul_in_a_level_text_is_refused_with_the_file_and_field(field, db, tmp_path,
                                                                  capsys) -> None:
    level = nul_level(tmp_path, field)
    refused(["demo", "--headless", "--db", str(db), "--level", str(level)], capsys, db,
            str(level), f"{field} contains the invisible character U+0000 (NUL)")
    assert cli.main(["levels", "validate", str(level)]) == 2  # its report goes to stdout
    assert "U+0000" in capsys.readouterr().out


def test_screenshots_into_a_folder_that_cannot_be_made(db, tmp_path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for shots in (blocker, blocker / "shots"):
        refused(["demo", "--headless", "--db", str(db), "--screenshots", str(shots)], capsys,
                db, "--screenshots")


def test_screenshots_into_a_read_only_folder(tmp_path: Path) -> None:
    if not can_mount_read_only(tmp_path):
        pytest.skip("no unshare -rm here to mount a folder read-only")
    (tmp_path / "shots").mkdir()
    db = tmp_path / "log.sqlite3"
    done = run_on_read_only_media(tmp_path / "shots", [
        sys.executable, "-m", "balancegame", "demo", "--headless", "--db", str(db),
        "--screenshots", str(tmp_path / "shots-ro")])
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("balancegame: --screenshots ")
    assert "pictures cannot be saved there (Read-only file system)" in done.stderr
    assert not db.exists()


def test_export_of_an_unknown_or_bad_patient_lists_nobody(db, tmp_path, capsys) -> None:
    out = tmp_path / "out.json"
    err = refused(["export", "--db", str(db), "--out", str(out), "--patient", "P404"],
                  capsys, db, "There is no patient 'P404'")
    assert "P001" not in err and "P002" not in err
    refused(["export", "--db", str(db), "--out", str(out), "--patient", "Jane Doe"],
            capsys, db, "a space")
    assert not out.exists()


def test_bad_files_are_refused(db, tmp_path, capsys) -> None:
    other = tmp_path / "other.db"
    other.write_bytes(b"not a database\n" * 40)
    refused(["demo", "--headless", "--db", str(other)], capsys, other, "not a balancegame")
    sqlite_of_another_program = tmp_path / "contacts.db"
    other_programs_file(sqlite_of_another_program, user_version=3, table="session")
    for command in (["demo", "--headless"], ["export", "--out", str(tmp_path / "o.json")]):
        refused([*command, "--db", str(sqlite_of_another_program)], capsys,
                sqlite_of_another_program, "belongs to another program")
    refused(["backup", "--out", str(tmp_path / "o.sqlite3"), "--db",
             str(sqlite_of_another_program)], capsys, sqlite_of_another_program,
            "not a balancegame database, so it is not copied", "with --db")
    refused(["restore", str(sqlite_of_another_program), "--db", str(db)], capsys, db,
            "not a balancegame database")
    refused(["restore", str(db), "--db", str(db)], capsys, db, "database itself")
    refused(["backup", "--db", str(db), "--out", str(db)], capsys, db, "database itself")
    refused(["export", "--db", str(db), "--out", str(db)], capsys, db, "database itself")
    refused(["export", "--db", str(tmp_path / "none.sqlite3"), "--out",
             str(tmp_path / "x.json")], capsys, db, "no balancegame database")
    refused(["demo", "--headless", "--db", str(db), "--level", str(tmp_path / "no.toml")],
            capsys, db, "no.toml")


def not_a_code(text: str) -> bool:
    return PATIENT_CODE_RE.fullmatch(text) is None


@ONE_EXAMPLE_AT_A_TIME
@given(seed=st.one_of(st.integers(max_value=-1), st.integers(min_value=2**63)))
def test_any_seed_out_of_range_is_refused(seed: int, db, capsys) -> None:
    refused(["demo", "--headless", "--db", str(db), f"--seed={seed}"], capsys, db, "--seed")


@ONE_EXAMPLE_AT_A_TIME
@given(seconds=st.one_of(st.floats(max_value=0.0), st.just(math.nan), st.just(math.inf)))
def test_any_duration_that_is_not_positive_and_finite_is_refused(seconds, db, capsys) -> None:
    refused(["demo", "--headless", "--db", str(db), f"--seconds={seconds!r}"], capsys, db,
            "--seconds")


@ONE_EXAMPLE_AT_A_TIME
@given(rt_ms=st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=5000.001),
                       st.just(math.nan)))
def test_any_impossible_reaction_time_is_refused(rt_ms, db, capsys) -> None:
    refused(["demo", "--headless", "--db", str(db), f"--puppet-rt-ms={rt_ms!r}"], capsys, db,
            "--puppet-rt-ms")


@ONE_EXAMPLE_AT_A_TIME
@given(code=st.text(max_size=40).filter(not_a_code))
def test_any_text_that_is_not_a_code_is_refused(code: str, db, capsys) -> None:
    refused(["demo", "--headless", "--db", str(db), f"--patient={code}"], capsys, db,
            "--patient", "not a name")


@ONE_EXAMPLE_AT_A_TIME
@given(code=st.text(max_size=40).filter(not_a_code))
def test_export_of_any_text_that_is_not_a_code_is_refused(code: str, db, tmp_path,
                                                          capsys) -> None:
    refused(["export", "--db", str(db), "--out", str(tmp_path / "o.json"), f"--patient={code}"],
            capsys, db, "--patient")
    assert not (tmp_path / "o.json").exists()


def test_the_installed_command_refuses_without_a_traceback(tmp_path: Path) -> None:
    for options in (["--seed", "-1"], ["--patient", ""], ["--seconds", "nan"]):
        done = subprocess.run([sys.executable, "-m", "balancegame", "demo", "--headless",
                               "--db", str(tmp_path / "log.sqlite3"), *options],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith("balancegame: ")
    assert not (tmp_path / "log.sqlite3").exists()
