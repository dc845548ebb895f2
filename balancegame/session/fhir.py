"""``export --patient CODE --format fhir``: an HL7 FHIR R4 Bundle (type ``collection``)
with one Observation per measure of each level run of the patient.

* ``code``: the measure's name (:mod:`balancegame.session.measure_list`, the same as the
  CSV column) in balancegame's own code system ``CODE_SYSTEM``.  No LOINC or SNOMED code
  is claimed: none exists for these webcam measures, and a made-up one would mislead.
* ``valueQuantity``: the value with its UCUM unit, read from the measure's name; a
  measure whose name states no unit is exported without one (never a guessed one); a
  yes/no measure is a ``valueBoolean``.  A missing value is no Observation (never 0).
* ``subject``: ``Patient/CODE``, the pseudonymous code, and the code as an identifier;
  never a name.  A code with ``_`` is not a valid FHIR id, so it is the identifier alone.
* ``effectiveDateTime``: when the level run started; ``method``: how it was measured;
  ``identifier``: session uuid / level index / measure, the same in every export, so a
  receiving system can tell a repeated export from a new result.

Level runs that ended without a summary (cut off by a crash) have no measures to send.
Figures about the recording rather than the patient (pose rate, delays) are in the CSV
only.  docs/export_format.md describes the mapping; the tests validate the output with
the ``fhir.resources`` models of FHIR R4 (4.0.1).
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from balancegame import __version__
from balancegame.session.export import write_atomically
from balancegame.session.measure_list import MEASURES, SWAY_GROUPS, Measure, unit_text
from balancegame.session.storage import Database, LevelRunRecord, SessionRecord
from balancegame.session.storage.files import check_output_path

BASE = "https://balancegame.example/fhir"
CODE_SYSTEM = f"{BASE}/CodeSystem/measure"
PATIENT_CODE_SYSTEM = f"{BASE}/patient-code"
OBSERVATION_SYSTEM = f"{BASE}/observation"
UCUM = "http://unitsofmeasure.org"
CATEGORY = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "exam", "display": "Exam"}]}
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
ID_NAMESPACE = uuid.UUID("5b0e7a53-3c36-4f0e-9b3a-6a1f2f8e7b10")  # Observation ids (uuid5)
POSE_METHOD = ("MediaPipe Pose on a single frontal webcam; centre of mass from a de Leva "
               "segment model; reaction times from movement onset on the camera's capture "
               "clock to stimulus onset at the display flip")
_SWAY_KEYS = {prefix: key for prefix, key, _ in SWAY_GROUPS}


def subject(patient_id: str) -> dict[str, Any]:
    identifier = {"system": PATIENT_CODE_SYSTEM, "value": patient_id}
    if FHIR_ID.fullmatch(patient_id):
        return {"reference": f"Patient/{patient_id}", "identifier": identifier}
    return {"identifier": identifier}


def value_element(measure: Measure, value: float | int | bool) -> dict[str, Any]:
    if measure.boolean:
        return {"valueBoolean": bool(value)}
    quantity: dict[str, Any] = {"value": value}
    if measure.ucum is not None:
        quantity.update(unit=unit_text(measure.ucum), system=UCUM, code=measure.ucum)
    return {"valueQuantity": quantity}


def method_text(measure: Measure, run: LevelRunRecord, summary: dict[str, Any]) -> str:
    prefix = next((p for p in _SWAY_KEYS if measure.name.startswith(p + "_")), None)
    group = summary.get(_SWAY_KEYS[prefix]) if prefix else None
    if isinstance(group, dict):
        parts = [str(group.get("method", "")), str(group.get("filter", ""))]
    elif measure.name.startswith("response_time_ms"):
        parts = [str(summary.get("response_time_method", ""))]
    else:
        parts = [str(summary.get("signal") or POSE_METHOD)]
    if measure.ucum is not None and "cm" in measure.ucum:
        parts.append(f"pixels to cm: {run.scale_method}")
    return "; ".join(p for p in parts if p) + f" (balancegame {__version__})"


def observations(session: SessionRecord, run: LevelRunRecord, index: int
                 ) -> list[dict[str, Any]]:
    """The Observations of one level run (none if it has no summary)."""
    summary = run.summary
    if summary is None:
        return []
    note = (f"Level {run.level_name!r} ({summary.get('type', 'unknown type')}), level "
            f"{index} of session {session.session_uuid}; level {run.status}"
            + (f": {run.end_reason}" if run.status != "completed" and run.end_reason else ""))
    out = []
    for measure in MEASURES:
        value = measure.value(summary)
        if measure.recording or value is None:
            continue
        key = f"{session.session_uuid}/{index}/{measure.name}"
        out.append({
            "resourceType": "Observation", "id": str(uuid.uuid5(ID_NAMESPACE, key)),
            "identifier": [{"system": OBSERVATION_SYSTEM, "value": key}],
            "status": "final", "category": [CATEGORY],
            "code": {"coding": [{"system": CODE_SYSTEM, "code": measure.name,
                                 "display": measure.definition}],
                     "text": measure.definition},
            "subject": subject(session.patient_id),
            "effectiveDateTime": run.started_utc,
            **value_element(measure, value),
            "method": {"text": method_text(measure, run, summary)},
            "note": [{"text": note}],
        })
    return out


def build_bundle(db: Database, patient_id: str) -> dict[str, Any]:
    """The FHIR R4 collection Bundle of the patient's level-run measures."""
    db.require_patient(patient_id)
    entries = []
    for session in db.sessions(patient_id):
        for index, run in enumerate(db.level_runs(session.session_id), start=1):
            entries += [{"fullUrl": f"urn:uuid:{o['id']}", "resource": o}
                        for o in observations(session, run, index)]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{uuid.uuid4()}"},
        "type": "collection",
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds")}
    if entries:  # FHIR JSON has no empty lists
        bundle["entry"] = entries
    return bundle


def export_fhir(db_path: Path | str, out_path: Path | str, patient_id: str, *,
                force: bool = False) -> tuple[Path, int]:
    """Write the patient's FHIR Bundle; returns the file and the number of Observations."""
    out = check_output_path(Path(db_path), Path(out_path), force=force)
    with Database.open(db_path, read_only=True) as db:
        bundle = build_bundle(db, patient_id)
    text = json.dumps(bundle, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return write_atomically(out, text), len(bundle.get("entry", []))
