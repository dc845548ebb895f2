"""The session's setting, home or clinic, and the therapist mode's door to the prescription.

**Who may do what** (issue 11, part 2; issue 12, item 8), decided here and nowhere else:

* A **clinic** session (``balancegame play`` / ``demo``) is supervised: the therapist is
  at the keyboard, their keys work and the screens name them (Enter on the camera check
  goes on without the feet in view, L checks the display delay, Enter skips a rest).
* A **home** session (``balancegame home``, or ``balancegame`` alone) is the patient's,
  alone: those keys are inactive and not shown; Space still pauses and Esc still ends.
  The therapist unlocks them for the rest of the session with the PIN (T on the title
  screen): the session is then supervised, and says so in its settings.
* The **setup check's override** (Enter without the feet in view) is therefore a
  therapist's decision: in a supervised session, or because the prescription says the
  feet need not be in view (seated training), and then the check does not ask for them.
* The **prescription** changes only in therapist mode, behind the PIN, whatever the
  setting; every change is logged (balancegame/therapist/desk.py).

:meth:`Prescribing.apply` plays a changed prescription from the next screen on: the
levels, rests, weekly goal and the session's cap come from it as at the start
(prescription/plan.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from balancegame.errors import LevelError
from balancegame.prescription.plan import SessionPlan, plan_for, program_names
from balancegame.prescription.prescribed import Prescription

if TYPE_CHECKING:  # (the game context holds this object: it is passed in, not imported)
    from balancegame.prescription.library import LevelLibrary
    from balancegame.therapist.desk import TherapistDesk


@dataclass
class Prescribing:
    plan: SessionPlan | None = None  # what the session plays now
    home: bool = False
    patient_name: str | None = None  # the display name kept on this computer
    desk: TherapistDesk | None = None  # None: no therapist mode (tests, benchmarks)
    library: LevelLibrary | None = None
    time_limit_s: float | None = None  # --seconds as given (a new cap never exceeds it)
    therapist_mode: bool = False  # the PIN was given in this session
    on_time_limit: Callable[[float | None], None] = field(default=lambda s: None)

    @property
    def supervised(self) -> bool:
        """A therapist is there: a clinic session, or therapist mode was entered."""
        return not self.home or self.therapist_mode

    @property
    def prescription(self) -> Prescription | None:
        return self.plan.prescription if self.plan is not None else None

    @property
    def feet_needed(self) -> bool:
        """Whether the camera check asks for the feet in view."""
        return self.plan is None or self.plan.feet_in_view

    @property
    def preset_floor(self) -> int:
        return self.plan.preset_floor if self.plan is not None else 1

    def programs(self) -> list[tuple[str, str]]:
        """(name, title) of every program the therapist can choose from."""
        if self.library is None:
            return []
        out = []
        for name in program_names(self.library):
            try:
                out.append((name, self.library.program(name).title))
            except LevelError:  # left out of the menu; `levels validate` says what is wrong
                continue
        return out

    def enter_therapist_mode(self, ctx: Any) -> None:
        self.therapist_mode = True
        ctx.log.event("therapist_mode", ctx.clock.now_s(), {"home": self.home})
        ctx.log.settings({"supervised": True})

    def apply(self, ctx: Any, rx: Prescription, changes: list[Any]) -> None:
        """Play ``rx`` from now on in the session of ``ctx`` (the GameContext); it is
        stored already; ``changes``: its change rows."""
        if self.library is None:
            raise RuntimeError("a prescription can change only in a session with a library")
        plan = plan_for(self.library, prescription=rx)
        self.plan = plan
        ctx.levels, ctx.rests_s = list(plan.levels), list(plan.rests_s)
        ctx.sessions_per_week = plan.sessions_per_week
        given, cap = self.time_limit_s, plan.cap_s
        limit = min(given, cap) if given and cap else (given or cap)
        self.on_time_limit(limit)
        ctx.log.event("prescription_changed", ctx.clock.now_s(),
                      {"changes": [c.change_id for c in changes], "program": rx.program})
        ctx.log.settings({"program": rx.program, "prescription": rx.stored(),
                          "sessions_per_week": plan.sessions_per_week, "seconds": limit})
