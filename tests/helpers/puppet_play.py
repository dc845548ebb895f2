"""Playing a level to its end with the demo puppet's simulated body, on a fake clock.

The body is the demo puppet's own (PuppetBody: sway, minimum-jerk reactions after
600 ms, head turns, marching), fed to the game as body signals at 30 Hz, so a whole
level runs in well under a second and the same seed gives the same log.  Used by
tests/integration/test_shipped_levels_play.py and by the export tests, which need level
runs with real summaries of every challenge type, and by the report tests
(:func:`play_session`: several levels in one session, with the person out of view for a
while, as the tracker reports it).
"""

from __future__ import annotations

import numpy as np
import pygame

from balancegame.clock import FakeClock
from balancegame.demo.puppet import PuppetBody
from balancegame.game.context import GameContext
from balancegame.game.scenes.level import LevelScene
from balancegame.session.log import SessionLog
from balancegame.session.storage import Database
from helpers.scripted_tracker import SignalTracker, signals

STEP_S = 1 / 120


def puppet_tracker(clock: FakeClock, body: PuppetBody,
                   absent: tuple[tuple[float, float], ...] = ()) -> SignalTracker:
    """Body signals at 30 Hz from the puppet body, as the tracker would publish them;
    nobody in view during the ``absent`` (start_s, end_s) spans of clock time."""

    def signals_at(t: float):
        if any(a <= t < b for a, b in absent):
            return None
        x = float(body.position_cm(t))
        yaw, (left, right) = body.head_and_feet(t)
        return signals(t, com_ml_cm=x, com_ml_raw_cm=x, trunk_lean_deg=float(body.lean_deg(t)),
                       scale_method="puppet body", bos_width_cm=25.0, bos_margin_cm=12.0,
                       head_yaw_deg=yaw, left_ankle_up_cm=left, right_ankle_up_cm=right)

    return SignalTracker(clock, signals_at)


def play_to_end(level, db: Database, seed: int, patient_id: str = "puppet") -> int:
    """One session of ``patient_id`` playing ``level`` until the level scene is done
    (the session is left open); returns its session id."""
    return play_session([level], db, seed, patient_id)


def play_session(levels, db: Database, seed: int, patient_id: str = "puppet", *,
                 absent: tuple[tuple[float, float], ...] = (), settings: dict | None = None,
                 before=None, clock: FakeClock | None = None,
                 spoken_keys: str = "yyyyn", spoken_every_s: float = 2.5) -> int:
    """One session of ``patient_id`` playing ``levels`` in order, each to its end (the
    session is left open); returns its session id.  ``absent``: spans of clock time (s)
    with nobody in view (the level pauses, and goes on when they are back);
    ``before(log, clock)``: run before the first level (a check-in answer); ``clock``: the
    session's clock (default: a new one at 0 s).  In a level counted out loud the
    supervisor's keys are pressed every ``spoken_every_s``, in the order of
    ``spoken_keys`` (y: correct, n: wrong), over and over."""
    clock = clock or FakeClock(0.0)
    body = PuppetBody(np.random.default_rng(seed))
    db.ensure_patient(patient_id)
    sid = db.start_session(patient_id, source="puppet body", app_version="test", seed=seed,
                           settings=settings or {})
    log = SessionLog(db, sid)
    if before is not None:
        before(log, clock)
    ctx = GameContext(clock=clock, tracker=puppet_tracker(clock, body, absent),
                      log=log, levels=list(levels), seed=seed,
                      on_stimulus=body.react, headless=True)
    keys = {"y": pygame.K_y, "n": pygame.K_n}
    for index, level in enumerate(levels):
        scene = LevelScene(ctx, index)
        limit_s = clock.now_s() + level["duration_s"] + level["countdown_s"] + 120
        spoken = level.type == "dual_task" and level.options.get("mode") == "spoken"
        i = 0
        while not scene.done and not scene.quit:
            clock.advance(STEP_S)
            scene.update(STEP_S, clock.now_s())
            if i % 2:
                scene.after_flip(clock.now_s())
            i += 1
            every = round(spoken_every_s / STEP_S)
            if spoken and i % every == 0:
                scene.handle_key(keys[spoken_keys[(i // every) % len(spoken_keys)]])
            assert clock.now_s() < limit_s, f"{level.name} did not finish"
    return sid
