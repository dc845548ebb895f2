"""The session writer thread: rows reach the disk in order, the game never waits for it
unless its queue is full, every failure reaches the game, a kill loses at most the level
in progress."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from balancegame.messages import BodySignals, Presence
from balancegame.prescription.library import LevelLibrary
from balancegame.session import storage
from balancegame.session.log import SessionLog
from balancegame.session.storage import Database, StorageError
from balancegame.session.writer import DatabaseWriter

LEVEL = LevelLibrary.shipped().level("dodge-gentle")
WAIT_S = 30.0  # generous bound for a thread to get going on a loaded machine; never reached


def sample(t_s: float, index: int) -> BodySignals:
    return BodySignals(t_capture_s=t_s, t_ready_s=t_s + 0.03, frame_index=index, present=True,
                       presence=Presence(ok=True), com_ml_cm=1.0)


def trial(index: int, onset_s: float = 1.0) -> dict:
    return dict(trial_index=index, kind="log", direction="left", distance_cm=10.0,
                stimulus_onset_t_s=onset_s, movement_onset_t_s=onset_s + 0.4,
                outcome="avoided", resolved_t_s=onset_s + 1.0)


def open_session(path: Path, **open_args) -> tuple[Database, int]:
    db = Database.open(path, **open_args)
    db.ensure_patient("P1")
    return db, db.start_session("P1", source="test", app_version="0", seed=1, settings={})


def count(path: Path, table: str) -> int:
    """Rows on disk, through a second connection (as after a crash)."""
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def wait_until(condition, what: str) -> None:
    """Wait for another thread to reach a state (a condition, not an amount of time)."""
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.001)


class StalledDisk:
    """A Database whose writes wait until the test opens ``gate``: a disk that stalls."""

    def __init__(self, db: Database) -> None:
        self.db, self.path = db, db.path
        self.gate, self.entered = threading.Event(), threading.Event()

    def write(self, message):
        self.entered.set()
        assert self.gate.wait(WAIT_S), "the test never opened the gate"
        return self.db.write(message)

    def __getattr__(self, name: str):
        return getattr(self.db, name)


def full_disk() -> type[sqlite3.Connection]:
    """A connection class whose COMMITs fail with SQLite's disk-full error once ``full`` is set."""

    class Disk(sqlite3.Connection):
        full = threading.Event()

        def execute(self, sql: str, *args):
            if sql == "COMMIT" and self.full.is_set():
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *args)

    return Disk


# ---------------------------------------------------------------- what is written
def test_a_session_logged_through_the_thread_is_all_on_disk_after_close(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    db, earlier = open_session(path)
    old_run = db.start_level_run(earlier, level_name="x", level_file="x.toml",
                                 level_definition="", difficulty={}, started_t_s=0.0,
                                 scale_method="height", cm_per_px=None)
    db.end_session(earlier, "completed")
    sid = db.start_session("P1", source="test", app_version="0", seed=2, settings={})
    writer = DatabaseWriter(db)
    writer.start()
    log = SessionLog(writer, sid)
    run1 = log.start_level(LEVEL, 10.0, "height", 0.25)
    log.samples(run1, [sample(10.0 + k / 30, k) for k in range(30)])
    log.samples(run1, [])  # a frame without new samples hands over nothing
    log.trial(run1, **trial(0, 10.5))
    log.event("pause", 11.0, {"why": "test"}, run1)
    log.end_level(run1, "completed", "all walls passed", 12.0, {"n_trials": 1})
    run2 = log.start_level(LEVEL, 13.0, "height", 0.25)
    log.end_session("completed", "therapist ended the session")
    writer.close()
    assert (run1, run2) == (old_run + 1, old_run + 2)  # ids known before the rows were written
    stats = writer.stats()
    assert (stats.written, stats.unsaved, stats.queued, stats.full_waits) == (7, 0, 0, 0)
    with Database.open(path, read_only=True) as ro:
        session = ro.sessions()[-1]
        assert session.status == "completed" and session.ended_utc is not None
        first, second = ro.level_runs(sid)
        assert (first.level_run_id, first.status, first.summary) == (run1, "completed",
                                                                      {"n_trials": 1})
        assert (second.level_run_id, second.status) == (run2, "aborted")  # closed by the end
        assert [t.rt_ms for t in ro.trials(run1)] == pytest.approx([400.0])  # ms
        assert [e.kind for e in ro.events(sid)] == ["pause"]
        assert ro.sample_count(run1) == 30


def test_the_game_never_waits_for_a_stalled_disk(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    db, sid = open_session(path)
    disk = StalledDisk(db)
    writer = DatabaseWriter(disk)
    writer.start()
    log = SessionLog(writer, sid)
    runs = [log.start_level(LEVEL, float(t), "height", 0.25) for t in range(3)]
    for run in runs:
        log.trial(run, **trial(0))
    assert disk.entered.wait(WAIT_S)  # the thread is inside its first write, held there
    assert runs == [1, 2, 3] and writer.stats().written == 0
    assert count(path, "level_run") == 0
    disk.gate.set()
    writer.close()
    with Database.open(path, read_only=True) as ro:
        assert [r.level_run_id for r in ro.level_runs(sid)] == runs
        assert [len(ro.trials(run)) for run in runs] == [1, 1, 1]


def test_a_trial_is_committed_when_taken_and_samples_every_two_seconds(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    db, sid = open_session(path)
    writer = DatabaseWriter(db)
    writer.start()
    log = SessionLog(writer, sid)
    run = log.start_level(LEVEL, 10.0, "height", 0.25)
    log.samples(run, [sample(10.0 + k / 30, k) for k in range(15)])  # 0.5 s: buffered
    assert writer.wait_written(WAIT_S)
    assert count(path, "com_sample") == 0
    log.trial(run, **trial(0, 10.0))
    assert writer.wait_written(WAIT_S)
    # The trial does not wait for a sample flush: it and the samples before it, at once.
    assert (count(path, "trial"), count(path, "com_sample")) == (1, 15)
    log.samples(run, [sample(10.5 + k / 30, 15 + k) for k in range(61)])  # 10.5 .. 12.5 s
    assert writer.wait_written(WAIT_S)
    assert count(path, "com_sample") == 15 + 61  # 2 s of capture time: flushed
    writer.close()


def test_mistakes_in_calls_raise_at_the_call_on_the_game_thread(tmp_path: Path) -> None:
    db, sid = open_session(tmp_path / "log.sqlite3")
    writer = DatabaseWriter(db)
    writer.start()
    log = SessionLog(writer, sid)
    run = log.start_level(LEVEL, 0.0, "height", 0.25)
    with pytest.raises(ValueError, match="direction"):
        log.trial(run, **{**trial(0), "direction": "sideways"})
    with pytest.raises(ValueError, match="status"):
        log.end_level(run, "done", "", 1.0, {})
    writer.close()
    assert writer.stats().written == 1  # only the level start was handed over


def test_the_database_belongs_to_the_writer_thread_once_started(tmp_path: Path) -> None:
    db, sid = open_session(tmp_path / "log.sqlite3")
    writer = DatabaseWriter(db)
    writer.start()
    assert writer.wait_written(WAIT_S)  # the thread has taken the database over
    with pytest.raises(RuntimeError, match="another thread"):
        db.sessions()
    writer.close()
    with pytest.raises(StorageError, match="already closed"):
        db.sessions()  # the writer closed it
    with pytest.raises(StorageError, match="already closed"):
        SessionLog(writer, sid).event("pause", 1.0)


# ---------------------------------------------------------------- a full queue
def test_a_full_queue_makes_the_game_wait_and_counts_it_nothing_is_dropped(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    db, sid = open_session(path)
    disk = StalledDisk(db)
    writer = DatabaseWriter(disk, queue_size=2, full_timeout_s=WAIT_S)
    writer.start()
    log = SessionLog(writer, sid)
    log.event("e0", 0.0)
    assert disk.entered.wait(WAIT_S)  # e0 is held at the disk; e1, e2 fill the queue
    log.event("e1", 1.0)
    log.event("e2", 2.0)
    assert (writer.stats().queued, writer.stats().full_waits) == (2, 0)
    game = threading.Thread(target=log.event, args=("e3", 3.0))
    game.start()
    wait_until(lambda: writer.stats().full_waits == 1, "the game to find the queue full")
    assert game.is_alive()  # waiting for room: the disk is still stalled
    disk.gate.set()
    game.join(WAIT_S)
    writer.close()
    stats = writer.stats()
    assert (stats.written, stats.full_waits, stats.queued_max) == (4, 1, 2)
    assert stats.full_wait_s_max > 0
    with Database.open(path, read_only=True) as ro:
        assert [e.kind for e in ro.events(sid)] == ["e0", "e1", "e2", "e3"]


def test_a_queue_that_stays_full_stops_the_session_with_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    db, sid = open_session(path)
    disk = StalledDisk(db)
    writer = DatabaseWriter(disk, queue_size=1, full_timeout_s=0.05)
    writer.start()
    log = SessionLog(writer, sid)
    log.event("e0", 0.0)
    assert disk.entered.wait(WAIT_S)
    log.event("e1", 1.0)  # the queue is full now
    with pytest.raises(StorageError, match="taken no data for 0.05 s") as info:
        log.event("e2", 2.0)
    assert str(path) in str(info.value)
    with pytest.raises(StorageError, match="taken no data"):
        log.event("e3", 3.0)  # and every later call, until the session ends
    disk.gate.set()
    writer.close()  # already reported: not raised again; what was queued is written
    with Database.open(path, read_only=True) as ro:
        assert [e.kind for e in ro.events(sid)] == ["e0", "e1"]


# ---------------------------------------------------------------- failures
def test_a_disk_error_on_the_thread_reaches_the_game(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    disk = full_disk()
    db, sid = open_session(path, connection_factory=disk)
    writer = DatabaseWriter(db)
    writer.start()
    log = SessionLog(writer, sid)
    run = log.start_level(LEVEL, 0.0, "height", 0.25)
    log.trial(run, **trial(0))
    assert writer.wait_written(WAIT_S)
    disk.full.set()
    log.trial(run, **trial(1))
    log.trial(run, **trial(2))
    with pytest.raises(StorageError, match="disk is full") as info:
        writer.wait_written(WAIT_S)
    assert str(path) in str(info.value) and "not saved" in info.value.hint
    with pytest.raises(StorageError, match="disk is full"):
        log.event("pause", 3.0)  # the game's next call
    writer.close()  # reported already
    assert writer.stats().unsaved == 2  # trial 1, which failed, and trial 2 after it
    disk.full.clear()
    with Database.open(path, read_only=True) as ro:
        assert [t.trial_index for t in ro.trials(run)] == [0]


def test_a_disk_error_not_yet_seen_is_raised_by_close(tmp_path: Path) -> None:
    disk = full_disk()
    db, sid = open_session(tmp_path / "log.sqlite3", connection_factory=disk)
    writer = DatabaseWriter(db)
    writer.start()
    disk.full.set()
    SessionLog(writer, sid).end_session("completed", "done")
    with pytest.raises(StorageError, match="disk is full"):
        writer.close()
    writer.close()  # twice is fine, and says nothing more


def test_a_bug_on_the_thread_is_a_storage_error_with_its_cause(tmp_path: Path) -> None:
    db, sid = open_session(tmp_path / "log.sqlite3")
    writer = DatabaseWriter(db)
    writer.start()
    log = SessionLog(writer, sid)
    run = log.start_level(LEVEL, 0.0, "height", 0.25)
    log.trial(run, **trial(0))
    log.trial(run, **trial(0))  # the same trial_index twice: the database refuses it
    with pytest.raises(StorageError, match="already has a trial") as info:
        writer.close()
    assert isinstance(info.value.__cause__, ValueError)


# ---------------------------------------------------------------- kill -9
KILLED_GAME = """
import os, signal, sys
from balancegame.messages import BodySignals, Presence
from balancegame.prescription.library import LevelLibrary
from balancegame.session.log import SessionLog
from balancegame.session.storage import Database
from balancegame.session.writer import DatabaseWriter

def samples(t0, n, first):
    return [BodySignals(t_capture_s=t0 + k / 30, t_ready_s=0.0, frame_index=first + k,
                        present=True, presence=Presence(ok=True), com_ml_cm=1.0)
            for k in range(n)]

def trial(i, t):
    return dict(trial_index=i, kind="log", direction="left", distance_cm=15.0,
                stimulus_onset_t_s=t, movement_onset_t_s=t + 0.3, outcome="avoided",
                resolved_t_s=t + 0.9)

db = Database.open(sys.argv[1])
db.ensure_patient("P001")
session_id = db.start_session("P001", source="puppet", app_version="0.1.0", seed=1, settings={})
writer = DatabaseWriter(db)
writer.start()
log = SessionLog(writer, session_id)
level = LevelLibrary.shipped().level("dodge-gentle")
done = log.start_level(level, 10.0, "height", 0.3)
for i in range(3):
    log.samples(done, samples(10.0 + i, 30, 30 * i))
    log.trial(done, **trial(i, 10.0 + i))
log.end_level(done, "completed", "all walls passed", 13.0, {"n_trials": 3})
running = log.start_level(level, 14.0, "height", 0.3)
log.samples(running, samples(14.0, 30, 90))
log.trial(running, **trial(0, 14.0))
log.samples(running, samples(15.0, 3, 120))  # buffered: lost in the kill
assert writer.wait_written(60)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no kill -9 here")
def test_kill_9_loses_at_most_the_level_in_progress(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(KILLED_GAME), str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr
    with Database.open(path) as db:
        [session] = db.sessions()
        done, running = db.level_runs(session.session_id)
        assert db.recovery == storage.Recovery((session.session_id,), (running.level_run_id,))
        assert session.status == "interrupted"
        assert (done.status, done.summary) == ("completed", {"n_trials": 3})
        assert [t.trial_index for t in db.trials(done.level_run_id)] == [0, 1, 2]
        assert db.sample_count(done.level_run_id) == 90
        assert running.status == "interrupted"
        assert [t.trial_index for t in db.trials(running.level_run_id)] == [0]
        assert db.sample_count(running.level_run_id) == 30  # the buffered 3 are lost
