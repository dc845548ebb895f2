"""Calibration, first part: the neutral stance, a short quiet stand (calibrating/neutral.py).

"Stand still" (seated: "Sit still") with a countdown; then the middle, the patient's own
sway and the body scale are measured and stored.  Moving too much asks for a new try (up to
``ATTEMPTS``); out of view for ``AWAY_STOP_S``, a suspected loss of balance, someone else in
view, or the camera or computer failing stops the calibration calmly and nothing is stored
(the result screen says why, truly).
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from balancegame.body.scale import world_cm_per_px
from balancegame.calibrating.neutral import NEUTRAL_S, neutral_stance
from balancegame.calibrating.record import NEUTRAL, PROTOCOL_VERSION
from balancegame.game import backdrop, theme
from balancegame.game.calibration_drawing import draw_footer, draw_words
from balancegame.game.calibration_state import stop_problem
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import Screen

ATTEMPTS = 3
AWAY_STOP_S = 2.0
AGAIN_S = 3.0  # "You moved a little: again" is shown this long
WORDS = {
    "standing": ("Stand still and look at the screen", "Feet where they are, arms relaxed"),
    "seated": ("Sit still and look at the screen", "Sit upright, hands in your lap"),
}
AGAIN = ("You moved a little. Let's try again.", "Keep as still as you comfortably can")
STOPPED = ("Stop and rest", "Hold on to your chair or counter")
STOPPED_KEYS = "Are you all right?  Space: go on"


class NeutralStanceScene(Screen):
    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx)
        self.state = ctx.calibration
        self.attempt = 1
        self.phase = "still"  # still, again (a new try is coming), stopped (fall), done
        self.left_s = NEUTRAL_S
        self.again_s = 0.0
        self.away_s = 0.0
        self._rows: list[tuple] = []
        self._world: list[float] = []
        self._frame = -1
        self._new: list = []  # the body signals of this step
        ctx.log.event("calibration_started", ctx.clock.now_s(),
                      {"kind": NEUTRAL, "mode": self.state.mode, "side": self.state.side_now,
                       "why": self.state.verdict.why if self.state.verdict else ""})

    def on_key(self, key: int) -> None:
        if self.phase == "stopped" and key == pygame.K_SPACE:
            self.ctx.safety.acknowledge()
            self.done = True  # the failure is said on the result screen

    def prompt(self) -> tuple[str, ...]:
        words = {"again": AGAIN, "stopped": STOPPED}.get(self.phase, WORDS[self.state.mode])
        return words[:1]

    def _fail(self, problem: str, now_s: float) -> None:
        self.state.failure = problem
        self.ctx.log.event("calibration_failed", now_s, {"kind": NEUTRAL, "problem": problem})
        self.phase = "stopped" if problem == "lost_balance" else "done"
        self.done = problem != "lost_balance"

    def tick(self, dt_s: float, now_s: float) -> None:
        if self.phase in ("stopped", "done"):
            return
        problem = stop_problem(self.ctx, now_s)
        if problem is not None:
            if problem == "lost_balance":
                self.ctx.log.event("fall_suspected", now_s, {"screen": self.name})
            self._fail(problem, now_s)
            return
        if self.phase == "again":
            self.again_s -= dt_s
            if self.again_s <= 0:
                self.phase, self.left_s = "still", NEUTRAL_S
            return
        self._collect()
        latest = self.ctx.tracker.latest()
        present = latest is not None and latest.signals.present
        self.away_s = 0.0 if present else self.away_s + dt_s
        if self.away_s >= AWAY_STOP_S:
            self._fail("out_of_view", now_s)
            return
        self.left_s -= dt_s
        if self.left_s <= 0:
            self._measure(now_s)

    def update(self, dt_s: float, now_s: float) -> None:
        """Its own safety: a fall stops the calibration (no hold and resume)."""
        self._new = self.ctx.pull_signals()
        if not self.confirm_end:
            self.tick(dt_s, now_s)

    def _collect(self) -> None:
        for s in self._new:
            self._rows.append((s.t_capture_s, s.com_ml_cm, s.com_ml_raw_cm, s.present,
                               s.cm_per_px, s.scale_method))
        tracked = self.ctx.tracker.latest()
        if tracked is not None and tracked.pose.frame_index != self._frame:
            self._frame = tracked.pose.frame_index
            lm = tracked.pose.landmarks_px
            if lm is not None:
                self._world.append(world_cm_per_px(lm, tracked.pose.world_m))

    def _measure(self, now_s: float) -> None:
        rows = self._rows
        scales = [r[4] for r in rows if r[3] and math.isfinite(r[4])]
        method = next((r[5] for r in reversed(rows) if r[3] and r[5]), "")
        result = neutral_stance(
            np.array([r[0] for r in rows]), np.array([r[1] for r in rows]),
            np.array([r[2] for r in rows]), np.array([r[3] for r in rows], bool),
            cm_per_px=float(np.median(scales)) if scales else float("nan"),
            scale_method=method, world_cm_per_px=np.array(self._world), mode=self.state.mode)
        quiet = ([r[0] for r in rows if r[3] and math.isfinite(r[2])],
                 [r[2] for r in rows if r[3] and math.isfinite(r[2])])
        self._rows, self._world = [], []
        if result.problem == "not_still" and self.attempt < ATTEMPTS:
            self.attempt += 1
            self.phase, self.again_s = "again", self.ctx.seconds(AGAIN_S, 0.5)
            self.ctx.log.event("calibration_retry", now_s, {"kind": NEUTRAL,
                                                            "attempt": self.attempt})
            return
        if not result.ok:
            self._fail(result.problem, now_s)
            return
        self.state.neutral = result
        self.ctx.quiet_standing.add([quiet])  # the levels' sway models may borrow it
        self.ctx.log.event("calibration_measured", now_s, {"kind": NEUTRAL})
        self.ctx.log.calibration(
            patient_id=self.ctx.patient_id, kind=NEUTRAL, schema_version=PROTOCOL_VERSION,
            mode=self.state.mode, side=self.state.side_now,
            camera_setup=self.state.camera_setup or {}, results=result.results)
        self.phase, self.done = "done", True

    def draw_screen(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        if self.phase == "stopped":
            draw_words(surface, *STOPPED, colour=theme.YELLOW, y=260)
            draw_footer(surface, STOPPED_KEYS)
            return
        big, small = AGAIN if self.phase == "again" else WORDS[self.state.mode]
        y = draw_words(surface, big, small, colour=theme.YELLOW if self.phase == "again"
                       else theme.TEXT)
        if self.phase == "still":
            theme.draw_text(surface, f"{math.ceil(max(self.left_s, 0.0)):d}", theme.HUGE,
                            theme.GOOD_TEXT, (w // 2, max(y + 110, 430)))
        draw_footer(surface, "Measuring your balance: part 1 of 2")
