"""The therapist's commands and home mode on the command line: ``therapist set-pin``,
``prescribe``, ``prescription show``, ``home`` and ``balancegame`` alone.  Refusals are a
sentence on stderr with exit code 2, and change nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_therapist_pin import FAST, PIN

from balancegame import app, cli
from balancegame.session.storage import Database
from balancegame.therapist import pin as pins


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch) -> None:
    monkeypatch.setattr(pins, "DEFAULT_PARAMS", FAST)  # the real ones cost 0.3 s a hash


def main(argv: list[str], stdin: str = "", monkeypatch=None) -> int:
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return cli.main(argv)
    finally:
        sys.stdin = old


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "log.sqlite3"
    assert main(["patients", "add", "P017", "--height-cm", "170", "--name", "Anna",
                 "--db", str(path)]) == 0
    assert main(["therapist", "set-pin", "--pin-stdin", "--db", str(path)],
                f"{PIN}\n{PIN}\n") == 0
    return path


def prescribe(db: Path, *args: str, pin: str = PIN) -> int:
    return main(["prescribe", "--patient", "P017", *args, "--pin-stdin", "--db", str(db)],
                f"{pin}\n")


def test_set_pin_asks_twice_and_a_change_needs_the_current_pin(db, capsys) -> None:
    capsys.readouterr()
    argv = ["therapist", "set-pin", "--pin-stdin", "--db", str(db)]
    assert main(argv, f"{PIN}\n735194\n735195\n") == 2
    assert "The two PINs are not the same" in capsys.readouterr().err
    assert main(argv, "000000\n") == 2  # the wrong current PIN: nothing else is asked
    assert "Wrong PIN" in capsys.readouterr().err
    with Database.open(db) as con:
        con.record_pin_attempts(failed_in_row=0, last_failed_utc=None, locked_until_utc=None)
    assert main(argv, f"{PIN}\n111111\n111111\n") == 2
    assert "One digit repeated" in capsys.readouterr().err
    assert main(argv, f"{PIN}\n735194\n735194\n") == 0
    assert "Therapist PIN changed" in capsys.readouterr().out


def test_set_pin_reads_with_getpass_without_pin_stdin(tmp_path, monkeypatch, capsys) -> None:
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PIN)
    assert cli.main(["therapist", "set-pin", "--db", str(tmp_path / "x.sqlite3")]) == 0
    assert asked == ["New therapist PIN (6 to 12 digits): ", "The same PIN again: "]


def test_prescribe_needs_the_right_pin_and_logs_every_change(db, capsys) -> None:
    capsys.readouterr()
    assert prescribe(db, "--program", "home-dodge-intervals", pin="999888") == 2
    assert "Wrong PIN" in capsys.readouterr().err
    with Database.open(db) as con:
        assert con.prescription("P017") is None and con.prescription_changes("P017") == []
        con.record_pin_attempts(failed_in_row=0, last_failed_utc=None, locked_until_utc=None)
    assert prescribe(db, "--program", "home-dodge-intervals", "--sessions-per-week", "2",
                     "--difficulty-max", "6", "--reason", "start at home") == 0
    out = capsys.readouterr().out
    assert "Prescription of P017 changed (4 changes)" in out
    assert "Sessions a week: as the program says -> 2" in out
    assert "Held within the difficulty bounds: Dodge the walls: approach_time_s" in out
    assert prescribe(db, "--rest-s", "90") == 0
    assert prescribe(db, "--as-program", "rest-s", "--reason", "back to normal") == 0
    assert main(["prescription", "show", "--patient", "P017", "--db", str(db)]) == 0
    shown = capsys.readouterr().out
    assert "Prescription of P017 (Anna)" in shown and "Changes (6):" in shown
    assert "Rest between bouts: 90 s -> as the program says  reason: back to normal" in shown


@pytest.mark.parametrize(("args", "words"), [
    (["--sessions-per-week", "2"], "has no prescription yet"),
    (["--program", "no-such"], "no program named 'no-such'"),
    (["--program", "home-dodge-intervals", "--session-min", "500"], "1 to 120 min"),
    (["--program", "home-dodge-intervals", "--rest-s", "30", "--as-program", "rest-s"],
     "give one of the two"),
    ([], "Nothing to change")])
def test_bad_values_are_refused_before_the_pin_is_asked(db, capsys, args, words) -> None:
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["prescribe", "--patient", "P017", *args, "--pin-stdin", "--db", str(db)],
                "not a pin, never read\n") == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and "Wrong PIN" not in err
    assert db.read_bytes() == before


def test_guests_get_no_prescription(db, capsys) -> None:
    assert main(["prescribe", "--patient", "anonymous", "--program", "gaze-three-bouts",
                 "--pin-stdin", "--db", str(db)], f"{PIN}\n") == 2
    assert "the code of guests" in capsys.readouterr().err


def test_prescribe_without_a_pin_set_says_how_to_set_one(tmp_path, capsys) -> None:
    path = tmp_path / "fresh.sqlite3"
    main(["patients", "add", "P1", "--height-cm", "160", "--db", str(path)])
    assert main(["prescribe", "--patient", "P1", "--program", "gaze-three-bouts",
                 "--pin-stdin", "--db", str(path)], f"{PIN}\n") == 2
    assert "balancegame therapist set-pin" in capsys.readouterr().err


def test_a_spoken_program_is_prescribed_with_a_warning_and_refused_at_home(db, capsys):
    assert prescribe(db, "--program", "dual-task-assessment") == 0
    out = capsys.readouterr().out
    assert "Not for home: counting-seated is answered out loud" in out
    assert "dual-task-gates-3s" in out
    assert main(["home", "--source", "puppet", "--headless", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "cannot be played at home: counting-seated is answered out loud" in err
    assert "dual-task-gates-3s, where you answer by leaning into a gate" in err


class Stop(Exception):
    pass


def sessions_started(monkeypatch) -> list:
    seen = []

    def no_source(spec, clock, rng, rt_ms, puppet, home=False):
        seen.append(home)
        raise Stop  # the plan is settled by then; nothing is opened

    monkeypatch.setattr(app, "make_source", no_source)
    real = app.run_session
    monkeypatch.setattr(app, "run_session", lambda opts: seen.append(opts) or real(opts))
    return seen


def test_home_plays_the_prescription_of_the_one_prescribed_patient(db, monkeypatch) -> None:
    assert prescribe(db, "--program", "home-dodge-intervals", "--session-min", "10") == 0
    seen = sessions_started(monkeypatch)
    with pytest.raises(Stop):
        main(["home", "--source", "puppet", "--headless", "--db", str(db)])
    opts, home = seen
    assert home is True and opts.mode == "home" and opts.patient_id == "P017"
    assert opts.seconds == 600 and opts.prescription["program"] == "home-dodge-intervals"
    assert opts.program == "home-dodge-intervals" and opts.sessions_per_week == 3  # stored


def test_balancegame_alone_is_home_when_someone_has_a_prescription(db, monkeypatch) -> None:
    from balancegame import roster

    monkeypatch.setattr("balancegame.session.storage.default_db_path", lambda: db)
    assert roster.default_command() == "play"
    prescribe(db, "--program", "gaze-three-bouts")
    assert roster.default_command() == "home"


def test_home_without_a_prescription_is_refused(db, capsys) -> None:
    assert main(["home", "--source", "puppet", "--headless", "--db", str(db)]) == 2
    assert "Nobody on this computer has a prescription yet" in capsys.readouterr().err
    assert main(["home", "--patient", "P017", "--headless", "--db", str(db)]) == 2
    assert "P017 has no prescription on this computer" in capsys.readouterr().err


def test_play_without_a_level_follows_the_prescription(db, monkeypatch) -> None:
    prescribe(db, "--program", "gaze-three-bouts")
    seen = sessions_started(monkeypatch)
    with pytest.raises(Stop):
        main(["demo", "--patient", "P017", "--headless", "--db", str(db)])
    assert seen[0].mode == "clinic" and seen[0].prescription["program"] == "gaze-three-bouts"
    seen.clear()
    with pytest.raises(Stop):
        main(["demo", "--patient", "P017", "--level", "stance-tandem", "--headless",
              "--db", str(db)])
    assert seen[0].prescription is None  # the therapist's --level comes first
