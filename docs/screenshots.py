"""Pictures of every screen, with decorative motion on and off, for review and the docs.

    DISPLAY=:98 python docs/screenshots.py --out /tmp/theme-shots     # under Xvfb: a window
    SDL_VIDEODRIVER=dummy python docs/screenshots.py --out shots      # no screen at all

Each picture is the game's own drawing of a chosen state (a wall far away, a wall
passing, a target held, ...), made with the views and scenes the game uses; the
"_moving" pictures are taken mid-animation (the success ring, the stars arriving, the
target's slow glow), the "_calm" ones as ``--calm`` draws the same state.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

import pygame

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from helpers.scene_runner import session  # noqa: E402

from balancegame.challenges.dodge import DodgeView  # noqa: E402
from balancegame.challenges.dual_task import DualTaskView, GateView  # noqa: E402
from balancegame.challenges.gaze import GazeView  # noqa: E402
from balancegame.challenges.quiet_stance import QuietStanceView  # noqa: E402
from balancegame.challenges.stepping import SteppingView  # noqa: E402
from balancegame.challenges.walls import WallView  # noqa: E402
from balancegame.challenges.weight_shift import WeightShiftView  # noqa: E402
from balancegame.game import views  # noqa: E402
from balancegame.game.display import open_display  # noqa: E402
from balancegame.game.motion import Motion  # noqa: E402
from balancegame.messages import Side  # noqa: E402
from balancegame.prescription.library import LevelLibrary  # noqa: E402

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
        "countdown": ("obstacle_dodge", DodgeView((), 10.0), {"countdown_left_s": 2.2}),
    }


def draw_level(surface, ctx, kind, challenge, fields, motion) -> None:
    base = dict(countdown_left_s=0.0, time_left_s=83.0, score=(2, 3), feedback=None,
                displacement_cm=0.0, present=True, tracked=ctx.tracker.latest())
    screen = views.LevelScreen(kind, "Level", **{**base, **fields}, challenge=challenge,
                               motion=motion)
    views.draw_level(surface, screen, ctx.camera_view)


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
            "end": (EndScene, 0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("/tmp/theme-shots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    display = open_display(headless=False, windowed=True)
    surface = display.surface
    library = LevelLibrary.shipped()
    with tempfile.TemporaryDirectory() as tmp, session(Path(tmp) / "s.sqlite3",
                                                        [library.level("dodge-gentle")]) as (
                                                            ctx, _):
        ctx.pull_signals()
        ctx.clock.advance(0.5)
        ctx.pull_signals()
        saved = []
        for name, (kind, challenge, fields) in level_states().items():
            for tag, motion in (("moving", Motion(True, 0.31)), ("calm", Motion(False, 0.31))):
                draw_level(surface, ctx, kind, challenge, fields, motion)
                saved.append(_save(surface, args.out / f"{name}_{tag}.png"))
        for name, (make, age_s) in scene_shots(ctx).items():
            for tag, calm in (("moving", False), ("calm", True)):
                ctx.calm = calm
                scene = make(ctx)
                ctx.clock.advance(age_s + (math.pi / 10 if name == "title" else 0.0))
                scene.draw(surface)
                saved.append(_save(surface, args.out / f"{name}_{tag}.png"))
        print(f"{len(saved)} pictures in {args.out} (video driver: "
              f"{pygame.display.get_driver()})")
    pygame.quit()


def _save(surface: pygame.Surface, path: Path) -> Path:
    pygame.display.flip()
    pygame.image.save(surface, str(path))
    return path


if __name__ == "__main__":
    main()
