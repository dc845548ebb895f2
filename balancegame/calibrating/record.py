"""A calibration as the program uses it, and how a stored row becomes one (or is refused).

Every figure in ``results`` is ``{"value": number or None, "unit": ..., "method": ...}``:
a figure that could not be measured is None with the reason, never 0.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from balancegame.errors import CalibrationProblem

__all__ = ["CalibrationProblem", "Calibration", "figure", "from_row"]

PROTOCOL_VERSION = 1  # the calibration's own schema_version (stored with every row)
NEUTRAL = "neutral_stance"
LIMITS = "limits_of_stability"
KINDS = (NEUTRAL, LIMITS)
MODES = ("standing", "seated")
SIDES = ("both", "left", "right")  # one-sided: only that side is calibrated and trained
DEFAULT_MAX_AGE_DAYS = 30  # recalibrate after this many days unless the therapist says


def figure(value: float | None, unit: str, method: str, **extra: Any) -> dict[str, Any]:
    """One result with its unit and method; a value that is not a finite number is None."""
    ok = value is not None and math.isfinite(float(value))
    return {"value": round(float(value), 3) if ok else None, "unit": unit, "method": method,
            **extra}


@dataclass(frozen=True)
class Calibration:
    kind: str
    created_utc: datetime
    mode: str  # "standing" or "seated"
    side: str  # "both", "left" or "right"
    camera_setup: dict
    results: dict
    schema_version: int = PROTOCOL_VERSION
    calibration_id: int | None = None
    notes: tuple[str, ...] = field(default=())

    def age_days(self, now_utc: datetime) -> float:
        return (now_utc - self.created_utc).total_seconds() / 86400.0

    def limit_cm(self, direction: str) -> float | None:
        """The limit of stability to ``direction`` in cm, or None if it was not measured."""
        found = self.results.get("limits", {}).get(direction)
        return None if not isinstance(found, dict) else found.get("value")

    @property
    def date(self) -> str:
        return self.created_utc.date().isoformat()


def _utc(text: object) -> datetime:
    if not isinstance(text, str):
        raise CalibrationProblem(f"its date is {text!r}, not a date")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise CalibrationProblem(f"its date {text!r} is not an ISO date") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _object(text: object, what: str) -> dict:
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise CalibrationProblem(f"its {what} are not readable (damaged JSON)")
    return value


def _check_limits(results: dict) -> None:
    limits = results.get("limits")
    if not isinstance(limits, dict) or not limits:
        raise CalibrationProblem("it holds no limits")
    for direction, found in limits.items():
        value = found.get("value") if isinstance(found, dict) else None
        if not isinstance(value, (int, float)) or not 2.0 <= value <= 30.0:
            raise CalibrationProblem(f"its {direction} limit {value!r} is not a limit in cm "
                                     "from 2 to 30")


def from_row(row: Any) -> Calibration:
    """A stored row (``CalibrationRecord``) as a Calibration; CalibrationProblem if it
    cannot be used (damaged, from a newer program, impossible values)."""
    if row.kind not in KINDS:
        raise CalibrationProblem(f"its kind {row.kind!r} is unknown")
    if row.schema_version != PROTOCOL_VERSION:
        raise CalibrationProblem(f"it was made with calibration version {row.schema_version}"
                                 f"; this program reads version {PROTOCOL_VERSION}")
    if row.mode not in MODES or row.side not in SIDES:
        raise CalibrationProblem(f"its mode {row.mode!r} or side {row.side!r} is unknown")
    results = _object(row.results_json, "results")
    if row.kind == LIMITS:
        _check_limits(results)
    return Calibration(row.kind, _utc(row.created_utc), row.mode, row.side,
                       _object(row.camera_setup_json, "camera set-up"), results,
                       row.schema_version, row.calibration_id)
