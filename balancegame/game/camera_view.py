"""The camera image as the patient sees it: mirrored, with the skeleton."""

from __future__ import annotations

import cv2
import numpy as np
import pygame

from balancegame.game import theme
from balancegame.messages import TrackedFrame
from balancegame.pose.landmarks import SKELETON, VISIBILITY, X, Y

MIN_VISIBILITY = 0.5


class CameraView:
    """Turns the newest tracked frame into a surface, once per new frame.

    Conversion (resize, mirror, colour order) costs ~1 ms at 640x480 and is
    done only when a new frame arrives, not every game tick.
    """

    def __init__(self) -> None:
        self._key: tuple[int, tuple[int, int]] | None = None
        self._surface: pygame.Surface | None = None

    def surface(self, tracked: TrackedFrame, size: tuple[int, int]) -> pygame.Surface:
        key = (tracked.frame.index, size)
        if key == self._key and self._surface is not None:
            return self._surface
        image = tracked.frame.image_bgr
        h, w = image.shape[:2]
        scale = min(size[0] / w, size[1] / h)
        out_w, out_h = max(1, int(w * scale)), max(1, int(h * scale))
        small = cv2.resize(image, (out_w, out_h), interpolation=cv2.INTER_AREA)
        rgb = np.ascontiguousarray(small[:, ::-1, ::-1])  # mirror, BGR -> RGB
        surf = pygame.image.frombuffer(rgb.tobytes(), (out_w, out_h), "RGB").convert()
        lm = tracked.pose.landmarks_px
        if lm is not None:
            colour = theme.GREEN if tracked.pose.presence.ok else theme.ORANGE

            def to_screen(j: int) -> tuple[int, int]:
                return (int((w - lm[j, X]) * scale), int(lm[j, Y] * scale))

            width = max(3, out_h // 90)
            for a, b in SKELETON:
                if min(lm[a, VISIBILITY], lm[b, VISIBILITY]) >= MIN_VISIBILITY:
                    pygame.draw.line(surf, colour, to_screen(a), to_screen(b), width)
            com = tracked.signals.com_px
            if tracked.signals.present:
                centre = (int((w - com[0]) * scale), int(com[1] * scale))
                pygame.draw.circle(surf, theme.BLACK, centre, width * 3 + 3)
                pygame.draw.circle(surf, theme.YELLOW, centre, width * 3)
        self._key, self._surface = key, surf
        return surf
