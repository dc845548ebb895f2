"""The session writer: database writes on their own thread, so a slow disk never stalls a frame.

The game thread hands finished rows (:mod:`balancegame.session.storage.rows`: level
starts and ends, trials, events, batches of CoM samples, the session's end) to
:meth:`DatabaseWriter.write`, which only puts them on a queue.  The writer thread owns
the :class:`~balancegame.session.storage.Database` from :meth:`~DatabaseWriter.start` on
and writes each message as the database does: a trial, event or level start or end is
committed as soon as the thread takes it (with the samples buffered before it, in the
same transaction); samples at least every 2 s of capture time.  :meth:`~DatabaseWriter.close`
writes everything still queued, then closes the file.

What can go wrong, and what the game sees:

* **The disk fails** (full, read-only, gone): the thread stops writing and the error is
  raised in the game thread as a :class:`StorageError` by the next :meth:`write` (and by
  every later one) or by :meth:`close`; it is never only logged.
* **The disk is slow**: the queue absorbs it.  ``QUEUE_SIZE`` messages is about 30 s of a
  disk that takes nothing at all: the game hands over at most one sample batch per
  display frame (60/s) plus a few trials and events; each message holds a few rows,
  so a full queue is about 1 MB.
* **The queue is full**: :meth:`write` waits for room (counted in :class:`WriterStats`)
  for up to ``full_timeout_s``; if there is still none, it raises :class:`StorageError`
  instead of dropping the row unnoticed.
* **The process is killed** (kill -9, power cut): what is committed stays; lost are the
  level in progress and what was still queued, normally the last few milliseconds
  (the file is marked ``interrupted`` when next opened).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from balancegame.clock import Clock, MonotonicClock
from balancegame.errors import StorageError
from balancegame.session.storage.rows import Write

QUEUE_SIZE = 2048  # messages: ~30 s of a stalled disk at 60 messages/s (module docstring)
FULL_TIMEOUT_S = 10.0  # a write waits this long for room in a full queue
CLOSE_TIMEOUT_S = 60.0  # close() waits this long for the queue to be written
_STOP = object()


class WritableDatabase(Protocol):
    """What the writer needs of a :class:`Database` (tests wrap one)."""

    path: Path

    def write(self, message: Write) -> int | None: ...

    def reserve_level_run_id(self) -> int: ...

    def now_iso(self) -> str: ...

    def move_to_this_thread(self) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class WriterStats:
    written: int  # messages written to the database
    unsaved: int  # messages not written: the one whose write failed, and every later one
    queued: int  # messages waiting now
    queued_max: int  # most messages that were waiting at once
    full_waits: int  # writes that found the queue full and waited for room
    full_wait_s_max: float  # the longest such wait, s


class DatabaseWriter:
    """Owns a database for writing on its own thread; the game calls :meth:`write`.

    Build it on the thread that opened ``db`` once that thread is done with it (the
    session has started), then :meth:`start`; from then on only the writer thread
    uses ``db``, and :meth:`close` closes it.
    """

    def __init__(self, db: WritableDatabase, *, queue_size: int = QUEUE_SIZE,
                 full_timeout_s: float = FULL_TIMEOUT_S, clock: Clock | None = None) -> None:
        self._db = db
        self.path = db.path
        self._queue: queue.Queue = queue.Queue(maxsize=queue_size)
        self._full_timeout_s = full_timeout_s
        self._clock = clock or MonotonicClock()
        self._thread = threading.Thread(target=self._run, name="session-writer", daemon=True)
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._handed = self._written = self._unsaved = 0
        self._queued_max = self._full_waits = 0
        self._full_wait_s_max = 0.0
        self._error: StorageError | None = None
        self._error_reported = False
        self._closed = False

    # ---------------------------------------------------------------- game thread
    def start(self) -> None:
        self._thread.start()

    def write(self, message: Write) -> None:
        """Queue one message for writing; returns at once unless the queue is full."""
        self._raise_error()
        if self._closed:
            raise StorageError(f"The session log {self.path} is already closed.", self.path)
        try:
            self._queue.put_nowait(message)
        except queue.Full:
            self._wait_for_room(message)
        with self._lock:
            self._handed += 1
            self._queued_max = max(self._queued_max, self._queue.qsize())

    def reserve_level_run_id(self) -> int:
        return self._db.reserve_level_run_id()

    def now_iso(self) -> str:
        return self._db.now_iso()

    def wait_written(self, timeout_s: float) -> bool:
        """Wait until every message handed over so far has been written (samples may
        still be buffered); False on timeout.  Raises the writer's error."""
        with self._idle:
            target = self._handed
            done = self._idle.wait_for(
                lambda: self._written + self._unsaved >= target or self._error is not None,
                timeout_s)
        self._raise_error()
        return done

    def stats(self) -> WriterStats:
        with self._lock:
            return WriterStats(self._written, self._unsaved, self._queue.qsize(),
                               self._queued_max, self._full_waits, self._full_wait_s_max)

    def close(self, timeout_s: float = CLOSE_TIMEOUT_S) -> None:
        """Write everything queued, close the database, then raise any error not yet
        raised.  Safe to call twice."""
        if not self._closed:
            self._closed = True
            if self._thread.is_alive():
                deadline_s = self._clock.now_s() + timeout_s
                with contextlib.suppress(queue.Full):  # stuck: the join below says so
                    self._queue.put(_STOP, timeout=timeout_s)
                self._thread.join(max(0.0, deadline_s - self._clock.now_s()))
            else:
                self._db.close()  # never started: still this thread's
            if self._thread.is_alive():
                self._fail(StorageError(
                    f"Saving to {self.path} did not finish within {timeout_s:g} s; "
                    f"{self._queue.qsize()} records still waiting were not saved. What was "
                    "saved before is kept; check the disk (a network folder, antivirus).",
                    self.path))
        if self._error is not None and not self._error_reported:
            self._raise_error()

    def _wait_for_room(self, message: Write) -> None:
        t0_s = self._clock.now_s()
        with self._lock:
            self._full_waits += 1
        try:
            self._queue.put(message, timeout=self._full_timeout_s)
            room = True
        except queue.Full:
            room = False
        with self._lock:
            self._full_wait_s_max = max(self._full_wait_s_max, self._clock.now_s() - t0_s)
        if not room:
            self._fail(StorageError(
                f"The disk holding {self.path} has taken no data for "
                f"{self._full_timeout_s:g} s, so the session stops here rather than lose "
                "results unnoticed. What was saved before is kept; check the disk (free "
                "space, a network folder, antivirus) and start again.", self.path))
            self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            self._error_reported = True
            raise self._error

    def _fail(self, error: StorageError) -> None:
        with self._lock:
            if self._error is None:
                self._error = error
            elif error is not self._error:
                self._error.add_note(f"Then: {error}")
            self._idle.notify_all()

    # ---------------------------------------------------------------- writer thread
    def _run(self) -> None:
        self._db.move_to_this_thread()
        failed = False  # after a failed write nothing more is written: rows may depend on it
        try:
            while (message := self._queue.get()) is not _STOP:
                written = False
                if not failed:
                    try:
                        self._db.write(message)
                        written = True
                    except BaseException as exc:  # every failure reaches the game
                        failed = True
                        self._fail(_as_storage_error(exc, self.path))
                with self._lock:
                    if written:
                        self._written += 1
                    else:
                        self._unsaved += 1
                    self._idle.notify_all()
        finally:
            try:
                self._db.close()  # writes the samples still buffered
            except BaseException as exc:
                self._fail(_as_storage_error(exc, self.path))


def _as_storage_error(exc: BaseException, path: Path) -> StorageError:
    if isinstance(exc, StorageError):
        exc.hint = exc.hint or "Results handed over after this one were not saved."
        return exc
    error = StorageError(f"Saving to {path} failed ({type(exc).__name__}: {exc}). Results "
                         "saved before this are kept; later ones of this session are not.",
                         path)
    error.__cause__ = exc
    return error
