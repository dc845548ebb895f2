"""Issue 11, part 1: ``balancegame patients add|edit|list|show`` through the command line.

A patient is a pseudonymous code, a height and an optional display name that is shown on
this computer and kept out of every export.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_bundle import digest
from test_export import populate

from balancegame.cli import main
from balancegame.session.storage import Database


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse's own refusals
        rc = exc.code
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_add_list_and_show(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "clinic" / "log.sqlite3")
    rc, out, _ = run(capsys, "patients", "add", "P017", "--height-cm", "172", "--name", "Anna",
                     "--db", db)
    assert rc == 0 and 'P017 (172 cm, named "Anna" on this computer only)' in out
    assert run(capsys, "patients", "add", "ms-04", "--height-cm", "158.5", "--db", db)[0] == 0
    with Database.open(db) as d:
        sid = d.start_session("P017", source="camera:0", app_version="t", seed=1, settings={})
        d.end_session(sid, "completed", "done")
    rc, out, _ = run(capsys, "patients", "list", "--db", db)
    lines = out.splitlines()
    assert rc == 0 and lines[0].startswith("CODE") and len(lines) == 3
    assert lines[1].split()[:5] == ["P017", "Anna", "172", "cm", "1"]  # by code
    assert lines[2].split()[:5] == ["ms-04", "-", "158.5", "cm", "0"]
    rc, out, _ = run(capsys, "patients", "show", "P017", "--db", db)
    assert rc == 0 and out.startswith("Patient P017\n")
    assert "name (this computer only): Anna" in out and "height: 172 cm" in out
    assert "sessions: 1" in out and "completed" in out and "camera:0" in out


def test_edit_changes_height_and_name(tmp_path: Path, capsys) -> None:
    db = tmp_path / "log.sqlite3"
    populate(db)  # P001 was added by playing: 165 cm, no name
    assert run(capsys, "patients", "edit", "P001", "--name", "Bea", "--db", str(db))[0] == 0
    assert run(capsys, "patients", "edit", "P001", "--height-cm", "181", "--db", str(db))[0] == 0
    with Database.open(db, read_only=True) as d:
        assert (d.patient("P001").height_cm, d.patient("P001").display_name) == (181.0, "Bea")
    assert run(capsys, "patients", "edit", "P001", "--no-name", "--db", str(db))[0] == 0
    with Database.open(db, read_only=True) as d:
        assert d.patient("P001").display_name is None and d.patient("P001").height_cm == 181.0
    rc, _, err = run(capsys, "patients", "edit", "P001", "--db", str(db))
    assert rc == 2 and "Nothing to change" in err


@pytest.mark.parametrize(("argv", "words"), [
    (["add", "P001", "--height-cm", "170"], "already in"),
    (["add", "Jane Doe", "--height-cm", "170"], "a space"),
    (["add", "P9", "--height-cm", "17"], "not a plausible height"),
    (["add", "P9", "--height-cm", "nan"], "not a plausible height"),
    (["add", "P9"], "--height-cm"),
    (["add", "P9", "--height-cm", "170", "--name", "Anna\nSmith"], "invisible character"),
    (["add", "P9", "--height-cm", "170", "--name", "A" * 41], "41 characters"),
    (["add", "P9", "--height-cm", "170", "--name", "  "], "empty"),
    (["edit", "P404", "--height-cm", "170"], "no patient 'P404'"),
    (["edit", "P001", "--name", "x", "--no-name"], "contradict"),
    (["show", "P404"], "no patient 'P404'"),
    (["show", "jane.doe@example.org"], "not a name"),
])
def test_refusals_are_sentences_and_change_nothing(argv, words, tmp_path, capsys) -> None:
    db = tmp_path / "log.sqlite3"
    populate(db)
    before = digest(db)
    rc, _, err = run(capsys, "patients", *argv, "--db", str(db))
    assert rc == 2 and words in err, err
    assert err.startswith(("balancegame: ", "usage: ")) and "Traceback" not in err
    assert "P002" not in err  # other patients' codes are never listed in a refusal
    assert digest(db) == before


def test_list_without_a_database_says_so_and_creates_none(tmp_path: Path, capsys) -> None:
    db = tmp_path / "none.sqlite3"
    rc, out, _ = run(capsys, "patients", "list", "--db", str(db))
    assert rc == 0 and "No patients yet" in out and "patients add" in out
    assert not db.exists()


def test_adding_a_patient_leaves_a_session_being_played_alone(tmp_path: Path, capsys) -> None:
    path = tmp_path / "log.sqlite3"
    with Database.open(path) as live:
        live.ensure_patient("P001")
        live.start_session("P001", source="puppet", app_version="t", seed=1, settings={})
        assert run(capsys, "patients", "add", "P002", "--height-cm", "170",
                   "--db", str(path))[0] == 0
        assert live.sessions("P001")[0].status == "in_progress"  # not marked interrupted


def test_no_export_carries_the_display_name(tmp_path: Path, capsys) -> None:
    db = tmp_path / "log.sqlite3"
    populate(db)
    run(capsys, "patients", "edit", "P001", "--name", "Zelda Unique", "--db", str(db))
    for fmt in ("json", "csv", "fhir"):
        out = tmp_path / f"export.{fmt}"
        argv = ["export", "--db", str(db), "--format", fmt, "--out", str(out)]
        assert run(capsys, *argv, "--patient", "P001")[0] == 0, fmt
        assert "Zelda" not in out.read_text(encoding="utf-8"), fmt
    everyone = tmp_path / "all.json"
    assert run(capsys, "export", "--db", str(db), "--out", str(everyone))[0] == 0
    doc = json.loads(everyone.read_text())
    assert "Zelda" not in everyone.read_text() and "display_name" not in doc["patients"][0]


def test_play_uses_the_stored_height(tmp_path: Path, monkeypatch) -> None:
    from balancegame import app
    from balancegame.pose import estimator

    class Stop(Exception):
        pass

    def no_model(*args, **kwargs):
        raise Stop

    monkeypatch.setattr(estimator, "MediaPipePoseEstimator", no_model)
    db = tmp_path / "log.sqlite3"
    with Database.open(db) as d:
        d.add_patient("P017", height_cm=158.0)
    for given, used in ((None, 158.0), (190.0, 190.0)):
        opts = app.SessionOptions(source="puppet", patient_id="P017", db_path=db,
                                  headless=True, height_cm=given)
        with pytest.raises(Stop):
            app.run_session(opts)
        assert opts.height_cm == used
