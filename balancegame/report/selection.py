"""Which sessions a report covers: one (``--session N``), those between two calendar days
(``--from DATE --to DATE``, both included, either may be left out), or all of them.

Days are calendar days in the report's time zone (this computer's unless told), the same
days the weekly goal counts (:func:`balancegame.progress.history.local_date`).  ``N`` is the
session's number in the database, as ``balancegame patients show`` prints it.  A selection
that finds nothing is refused with a sentence, never turned into an empty report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo

from balancegame.errors import ReportError, UsageError
from balancegame.progress.history import local_date
from balancegame.session.storage import SessionRecord


def parse_day(option: str, text: str) -> date:
    """``YYYY-MM-DD`` as a date, or a :class:`UsageError` naming the option."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date: give it as YYYY-MM-DD, "
                         "e.g. 2026-03-01.", "The day is included in the report.") from None


@dataclass(frozen=True)
class Selection:
    """What was asked for; :func:`choose` finds the sessions."""

    session_id: int | None = None
    first_day: date | None = None
    last_day: date | None = None

    def __post_init__(self) -> None:
        if self.session_id is not None and (self.first_day or self.last_day):
            raise UsageError("--session N reports one session: leave --from and --to out, or "
                             "leave --session out to report the sessions between the dates.")
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise UsageError(f"--from {self.first_day} is after --to {self.last_day}: no day "
                             "can be in that range.", "Give the earlier day to --from.")

    def describe(self) -> str:
        if self.session_id is not None:
            return f"session {self.session_id}"
        if self.first_day and self.last_day:
            return f"sessions from {self.first_day} to {self.last_day}"
        if self.first_day:
            return f"sessions from {self.first_day} on"
        if self.last_day:
            return f"sessions up to {self.last_day}"
        return "every session"


def choose(sessions: Sequence[SessionRecord], selection: Selection, patient_id: str,
           tz: tzinfo | None = None) -> list[SessionRecord]:
    """The patient's sessions (oldest first) the selection covers; a :class:`ReportError`
    when there are none."""
    if not sessions:
        raise ReportError(f"Patient {patient_id} has no sessions yet: there is nothing to "
                          "report.", "Play a session first: balancegame play --patient "
                          f"{patient_id}.")
    if selection.session_id is not None:
        found = [s for s in sessions if s.session_id == selection.session_id]
        if not found:
            raise ReportError(f"Patient {patient_id} has no session {selection.session_id}.",
                              f"balancegame patients show {patient_id} lists the sessions "
                              "with their numbers.")
        return found
    found = [s for s in sessions
             if (selection.first_day is None or local_date(s.started_utc, tz)
                 >= selection.first_day)
             and (selection.last_day is None or local_date(s.started_utc, tz)
                  <= selection.last_day)]
    if not found:
        first = local_date(sessions[0].started_utc, tz)
        last = local_date(sessions[-1].started_utc, tz)
        asked = selection.describe().removeprefix("sessions ")
        raise ReportError(f"Patient {patient_id} has no session {asked}.",
                          f"Their sessions are from {first} to {last}; give --from and --to "
                          "around them (the days are included).")
    return found
