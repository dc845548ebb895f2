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


def test_a_level_borrows_the_sessions_newest_quiet_standing_up_to_the_bound():
    """Earlier levels' quiet stretches fill this level's own up to QUIET_MAX_S, newest first;
    the session keeps a bounded amount, and nothing is lent before the countdown is in."""
    from balancegame.game.session_quiet import KEEP_S, SessionQuiet

    session = SessionQuiet()
    for level in range(40):  # 40 earlier levels of 3 s countdowns
        t0 = 100.0 * level
        session.add([(t0 + np.arange(0, 3, 1 / 30), np.zeros(90))])
    assert session.seconds <= KEEP_S
    finder = OnsetFinder(session)
    assert finder.borrowed_to_learn() == []  # no countdown yet
    finder._quiet = [(5000 + np.arange(0, 5, 1 / 30), np.zeros(150))]
    borrowed = finder.borrowed_to_learn()
    assert borrowed[0][0][0] == 3900.0  # the newest first
    own_s = 5.0 - 1 / 30
    assert own_s + sum(t[-1] - t[0] for t, _ in borrowed) <= QUIET_MAX_S
    assert len(borrowed) == 8  # 8 x 2.97 s fill the 25 s left
    assert OnsetFinder().borrowed_to_learn() == []  # no session: nothing to borrow
