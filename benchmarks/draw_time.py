"""How long each screen takes to draw (ms a frame), headless, with motion on.

    python benchmarks/draw_time.py [--frames 300]

The realtime benchmark (benchmarks/realtime.py) plays the title, the camera check and
the dodge level; this one times every level state of tests/helpers/screen_states.py
(every challenge type, a wall far and passing, a success ring, a pause...) and the
scenes, drawn on the 1280 x 720 screen as the game loop draws them (no flip).  A frame
at 60 FPS has 16.7 ms for everything; drawing should take a small part of it.  The last
line is one JSON object: state -> [median ms, p99 ms].
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import numpy as np  # noqa: E402
import pygame  # noqa: E402
from helpers.scene_runner import session  # noqa: E402
from helpers.screen_states import draw_level, level_states, scene_shots  # noqa: E402

from balancegame.game import theme  # noqa: E402
from balancegame.game.motion import Motion  # noqa: E402
from balancegame.prescription.library import LevelLibrary  # noqa: E402


def _time(draw, frames: int) -> tuple[float, float]:
    draw(0)  # caches (backgrounds, fonts) are made once per size, before timing
    times = []
    for i in range(frames):
        t0 = time.perf_counter()
        draw(i)
        times.append((time.perf_counter() - t0) * 1e3)
    return round(float(np.median(times)), 2), round(float(np.percentile(times, 99)), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    pygame.init()
    surface = pygame.display.set_mode(theme.SCREEN_SIZE)
    figures = {}
    for name, (kind, challenge, fields) in level_states().items():
        figures[name] = _time(lambda i, k=kind, c=challenge, f=fields: draw_level(
            surface, None, k, c, f, Motion(True, i / 60)), args.frames)
    level = LevelLibrary.shipped().level("dodge-gentle")
    with tempfile.TemporaryDirectory() as tmp, session(Path(tmp) / "s.sqlite3", [level]) as (
            ctx, _):
        for name, (make, _) in scene_shots(ctx).items():
            scene = make(ctx)
            figures[name] = _time(lambda i, s=scene: s.draw(surface), args.frames)
    width = max(map(len, figures))
    print(f"{'screen':{width}}  median ms  p99 ms")
    for name, (median, p99) in figures.items():
        print(f"{name:{width}}  {median:9.2f}  {p99:6.2f}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
