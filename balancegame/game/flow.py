"""The order of the screens of a session, in one place.

title (-> T: the therapist PIN -> therapist mode -> the title again) ->
(two-hour-rule check-in, for a returning patient) -> camera check
(-> the display-delay check and back, when the therapist presses L) ->
(a calibration, when a level uses the patient's limits and none holds: its intro ->
neutral stance -> limits of stability -> its result; game/calibration_state.py) ->
for each level of the plan: its instructions -> the level -> its results ->
(a rest, if the program prescribes one and another level follows) -> end.

No scene knows which comes next: each sets ``done`` and the game loop asks
:meth:`SessionFlow.after` for the following one.  The plan is read live from
the context (the check-in may make it lighter), so a new screen is one file
plus one branch here.
"""

from __future__ import annotations

from balancegame.game.context import GameContext
from balancegame.game.loop import Scene
from balancegame.game.scenes.calibration_intro import CalibrationIntroScene
from balancegame.game.scenes.calibration_result import CalibrationResultScene
from balancegame.game.scenes.camera_check import CameraCheckScene
from balancegame.game.scenes.checkin import CheckInScene
from balancegame.game.scenes.end import EndScene
from balancegame.game.scenes.latency_check import SetupLatencyCheck
from balancegame.game.scenes.level import LevelScene
from balancegame.game.scenes.level_intro import LevelIntroScene
from balancegame.game.scenes.limits_test import LimitsScene
from balancegame.game.scenes.neutral_stance import NeutralStanceScene
from balancegame.game.scenes.pin import PinScene
from balancegame.game.scenes.rest import RestScene
from balancegame.game.scenes.results import ResultsScene
from balancegame.game.scenes.therapist_menu import TherapistScene
from balancegame.game.scenes.title import TITLE_PROMPT, TitleScene
from balancegame.game.views import usual_prompts as level_prompts


def usual_prompts(ctx: GameContext) -> list[tuple[str, ...]]:
    """What spoken instructions will most likely say in this session, in the order it
    comes, so that it can be made ready ahead (game/narrator.py)."""
    return [TITLE_PROMPT, *((lv.title, lv.instructions) for lv in ctx.levels),
            *level_prompts([lv["countdown_s"] for lv in ctx.levels])]


class SessionFlow:
    def __init__(self, ctx: GameContext) -> None:
        self.ctx = ctx
        self.level_index = 0  # the level being introduced, played or just played

    def first(self) -> Scene:
        return TitleScene(self.ctx)

    def after(self, scene: Scene) -> Scene | None:
        """The screen that follows ``scene`` (which is done); None: the session is over."""
        ctx, i = self.ctx, self.level_index
        if isinstance(scene, TitleScene) and scene.wants_therapist:
            return PinScene(ctx)
        if isinstance(scene, PinScene) and scene.unlocked is not None:
            return TherapistScene(ctx, scene.unlocked)
        if isinstance(scene, PinScene | TherapistScene):
            return TitleScene(ctx)
        if isinstance(scene, TitleScene):
            return CheckInScene(ctx) if ctx.previous_sessions else CameraCheckScene(ctx)
        if isinstance(scene, CheckInScene | SetupLatencyCheck):
            return CameraCheckScene(ctx)
        if isinstance(scene, CameraCheckScene) and scene.wants_latency_check:
            return SetupLatencyCheck(ctx)
        if isinstance(scene, CameraCheckScene):
            return self._calibrate_or_play()
        if isinstance(scene, CalibrationIntroScene):
            return NeutralStanceScene(ctx)
        if isinstance(scene, NeutralStanceScene):
            return LimitsScene(ctx) if ctx.calibration.neutral else CalibrationResultScene(ctx)
        if isinstance(scene, LimitsScene):
            return CalibrationResultScene(ctx)
        if isinstance(scene, CalibrationResultScene):
            ctx.calibration.apply(ctx)
            return self._level_or_end(i)
        if isinstance(scene, RestScene):
            return self._level_or_end(i)
        if isinstance(scene, LevelIntroScene):
            return LevelScene(ctx, i)
        if isinstance(scene, LevelScene):
            return ResultsScene(ctx, ctx.summaries[-1] if ctx.summaries else {})
        if isinstance(scene, ResultsScene):
            self.level_index = i + 1
            rest_s = ctx.rests_s[i] if i < len(ctx.rests_s) else 0.0
            if self.level_index < len(ctx.levels) and rest_s > 0:
                return RestScene(ctx, rest_s, ctx.levels[self.level_index].title)
            return self._level_or_end(self.level_index)
        return None  # the end screen, or a screen this flow does not know

    def closing(self, ended: Scene) -> Scene | None:
        """After the session's time limit ended ``ended``: the results of a level it cut
        short (saved already, shown as "Stopped early"), then nothing more."""
        if isinstance(ended, LevelScene) and self.ctx.summaries \
                and self.ctx.summaries[-1].get("level") == ended.level.name:
            return ResultsScene(self.ctx, self.ctx.summaries[-1])
        return None

    def _calibrate_or_play(self) -> Scene:
        """A calibration first if a level needs the patient's limits and none holds; else
        the levels, scaled to the limits in force."""
        if self.ctx.calibration.needed(self.ctx.levels):
            return CalibrationIntroScene(self.ctx)
        self.ctx.calibration.apply(self.ctx)
        return self._level_or_end(self.level_index)

    def _level_or_end(self, index: int) -> Scene:
        if index < len(self.ctx.levels):
            return LevelIntroScene(self.ctx, self.ctx.levels[index])
        self.ctx.end_reason = self.ctx.end_reason or "all levels played"
        return EndScene(self.ctx)
