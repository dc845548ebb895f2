"""The newest usable calibration of each kind among a patient's stored rows.

A row that cannot be used (damaged JSON, an unknown kind or version, impossible values)
is reported, with its id and the reason, and skipped: an older good one is used instead,
and nothing is changed in the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from balancegame.calibrating.record import Calibration, CalibrationProblem, from_row


def usable_calibrations(rows: Iterable[Any]) -> tuple[dict[str, Calibration], list[str]]:
    """(the newest usable calibration of each kind, one sentence per row skipped); ``rows``
    newest first (``Database.calibrations``)."""
    newest: dict[str, Calibration] = {}
    skipped: list[str] = []
    for row in rows:
        try:
            found = from_row(row)
        except CalibrationProblem as exc:
            skipped.append(f"Calibration {row.calibration_id} of {row.created_utc} was "
                           f"skipped: {exc}.")
            continue
        newest.setdefault(found.kind, found)
    return newest, skipped
