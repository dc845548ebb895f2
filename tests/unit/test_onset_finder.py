"""game/onset_finder.py: what the reaction-time worker learns the patient's sway from."""

import numpy as np

from balancegame.game.onset_finder import QUIET_MAX_S, OnsetFinder


def test_the_sway_is_learnt_from_a_bounded_stretch_the_countdown_kept():
    """The model is fitted again at every trial: from the countdown and the newest quiet
    stretches up to QUIET_MAX_S, so its cost does not grow through a long level."""
    finder = OnsetFinder()
    countdown = (np.arange(0, 5, 1 / 30), np.zeros(150))
    finder._quiet = [countdown] + [(10.0 * i + np.arange(0, 1.5, 1 / 30), np.zeros(45))
                                   for i in range(1, 61)]
    quiet = finder.quiet_to_learn()
    assert quiet[0] is countdown and quiet[-1] is finder._quiet[-1]
    assert sum(t[-1] - t[0] for t, _ in quiet) <= QUIET_MAX_S
    assert len(quiet) > 10  # the newest 17 stretches of 1.5 s
