"""Driving a level scene headless: a scripted body, fixed rule steps, a flip every 2 steps."""

from __future__ import annotations

from contextlib import contextmanager

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


@contextmanager
def session(path, levels, tracker=None, clock=None, **context):
    """A database with one patient and one session, and the game context over it.

    Yields (ctx, db); ``context`` goes to GameContext (headless by default).
    """
    from balancegame.clock import FakeClock
    from balancegame.game.context import GameContext
    from balancegame.session.log import SessionLog
    from balancegame.session.storage import Database

    clock = clock or FakeClock(0.0)
    tracker = tracker or ScriptedTracker(clock)
    with Database.open(path) as db:
        db.ensure_patient("p1")
        sid = db.start_session("p1", source="scripted", app_version="test", seed=1, settings={})
        yield GameContext(clock=clock, tracker=tracker, log=SessionLog(db, sid),
                          levels=list(levels), seed=context.pop("seed", 1),
                          headless=context.pop("headless", True), **context), db


def run_level(clock, scene, seconds, draw_on=None):
    """Like :func:`run`, drawing on ``draw_on`` every 12th step when given."""
    steps = [0]

    def draw():
        steps[0] += 1
        if draw_on is not None and steps[0] % 12 == 1:
            scene.draw(draw_on)

    run(clock, scene, seconds, on_step=draw)
