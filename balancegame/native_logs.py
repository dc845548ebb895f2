"""Silencing native libraries' start-up chatter on stderr."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Hide what native code writes to stderr during a start-up step.

    TFLite and absl print INFO/WARNING lines when MediaPipe builds its graph
    ("Created TensorFlow Lite XNNPACK delegate", "Feedback manager requires a
    model with a single signature"), ALSA prints a page of errors when SDL
    probes for a sound card that is not there; to a therapist they read like
    failures, and neither library offers a switch.  Use only around brief
    start-up steps: fd 2 is process-wide, so what another thread writes
    meanwhile is hidden too.  Set BALANCEGAME_NATIVE_LOGS=1 to see them.
    """
    if os.environ.get("BALANCEGAME_NATIVE_LOGS"):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
