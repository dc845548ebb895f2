"""Issue 11, part 6: a bundle carries one patient's sessions from one database to another.

Two temporary databases ("home" and "clinic"), sessions written through the storage API
(level runs, trials, samples, events); the bundle round-trips every row, a second import
adds nothing, and a bundle that is not one, is damaged or is from a newer version is
refused with a sentence while the clinic's database stays exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from test_export import populate, signals

from balancegame.cli import main
from balancegame.errors import BundleError
from balancegame.session import bundle as bundle_module
from balancegame.session.bundle import export_bundle, import_bundle, read_bundle
from balancegame.session.privacy import file_name
from balancegame.session.storage import TABLES, Database, transfer


def digest(path: Path) -> str:
    """Everything a database holds, as one hash (its file bytes may change on opening)."""
    con = sqlite3.connect(path)
    h = hashlib.sha256()
    for table in TABLES:
        h.update(repr(con.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()).encode())
    con.close()
    return h.hexdigest()


def clinic_with_another_patient(path: Path) -> None:
    with Database.open(path) as db:
        db.add_patient("P003", height_cm=160.0, display_name="Bo")
        sid = db.start_session("P003", source="camera:0", app_version="0.1.0", seed=3,
                               settings={})
        run = db.start_level_run(sid, level_name="L", level_file="l.toml", level_definition="x",
                                 difficulty={}, started_t_s=0.0, scale_method="height",
                                 cm_per_px=0.3)
        db.add_samples(run, [signals(i / 30, i) for i in range(40)])
        db.end_level_run(run, status="completed", end_reason="done", ended_t_s=2.0, summary={})
        db.end_session(sid, "completed", "done")


def other_patients_rows(path: Path, code: str) -> list:
    with Database.open(path, read_only=True) as db:
        out = [db.patient(code)]
        for s in db.sessions(code):
            out.append(s)
            for r in db.level_runs(s.session_id):
                out += [r, db.trials(r.level_run_id), db.samples(r.level_run_id).tobytes()]
            out.append(db.events(s.session_id))
    return out


def session_content(db: Database, uuid: str) -> list:
    """A session's rows without this file's own ids, for comparing two files."""
    [s] = [s for s in db.sessions() if s.session_uuid == uuid]
    runs = db.level_runs(s.session_id)
    run_index = {r.level_run_id: i for i, r in enumerate(runs)}
    out = [{k: file_name(v) if k == "source" else v  # paths travel as file names
            for k, v in vars(s).items() if k != "session_id"}]
    for r in runs:
        out.append({k: file_name(v) if k == "level_file" else v
                    for k, v in vars(r).items() if k not in ("level_run_id", "session_id")})
        out.append([{k: v for k, v in vars(t).items() if k not in ("trial_id", "level_run_id")}
                    for t in db.trials(r.level_run_id)])
        out.append(db.samples(r.level_run_id).tobytes())  # every bit, NaN for NULL
    out.append([(run_index.get(e.level_run_id), e.t_s, e.kind, e.detail)
                for e in db.events(s.session_id)])
    return out


@pytest.fixture
def home_and_clinic(tmp_path: Path) -> tuple[Path, Path, Path]:
    home, clinic = tmp_path / "home.sqlite3", tmp_path / "clinic.sqlite3"
    populate(home)
    with Database.open(home) as db:
        db.update_patient("P001", display_name="Anna Example")
    clinic_with_another_patient(clinic)
    out = export_bundle(home, tmp_path / "P001.zip", "P001").path
    return home, clinic, out


def test_a_bundle_round_trips_every_row(home_and_clinic, capsys) -> None:
    home, clinic, bundle = home_and_clinic
    others = other_patients_rows(clinic, "P003")
    assert main(["import", str(bundle), "--db", str(clinic)]) == 0
    assert capsys.readouterr().out.startswith("P001: 2 sessions added to ")
    with Database.open(home, read_only=True) as h, Database.open(clinic, read_only=True) as c:
        uuids = [s.session_uuid for s in h.sessions("P001")]
        assert [s.session_uuid for s in c.sessions("P001")] == uuids
        for uuid in uuids:
            assert session_content(c, uuid) == session_content(h, uuid)
        assert c.patient("P001").height_cm == h.patient("P001").height_cm == 165.0
        assert c.patient("P001").display_name is None  # the name stayed at home
        assert {r.level_file for r in c.level_runs(c.sessions("P001")[0].session_id)} == {
            "l0.toml", "l1.toml"}  # written as levels/l0.toml: the folder stayed behind
        assert [s.patient_id for s in c.sessions()].count("P002") == 0
    assert other_patients_rows(clinic, "P003") == others  # untouched


def test_the_display_name_is_not_in_the_bundle(home_and_clinic) -> None:
    _, _, bundle = home_and_clinic
    with zipfile.ZipFile(bundle) as zf:
        for name in zf.namelist():
            assert b"Anna" not in zf.read(name), name
        patient = json.loads(zf.read("patient.json"))
    assert "display_name" not in patient and patient["patient_id"] == "P001"


def test_a_second_import_adds_nothing_and_says_so(home_and_clinic, capsys) -> None:
    _, clinic, bundle = home_and_clinic
    assert main(["import", str(bundle), "--db", str(clinic)]) == 0
    before = digest(clinic)
    capsys.readouterr()
    assert main(["import", str(bundle), "--db", str(clinic)]) == 0
    out = capsys.readouterr().out
    assert "2 sessions already here, 0 added" in out and "nothing" in out
    assert digest(clinic) == before


def test_import_into_a_new_database_creates_it(home_and_clinic, tmp_path) -> None:
    _, _, bundle = home_and_clinic
    result = import_bundle(bundle, tmp_path / "new" / "clinic.sqlite3")
    assert len(result.merged.added) == 2 and result.merged.patient_added


def rewrite(bundle: Path, out: Path, manifest=None, members=None, drop=()) -> Path:
    """A copy of ``bundle`` with its manifest and/or members changed (or dropped)."""
    with zipfile.ZipFile(bundle) as zf:
        parts = {n: zf.read(n) for n in zf.namelist() if n not in drop}
    m = json.loads(parts["manifest.json"])
    for name, change in (members or {}).items():
        parts[name] = change(parts[name])
    if manifest is not None:
        manifest(m)
    parts["manifest.json"] = json.dumps(m).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def bad_bundles(bundle: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, words the refusal must contain)."""
    text = tmp / "notes.txt"
    text.write_text("not a bundle\n")
    export = tmp / "export.json"
    export.write_text(json.dumps({"format": "balancegame-export"}))
    bare = tmp / "bare.zip"
    with zipfile.ZipFile(bare, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8")
    data = bundle.read_bytes()
    cut = tmp / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    flipped = tmp / "flipped.zip"
    with zipfile.ZipFile(bundle) as zf:
        info = zf.getinfo("com_sample.jsonl")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    flipped.write_bytes(data[:start] + bytes([data[start] ^ 0xFF]) + data[start + 1:])

    def one_less(data: bytes) -> bytes:
        return b"".join(data.splitlines(keepends=True)[:-1])

    return {
        "text": (text, "not a balancegame bundle"),
        "json export": (export, "not a balancegame bundle"),
        "zip of something else": (bare, "not a balancegame bundle"),
        "cut short": (cut, "damaged or incomplete"),
        "a flipped byte": (flipped, "damaged or incomplete"),
        "edited session": (rewrite(bundle, tmp / "edited.zip", members={
            "session.jsonl": lambda d: d.replace(b'"completed"', b'"aborted"', 1)}),
            "SHA-256"),
        "a member missing": (rewrite(bundle, tmp / "drop.zip", drop=("trial.jsonl",)),
                             "trial.jsonl is missing"),
        "a row missing, checksum made again": (rewrite(
            bundle, tmp / "short.zip", members={"event.jsonl": one_less},
            manifest=lambda m: m["sha256"].update({"event.jsonl": hashlib.sha256(one_less(
                zipfile.ZipFile(bundle).read("event.jsonl"))).hexdigest()})), "rows"),
        "newer format": (rewrite(bundle, tmp / "v2.zip",
                                 manifest=lambda m: m.update(format_version=2)), "newer"),
        "newer schema": (rewrite(bundle, tmp / "s9.zip",
                                 manifest=lambda m: m.update(database_schema_version=99)),
                         "newer balancegame"),
        "unknown column": (rewrite(bundle, tmp / "col.zip", manifest=lambda m: m["columns"][
            "session"].append("heart_rate_bpm")), "heart_rate_bpm"),
        "missing": (tmp / "nowhere.zip", "no file"),
    }


def test_bad_bundles_are_refused_and_nothing_changes(home_and_clinic, tmp_path, capsys) -> None:
    _, clinic, bundle = home_and_clinic
    before_bytes, before = clinic.read_bytes(), digest(clinic)
    for name, (path, words) in bad_bundles(bundle, tmp_path).items():
        for db in (clinic, tmp_path / "absent.sqlite3"):
            assert main(["import", str(path), "--db", str(db)]) == 2, name
            err = capsys.readouterr().err
            assert err.startswith("balancegame: ") and "Traceback" not in err, (name, err)
            assert words in err, (name, err)
        with pytest.raises(BundleError):
            read_bundle(path)
        assert clinic.read_bytes() == before_bytes, name  # not even opened
        assert not (tmp_path / "absent.sqlite3").exists(), name
    assert digest(clinic) == before


def test_a_failure_half_way_leaves_the_database_as_it_was(home_and_clinic, monkeypatch) -> None:
    _, clinic, bundle = home_and_clinic
    before = digest(clinic)
    real, count = transfer._insert, [0]

    def failing(conn, table, row, remap):
        count[0] += 1
        if table == "com_sample" and count[0] > 40:
            raise sqlite3.IntegrityError("disk trouble, as a test makes it")
        return real(conn, table, row, remap)

    monkeypatch.setattr(transfer, "_insert", failing)
    with pytest.raises(BundleError, match="Nothing was imported"):
        import_bundle(bundle, clinic)
    assert digest(clinic) == before


def test_a_bundle_changed_after_its_check_is_refused_before_commit(home_and_clinic,
                                                                   monkeypatch) -> None:
    _, clinic, bundle = home_and_clinic
    before = digest(clinic)
    real = bundle_module.read_bundle

    def checked_then_changed(path):
        found = real(path)  # as if com_sample.jsonl changed after this check
        found.manifest["sha256"]["com_sample.jsonl"] = "0" * 64
        return found

    monkeypatch.setattr(bundle_module, "read_bundle", checked_then_changed)
    with pytest.raises(BundleError, match="changed while it was imported"):
        import_bundle(bundle, clinic)
    assert digest(clinic) == before


def test_a_session_of_another_patient_with_the_same_uuid_is_refused(home_and_clinic,
                                                                     tmp_path) -> None:
    home, clinic, bundle = home_and_clinic
    import_bundle(bundle, clinic)
    with Database.open(home, read_only=True) as db:
        taken = db.sessions("P001")[0].session_uuid
    con = sqlite3.connect(clinic)  # a clinic file where that uuid is P003's (never by chance)
    con.execute("DROP TRIGGER session_uuid_kept")
    con.execute("DELETE FROM com_sample WHERE level_run_id IN (SELECT level_run_id FROM "
                "level_run r JOIN session s USING (session_id) WHERE s.patient_id = 'P001')")
    for table in ("trial", "event"):
        con.execute(f"DELETE FROM {table} WHERE 1")
    con.execute("DELETE FROM level_run WHERE session_id IN (SELECT session_id FROM session "
                "WHERE patient_id = 'P001')")
    con.execute("DELETE FROM session WHERE patient_id = 'P001'")
    con.execute("UPDATE session SET session_uuid = ? WHERE patient_id = 'P003'", (taken,))
    con.commit()
    con.close()
    before = digest(clinic)
    with pytest.raises(BundleError, match="another patient's"):
        import_bundle(bundle, clinic)
    assert digest(clinic) == before


def test_a_session_still_in_progress_stays_behind(tmp_path, capsys) -> None:
    home = tmp_path / "home.sqlite3"
    populate(home)
    with Database.open(home) as db:
        db.start_session("P002", source="puppet", app_version="0.1.0", seed=1, settings={})
    assert main(["export", "--db", str(home), "--patient", "P002", "--format", "bundle",
                 "--out", str(tmp_path / "p2.zip")]) == 0
    out = capsys.readouterr().out
    assert "1 session of P002" in out and "1 session still in progress" in out
    assert read_bundle(tmp_path / "p2.zip").manifest["counts"]["session"] == 1


def test_bundle_export_refusals(home_and_clinic, tmp_path, capsys) -> None:
    home, _, bundle = home_and_clinic
    kept = bundle.read_bytes()
    for argv, words in [
            (["--patient", "P001", "--out", str(bundle)], "already exists"),
            (["--patient", "P404", "--out", str(tmp_path / "x.zip")], "no patient 'P404'"),
            (["--out", str(tmp_path / "x.zip")], "--patient CODE"),
            (["--patient", "P001", "--out", str(home)], "database itself")]:
        assert main(["export", "--db", str(home), "--format", "bundle", *argv]) == 2
        assert words in capsys.readouterr().err
    assert bundle.read_bytes() == kept and not (tmp_path / "x.zip").exists()
    assert read_bundle(bundle).manifest["format_version"] == bundle_module.BUNDLE_FORMAT_VERSION
