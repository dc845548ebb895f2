"""Issue 11, part 5: a patient's level runs as CSV (documented columns, units in the names)
and as an HL7 FHIR R4 Bundle of Observations, validated with ``fhir.resources`` (R4).

The level runs are real: one shipped level of each challenge type played to its end by
the demo puppet's simulated body (tests/helpers/puppet_play.py), so their summaries are
what the game stores.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import fhir.resources as fhir_resources  # the test extra: FHIR R4 models (pyproject.toml)
import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.observation import Observation
from helpers.puppet_play import play_to_end

from balancegame.cli import main
from balancegame.prescription.library import LevelLibrary
from balancegame.session import fhir
from balancegame.session.export_csv import COLUMNS, export_level_runs_csv
from balancegame.session.measure_list import MEASURES, SHIFT_DIRECTIONS, ucum_unit
from balancegame.session.storage import Database

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export_format.md"
ONE_OF_EACH_TYPE = ("dodge-gentle", "counting-seated", "gaze-vor-slow", "stance-tandem",
                    "stepping-march", "weight-shift-gentle")
UCUM_CODES = {"cm", "cm/s", "ms", "s", "%", "Hz", "deg", "/min", "cm/min", "cm/s/min",
              "{count}"}
# Numbers in a summary that are not measures of the patient: the prescription, settings,
# indices, and the per-window sway detail (in the JSON export).
NOT_MEASURES = re.compile(
    r"(^|\.)(start_number|subtract_by|metronome_bpm|amplitude_prescribed_deg|"
    r"target_cadence_spm|lift_threshold_cm|duration_planned_s|sway_attempt_index|"
    r"window_s|n_samples)$|^los_cm\.|^outcomes\.|\.windows|\.(rms_ap_cm|rms_planar_cm|"
    r"range_ap_cm|ellipse95_area_cm2)$")


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("played") / "log.sqlite3"
    library = LevelLibrary.shipped()
    with Database.open(path) as db:
        for i, name in enumerate(ONE_OF_EACH_TYPE):
            sid = play_to_end(library.level(name), db, seed=i, patient_id="P017")
            db.end_session(sid, "completed", "finished")
        db.ensure_patient("ms-clinic_04")  # a code that is not a FHIR id
        db.start_session("ms-clinic_04", source="puppet", app_version="t", seed=1, settings={})
    return path


def documented_csv_columns() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## CSV of a patient's level runs"):text.index("## FHIR R4")]
    names = []
    for line in section.splitlines():
        if line.startswith("| `"):
            for name in re.findall(r"`([^`]+)`", line.split("|")[1]):
                if "{direction}" in name:
                    names += [name.replace("{direction}", d.replace("-", "_"))
                              for d in SHIFT_DIRECTIONS]
                else:
                    names.append(name)
    return names


def numeric_leaves(obj, path=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from numeric_leaves(v, f"{path}.{k}" if path else k)
    elif isinstance(obj, bool | int | float):  # lists (windows, attempts) stay in the JSON
        yield path


def test_the_csv_columns_are_the_documented_ones(played, tmp_path) -> None:
    documented = documented_csv_columns()
    assert len(documented) == len(set(documented))
    assert sorted(documented) == sorted(COLUMNS)
    out, n = export_level_runs_csv(played, tmp_path / "p.csv", "P017")
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == COLUMNS and n == len(rows) - 1 == len(ONE_OF_EACH_TYPE)


def test_every_measure_has_its_unit_in_its_name() -> None:
    for m in MEASURES:
        assert m.boolean or m.ucum in UCUM_CODES, m.name
    assert ucum_unit("level_sway_mean_velocity_cm_s_per_min") == "cm/s/min"
    assert ucum_unit("bos_margin_cm_min") == "cm"  # min = minimum here, not per minute
    assert ucum_unit("cadence_spm") == "/min" and ucum_unit("shift_left_n_targets") == "{count}"
    assert ucum_unit("mystery_score") is None  # no unit stated: none is guessed


def test_every_figure_of_a_real_summary_is_exported(played) -> None:
    exported = {".".join(m.path) for m in MEASURES}
    with Database.open(played, read_only=True) as db:
        runs = [r for s in db.sessions("P017") for r in db.level_runs(s.session_id)]
    assert {r.summary["type"] for r in runs} == {"obstacle_dodge", "dual_task",
                                                 "gaze_stabilisation", "quiet_stance",
                                                 "stepping", "weight_shift"}
    left_out = {p for r in runs for p in numeric_leaves(r.summary)
                if p not in exported and not NOT_MEASURES.search(p)}
    assert left_out == set()


def test_csv_values_are_the_stored_ones_and_missing_is_empty(played, tmp_path) -> None:
    out, _ = export_level_runs_csv(played, tmp_path / "p.csv", "P017")
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with Database.open(played, read_only=True) as db:
        runs = [r for s in db.sessions("P017") for r in db.level_runs(s.session_id)]
    for row, run in zip(rows, runs, strict=True):
        summary = run.summary
        assert row["level_type"] == summary["type"] and row["patient_id"] == "P017"
        assert row["n_trials"] == str(summary["n_trials"])  # a count, no ".0"
        rms = summary["movement_level_ml"]["whole"]["rms_ml_cm"]
        assert float(row["level_sway_rms_ml_cm"]) == rms  # full precision
        assert "nan" not in ",".join(row.values()).lower()
        if run.summary["type"] != "quiet_stance":
            assert row["stance_sway_rms_ml_cm"] == "" and row["n_losses"] == ""
        if run.summary["type"] == "obstacle_dodge":
            assert float(row["success_pct"]) == pytest.approx(100 * summary["success_rate"])
        if run.summary["type"] == "quiet_stance":
            assert row["completed_full_time"] in ("0", "1")


def fhir_doc(played, tmp_path, code="P017") -> dict:
    out, n = fhir.export_fhir(played, tmp_path / f"{code}.json", code)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc.get("entry", [])) == n
    return doc


def test_the_fhir_bundle_validates_as_r4_with_ucum_units(played, tmp_path) -> None:
    assert fhir_resources.__fhir_version__ == "4.0.1"  # R4, not R4B or R5
    doc = fhir_doc(played, tmp_path)
    bundle = Bundle.parse_obj(doc)
    assert bundle.type == "collection" and len(bundle.entry) > 100
    names = {m.name: m for m in MEASURES}
    for entry in doc["entry"]:
        obs = entry["resource"]
        Observation.parse_obj(obs)
        assert obs["status"] == "final"  # a code of the required value set
        assert entry["fullUrl"] == f"urn:uuid:{obs['id']}"
        [coding] = obs["code"]["coding"]
        assert coding["system"] == fhir.CODE_SYSTEM and coding["code"] in names
        assert not names[coding["code"]].recording
        assert obs["subject"]["reference"] == "Patient/P017"
        if "valueQuantity" in obs:
            q = obs["valueQuantity"]
            assert q["system"] == "http://unitsofmeasure.org" and q["code"] in UCUM_CODES
            assert q["code"] == ucum_unit(coding["code"])
            assert isinstance(q["value"], int | float)
        else:
            assert coding["code"] == "completed_full_time" and "valueBoolean" in obs
    ids = [e["resource"]["id"] for e in doc["entry"]]
    assert len(set(ids)) == len(ids)
    assert ids == [e["resource"]["id"] for e in fhir_doc(played, tmp_path / "again")["entry"]]


def test_fhir_has_one_observation_per_stored_value_and_no_zero_for_missing(played,
                                                                           tmp_path) -> None:
    doc = fhir_doc(played, tmp_path)
    with Database.open(played, read_only=True) as db:
        runs = [r for s in db.sessions("P017") for r in db.level_runs(s.session_id)]
    expected = sum(m.value(r.summary) is not None for r in runs for m in MEASURES
                   if not m.recording)
    assert len(doc["entry"]) == expected
    text = json.dumps(doc)
    assert '"name"' not in text and "display_name" not in text


def test_the_validator_would_catch_a_broken_observation(played, tmp_path) -> None:
    # fhir.resources checks structure, cardinality and datatypes, not value-set bindings
    # (a status "done" passes): the test above checks status and units itself.
    obs = fhir_doc(played, tmp_path)["entry"][0]["resource"]
    for broken in ({**obs, "effectiveDateTime": "yesterday"},
                   {**obs, "valueQuantity": {"value": "many"}},
                   {k: v for k, v in obs.items() if k != "code"}, {**obs, "colour": "red"}):
        with pytest.raises(ValueError):
            Observation.parse_obj(broken)


def test_a_code_that_is_not_a_fhir_id_is_sent_as_an_identifier(played, tmp_path) -> None:
    assert fhir.subject("ms-clinic_04") == {"identifier": {
        "system": fhir.PATIENT_CODE_SYSTEM, "value": "ms-clinic_04"}}
    doc = fhir_doc(played, tmp_path, "ms-clinic_04")  # a session with no level: no entry
    Bundle.parse_obj(doc)
    assert "entry" not in doc


@pytest.mark.parametrize("fmt", ["csv", "fhir"])
def test_cli_refusals(fmt, played, tmp_path, capsys) -> None:
    out = tmp_path / f"x.{fmt}"
    base = ["export", "--db", str(played), "--format", fmt, "--out", str(out)]
    assert main(base) == 2 and "--patient CODE" in capsys.readouterr().err
    assert main([*base, "--patient", "P404"]) == 2
    err = capsys.readouterr().err
    assert "no patient 'P404'" in err and "P017" not in err
    assert not out.exists()
    assert main([*base, "--patient", "P017"]) == 0 and out.exists()
    assert main([*base, "--patient", "P017"]) == 2 and "already exists" in capsys.readouterr().err


def test_a_movement_trials_documented_detail_keys_are_the_stored_ones(played) -> None:
    """The keys docs/export_format.md lists for a movement trial's detail are in every
    dodge trial that has a reaction time (the display-delay and answer rows aside)."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("A movement trial's `detail`"):text.index("### `latency_checks[]`")]
    documented = {re.findall(r"`([^`]+)`", line.split("|")[1])[0]
                  for line in section.splitlines() if line.startswith("| `")}
    documented -= {"display_delay", "rt_method"}
    assert {"onset_method", "sway_model_s", "sway_model_borrowed_s"} <= documented
    with Database.open(played) as db:
        trials = [t for s in db.sessions("P017") for r in db.level_runs(s.session_id)
                  for t in db.trials(r.level_run_id)]
    timed = [json.loads(t.detail_json) for t in trials
             if t.kind == "obstacle_dodge" and t.rt_ms is not None]
    assert timed
    for detail in timed:
        assert documented <= set(detail), documented - set(detail)
        assert "display_delay" in detail or "display_delay_ms" in detail
