"""The rows a session log is written with, checked and converted where they are made.

:class:`~balancegame.session.log.SessionLog` (on the game thread) and the keyword
writers of :class:`~balancegame.session.storage.database.Database` build these frozen
messages: every argument is checked (a mistake raises ``ValueError`` at the call that
made it), JSON is encoded and NaN becomes NULL here.  :meth:`Database.write` then only
runs SQL, on whichever thread owns the file (:mod:`balancegame.session.writer`).
Encoding on the caller's side also means a ``detail`` or ``summary`` dict that the
game changes afterwards cannot change what is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from balancegame.messages import BodySignals, Side
from balancegame.session.storage.records import _json, _real
from balancegame.session.storage.schema import DIRECTIONS, END_STATUSES, TRIAL_OUTCOMES

T_CAPTURE = 1  # index of t_capture_s in a sample row (SAMPLE_COLUMNS)


@dataclass(frozen=True)
class Insert:
    """One new row of ``table``; ``conflict`` says in words what a constraint failure means."""

    table: str
    columns: tuple[str, ...]
    values: tuple
    conflict: str

    @property
    def sql(self) -> str:
        return insert_sql(self.table, self.columns)


@dataclass(frozen=True)
class Samples:
    """CoM samples of one level run: ``SAMPLE_COLUMNS`` tuples in capture order."""

    level_run_id: int
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class LevelEnd:
    level_run_id: int
    status: str
    end_reason: str
    ended_t_s: float
    summary_json: str | None


@dataclass(frozen=True)
class SessionEnd:
    session_id: int
    status: str
    end_reason: str
    ended_utc: str


@dataclass(frozen=True)
class SessionSettings:
    """Settings learned after the session started (the display: was vsync granted?),
    merged into its ``settings_json``."""

    session_id: int
    settings_json: str


Write = Insert | Samples | LevelEnd | SessionEnd | SessionSettings


def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


def level_run(session_id: int, level_run_id: int, *, level_name: str, level_file: str,
              level_definition: str, difficulty: Mapping[str, Any], started_utc: str,
              started_t_s: float, scale_method: str, cm_per_px: float | None) -> Insert:
    """A level run's first row; ``level_definition`` is the full text of the level file."""
    return Insert(
        "level_run", ("level_run_id", "session_id", "level_name", "level_file",
                      "level_definition", "difficulty_json", "started_utc", "started_t_s",
                      "scale_method", "cm_per_px"),
        (int(level_run_id), session_id, level_name, str(level_file), level_definition,
         _json(difficulty), started_utc, float(started_t_s), scale_method, _real(cm_per_px)),
        f"there is no session {session_id}, or level run {level_run_id} exists already")


def trial(level_run_id: int, *, trial_index: int, kind: str, direction: Side | str,
          distance_cm: float | None, stimulus_onset_t_s: float, outcome: str,
          resolved_t_s: float, movement_onset_t_s: float | None = None,
          rt_ms: float | None = None, peak_displacement_cm: float | None = None,
          detail: Mapping[str, Any] | None = None) -> Insert:
    """One resolved trial.

    ``rt_ms`` defaults to ``(movement_onset_t_s - stimulus_onset_t_s) * 1000``
    and must agree with it within 1 ms when both are given.
    """
    if isinstance(direction, Side):
        direction = direction.name.lower()
    check_choice("direction", direction, DIRECTIONS)
    check_choice("outcome", outcome, TRIAL_OUTCOMES)
    onset, movement = float(stimulus_onset_t_s), _real(movement_onset_t_s)
    rt_ms = _real(rt_ms)
    if movement is not None:
        derived_ms = (movement - onset) * 1000.0
        if rt_ms is not None and abs(rt_ms - derived_ms) > 1.0:
            raise ValueError(f"rt_ms={rt_ms} disagrees with the onsets ({derived_ms:.1f} ms)")
        rt_ms = round(derived_ms, 3) if rt_ms is None else rt_ms  # 1 us: hides float noise
    return Insert(
        "trial", ("level_run_id", "trial_index", "kind", "direction", "distance_cm",
                  "stimulus_onset_t_s", "movement_onset_t_s", "rt_ms", "outcome",
                  "peak_displacement_cm", "resolved_t_s", "detail_json"),
        (level_run_id, int(trial_index), kind, direction, _real(distance_cm), onset, movement,
         rt_ms, outcome, _real(peak_displacement_cm), float(resolved_t_s), _json(detail)),
        f"level run {level_run_id} already has a trial with trial_index {trial_index}, "
        "or there is no such level run")


def event(session_id: int, *, kind: str, t_s: float, detail: str | Mapping[str, Any] = "",
          level_run_id: int | None = None) -> Insert:
    """A pause, tracking loss, suspected fall, ... (see ``EVENT_KINDS``); a mapping
    ``detail`` is stored as JSON text."""
    if not kind:
        raise ValueError("an event needs a kind, e.g. 'pause'")
    text = detail if isinstance(detail, str) else _json(detail)
    return Insert("event", ("session_id", "level_run_id", "t_s", "kind", "detail"),
                  (session_id, level_run_id, float(t_s), kind, text),
                  f"no session {session_id} or level run {level_run_id}")


def samples(level_run_id: int, signals: Iterable[BodySignals]) -> Samples:
    """Body signals as CoM sample rows (``SAMPLE_COLUMNS``)."""
    return Samples(level_run_id, tuple(
        (level_run_id, float(s.t_capture_s), int(s.frame_index), int(bool(s.present)),
         _real(s.com_ml_cm), _real(s.com_ml_raw_cm), _real(s.com_px[0]), _real(s.com_px[1]),
         _real(s.com_vertical_cm), _real(s.trunk_lean_deg))
        for s in signals))


def level_end(level_run_id: int, *, status: str, end_reason: str, ended_t_s: float,
              summary: Mapping[str, Any] | None) -> LevelEnd:
    check_choice("status", status, END_STATUSES)
    return LevelEnd(level_run_id, status, end_reason, float(ended_t_s), _json(summary))


def session_settings(session_id: int, settings: Mapping[str, Any]) -> SessionSettings:
    return SessionSettings(session_id, _json(settings) or "{}")


def latency_check(*, machine_id: str, camera_name: str, checked_utc: str, clock_method: str,
                  median_ms: float, iqr_ms: float | None, p10_ms: float | None,
                  p90_ms: float | None, n: int, n_flashes: int, vsync_granted: bool,
                  app_version: str, detail: Mapping[str, Any] | None = None) -> Insert:
    """One display-delay check that measured (a failed check stores nothing)."""
    median = _real(median_ms)
    if median is None:
        raise ValueError(f"median_ms must be a number, got {median_ms!r}")
    if not 0 < int(n) <= int(n_flashes):
        raise ValueError(f"n={n} flashes matched must be between 1 and n_flashes={n_flashes}")
    if not machine_id or not camera_name:
        raise ValueError("a latency check needs a machine_id and a camera_name")
    return Insert(
        "latency_check", ("machine_id", "camera_name", "checked_utc", "clock_method",
                          "median_ms", "iqr_ms", "p10_ms", "p90_ms", "n", "n_flashes",
                          "vsync_granted", "app_version", "detail_json"),
        (machine_id, camera_name, checked_utc, clock_method, median, _real(iqr_ms),
         _real(p10_ms), _real(p90_ms), int(n), int(n_flashes), int(bool(vsync_granted)),
         app_version, _json(detail)),
        "the latency check could not be stored")


def session_end(session_id: int, *, status: str, end_reason: str, ended_utc: str) -> SessionEnd:
    check_choice("status", status, END_STATUSES)
    return SessionEnd(session_id, status, end_reason, ended_utc)
