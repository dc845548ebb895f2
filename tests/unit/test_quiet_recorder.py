"""A screen's standing kept as quiet stretches (game/session_quiet.QuietRecorder)."""

from __future__ import annotations

import numpy as np
from helpers.scripted_tracker import signals

from balancegame.game.session_quiet import GAP_S, MIN_STRETCH_S, QuietRecorder


def _run(t0, t1, fps=30.0):
    return [signals(t, com_ml_raw_cm=0.1 * np.sin(t)) for t in np.arange(t0, t1, 1 / fps)]


def test_present_samples_in_time_order_make_one_stretch():
    rec = QuietRecorder()
    rec.add(_run(0.0, 2.0))
    rec.add(_run(2.0, 4.0))
    (t, x), = rec.stretches()
    assert t[0] == 0.0 and t[-1] > 3.9 and np.all(np.diff(t) > 0)
    assert np.allclose(x, 0.1 * np.sin(t))


def test_a_hold_cuts_the_standing_and_its_samples_are_not_kept():
    rec = QuietRecorder()
    rec.add(_run(0.0, 2.0))
    rec.add(_run(2.0, 3.0), held=True)  # "Are you all right?" on screen: not standing quietly
    rec.add(_run(3.0, 5.0))
    pieces = rec.stretches()
    assert len(pieces) == 2
    assert pieces[0][0][-1] < 2.0 and pieces[1][0][0] >= 3.0


def test_a_gap_in_tracking_cuts_and_short_pieces_are_dropped():
    rec = QuietRecorder()
    rec.add(_run(0.0, 1.0))  # shorter than a stimulus' baseline: dropped
    rec.add([signals(1.2, present=False), signals(1.3, present=False)])  # absent: skipped
    rec.add(_run(1.0 + GAP_S + 0.1, 4.0))
    (t, _), = rec.stretches()
    assert t[0] > 1.0 + GAP_S and t[-1] - t[0] >= MIN_STRETCH_S


def test_samples_not_after_the_last_one_are_ignored():
    rec = QuietRecorder()
    rec.add(_run(0.0, 2.0))
    rec.add([signals(1.0, com_ml_raw_cm=50.0), signals(1.95, com_ml_raw_cm=50.0)])
    (t, x), = rec.stretches()
    assert np.all(np.diff(t) > 0) and np.all(np.abs(x) < 1.0)
