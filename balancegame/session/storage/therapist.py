"""The therapist's part of :class:`~balancegame.session.storage.database.Database` (schema
version 4): the therapist PIN of this file, each patient's prescription, and the log of
every change to a prescription.

The PIN row keeps only a salted hash and the parameters it was made with
(:mod:`balancegame.therapist.pin` makes and checks it), and the count of wrong PINs in a
row with the lock-out they set, so that closing the program does not reset them.  A
prescription is one row per patient; :meth:`TherapistRecords.change_prescription` writes
it and, in the same transaction, one ``prescription_change`` row per field that changed
(time, old and new value as JSON, the reason, and whether it was made on the command line
or in the game's therapist mode).  No change row is ever updated or deleted.

What the values mean, their ranges and how they apply to a program is
:mod:`balancegame.prescription.prescribed`'s business; this module stores them.  Whoever
calls the writers has checked the PIN (:mod:`balancegame.therapist.desk`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from balancegame.session.storage import records
from balancegame.session.storage.connection import Connected
from balancegame.session.storage.schema import CHANGE_VIA

# The prescription table's value columns, in order (program first: it is required).
PRESCRIPTION_FIELDS = ("program", "sessions_per_week", "session_min", "difficulty_min",
                       "difficulty_max", "rest_s", "feet_in_view", "calibration_days")
DEFAULTS: dict[str, Any] = {"feet_in_view": 1}  # a new prescription's value when not given


class TherapistRecords(Connected):
    # ------------------------------------------------------------------ the PIN
    def therapist_pin(self) -> records.PinRecord | None:
        found = self._query(f"SELECT {records._columns(records.PinRecord)} FROM therapist_pin "
                            "WHERE pin_id = 1")
        return records.PinRecord(**found[0]) if found else None

    def set_therapist_pin(self, *, algorithm: str, salt_hex: str, hash_hex: str, n: int,
                          r: int, p: int) -> None:
        """Store a new PIN hash in place of any old one; the wrong-PIN count starts afresh."""
        with self._transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO therapist_pin (pin_id, algorithm, salt_hex, "
                         "hash_hex, n, r, p, set_utc, failed_in_row) "
                         "VALUES (1, ?, ?, ?, ?, ?, ?, ?, 0)",
                         (algorithm, salt_hex, hash_hex, int(n), int(r), int(p),
                          self.now_iso()))

    def record_pin_attempts(self, *, failed_in_row: int, last_failed_utc: str | None,
                            locked_until_utc: str | None) -> None:
        """The wrong PINs in a row and the lock-out after an attempt (0 after a right one)."""
        with self._transaction() as conn:
            cur = conn.execute("UPDATE therapist_pin SET failed_in_row = ?, last_failed_utc = ?,"
                               " locked_until_utc = ? WHERE pin_id = 1",
                               (int(failed_in_row), last_failed_utc, locked_until_utc))
            if cur.rowcount != 1:
                raise ValueError("there is no therapist PIN to count attempts for")

    # --------------------------------------------------------- prescriptions
    def prescription(self, patient_id: str) -> records.PrescriptionRecord | None:
        found = self._query(f"SELECT {records._columns(records.PrescriptionRecord)} FROM "
                            "prescription WHERE patient_id = ?", (patient_id,))
        return records.PrescriptionRecord(**found[0]) if found else None

    def prescriptions(self) -> list[records.PrescriptionRecord]:
        """Every patient's prescription, by patient code."""
        return [records.PrescriptionRecord(**r) for r in self._query(
            f"SELECT {records._columns(records.PrescriptionRecord)} FROM prescription "
            "ORDER BY patient_id")]

    def prescription_changes(self, patient_id: str) -> list[records.PrescriptionChangeRecord]:
        """Every change to the patient's prescription, oldest first."""
        return [records.PrescriptionChangeRecord(**r) for r in self._query(
            f"SELECT {records._columns(records.PrescriptionChangeRecord)} FROM "
            "prescription_change WHERE patient_id = ? ORDER BY changed_utc, change_id",
            (patient_id,))]

    def change_prescription(self, patient_id: str, values: Mapping[str, Any], *,
                            reason: str = "", via: str
                            ) -> list[records.PrescriptionChangeRecord]:
        """Set the fields in ``values`` (the others keep their value; a new prescription
        needs ``program``) and log each one that changed; returns the change rows (none
        when nothing changed: then nothing is written)."""
        unknown = sorted(set(values) - set(PRESCRIPTION_FIELDS))
        if unknown:
            raise ValueError(f"not prescription fields: {', '.join(unknown)}")
        if via not in CHANGE_VIA:
            raise ValueError(f"via must be one of {CHANGE_VIA}, got {via!r}")
        self.require_patient(patient_id)  # type: ignore[attr-defined]  (Patients, in Database)
        with self._transaction() as conn:
            current = self.prescription(patient_id)
            if current is None and not values.get("program"):
                raise ValueError("a new prescription needs a program")
            before = ({f: getattr(current, f) for f in PRESCRIPTION_FIELDS} if current
                      else {f: None for f in PRESCRIPTION_FIELDS})
            after = dict(before)
            after.update(values)
            if current is None:
                after.update({k: v for k, v in DEFAULTS.items() if values.get(k) is None})
            changed = [f for f in PRESCRIPTION_FIELDS if after[f] != before[f]]
            if not changed:
                return []
            now = self.now_iso()
            conn.execute(f"INSERT OR REPLACE INTO prescription (patient_id, "
                         f"{', '.join(PRESCRIPTION_FIELDS)}, changed_utc) VALUES "
                         f"({', '.join('?' * (len(PRESCRIPTION_FIELDS) + 2))})",
                         (patient_id, *(after[f] for f in PRESCRIPTION_FIELDS), now))
            ids = [conn.execute("INSERT INTO prescription_change (patient_id, changed_utc, "
                                "field, old_value_json, new_value_json, reason, via) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                (patient_id, now, f, _value(before[f]), _value(after[f]),
                                 reason.strip(), via)).lastrowid for f in changed]
        return [c for c in self.prescription_changes(patient_id) if c.change_id in ids]


def _value(value: Any) -> str | None:
    """A stored old or new value: JSON (None stays NULL: "as the program says", or none)."""
    return None if value is None else json.dumps(value)
