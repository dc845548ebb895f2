"""``analyze``'s worker processes: a worker that dies, stalls or meets a bad file is a
clear error, never a hang.  Real worker processes (spawned, with MediaPipe) on a clip
made here; no recordings from outside the repository."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pytest
from sway_videos import SwayCase, write_case_video

from balancegame.analysis.parallel import track_in_processes
from balancegame.analysis.span import plan_spans
from balancegame.analysis.video import estimate_video
from balancegame.errors import AnalysisError, SourceError

NO_HANG_S = 120.0  # a hang fails the test instead of blocking the suite


def _outcome(fn) -> BaseException | object:
    """``fn()``'s result or exception, on a thread that must end within NO_HANG_S."""
    box: list = []

    def call() -> None:
        try:
            box.append(fn())
        except BaseException as exc:  # handed back to the test
            box.append(exc)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(NO_HANG_S)
    assert not thread.is_alive(), f"still waiting after {NO_HANG_S:.0f} s: a hang"
    return box[0]


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("workers") / "sway.mp4"
    write_case_video(SwayCase("w", 1.0, 0.5, duration_s=4.0, seed=2), path)
    return path


def _children() -> list[multiprocessing.process.BaseProcess]:
    """This process's analysis workers, in chunk order (named balancegame-analyze-K)."""
    return sorted((p for p in multiprocessing.active_children()
                   if p.name.startswith("balancegame-analyze")), key=lambda p: p.name)


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_a_clear_error(clip):
    killed: list[int] = []

    def progress(done: int, final: bool) -> None:  # the first poses have arrived
        if not killed and _children():
            victim = _children()[-1]
            killed.append(victim.pid)
            os.kill(victim.pid, signal.SIGKILL)

    result = _outcome(lambda: estimate_video(clip, jobs=2, min_parallel_frames=0,
                                             progress=progress))
    assert killed, "no worker process was started"
    assert isinstance(result, AnalysisError), result
    assert "stopped unexpectedly (killed by signal 9)" in result.message
    second = plan_spans(120, 30.0, 2)[1].keep_from  # the clip: 4 s at 30 fps
    assert f"for frames {second} to the end" in result.message  # which part of the file it had
    assert "--jobs 1" in result.hint
    assert _children() == []  # the other worker is stopped too


@pytest.mark.slow
def test_a_worker_that_stops_responding_is_stopped(clip):
    spans = plan_spans(120, 30.0, 2)
    frozen: list[int] = []

    def on_frames(n: int) -> None:
        if not frozen:
            victim = _children()[0]
            frozen.append(victim.pid)
            os.kill(victim.pid, signal.SIGSTOP)

    result = _outcome(lambda: track_in_processes(clip, spans, on_frames=on_frames,
                                                 stall_s=3.0))
    assert isinstance(result, AnalysisError), result
    assert "has not reported for 3 s" in result.message
    assert _children() == []


def test_a_file_a_worker_cannot_read_keeps_its_message(tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"not a video" * 100)
    result = _outcome(lambda: track_in_processes(junk, plan_spans(100, 30.0, 2)))
    assert isinstance(result, SourceError), result
    assert f"Cannot open {junk} as a video." == result.message
    assert "OpenCV can decode" in result.hint
