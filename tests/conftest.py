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
    """The user folder of levels, empty and private to the test (not the developer's own)."""
    from balancegame.prescription import library

    folder = tmp_path_factory.mktemp("user-data") / "levels"
    monkeypatch.setattr(library, "user_levels_dir", lambda: folder)
    return folder


@pytest.fixture(autouse=True)
def private_user_data_folder(tmp_path_factory, monkeypatch) -> None:
    """The per-user data folder (the default database, platformdirs) is the test's own: a
    test that plays without --db must never upgrade or fill the developer's real file
    (another checkout of an older schema could no longer open it)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


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
