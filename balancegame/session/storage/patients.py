"""The patient register of :class:`~balancegame.session.storage.database.Database`:
``balancegame patients add|edit|list|show``.

A patient is a pseudonymous code (:mod:`balancegame.session.codes`), a height (it scales
the camera's pixels to centimetres) and an optional display name that stays in this
file.  ``play --patient CODE`` still adds an unknown code by itself (as
:meth:`~balancegame.session.storage.writing.Writing.ensure_patient`), with no height and
no name; ``patients edit`` completes it.
"""

from __future__ import annotations

from balancegame.errors import PatientError
from balancegame.session.codes import PATIENT_CODE_RULE, display_name_problem, patient_code_problem
from balancegame.session.storage import records
from balancegame.session.storage.connection import Connected

HEIGHT_CM_MIN, HEIGHT_CM_MAX = 50.0, 250.0
KEEP = object()  # update_patient(display_name=KEEP): leave the stored name as it is


def check_height_cm(height_cm: float) -> float:
    height_cm = float(height_cm)
    if not HEIGHT_CM_MIN <= height_cm <= HEIGHT_CM_MAX:  # NaN fails too
        raise PatientError(f"{height_cm:g} cm is not a plausible height.", None,
                           f"Give the height in cm, from {HEIGHT_CM_MIN:g} to "
                           f"{HEIGHT_CM_MAX:g}, e.g. --height-cm 170.")
    return height_cm


def check_display_name(name: str | None) -> str | None:
    if name is None:
        return None
    problem = display_name_problem(name)
    if problem is not None:
        raise PatientError(f"The name {name!r} cannot be stored: {problem}.", None,
                           "Give a short first name or nickname, e.g. --name \"Anna\".")
    return name.strip()


def check_code(code: str) -> str:
    problem = patient_code_problem(code)
    if problem is not None:
        raise PatientError(f"{code!r} is not a patient code: {problem}, and {PATIENT_CODE_RULE}.",
                           None, "Use the patient's code, e.g. P017.")
    return code


class Patients(Connected):
    def patient(self, patient_id: str) -> records.PatientRecord | None:
        found = self._query(f"SELECT {records._columns(records.PatientRecord)} FROM patient "
                            "WHERE patient_id = ?", (patient_id,))
        return records.PatientRecord(**found[0]) if found else None

    def require_patient(self, patient_id: str) -> records.PatientRecord:
        """The patient, or a :class:`PatientError` that names no other patient."""
        found = self.patient(patient_id)
        if found is None:
            raise PatientError(f"There is no patient {patient_id!r} in {self.path}.", self.path,
                               "Check the code (balancegame patients list shows them), or "
                               "add the patient: balancegame patients add CODE --height-cm H.")
        return found

    def patient_height_cm(self, patient_id: str) -> float | None:
        """The stored height, or None (unknown patient, or no height given)."""
        found = self.patient(patient_id)
        return None if found is None else found.height_cm

    def add_patient(self, patient_id: str, *, height_cm: float,
                    display_name: str | None = None) -> records.PatientRecord:
        """A new patient; an existing code is refused (nothing is changed)."""
        check_code(patient_id)
        height_cm, display_name = check_height_cm(height_cm), check_display_name(display_name)
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM patient WHERE patient_id = ?",
                            (patient_id,)).fetchone():
                raise PatientError(
                    f"Patient {patient_id} is already in {self.path}; nothing was changed.",
                    self.path, f"To change the height or the name: balancegame patients edit "
                               f"{patient_id} --height-cm H --name NAME.")
            conn.execute("INSERT INTO patient (patient_id, created_utc, height_cm, display_name)"
                         " VALUES (?, ?, ?, ?)",
                         (patient_id, self.now_iso(), height_cm, display_name))
        return self.require_patient(patient_id)

    def update_patient(self, patient_id: str, *, height_cm: float | None = None,
                       display_name: str | None | object = KEEP) -> records.PatientRecord:
        """Change the height (if given) and the display name (None removes it)."""
        self.require_patient(patient_id)
        changes: dict[str, object] = {}
        if height_cm is not None:
            changes["height_cm"] = check_height_cm(height_cm)
        if display_name is not KEEP:
            changes["display_name"] = check_display_name(display_name)  # type: ignore[arg-type]
        if changes:
            with self._transaction() as conn:
                conn.execute(f"UPDATE patient SET {', '.join(f'{c} = ?' for c in changes)} "
                             "WHERE patient_id = ?", (*changes.values(), patient_id))
        return self.require_patient(patient_id)

    def patient_overviews(self) -> list[records.PatientOverview]:
        """Every patient by code, with how many sessions they have and when."""
        found = self._query(
            "SELECT p.patient_id, COUNT(s.session_id) AS n, MIN(s.started_utc) AS first, "
            "MAX(s.started_utc) AS last FROM patient p LEFT JOIN session s "
            "ON s.patient_id = p.patient_id GROUP BY p.patient_id ORDER BY p.patient_id")
        return [records.PatientOverview(self.require_patient(r["patient_id"]), r["n"],
                                        r["first"], r["last"]) for r in found]
