"""Background threads that yield to pose and the game when the two cores are busy.

On Linux a thread's nice value is its own (``setpriority`` on its native id), and threads it
starts inherit it; elsewhere nothing changes.  Used by the people watch (a detector check
every 0.4 s) and the reaction-time worker (up to a few hundred ms of fitting per trial), so
neither takes a core from the pose thread or the game loop that is waiting for one.
"""

from __future__ import annotations

import contextlib
import os
import threading

BACKGROUND_NICE = 10


def lower_this_thread(nice: int = BACKGROUND_NICE) -> None:
    """Give the calling thread (and the threads it starts) a lower priority."""
    if hasattr(os, "setpriority") and hasattr(threading, "get_native_id"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
