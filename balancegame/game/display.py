"""Opening the game's window: the logical 1280 x 720 screen, vsync asked for, and a
fall-back to no window at all when there is no screen.

Vsync (the flip waits for the display's refresh, so a stimulus is never torn and its
flip time is one refresh before the panel shows it) needs a renderer in pygame 2: the
SCALED (or OPENGL) flag, which the game's window uses anyway.  SDL refuses it with
``pygame.error`` where it cannot (the dummy driver, some remote desktops); then the
window opens without it.  ``vsync`` says whether SDL accepted the request: a driver may
still not honour it (pygame 2 cannot ask), which ``balancegame latency`` shows as a
wider spread of the display delay.
"""

from __future__ import annotations

import os
from typing import NamedTuple

import pygame

from balancegame.game import theme
from balancegame.native_logs import native_stderr_silenced

INVISIBLE_DRIVERS = ("dummy", "offscreen")


class Display(NamedTuple):
    surface: pygame.Surface
    seen: bool  # a person can see it (False: no window, running as --headless does)
    vsync: bool  # SDL accepted vsync for this window


def open_display(headless: bool, windowed: bool, caption: str = "Balance Game") -> Display:
    """The game's surface; with ``headless`` no window (the dummy driver, no vsync)."""
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    with native_stderr_silenced():  # SDL probes several video back-ends and reports each miss
        pygame.display.init()
    pygame.font.init()
    flags = 0 if headless else pygame.SCALED | (0 if windowed else pygame.FULLSCREEN)
    vsync = False
    try:
        screen, vsync = _set_mode(flags) if flags else (pygame.display.set_mode(
            theme.SCREEN_SIZE), False)
    except pygame.error as exc:
        if headless:
            raise
        # No screen (a server, a CI machine, an SSH session): still play, headless.
        print(f"No screen available ({exc}).")
        pygame.display.quit()
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        pygame.display.init()
        screen = pygame.display.set_mode(theme.SCREEN_SIZE)
    seen = not headless and pygame.display.get_driver() not in INVISIBLE_DRIVERS
    if not headless and not seen:
        # SDL fell back to an invisible surface by itself (no DISPLAY): nobody can
        # answer a question or press Enter, so run the way --headless does.
        print("No screen available; running without a window.")
    pygame.display.set_caption(caption)
    pygame.mouse.set_visible(windowed or headless)
    return Display(screen, seen, vsync and seen)


def _set_mode(flags: int) -> tuple[pygame.Surface, bool]:
    """A window with vsync if SDL grants it, else without (``pygame.error`` if neither)."""
    try:
        return pygame.display.set_mode(theme.SCREEN_SIZE, flags, vsync=1), True
    except pygame.error:
        return pygame.display.set_mode(theme.SCREEN_SIZE, flags), False


def display_settings(display: Display) -> dict:
    """What a session stores of its display (``settings_json``)."""
    return {"vsync": display.vsync, "display_driver": pygame.display.get_driver(),
            "window_shown": display.seen}


def close_display() -> None:
    """Close pygame.  Fonts made before ``pygame.quit()`` crash pygame if used after the
    next init (a second window in one process: tests, the check before a session)."""
    pygame.quit()
    theme.font.cache_clear()
