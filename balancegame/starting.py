"""Before a session starts: who trains, what they play, and in which setting.

The composition root (app.py) asks :func:`decide` once the options are checked: levels
named on the command line are loaded first (a broken file fails before anything opens),
then the patient is chosen (balancegame/roster.py: on the title screen's tiles when it
must be asked), then their prescription gives the plan (prescription/plan.py).  At home a
program with a spoken dual task is refused (issue 12, item 8).  :func:`prescribing` is
the game's side of it: home or clinic, and the therapist mode's door to the prescription.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from balancegame.clock import MonotonicClock
from balancegame.errors import UsageError
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.plan import SessionPlan, gate_alternatives, plan_for


def decide(opts, library: LevelLibrary, display_box: list, open_display: Callable[[], Any]
           ) -> SessionPlan | None:
    """Who trains and what: levels named on the command line first (a broken file fails
    before anything opens), then the patient (the tiles, when it must be asked), then
    their prescription.  Sets ``opts.patient_id``; None: nobody was chosen."""
    from balancegame.roster import GUEST, choose, read_roster
    from balancegame.session.storage import default_db_path

    home = opts.mode == "home"
    plan = None if opts.follow_prescription else plan_for(library, program=opts.program,
                                                          levels=opts.levels)
    roster = read_roster(opts.db_path or default_db_path())
    choice = choose(roster, opts.patient_id, home, window=not opts.headless)
    if choice.code is None:
        display_box.append(open_display())
        if not display_box[0].seen:  # no screen after all: decide without asking
            choice = choose(roster, opts.patient_id, home, window=False)
        else:
            choice = _pick(display_box[0].surface, choice, opts)
            if choice.code is None:
                return None
    opts.patient_id = choice.code
    member = roster.get(choice.code) if choice.code != GUEST else None
    rx = member.prescription if member else None
    if plan is None:  # no --level or --program: the prescription, else the default level
        plan = plan_for(library, prescription=rx) if rx else plan_for(library, levels=opts.levels)
    if home and plan.spoken():
        refuse_spoken(library, plan)
    opts.prescription = plan.prescription.stored() if plan.prescription else None
    if plan.program is not None:  # stored with the session: what was played, its weekly goal
        opts.program = plan.program.name if plan.prescription else opts.program
    opts.sessions_per_week = plan.sessions_per_week
    return plan


def refuse_spoken(library: LevelLibrary, plan: SessionPlan) -> None:
    """A spoken dual task needs someone who hears the answers: not at home (issue 12.8)."""
    names = ", ".join(lv.name for lv in plan.spoken())
    gates = gate_alternatives(library, plan.spoken())
    raise UsageError(
        f"\"{plan.title}\" cannot be played at home: {names} is answered out loud, and "
        "someone must hear each answer and mark it, so alone the answers would count for "
        "nothing.", "Play it with your therapist (balancegame play), or ask them to "
        "prescribe a program " + (f"with {', '.join(gates)}, where you answer by leaning "
                                   "into a gate." if gates else "without spoken counting."))


def _pick(surface, choice, opts):
    """The title screen's patient tiles, before the session starts; a Choice back."""
    from balancegame.game.loop import GameLoop
    from balancegame.game.scenes.patient_pick import PatientPickScene
    from balancegame.roster import Choice

    scene = PatientPickScene(choice.tiles, guest=choice.guest, home=opts.mode == "home")
    GameLoop(surface, MonotonicClock(), scene, screenshot_dir=opts.screenshot_dir).run()
    return Choice(scene.chosen)


def prescribing(opts, library: LevelLibrary, db_path: Path,
                 plan: SessionPlan, name: str | None):
    """The session's home-or-clinic setting and the therapist mode's door to the
    prescription (game/prescribing.py)."""
    from balancegame.game.prescribing import Prescribing
    from balancegame.therapist.desk import TherapistDesk

    return Prescribing(plan=plan, home=opts.mode == "home", patient_name=name,
                       desk=TherapistDesk(db_path, library=library), library=library,
                       time_limit_s=opts.seconds)
