"""What one session plays: levels, rests, the cap, the weekly goal, from one place.

Three ways to say it, in this order of precedence:

1. ``--program NAME`` or ``--level NAME`` on the command line (the clinic: the therapist
   chooses at the keyboard);
2. the patient's prescription (``balancegame prescribe``), its program played as
   :func:`~balancegame.prescription.prescribed.prescribed_program` says;
3. neither: the default level.

The game's therapist mode builds a new plan the same way after a change
(:func:`plan_for`), so a session never plays something another path would not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from balancegame.errors import LevelError
from balancegame.prescription.levels import Level
from balancegame.prescription.library import PROGRAM, LevelLibrary
from balancegame.prescription.prescribed import Prescription, prescribed_program, spoken_levels
from balancegame.prescription.programs import DEFAULT_SESSIONS_PER_WEEK, Program

DEFAULT_LEVEL = "dodge-gentle"


@dataclass(frozen=True)
class SessionPlan:
    levels: tuple[Level, ...]
    rests_s: tuple[float, ...]  # after each level (programs); () for --level
    cap_s: float | None  # the session's cap (a program's), None: none
    sessions_per_week: int
    speak: bool  # the program asks for spoken instructions
    program: Program | None = None
    prescription: Prescription | None = None  # when the plan follows one
    notes: tuple[str, ...] = ()  # what the prescription's difficulty bounds changed
    calm: bool = False  # the program asks for still screens (calm_screens)

    @property
    def feet_in_view(self) -> bool:
        """Whether the camera check asks for the feet (a prescription may say not)."""
        return self.prescription is None or self.prescription.feet_in_view

    @property
    def preset_floor(self) -> int:
        """The easiest preset a lighter session may go down to (the two-hour rule)."""
        rx = self.prescription
        return rx.difficulty_min if rx is not None and rx.difficulty_min else 1

    @property
    def title(self) -> str:
        return self.program.title if self.program else ", ".join(lv.title for lv in self.levels)

    def spoken(self) -> list[Level]:
        return spoken_levels(self.levels)


def program_plan(program: Program, prescription: Prescription | None = None) -> SessionPlan:
    notes: list[str] = []
    if prescription is not None:
        program, notes = prescribed_program(program, prescription)
    return SessionPlan(tuple(s.level for s in program.steps),
                       tuple(s.rest_after_s for s in program.steps),
                       program.max_session_min * 60, program.sessions_per_week,
                       program.spoken_instructions, program, prescription, tuple(notes),
                       program.calm_screens)


def plan_for(library: LevelLibrary, *, program: str | None = None,
             levels: Sequence[str] = (), prescription: Prescription | None = None
             ) -> SessionPlan:
    """The plan for a program or levels named on the command line, else for the
    prescription, else the default level; LevelError if a file is missing or broken."""
    if program:
        return program_plan(library.program(program))
    if levels:
        return SessionPlan(tuple(library.level(n) for n in levels), (), None,
                           DEFAULT_SESSIONS_PER_WEEK, False)
    if prescription is not None:
        try:
            found = library.program(prescription.program)
        except LevelError as exc:
            raise LevelError(exc.path, exc.problems,
                             f"This is the prescribed program. {exc.hint} The therapist can "
                             "prescribe another: balancegame prescribe --patient CODE "
                             "--program NAME.") from None
        return program_plan(found, prescription)
    return plan_for(library, levels=[DEFAULT_LEVEL])


def program_names(library: LevelLibrary) -> list[str]:
    """The programs a therapist can choose from (the therapist menu), by name."""
    return [entry.name for entry in library.catalogue(PROGRAM)]


def gate_alternatives(library: LevelLibrary, spoken: Sequence[Level]) -> list[str]:
    """Levels where the same counting is answered by leaning into a gate (no listener
    needed), for the levels in ``spoken``: their names, as a refusal suggests them."""
    series = {lv.options.get("series") for lv in spoken}
    found = []
    for entry in library.catalogue("level"):
        try:
            level = library.level(entry.name)
        except LevelError:
            continue
        if level.type == "dual_task" and level.options.get("mode") == "gate" \
                and level.options.get("series") in series:
            found.append(level.name)
    return found
