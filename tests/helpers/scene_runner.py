"""Driving a level scene headless: a scripted body, fixed rule steps, a flip every 2 steps."""

from __future__ import annotations

from helpers.scripted_tracker import SignalTracker, signals

STEP_S = 1 / 120


class ScriptedTracker(SignalTracker):
    """30 Hz body signals from ``position_cm(t)``; ``None`` = nobody in view."""

    def __init__(self, clock, **timing):
        super().__init__(clock, **timing)
        self.position_cm = lambda t: 0.0
        self.vertical_cm = lambda t: 100.0

    def signals_at(self, t):
        x = self.position_cm(t)
        if x is None:
            return None
        return signals(t, com_ml_cm=x, com_ml_raw_cm=x, com_vertical_cm=self.vertical_cm(t))


def run(clock, scene, seconds, on_step=None):
    """Advance the scene; a 'flip' after every 2 rule steps (60 FPS)."""
    for i in range(int(round(seconds / STEP_S))):
        clock.advance(STEP_S)
        scene.update(STEP_S, clock.now_s())
        if scene.quit or scene.done:
            return
        if i % 2:
            scene.after_flip(clock.now_s())
        if on_step:
            on_step()
