"""Every shipped level and program plays to the end with the demo's simulated body.

The body is the demo puppet's own (PuppetBody: sway, minimum-jerk reactions
after 600 ms, head turns, marching), fed to the game as body signals on a fake
clock, so a whole level runs in well under a second and the same seed gives
the same log.  That the puppet's *frames* drive the real MediaPipe model is
shown in test_end_to_end.py and test_puppet.py; this test is about every level
file being playable.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers.puppet_play import play_to_end

from balancegame.prescription.library import LEVEL, PROGRAM, LevelLibrary
from balancegame.session.storage import Database

SHIPPED = LevelLibrary.shipped()  # only the shipped files: nothing of the user's


def play_level(level, db: Database, seed: int) -> list[tuple]:
    sid = play_to_end(level, db, seed)
    (run,) = db.level_runs(sid)
    assert run.status == "completed", (level.name, run.end_reason)
    assert db.sample_count(run.level_run_id) >= 30 * level["duration_s"] * 0.9
    return [(t.trial_index, t.direction, t.outcome, t.stimulus_onset_t_s, t.rt_ms)
            for t in db.trials(run.level_run_id)] + [("summary", _rounded(run.summary))]


def _rounded(obj):
    if isinstance(obj, float):
        return None if math.isnan(obj) else round(obj, 9)
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items() if k not in ("pose_hz",)}
    if isinstance(obj, list):
        return [_rounded(v) for v in obj]
    return obj


@pytest.mark.parametrize("entry", SHIPPED.files(LEVEL), ids=lambda e: e.name)
def test_shipped_level_plays_to_the_end_deterministically(entry, tmp_path):
    level = SHIPPED.load(entry.file, LEVEL)
    with Database.open(tmp_path / "a.sqlite3") as a, Database.open(tmp_path / "b.sqlite3") as b:
        first, second = play_level(level, a, seed=11), play_level(level, b, seed=11)
    assert first == second
    trials = first[:-1]
    if level.type in ("obstacle_dodge", "weight_shift") or level.options.get("mode") == "gate":
        # The puppet answers every challenge, after its 600 ms reaction time.
        assert trials and all(t[2] in ("avoided", "reached", "correct") for t in trials), trials
        rts = [t[4] for t in trials if t[4] is not None]
        assert rts and abs(float(np.median(rts)) - 600.0) < 1000 / 30, rts


@pytest.mark.parametrize("entry", SHIPPED.files(PROGRAM), ids=lambda e: e.name)
def test_every_level_of_every_program_plays(entry, tmp_path):
    program = SHIPPED.load(entry.file, PROGRAM)
    with Database.open(tmp_path / "p.sqlite3") as db:
        for step in {s.level.name: s for s in program.steps}.values():
            play_level(step.level, db, seed=3)
