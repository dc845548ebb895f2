"""The frozen records that the readers of
:class:`~balancegame.session.storage.database.Database` return, and the JSON helpers
for the ``*_json`` columns.

A record's field names are its table's column names (:func:`_columns` builds
the ``SELECT`` list from them); ``*_json`` text is decoded by properties.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class PatientRecord:
    patient_id: str
    created_utc: str
    height_cm: float | None
    display_name: str | None  # shown on this computer only; never exported


@dataclass(frozen=True)
class PatientOverview:
    """A patient with the count and dates of their sessions (``patients list``)."""

    patient: PatientRecord
    n_sessions: int
    first_session_utc: str | None
    last_session_utc: str | None


@dataclass(frozen=True)
class SessionRecord:
    session_id: int
    patient_id: str
    started_utc: str
    ended_utc: str | None
    status: str
    end_reason: str
    source: str
    app_version: str
    seed: int | None
    settings_json: str
    session_uuid: str  # globally unique (uuid4): the same session in every database

    @property
    def settings(self) -> dict:
        return _decoded(self.settings_json)


@dataclass(frozen=True)
class LevelRunRecord:
    level_run_id: int
    session_id: int
    level_name: str
    level_file: str
    level_definition: str
    difficulty_json: str
    started_utc: str
    started_t_s: float
    ended_t_s: float | None
    status: str
    end_reason: str
    scale_method: str
    cm_per_px: float | None
    summary_json: str | None

    @property
    def difficulty(self) -> dict:
        return _decoded(self.difficulty_json)

    @property
    def summary(self) -> dict | None:
        return _decoded(self.summary_json)


@dataclass(frozen=True)
class LevelSummaryRecord:
    """A level run's result with its session's start: what a patient's progress
    (balancegame.progress) is computed from.  Fields: level_run and session columns."""

    level_run_id: int
    session_id: int
    session_started_utc: str
    level_name: str
    status: str
    difficulty_json: str
    summary_json: str | None

    @property
    def difficulty(self) -> dict:
        return _decoded(self.difficulty_json)

    @property
    def summary(self) -> dict | None:
        return _decoded(self.summary_json)


@dataclass(frozen=True)
class TrialRecord:
    trial_id: int
    level_run_id: int
    trial_index: int
    kind: str
    direction: str
    distance_cm: float | None
    stimulus_onset_t_s: float
    movement_onset_t_s: float | None
    rt_ms: float | None
    outcome: str
    peak_displacement_cm: float | None
    resolved_t_s: float
    detail_json: str | None

    @property
    def detail(self) -> dict | None:
        return _decoded(self.detail_json)


@dataclass(frozen=True)
class EventRecord:
    event_id: int
    session_id: int
    level_run_id: int | None
    t_s: float
    kind: str
    detail: str


@dataclass(frozen=True)
class LatencyCheckRecord:
    """One display-delay check of a machine and camera (``balancegame latency``)."""

    latency_check_id: int
    machine_id: str
    camera_name: str
    checked_utc: str
    clock_method: str
    median_ms: float
    iqr_ms: float | None
    p10_ms: float | None
    p90_ms: float | None
    n: int
    n_flashes: int
    vsync_granted: int
    app_version: str
    detail_json: str | None

    @property
    def detail(self) -> dict | None:
        return _decoded(self.detail_json)


@dataclass(frozen=True)
class PinRecord:
    """The therapist PIN of this file (schema version 4): a salted scrypt hash with the
    parameters it was made with, and the wrong PINs in a row with the lock-out they set."""

    algorithm: str
    salt_hex: str
    hash_hex: str
    n: int
    r: int
    p: int
    set_utc: str
    failed_in_row: int
    last_failed_utc: str | None
    locked_until_utc: str | None


@dataclass(frozen=True)
class PrescriptionRecord:
    """A patient's current prescription; None: as the program file says."""

    patient_id: str
    program: str
    sessions_per_week: int | None
    session_min: float | None
    difficulty_min: int | None
    difficulty_max: int | None
    rest_s: float | None
    feet_in_view: int
    changed_utc: str
    calibration_days: int | None = None  # schema version 5


@dataclass(frozen=True)
class PrescriptionChangeRecord:
    """One field of a prescription changed: when, from what to what, why, and where."""

    change_id: int
    patient_id: str
    changed_utc: str
    field: str
    old_value_json: str | None
    new_value_json: str | None
    reason: str
    via: str

    @property
    def old_value(self) -> Any:
        return _decoded(self.old_value_json)

    @property
    def new_value(self) -> Any:
        return _decoded(self.new_value_json)


@dataclass(frozen=True)
class Recovery:
    """What opening the file found unfinished from a previous run and closed."""

    session_ids: tuple[int, ...] = ()
    level_run_ids: tuple[int, ...] = ()


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON types: NaN/inf -> None, numpy -> Python, Enum -> value,
    dataclass instance -> dict."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [jsonable(v) for v in value]
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Path):
        return str(value)
    return value


def _json(value: Mapping | None) -> str | None:
    return None if value is None else json.dumps(jsonable(value), allow_nan=False)


def _decoded(text: str | None) -> Any:
    """A ``*_json`` column's value (NULL stays None)."""
    return None if text is None else json.loads(text)


def _real(value: float | None) -> float | None:
    """A float for a REAL column; NaN and infinities become NULL."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _columns(record: type) -> str:
    return ", ".join(f.name for f in fields(record))
