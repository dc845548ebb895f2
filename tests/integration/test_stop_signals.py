"""Stopping the program from outside (SIGTERM: a logout, a shutdown, ``kill``) mid-session
is an orderly stop: the session writer's queue is written, the session's end row and
every trial are on disk."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from balancegame.session.storage import Database

STARTUP_S = 180.0  # the model loads and the demo reaches its first trial (~15 s when idle)


def trials_on_disk(db: Path) -> int:
    """Trials committed so far, read through a second connection; 0 before the file exists."""
    try:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return 0
    try:
        return con.execute("SELECT COUNT(*) FROM trial").fetchone()[0]
    except sqlite3.OperationalError:  # no tables yet
        return 0
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_mid_session_saves_the_end_row_and_every_trial(tmp_path: Path) -> None:
    db = tmp_path / "session.sqlite3"
    game = subprocess.Popen(
        [sys.executable, "-m", "balancegame", "demo", "--headless", "--db", str(db),
         "--seed", "4", "--seconds", "600"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + STARTUP_S
        while (seen := trials_on_disk(db)) == 0:
            assert game.poll() is None, game.communicate()[1]
            assert time.monotonic() < deadline, "the demo played no trial"
            time.sleep(0.2)  # polling another process's file: there is no clock to fake
        game.send_signal(signal.SIGTERM)
        _, err = game.communicate(timeout=120)
    finally:
        if game.poll() is None:
            game.kill()
            game.communicate()
    assert game.returncode == 128 + signal.SIGTERM, err
    assert "stopped; completed levels are saved" in err
    with Database.open(db, read_only=True) as ro:  # read-only: no crash recovery runs
        [session] = ro.sessions()
        assert session.status == "aborted" and session.ended_utc is not None
        assert "termination signal" in session.end_reason
        [run] = ro.level_runs(session.session_id)
        assert run.status == "aborted"  # the scene ends the level on the signal ...
        assert "termination signal" in run.end_reason
        assert run.summary["n_trials"] >= seen  # ... with its figures, as for Esc
        assert len(ro.trials(run.level_run_id)) >= seen
        assert ro.sample_count(run.level_run_id) > 0
