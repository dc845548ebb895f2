"""Issue 8, item 2.4: the game's window asks for vsync, opens without it where SDL refuses,
and the session stores whether it was granted."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from helpers.scripted_tracker import SignalTracker

from balancegame import app
from balancegame.clock import FakeClock
from balancegame.game import display, theme
from balancegame.game import loop as game_loop
from balancegame.prescription.library import LevelLibrary
from balancegame.session.storage import Database


@pytest.fixture
def fresh_pygame():
    yield
    pygame.quit()
    theme.font.cache_clear()


def test_headless_opens_no_window_and_no_vsync(fresh_pygame) -> None:
    shown = display.open_display(headless=True, windowed=False)
    assert shown.surface.get_size() == theme.SCREEN_SIZE
    assert (shown.seen, shown.vsync) == (False, False)
    assert display.display_settings(shown) == {"vsync": False, "display_driver": "dummy",
                                               "window_shown": False}


def test_a_refused_vsync_opens_the_window_without_it(fresh_pygame, monkeypatch) -> None:
    pygame.display.init()
    real = pygame.display.set_mode
    calls = []

    def set_mode(size, flags=0, *args, vsync=0, **kwargs):
        calls.append(vsync)
        if vsync:
            raise pygame.error("vsync not available")  # as SDL says on some drivers
        return real(size)

    monkeypatch.setattr(pygame.display, "set_mode", set_mode)
    surface, vsync = display._set_mode(pygame.SCALED)
    assert calls == [1, 0] and vsync is False and surface.get_size() == theme.SCREEN_SIZE


def test_a_granted_vsync_is_reported(fresh_pygame, monkeypatch) -> None:
    pygame.display.init()
    real = pygame.display.set_mode
    monkeypatch.setattr(pygame.display, "set_mode",
                        lambda size, flags=0, *a, vsync=0, **k: real(size))
    assert display._set_mode(pygame.SCALED)[1] is True


@pytest.mark.filterwarnings("ignore:no fast renderer")  # pygame's, for the dummy driver
def test_no_screen_falls_back_without_vsync(fresh_pygame, capsys) -> None:
    # The dummy driver has no renderer: SCALED fails with and without vsync.
    shown = display.open_display(headless=False, windowed=True)
    assert (shown.seen, shown.vsync) == (False, False)
    assert "No screen available" in capsys.readouterr().out


def test_the_session_stores_and_returns_the_vsync_answer(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(game_loop.GameLoop, "run", lambda loop: loop.scene)  # no frames
    clock = FakeClock()
    level = LevelLibrary.shipped().level("dodge-gentle")
    with Database.open(tmp_path / "log.sqlite3") as db:
        db.ensure_patient("P1")
        session_id = db.start_session("P1", source="puppet", app_version="t", seed=1,
                                      settings={"seconds": 5})
        result = app._play(app.SessionOptions(source="puppet", headless=True), clock,
                           SignalTracker(clock), db, db.path, session_id, [level], [], 1, None)
        [session] = db.sessions()
    assert result.frame_stats["vsync"] is False
    assert session.settings == {"seconds": 5, "vsync": False, "display_driver": "dummy",
                                "window_shown": False}
