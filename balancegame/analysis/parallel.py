"""One recording tracked by several processes at once, joined in frame order.

Each process has its own MediaPipe Pose and reads its own chunk of the file
(:mod:`balancegame.analysis.span`); the parent only waits, shows progress and
joins. Why processes and not threads (MediaPipe releases the GIL during
inference): measured on 2 cores with the same per-frame code, 2 threads and 2
processes track equally fast (tracking alone, 3 rounds: 60 s recording
3.26-3.48x against 3.33-3.50x real time; 10 s 2.56-2.61x against 2.33-2.77x),
and processes cost about 1 s more CPU (each imports MediaPipe).
What they buy is isolation: a crash in native code, or the out-of-memory killer,
ends one chunk with a clear error instead of the whole program, and the Python
part of each frame never waits for another chunk's. (The threads ``analyze``
used before, 1.7-2.1x on 10 s and 2.9x on 60 s, were held back by waste removed
with this module, not by the GIL: a 2 ms colour conversion per frame, the frames
before the second chunk decoded twice, the first model built before any chunk
started, the geometry of every frame computed after the tracking.)

Processes are started with ``spawn`` (a fresh interpreter: no threads or
locks inherited, the same on Linux, macOS and Windows).  Each reports its
poses through a pipe; the parent holds no copy of the write end, so a worker
that dies (killed, out of memory, a crash in native code) shows as the end of
its pipe at once, and becomes an :class:`~balancegame.errors.AnalysisError`
naming the frames it had, never a hang.  A worker that stays silent for
STALL_S is stopped the same way.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from balancegame.analysis.span import Span, TrackedFrame, track_span
from balancegame.errors import AnalysisError, SourceError, UserError

STALL_S = 120.0  # no word from a worker for this long (it reports every 0.5 s): stuck
RETRY_HINT = ("Run it again; if it stops again, try --jobs 1 (one process, less memory) "
              "and tell the developers.")


def _worker_main(conn: Connection, path: str, span: Span, smooth_landmarks: bool,
                 look_every: int | None) -> None:
    """Body of a worker process.  It sends ("poses", [TrackedFrame, ...]) batches, then
    ("done",), or ("user_error", is_source_error, message, hint), or ("crash", traceback)."""
    try:
        track_span(Path(path), span, smooth_landmarks=smooth_landmarks,
                   on_poses=lambda batch: conn.send(("poses", batch)), look_every=look_every)
        conn.send(("done",))
    except UserError as exc:  # a file problem: the parent raises it as it is
        conn.send(("user_error", type(exc) is SourceError, exc.message, exc.hint))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; the parent reports
        pass
    except BaseException:  # a bug: its traceback goes to the parent, which re-raises
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()


@dataclass
class _Worker:
    k: int
    span: Span
    process: multiprocessing.process.BaseProcess
    conn: Connection
    frames: list[TrackedFrame]
    t_heard_s: float
    done: bool = False

    def frames_text(self) -> str:
        end = "the end" if self.span.stop is None else str(self.span.stop - 1)
        return f"frames {self.span.keep_from} to {end}"


def _exit_text(process: multiprocessing.process.BaseProcess) -> str:
    process.join(timeout=2.0)
    code = process.exitcode
    if code is None:
        return "still running, not responding"
    if code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}"


def _receive(w: _Worker, on_frames: Callable[[int], None]) -> None:
    try:
        message = w.conn.recv()
    except (EOFError, OSError):  # the pipe ended without "done": the process is gone
        raise AnalysisError(f"The analysis process for {w.frames_text()} stopped "
                            f"unexpectedly ({_exit_text(w.process)}).", RETRY_HINT) from None
    w.t_heard_s = time.monotonic()
    kind = message[0]
    if kind == "poses":
        w.frames.extend(message[1])
        on_frames(len(message[1]))
    elif kind == "done":
        w.done = True
    elif kind == "user_error":
        _, is_source, text, hint = message
        raise (SourceError if is_source else AnalysisError)(text, hint)
    else:
        raise RuntimeError(f"analysis process for {w.frames_text()} failed:\n{message[1]}")


def track_in_processes(path: Path, spans: list[Span], *, smooth_landmarks: bool = False,
                       look_every: int | None = None,
                       on_frames: Callable[[int], None] = lambda n: None,
                       meanwhile: Callable[[], object] | None = None,
                       stall_s: float = STALL_S) -> list[TrackedFrame]:
    """Every span tracked in its own process; the kept frames of all, in frame order
    (``look_every``: as :func:`~balancegame.analysis.span.track_span`).

    ``on_frames(n)`` is called in this process as n more frames are done;
    ``meanwhile()`` once the workers are started (they take about 0.6 s to import
    MediaPipe and report, so this process has that time for its own preparation).  Raises
    SourceError (the file), AnalysisError (a worker died or stalled) or RuntimeError
    (a bug in a worker, with its traceback); every worker is stopped on the way out.
    """
    ctx = multiprocessing.get_context("spawn")
    workers: list[_Worker] = []
    try:
        for k, span in enumerate(spans):
            recv, send = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_worker_main, name=f"balancegame-analyze-{k}",
                                  args=(send, str(path), span, smooth_landmarks, look_every),
                                  daemon=True)
            process.start()
            send.close()  # only the child holds the write end now: its death ends the pipe
            workers.append(_Worker(k, span, process, recv, [], time.monotonic()))
        if meanwhile is not None:
            meanwhile()
        while not all(w.done for w in workers):
            running = {w.conn: w for w in workers if not w.done}
            for conn in wait(list(running), timeout=0.25):
                _receive(running[conn], on_frames)
            for w in running.values():
                if not w.done and time.monotonic() - w.t_heard_s > stall_s:
                    raise AnalysisError(f"The analysis process for {w.frames_text()} has not "
                                        f"reported for {stall_s:.0f} s.", RETRY_HINT)
    finally:
        for w in workers:
            if w.process.is_alive():
                w.process.terminate()
        for w in workers:
            w.process.join(timeout=5.0)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
    return _joined(workers)


def _joined(workers: list[_Worker]) -> list[TrackedFrame]:
    """The chunks end to end; each must start where the one before ended."""
    frames: list[TrackedFrame] = []
    for w in workers:
        if w.frames and w.frames[0].pose.frame_index != len(frames):
            raise RuntimeError(f"chunk {w.k} starts at frame {w.frames[0].pose.frame_index}, "
                               f"expected {len(frames)}: a seek went wrong")
        frames.extend(w.frames)
    return frames
