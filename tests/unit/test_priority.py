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
