"""Calibration, second part: the limits of stability (calibrating/protocol.py).

For each direction the camera measures (left and right; one of them for a one-sided
calibration), three tries: come back to the middle, then lean towards the ring as far as
is safe without stepping, then back.  The best try of each direction is the limit.  The
screen says that forward and back are not measured.  A suspected loss of balance stops
the test at once and calmly ("Stop and rest"); a step out of view ends it; a try with a
step does not count.  Only a test in which every direction measured stores limits.
"""

from __future__ import annotations

from datetime import datetime

import pygame

from balancegame.calibrating.limits import directions_for
from balancegame.calibrating.protocol import LIMIT_HOLD_S, SIGN, LosProtocol
from balancegame.calibrating.record import LIMITS, PROTOCOL_VERSION, Calibration
from balancegame.game import backdrop, theme
from balancegame.game.calibration_drawing import draw_footer, draw_track, draw_words
from balancegame.game.calibration_state import stop_problem
from balancegame.game.context import GameContext
from balancegame.game.scenes.base import Screen
from balancegame.game.scenes.neutral_stance import STOPPED, STOPPED_KEYS
from balancegame.messages import Side, Stimulus

# Where the ring is drawn: the textbook adult's limit (weight_shift.toml), a smaller trunk
# lean seated (a guess; it only places the ring, the patient leans as far as is safe).
TARGET_CM = {"standing": 12.0, "seated": 8.0}
NOT_MEASURED_SAY = "Forward and back are not measured: the camera sees only side to side."
BACK_WORDS = {  # after a try: (large, under it)
    "measured": ("Good! Now come back to the middle", "Try {n} of 3 done"),
    "stepped": ("A foot moved: that try does not count", "Keep your feet still"),
    "no_movement": ("No lean was seen", "Come back to the middle"),
    "wrong_way": ("That was the other way", "Come back to the middle"),
}


class LimitsScene(Screen):
    def __init__(self, ctx: GameContext) -> None:
        super().__init__(ctx)
        self.state = ctx.calibration
        neutral = self.state.neutral
        if neutral is None or not neutral.ok:
            raise ValueError("the limits of stability need a neutral stance first")
        target = TARGET_CM[self.state.mode]
        directions = directions_for(self.state.side_now)
        self.protocol = LosProtocol(
            directions, neutral.middle_cm, neutral.threshold_cm,
            {d: target for d in directions}, check_feet=self.state.mode == "standing",
            neutral=neutral.results, side=self.state.side_now)
        self.stopped = False  # a suspected loss of balance: waiting for Space
        self.shown_cm: float | None = None
        self.track_rect: pygame.Rect | None = None  # where the track was last drawn
        self._tries_logged = 0
        ctx.log.event("calibration_started", ctx.clock.now_s(),
                      {"kind": LIMITS, "directions": list(directions), "mode": self.state.mode})

    def on_key(self, key: int) -> None:
        if self.stopped and key == pygame.K_SPACE:
            self.ctx.safety.acknowledge()
            self.done = True

    def update(self, dt_s: float, now_s: float) -> None:
        """Its own safety: a fall stops the test (no hold and resume)."""
        new = self.ctx.pull_signals()
        if self.confirm_end or self.stopped or self.done:
            return
        p = self.protocol
        problem = stop_problem(self.ctx, now_s)
        if problem is not None:
            if problem == "lost_balance":
                self.ctx.log.event("fall_suspected", now_s, {"screen": self.name})
            p.stop(problem)
        else:
            p.step(dt_s, new)
        self._log_tries(now_s)
        if p.phase == "done":
            self._finish(now_s)

    def _log_tries(self, now_s: float) -> None:
        done = [(d, i, t) for d, ts in self.protocol.tries.items() for i, t in enumerate(ts)]
        for direction, i, t in done[self._tries_logged:]:
            self.ctx.log.event("calibration_try", now_s, {
                "direction": direction, "try": i + 1, "outcome": t.outcome,
                "max_excursion_cm": t.max_excursion_cm, "max_away_cm": t.max_away_cm,
                **{k: v for k, v in t.measures.items() if v is not None}})
        self._tries_logged = len(done)

    def _finish(self, now_s: float) -> None:
        outcome = self.protocol.outcome
        if outcome is None or not outcome.ok:
            problem = outcome.problem if outcome else "no_movement"
            self.state.failure = problem
            self.ctx.log.event("calibration_failed", now_s, {
                "kind": LIMITS, "problem": problem,
                "direction": outcome.direction if outcome else None,
                "stored": "nothing"})
            self.stopped = problem == "lost_balance"
            self.done = not self.stopped
            return
        created = datetime.fromisoformat(self.ctx.log.calibration(
            patient_id=self.ctx.patient_id, kind=LIMITS, schema_version=PROTOCOL_VERSION,
            mode=self.state.mode, side=self.state.side_now,
            camera_setup=self.state.camera_setup or {}, results=outcome.results))
        self.state.new = Calibration(LIMITS, created, self.state.mode, self.state.side_now,
                                     dict(self.state.camera_setup or {}), outcome.results)
        self.ctx.log.event("calibration_measured", now_s, {
            "kind": LIMITS, "limits_cm": {d: f["value"]
                                          for d, f in outcome.results["limits"].items()},
            "stored": True})
        self.done = True

    def after_flip(self, t_flip_s: float) -> None:
        p = self.protocol
        if p.phase == "reach" and p.t_shown_pending:
            t_onset = t_flip_s + self.ctx.display_delay.correction_s
            p.shown(t_onset)
            self.ctx.on_stimulus(Stimulus(
                trial_id=p.index, kind="limits_of_stability", t_onset_s=t_flip_s,
                direction=Side.LEFT if p.direction == "left" else Side.RIGHT,
                distance_cm=p.target_cm[p.direction], hold_s=LIMIT_HOLD_S + 1.0,
                hold_from="arrival", extra={"direction_label": p.direction}))

    def before_draw(self, t_flip_s: float) -> None:
        com_cm = self.ctx.feedback.at(t_flip_s + self.ctx.display_delay.correction_s)
        self.shown_cm = None if com_cm is None else com_cm - self.protocol.middle_cm

    def prompt(self) -> tuple[str, ...]:
        return (self._words()[0],)

    def _words(self) -> tuple[str, str]:
        p = self.protocol
        if self.stopped:
            return STOPPED
        seated = self.state.mode == "seated"
        if p.phase == "reach":
            return (f"Lean to your {p.direction} as far as you safely can",
                    f"{'Upper body only, stay seated' if seated else 'Keep your feet still'}."
                    f"  Try {p.try_number} of 3")
        if p.phase == "back" and p.last is not None:
            big, small = BACK_WORDS[p.last.outcome]
            return big, small.format(n=p.try_number)
        return ("Sit up straight in the middle" if seated
                else "Come back to the middle and stand still"), NOT_MEASURED_SAY

    def _shown(self) -> float | None:
        if self.shown_cm is not None:
            return self.shown_cm
        latest = self.ctx.tracker.latest()
        ok = latest is not None and latest.signals.present
        return latest.signals.com_ml_cm - self.protocol.middle_cm if ok else None

    def draw_screen(self, surface: pygame.Surface) -> None:
        backdrop.paint(surface)
        big, small = self._words()
        if self.stopped:
            draw_words(surface, big, small, colour=theme.YELLOW, y=260)
            draw_footer(surface, STOPPED_KEYS)
            return
        p = self.protocol
        y = draw_words(surface, big, small, colour=theme.YELLOW if p.phase == "reach"
                       else theme.TEXT)
        sign = SIGN[p.direction]
        reach = p.phase == "reach"
        self.track_rect = draw_track(
            surface, self._shown(), target_cm=sign * p.target_cm[p.direction] if reach
            else None, furthest_cm=sign * p.best_cm if reach else None, below_y=y)
        draw_footer(surface, "Measuring your balance: part 2 of 2.  Esc: finish")
