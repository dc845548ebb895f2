"""The title screen's patient tiles: "Who is training today?" (issue 11, part 1).

Shown before the session starts when the database has patients and none was named on
the command line (balancegame/roster.py decides when).  Each tile shows the patient's
code and the name kept on this computer, large enough to read from 2.5 m; arrow keys
move the frame, Enter picks, and the number on a tile picks it at once.  Six tiles a
page; Page Down / Page Up (or the arrows past the edge) show the others.  In the
clinic a "Guest" tile plays for someone not registered.  Esc, or closing the window,
starts nothing.

It needs no camera, no tracker and no session: it stands alone on the Scene protocol
(game/loop.py) and leaves the chosen code in ``chosen``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from balancegame.game import backdrop, theme
from balancegame.game.scenes.base import ENTER_KEYS
from balancegame.roster import GUEST, Member

COLUMNS, ROWS = 2, 3
PER_PAGE = COLUMNS * ROWS
TILE_W, TILE_H, GAP, TOP = 560, 150, 24, 150
CODE_PX, NAME_PX = 72, 56
GUEST_TILE = Member(GUEST, None, None)


class PatientPickScene:
    def __init__(self, members: Sequence[Member], guest: bool = False, home: bool = False):
        self.members = [*members, *([GUEST_TILE] if guest else [])]
        self.home = home
        self.index = 0
        self.chosen: str | None = None
        self.done = self.quit = False

    # ------------------------------------------------------------ the Scene protocol
    def handle_key(self, key: int) -> None:
        n = len(self.members)
        page = self.index // PER_PAGE
        if key == pygame.K_ESCAPE:
            self.end_session("nobody chosen")
        elif key in ENTER_KEYS:
            self._choose(self.index)
        elif pygame.K_1 <= key <= pygame.K_6 or pygame.K_KP1 <= key <= pygame.K_KP6:
            number = key - (pygame.K_1 if key <= pygame.K_6 else pygame.K_KP1)
            if page * PER_PAGE + number < n:
                self._choose(page * PER_PAGE + number)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.index = (self.index + (1 if key == pygame.K_RIGHT else -1)) % n
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.index = (self.index + (COLUMNS if key == pygame.K_DOWN else -COLUMNS)) % n
        elif key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            pages = (n + PER_PAGE - 1) // PER_PAGE
            step = 1 if key == pygame.K_PAGEDOWN else -1
            self.index = min(((page + step) % pages) * PER_PAGE, n - 1)

    def _choose(self, index: int) -> None:
        self.chosen = self.members[index].code
        self.done = True

    def end_session(self, reason: str) -> None:
        self.quit = True

    def update(self, dt_s: float, now_s: float) -> None:
        pass

    def after_flip(self, t_flip_s: float) -> None:
        pass

    def spoken(self) -> tuple[str, ...]:
        return ("Who is training today?",)

    # --------------------------------------------------------------- drawing
    def tiles(self) -> list[tuple[int, Member, pygame.Rect]]:
        """(index, member, rectangle) of the tiles on the page of the framed one."""
        page = self.index // PER_PAGE
        shown = self.members[page * PER_PAGE:(page + 1) * PER_PAGE]
        left = (theme.SCREEN_SIZE[0] - COLUMNS * TILE_W - (COLUMNS - 1) * GAP) // 2
        return [(page * PER_PAGE + i, m,
                 pygame.Rect(left + (i % COLUMNS) * (TILE_W + GAP),
                             TOP + (i // COLUMNS) * (TILE_H + GAP), TILE_W, TILE_H))
                for i, m in enumerate(shown)]

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        backdrop.paint(surface)
        theme.draw_text(surface, "Who is training today?", theme.LARGE, theme.YELLOW,
                        (w // 2, 70))
        for number, (index, member, rect) in enumerate(self.tiles(), start=1):
            framed = index == self.index
            backdrop.draw_panel(surface, rect, 20)
            pygame.draw.rect(surface, theme.YELLOW if framed else theme.TEXT_DIM, rect,
                             8 if framed else 3, border_radius=20)
            guest = member.code == GUEST
            code = "Guest" if guest else member.code
            name = "not saved under a name" if guest else (member.name or "")
            theme.draw_text(surface, f"{number}", theme.SMALL, theme.TEXT_DIM,
                            (rect.x + 30, rect.y + 30), shadow=False)
            theme.draw_text(surface, theme.shortened(code, rect.w - 110), CODE_PX,
                            theme.YELLOW if framed else theme.TEXT,
                            (rect.centerx, rect.y + (48 if name else TILE_H // 2)),
                            max_width=rect.w - 110)
            if name:
                theme.draw_text(surface, theme.shortened(name, rect.w - 40),
                                NAME_PX if not guest else theme.SMALL, theme.TEXT,
                                (rect.centerx, rect.y + 112), max_width=rect.w - 40)
        pages = (len(self.members) + PER_PAGE - 1) // PER_PAGE
        more = f"    Page {self.index // PER_PAGE + 1} of {pages}: Page Down" if pages > 1 else ""
        theme.draw_text(surface, f"Arrows and Enter, or the tile's number{more}",
                        theme.SMALL, theme.TEXT_DIM, (w // 2, h - 36))
