"""Chosen states of every screen (a wall far away, a wall passing, a target held, ...),
drawn by the game's own views and scenes: for the theme tests and docs/screenshots.py."""

from __future__ import annotations

from balancegame.challenges.dodge import DodgeView
from balancegame.challenges.dual_task import DualTaskView, GateView
from balancegame.challenges.gaze import GazeView
from balancegame.challenges.quiet_stance import QuietStanceView
from balancegame.challenges.stepping import SteppingView
from balancegame.challenges.walls import WallView
from balancegame.challenges.weight_shift import WeightShiftView
from balancegame.game import views
from balancegame.messages import Side

L, R = Side.LEFT, Side.RIGHT


def level_states() -> dict[str, tuple[str, object, dict]]:
    """name -> (level type, challenge view, LevelScreen fields)."""
    far = WallView(R, 0.08, 0.17, None)
    gates = (GateView(WallView(L, 0.45, 0.2, None), 92, 95, None),)
    return {
        "dodge_wall_far": ("obstacle_dodge", DodgeView((far,), 10.0), {}),
        "dodge_wall_near": ("obstacle_dodge", DodgeView((WallView(L, 0.8, 0.17, None),), 10.0),
                            {"displacement_cm": -6.0}),
        "dodge_wall_passing": ("obstacle_dodge", DodgeView((WallView(R, 1.08, 0.17, None),),
                                                           10.0), {"displacement_cm": 13.0}),
        "dodge_avoided": ("obstacle_dodge", DodgeView((WallView(R, 1.12, 0.17, "avoided"),),
                                                      10.0),
                          {"displacement_cm": 13.0, "feedback": "avoided",
                           "feedback_age_s": 0.25, "score": (4, 5)}),
        "weight_shift_target": ("weight_shift", WeightShiftView(
            8.0, 9.0, 2.0, "right", (7.0, 0.0), 0.0), {"displacement_cm": 2.5}),
        "weight_shift_holding": ("weight_shift", WeightShiftView(
            8.0, 9.0, 2.0, "forward-left", (-6.0, 3.0), 0.6), {"displacement_cm": -6.2}),
        "weight_shift_reached": ("weight_shift", WeightShiftView(
            8.0, 9.0, 2.0, None, None, 0.0),
            {"displacement_cm": 6.8, "feedback": "reached", "feedback_age_s": 0.2,
             "score": (3, 3)}),
        "dual_task_gates": ("dual_task", DualTaskView(
            "gate", 3, 95, gates, (95, None), 10.0, 2, None), {"displacement_cm": -3.0}),
        "dual_task_correct": ("dual_task", DualTaskView(
            "gate", 3, 95, (GateView(WallView(L, 1.05, 0.2, "avoided"), 92, 95, L),),
            (95, 92), 10.0, 3, 12.0),
            {"displacement_cm": -13.0, "feedback": "correct", "feedback_age_s": 0.3,
             "score": (3, 3)}),
        "dual_task_spoken": ("dual_task", DualTaskView(
            "spoken", 7, 100, (), None, 10.0, 4, 9.5), {}),
        "gaze_bout": ("gaze_stabilisation", GazeView("bout", False, "E", 12.0, 0.9, 0.7), {}),
        "gaze_checkerboard": ("gaze_stabilisation", GazeView("bout", True, "K", 12.0, -0.3,
                                                             -0.2), {}),
        "stance_attempt": ("quiet_stance", QuietStanceView(
            "tandem", "Stand heel to toe", "attempt", 23.4, 0.0, True, 0.8, 4.0), {}),
        "stepping_bout": ("stepping", SteppingView("bout", "left", (7.5, 0.5), 5.0, 37, 96.0),
                          {}),
        "gaze_bout_done": ("gaze_stabilisation", GazeView("ready", False, "E", 12.0, 1.0, 0.9),
                           {"feedback": "completed", "feedback_age_s": 0.3}),
        "stepping_bout_done": ("stepping", SteppingView("ready", None, (0.0, 0.0), 5.0, 60,
                                                        None),
                               {"feedback": "completed", "feedback_age_s": 0.3}),
        "dual_task_spoken_wrong": ("dual_task", DualTaskView(
            "spoken", 7, 100, (), None, 10.0, 4, 9.5), {"feedback": "wrong"}),
        "countdown": ("obstacle_dodge", DodgeView((), 10.0), {"countdown_left_s": 2.2}),
        "paused": ("obstacle_dodge", DodgeView((far,), 10.0),
                   {"pause": views.Pause("tracking_lost", 2.2)}),
    }


def level_screen(kind, challenge, fields, motion, tracked=None) -> views.LevelScreen:
    base = dict(countdown_left_s=0.0, time_left_s=83.0, score=(2, 3), feedback=None,
                displacement_cm=0.0, present=True, tracked=tracked)
    return views.LevelScreen(kind, "Level", **{**base, **fields}, challenge=challenge,
                             motion=motion)


def draw_level(surface, ctx, kind, challenge, fields, motion) -> None:
    """One state of a level screen, with ``ctx``'s camera picture (None: no picture)."""
    from balancegame.game.camera_view import CameraView

    tracked = ctx.tracker.latest() if ctx is not None else None
    camera_view = ctx.camera_view if ctx is not None else CameraView()
    views.draw_level(surface, level_screen(kind, challenge, fields, motion, tracked),
                     camera_view)


def scene_shots(ctx):
    """name -> (scene, seconds after it began to draw it mid-animation)."""
    from balancegame.game.scenes.camera_check import CameraCheckScene
    from balancegame.game.scenes.end import EndScene
    from balancegame.game.scenes.level_intro import LevelIntroScene
    from balancegame.game.scenes.rest import RestScene
    from balancegame.game.scenes.results import ResultsScene
    from balancegame.game.scenes.title import TitleScene

    summary = {"level": "dodge-gentle", "title": "Dodge the walls", "type": "obstacle_dodge",
               "n_trials": 20, "outcomes": {"avoided": 18, "hit": 2}, "rt_ms_median": 812.0,
               "status": "completed"}
    ctx.summaries.append(summary)
    return {"title": (TitleScene, 1.3), "intro": (lambda c: LevelIntroScene(c, c.levels[0]), 0),
            "camera_check": (CameraCheckScene, 0), "results": (lambda c: ResultsScene(
                c, summary), 0.3), "rest": (lambda c: RestScene(c, 60.0, "Dodge the walls"), 0),
            "end": (EndScene, 0), **calibration_shots()}


def calibration_shots():
    """The calibration's screens (issue 10): intro, neutral stance, a lean, the result."""
    from datetime import UTC, datetime

    from balancegame.calibrating.neutral import NeutralResult
    from balancegame.calibrating.record import LIMITS, Calibration
    from balancegame.game.scenes.calibration_intro import CalibrationIntroScene
    from balancegame.game.scenes.calibration_result import CalibrationResultScene
    from balancegame.game.scenes.limits_test import LimitsScene
    from balancegame.game.scenes.neutral_stance import NeutralStanceScene

    def leaning(c):
        c.calibration.neutral = NeutralResult("", 0.0, 1.0, {})
        scene = LimitsScene(c)
        scene.protocol.phase, scene.protocol.best_cm = "reach", 9.0
        return scene

    def measured(c):
        c.calibration.new = Calibration(LIMITS, datetime.now(UTC), "standing", "both", {}, {
            "limits": {"left": {"value": 16.0}, "right": {"value": 17.0}}})
        return CalibrationResultScene(c)

    return {"calibration_intro": (CalibrationIntroScene, 0),
            "neutral_stance": (NeutralStanceScene, 0), "limits_test": (leaning, 0),
            "calibration_result": (measured, 0)}




def home_scene_shots(ctx, folder):
    """The home and therapist screens, for a patient with a prescription (``ctx`` is
    made a home session; ``folder`` holds the therapist PIN's file): name -> scene."""
    from balancegame.game.prescribing import Prescribing
    from balancegame.game.scenes.checkin import CheckInScene
    from balancegame.game.scenes.end import EndScene
    from balancegame.game.scenes.patient_pick import PatientPickScene
    from balancegame.game.scenes.pin import PinScene
    from balancegame.game.scenes.therapist_menu import TherapistScene
    from balancegame.game.scenes.title import TitleScene
    from balancegame.prescription.library import LevelLibrary
    from balancegame.prescription.plan import plan_for
    from balancegame.prescription.prescribed import Prescription
    from balancegame.roster import Member
    from balancegame.therapist import pin as pins
    from balancegame.therapist.desk import TherapistDesk

    library = LevelLibrary.shipped()
    plan = plan_for(library, prescription=Prescription("home-dodge-intervals"))
    ctx.levels = list(plan.levels)
    ctx.session = Prescribing(plan=plan, home=True, patient_name="Anna", library=library,
                              desk=TherapistDesk(folder / "pin.sqlite3", library=library,
                                                 params=pins.ScryptParams(n=2**8, r=8, p=1)))
    members = [Member("P017", "Anna", None), Member("P018", "Jo", None)]
    return {"home_title": lambda: TitleScene(ctx), "checkin": lambda: CheckInScene(ctx),
            "patient_pick": lambda: PatientPickScene(members, guest=True),
            "pin": lambda: PinScene(ctx), "therapist_menu": lambda: TherapistScene(ctx, object()),
            "home_end": lambda: EndScene(ctx)}


def overlapping(lines) -> list[str]:
    """Lines of one screen drawn over each other (their glyph boxes, which touch, trimmed)."""
    rects = [(text, rect.inflate(0, -12)) for text, rect in lines]  # glyph boxes touch
    return [f"{a!r} over {b!r}" for i, (a, ra) in enumerate(rects)
            for b, rb in rects[i + 1:] if ra.colliderect(rb)]
