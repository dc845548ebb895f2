"""Who trains in this session: read before anything starts, decided in one place.

* ``--patient CODE`` given: that patient (``home`` needs one with a prescription).
* ``home`` (and ``balancegame`` alone, when someone here has a prescription): the
  patients with a prescription.  One: that one.  Several: the title screen shows them
  as large tiles (code and name) to pick; with no window, ``--patient`` is needed.
* ``play`` and ``demo`` (the clinic): with registered patients and a window, the tiles,
  with a "Guest" tile for someone not registered (stored as ``anonymous``); otherwise
  ``anonymous``, as before patients could be chosen.

``anonymous`` (the guest) is never shown as a patient of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from balancegame.errors import UsageError
from balancegame.prescription.prescribed import Prescription

GUEST = "anonymous"


@dataclass(frozen=True)
class Member:
    code: str
    name: str | None  # the display name kept on this computer
    prescription: Prescription | None


@dataclass(frozen=True)
class Roster:
    members: tuple[Member, ...] = ()

    def get(self, code: str) -> Member | None:
        return next((m for m in self.members if m.code == code), None)

    def prescribed(self) -> list[Member]:
        return [m for m in self.members if m.prescription is not None]


def read_roster(db_path: Path) -> Roster:
    """The registered patients and their prescriptions; empty when there is no file yet
    (nothing is created).  A file from an older version is upgraded, as a session's
    own opening would do next."""
    from balancegame.session.storage import Database

    path = Path(db_path).expanduser()
    if not path.exists():
        return Roster()
    with Database.open(path, recover=False) as db:
        prescriptions = {p.patient_id: Prescription.from_record(p) for p in db.prescriptions()}
        return Roster(tuple(Member(p.patient_id, p.display_name, prescriptions.get(p.patient_id))
                            for p in db.patients() if p.patient_id != GUEST))


@dataclass(frozen=True)
class Choice:
    """``code`` when it is decided; otherwise the tiles to show (``guest``: with a Guest
    tile)."""

    code: str | None
    tiles: tuple[Member, ...] = ()
    guest: bool = False


def choose(roster: Roster, given: str | None, home: bool, window: bool) -> Choice:
    """Who trains, by the rules above; UsageError when it cannot be decided."""
    if given is not None:
        if home and (roster.get(given) is None or roster.get(given).prescription is None):
            raise UsageError(f"{given} has no prescription on this computer, so there is no "
                             "session to play at home.", "The therapist sets one: balancegame "
                             f"prescribe --patient {given} --program NAME.")
        return Choice(given)
    if home:
        candidates = roster.prescribed()
        if not candidates:
            raise UsageError("Nobody on this computer has a prescription yet, so there is no "
                             "session to play at home.", "The therapist sets one: balancegame "
                             "prescribe --patient CODE --program NAME.")
        if len(candidates) == 1:
            return Choice(candidates[0].code)
        if not window:
            raise UsageError(f"{len(candidates)} patients have a prescription here: say whose "
                             "session it is.", "Add --patient CODE (balancegame patients "
                             "list shows the codes).")
        return Choice(None, tuple(candidates))
    if roster.members and window:
        return Choice(None, roster.members, guest=True)
    return Choice(GUEST)


def default_command(db_path: Path | None = None) -> str:
    """``balancegame`` alone: ``home`` when someone here has a prescription, else ``play``."""
    from balancegame.session.storage import StorageError, default_db_path

    try:
        roster = read_roster(db_path or default_db_path())
    except StorageError:
        return "play"  # the session's own opening says what is wrong with the file
    return "home" if roster.prescribed() else "play"
