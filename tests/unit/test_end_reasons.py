"""Issue 9, point 14: the session's end row says how it ended (Ctrl-C, SIGTERM, an error)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.scripted_tracker import SignalTracker

from balancegame import app
from balancegame.clock import FakeClock
from balancegame.errors import SourceError, Terminated
from balancegame.game import loop as game_loop
from balancegame.prescription.library import LevelLibrary
from balancegame.session.storage import Database


def end_row_after(stop: BaseException, tmp_path: Path, monkeypatch, *, at_start: bool = False):
    def interrupted(*args, **kwargs):
        raise stop

    if at_start:  # before the first frame: the window is being opened
        monkeypatch.setattr(app, "_init_display", interrupted)
    else:
        monkeypatch.setattr(game_loop.GameLoop, "run", interrupted)
    clock = FakeClock()
    level = LevelLibrary.shipped().level("dodge-gentle")
    with Database.open(tmp_path / "log.sqlite3") as db:
        db.ensure_patient("P1")
        session_id = db.start_session("P1", source="puppet", app_version="t", seed=1,
                                      settings={})
        opts = app.SessionOptions(source="puppet", headless=True)
        with pytest.raises(type(stop)):
            app._play(opts, clock, SignalTracker(clock), db, db.path, session_id, [level],
                      [], 1, None)
        [session] = db.sessions()
    return session.status, session.end_reason


@pytest.mark.parametrize(("stop", "reason"), [
    (KeyboardInterrupt(), "stopped with Ctrl-C"),
    (Terminated(), "stopped by a termination signal (a logout, a shutdown or kill)"),
    (SourceError("The camera stopped sending pictures."),
     "stopped: The camera stopped sending pictures."),
    (ZeroDivisionError("x"), "program error (ZeroDivisionError)"),
])
@pytest.mark.parametrize("at_start", [False, True])
def test_the_end_row_says_what_stopped_the_session(stop, reason, at_start, tmp_path,
                                                   monkeypatch) -> None:
    assert end_row_after(stop, tmp_path, monkeypatch, at_start=at_start) == ("aborted", reason)
