"""Shared fixtures; pygame always runs without a screen or sound card here."""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def user_levels_dir(tmp_path_factory, monkeypatch) -> Path:
    """The user folder of levels, empty and private to the test (not the developer's own),
    and the user's data folder too: the default database (``platformdirs``, XDG on Linux) is
    never the developer's, in this process or in a program a test starts."""
    from balancegame.prescription import library

    data = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    folder = data / "levels"
    monkeypatch.setattr(library, "user_levels_dir", lambda: folder)
    return folder


@pytest.fixture
def drawn_text(monkeypatch, screen):
    """Every line drawn, with its rectangle, while the fixture is in use."""
    lines: list[tuple[str, pygame.Rect]] = []
    from balancegame.game import theme

    original = theme.draw_text

    def recording(surface, text, *args, **kwargs):
        rect = original(surface, text, *args, **kwargs)
        lines.append((text, rect))
        return rect

    monkeypatch.setattr(theme, "draw_text", recording)
    return lines


@pytest.fixture
def shared_data() -> Path:
    """../shared/data (real recordings); tests using it skip when it is absent."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture
def screen():
    """A dummy-driver display; fonts cached by an earlier pygame session die with it."""
    from balancegame.game import theme

    pygame.init()
    theme.font.cache_clear()
    yield pygame.display.set_mode(theme.SCREEN_SIZE)
    pygame.quit()
    theme.font.cache_clear()


@pytest.fixture
def ctx_factory(tmp_path):
    """Game contexts over a fresh database each (dodge-gentle, a scripted body, headless)."""
    from helpers.scene_runner import ScriptedTracker

    from balancegame.clock import FakeClock
    from balancegame.game.context import GameContext
    from balancegame.prescription.library import LevelLibrary
    from balancegame.session.log import SessionLog
    from balancegame.session.storage import Database

    dbs = []

    def make():
        clock = FakeClock(0.0)
        db = Database.open(tmp_path / f"t{len(dbs)}.sqlite3")
        dbs.append(db)
        db.ensure_patient("p")
        sid = db.start_session("p", source="scripted", app_version="t", seed=1, settings={})
        level = LevelLibrary.shipped().level("dodge-gentle")
        return GameContext(clock=clock, tracker=ScriptedTracker(clock), log=SessionLog(db, sid),
                           levels=[level], seed=1, headless=True)

    yield make
    for db in dbs:
        db.close()
