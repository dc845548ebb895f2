"""The one door to the therapist PIN and the prescriptions, for the command line and the
game's therapist mode alike.

:meth:`TherapistDesk.check_pin` is the only maker of an :class:`Unlocked` (the proof of a
right PIN), and every method that changes something asks for one: the PIN, then the
prescription.  Reading a prescription needs no PIN (the patient's own screens show it).

Each call opens the database, does its work in committed transactions and closes it, so
the game can use the desk while its writer thread owns the session's own connection
(SQLite lets two connections share a file; the desk's writes are a row or two).  The
wall clock is injected (``utc_now``): the wrong-PIN waits and the lock-out are kept in
the database in UTC and survive a restart (:mod:`balancegame.therapist.pin`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from balancegame.errors import TherapistError
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.prescribed import Prescription, problems
from balancegame.session.storage import Database, PrescriptionChangeRecord
from balancegame.therapist import pin as pins

NO_PIN_HINT = "Set one first: balancegame therapist set-pin"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Unlocked:
    """Proof that the right PIN was given to one desk (made by its ``check_pin`` only)."""

    __slots__ = ("_desk",)

    def __init__(self, desk: TherapistDesk) -> None:
        self._desk = desk


@dataclass(frozen=True)
class PinCheck:
    """How a PIN attempt went: ``outcome`` is right, wrong, wait, locked or no_pin."""

    outcome: str
    wait_s: float = 0.0  # before the next attempt is accepted
    tries_left: int = pins.LOCK_AFTER  # wrong PINs left before a lock-out
    unlocked: Unlocked | None = None

    @property
    def ok(self) -> bool:
        return self.unlocked is not None

    def sentence(self) -> str:
        """What happened, for the screen and the terminal."""
        wait = f" Wait {max(1, round(self.wait_s))} s before the next try." \
            if 0 < self.wait_s < pins.LOCK_S / 2 else ""
        minutes = max(1, round(self.wait_s / 60))
        if self.outcome == "right":
            return "PIN accepted."
        if self.outcome == "no_pin":
            return "No therapist PIN is set on this computer."
        if self.outcome == "locked" or (self.outcome == "wrong" and not self.tries_left):
            return (f"Wrong PIN {pins.LOCK_AFTER} times in a row: therapist mode is locked. "
                    f"Try again in {minutes} min.")
        if self.outcome == "wait":
            return f"Too soon after a wrong PIN.{wait}"
        return (f"Wrong PIN. {self.tries_left} more wrong PIN"
                f"{'s' if self.tries_left > 1 else ''} lock therapist mode for "
                f"{pins.LOCK_S / 60:g} minutes.{wait}")


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _text(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(UTC).isoformat(timespec="milliseconds")


class TherapistDesk:
    def __init__(self, db_path: Path, *, utc_now: Callable[[], datetime] = _utc_now,
                 params: pins.ScryptParams | None = None,
                 library: LevelLibrary | None = None) -> None:
        self.db_path = Path(db_path).expanduser()
        self.utc_now = utc_now
        # For new hashes (stored ones keep theirs); read late so a test can make it cheap.
        self.params = params or pins.DEFAULT_PARAMS
        self.library = library or LevelLibrary.for_user()

    @contextmanager
    def _db(self) -> Iterator[Database]:
        # recover=False: a session may be playing from this file right now
        with Database.open(self.db_path, recover=False, utc_now=self.utc_now) as db:
            yield db

    # ------------------------------------------------------------------ the PIN
    def has_pin(self) -> bool:
        if not self.db_path.exists():
            return False
        with self._db() as db:
            return db.therapist_pin() is not None

    def check_pin(self, pin: str) -> PinCheck:
        """Check ``pin``, counting a wrong one (see balancegame.therapist.pin)."""
        if not self.db_path.exists():
            return PinCheck("no_pin")
        now = self.utc_now()
        with self._db() as db:
            record = db.therapist_pin()
            if record is None:
                return PinCheck("no_pin")
            stored = pins.Attempts(record.failed_in_row, _time(record.last_failed_utc),
                                   _time(record.locked_until_utc))
            state = pins.settled(stored, now)
            if state != stored:
                self._store_attempts(db, state)
            if (wait := pins.wait_s(state, now)) > 0:
                return PinCheck("locked" if pins.locked(state, now) else "wait", wait,
                                state.tries_left)
            digest = pins.PinHash(bytes.fromhex(record.salt_hex), bytes.fromhex(record.hash_hex),
                                  pins.ScryptParams(record.n, record.r, record.p))
            if pins.pin_matches(pin, digest):
                self._store_attempts(db, pins.Attempts())
                if pins.needs_rehash(digest, self.params):
                    self._store_pin(db, pin)
                return PinCheck("right", unlocked=Unlocked(self))
            state = pins.after_wrong(state, now)
            self._store_attempts(db, state)
            return PinCheck("wrong", pins.wait_s(state, now), state.tries_left)

    def set_pin(self, new_pin: str, unlocked: Unlocked | None = None) -> None:
        """Set the PIN; replacing one needs the current one first (``unlocked``)."""
        problem = pins.pin_problem(new_pin)
        if problem is not None:
            raise TherapistError(f"That PIN cannot be used: {problem}", "Nothing was changed.")
        with self._db() as db:
            if db.therapist_pin() is not None:
                self._require(unlocked)
            self._store_pin(db, new_pin)

    def _store_pin(self, db: Database, new_pin: str) -> None:
        made = pins.hash_pin(new_pin, self.params)
        db.set_therapist_pin(algorithm=pins.ALGORITHM, salt_hex=made.salt.hex(),
                             hash_hex=made.digest.hex(), n=made.params.n, r=made.params.r,
                             p=made.params.p)

    @staticmethod
    def _store_attempts(db: Database, state: pins.Attempts) -> None:
        db.record_pin_attempts(failed_in_row=state.failed_in_row,
                               last_failed_utc=_text(state.last_failed),
                               locked_until_utc=_text(state.locked_until))

    def _require(self, unlocked: Unlocked | None) -> None:
        if not isinstance(unlocked, Unlocked) or unlocked._desk is not self:
            raise TherapistError("This needs the therapist PIN, and it was not given.",
                                 "Nothing was changed.")

    # --------------------------------------------------------- prescriptions
    def prescription(self, patient_id: str) -> Prescription | None:
        if not self.db_path.exists():
            return None
        with self._db() as db:
            db.require_patient(patient_id)
            found = db.prescription(patient_id)
        return None if found is None else Prescription.from_record(found)

    def changes(self, patient_id: str) -> list[PrescriptionChangeRecord]:
        with self._db() as db:
            db.require_patient(patient_id)
            return db.prescription_changes(patient_id)

    def prescribe(self, unlocked: Unlocked | None, patient_id: str, values: Mapping[str, Any],
                  *, reason: str = "", via: str) -> list[PrescriptionChangeRecord]:
        """Change the fields in ``values`` (a new prescription needs ``program``), each
        change logged with ``reason``; the program must load.  Returns the changes."""
        self._require(unlocked)
        with self._db() as db:
            db.require_patient(patient_id)
            found = db.prescription(patient_id)
            if found is None and not values.get("program"):
                raise TherapistError(f"{patient_id} has no prescription yet: name the program "
                                     "to start it with.", "Add --program NAME (balancegame "
                                     "levels list shows the programs).")
            current = Prescription.from_record(found) if found else Prescription(
                values["program"])
            wanted = replace(current, **values)
            found_problems = problems(wanted)
            if found_problems:
                raise TherapistError(" ".join(found_problems), "Nothing was changed.")
            self.library.program(wanted.program)  # LevelError, in the therapist's words
            stored = wanted.stored()
            return db.change_prescription(
                patient_id, {k: stored[k] for k in values}, reason=reason, via=via)
