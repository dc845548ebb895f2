"""Pictures of every screen, with decorative motion on and off, for review and the docs.

    DISPLAY=:98 python docs/screenshots.py --out /tmp/theme-shots     # under Xvfb: a window
    SDL_VIDEODRIVER=dummy python docs/screenshots.py --out shots      # no screen at all

Each picture is the game's own drawing of a chosen state (a wall far away, a wall
passing, a target held, ...), made with the views and scenes the game uses; the
"_moving" pictures are taken mid-animation (the success ring, the stars arriving, the
target's slow glow), the "_calm" ones as ``--calm`` draws the same state.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

import pygame

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from helpers.scene_runner import session  # noqa: E402
from helpers.screen_states import (  # noqa: E402
    draw_level,
    home_scene_shots,
    level_states,
    scene_shots,
)

from balancegame.game.display import open_display  # noqa: E402
from balancegame.game.motion import Motion  # noqa: E402
from balancegame.prescription.library import LevelLibrary  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("/tmp/theme-shots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    display = open_display(headless=False, windowed=True)
    surface = display.surface
    library = LevelLibrary.shipped()
    with tempfile.TemporaryDirectory() as tmp, session(Path(tmp) / "s.sqlite3",
                                                        [library.level("dodge-gentle")]) as (
                                                            ctx, _):
        ctx.pull_signals()
        ctx.clock.advance(0.5)
        ctx.pull_signals()
        saved = []
        for name, (kind, challenge, fields) in level_states().items():
            for tag, motion in (("moving", Motion(True, 0.31)), ("calm", Motion(False, 0.31))):
                draw_level(surface, ctx, kind, challenge, fields, motion)
                saved.append(_save(surface, args.out / f"{name}_{tag}.png"))
        for name, (make, age_s) in scene_shots(ctx).items():
            for tag, calm in (("moving", False), ("calm", True)):
                ctx.calm = calm
                scene = make(ctx)
                ctx.clock.advance(age_s + (math.pi / 10 if name == "title" else 0.0))
                scene.draw(surface)
                saved.append(_save(surface, args.out / f"{name}_{tag}.png"))
        ctx.calm = False
        for name, make in home_scene_shots(ctx, Path(tmp)).items():  # nothing moves there
            make().draw(surface)
            saved.append(_save(surface, args.out / f"{name}.png"))
        print(f"{len(saved)} pictures in {args.out} (video driver: "
              f"{pygame.display.get_driver()})")
    pygame.quit()


def _save(surface: pygame.Surface, path: Path) -> Path:
    pygame.display.flip()
    pygame.image.save(surface, str(path))
    return path


if __name__ == "__main__":
    main()
