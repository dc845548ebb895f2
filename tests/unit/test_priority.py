"""Background threads (people watch, reaction-time worker) run after pose and the game."""

import os
import sys
import threading

import pytest

from balancegame.priority import BACKGROUND_NICE, lower_this_thread


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread nice values are Linux's")
def test_a_background_thread_is_lowered_and_the_caller_is_not():
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen = {}

    def work():
        lower_this_thread()
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen["nice"] >= BACKGROUND_NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread nice values are Linux's")
def test_the_reaction_time_worker_runs_lowered():
    from balancegame.game.onset_finder import OnsetFinder

    pool = OnsetFinder().executor()
    nice = pool.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
    assert nice.result(timeout=5) >= BACKGROUND_NICE
    pool.shutdown()


def test_the_sway_is_learnt_from_a_bounded_stretch_the_countdown_kept():
    """The model is fitted again at every trial: from the countdown and the newest quiet
    stretches up to QUIET_MAX_S, so its cost does not grow through a long level."""
    import numpy as np

    from balancegame.game.onset_finder import QUIET_MAX_S, OnsetFinder

    finder = OnsetFinder()
    countdown = (np.arange(0, 5, 1 / 30), np.zeros(150))
    finder._quiet = [countdown] + [(10.0 * i + np.arange(0, 1.5, 1 / 30), np.zeros(45))
                                   for i in range(1, 61)]
    quiet = finder.quiet_to_learn()
    assert quiet[0] is countdown and quiet[-1] is finder._quiet[-1]
    assert sum(t[-1] - t[0] for t, _ in quiet) <= QUIET_MAX_S
    assert len(quiet) > 10  # the newest 17 stretches of 1.5 s
