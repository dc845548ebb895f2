"""The patients' calibrations in the session log (schema version 5): stored and read as
they are; what they mean, and whether one still holds, is
:mod:`balancegame.calibrating`'s business.

A row is written only for a calibration that measured (:func:`calibration_row`, through
the session writer like every other row); nothing is ever updated or deleted, so a
patient's limits can be followed over months.  The reader returns every row, the
corrupt ones too: :func:`balancegame.calibrating.stored.usable_calibrations` reports
and skips those.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from balancegame.session.storage.connection import Connected
from balancegame.session.storage.records import _columns, _json
from balancegame.session.storage.rows import Insert

CALIBRATION_COLUMNS = ("patient_id", "session_id", "kind", "created_utc", "schema_version",
                       "mode", "side", "camera_setup_json", "results_json")


@dataclass(frozen=True)
class CalibrationRecord:
    """One stored calibration, its JSON columns still as text (they may be damaged)."""

    calibration_id: int
    patient_id: str
    session_id: int | None
    kind: str
    created_utc: str
    schema_version: int
    mode: str
    side: str
    camera_setup_json: str
    results_json: str


def calibration_row(*, patient_id: str, session_id: int | None, kind: str, created_utc: str,
                    schema_version: int, mode: str, side: str,
                    camera_setup: Mapping[str, Any], results: Mapping[str, Any]) -> Insert:
    """A calibration that measured, as a row for the session writer."""
    if not patient_id or not kind:
        raise ValueError("a calibration needs a patient_id and a kind")
    return Insert("calibration", CALIBRATION_COLUMNS,
                  (patient_id, session_id, kind, created_utc, int(schema_version), mode, side,
                   _json(camera_setup) or "{}", _json(results) or "{}"),
                  f"there is no patient {patient_id!r} or session {session_id}")


class Calibrations(Connected):
    def calibrations(self, patient_id: str) -> list[CalibrationRecord]:
        """Every calibration of the patient, newest first."""
        return [CalibrationRecord(**r) for r in self._query(
            f"SELECT {_columns(CalibrationRecord)} FROM calibration WHERE patient_id = ? "
            "ORDER BY created_utc DESC, calibration_id DESC", (patient_id,))]
