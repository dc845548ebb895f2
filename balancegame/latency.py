"""``balancegame latency``: measure this computer's display-to-camera delay and store it.

Reaction times are measured from a stimulus's flip to movement onset on the camera's
capture clock, so they include the time the display takes to show a flipped frame and
the camera's own delay in stamping its frames.  This check measures that sum: the
screen flashes, the camera sees it in a mirror, and the delay from each flip to the
camera frames that show it is timed (:mod:`balancegame.measures.flash_latency`).

Composition root of the check, as :mod:`balancegame.app` is of a session: a frame
source (a camera, or with ``--demo`` the simulated mirror camera,
:mod:`balancegame.demo.mirror_camera`), the window (vsync asked for), the check's
scene in the game loop, and the database, where a measured delay is stored for this
machine and camera (``latency_check``).  A check that fails stores nothing.  Reading
it back: ``Database.display_delay_ms(camera_name)``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from balancegame import __version__
from balancegame.clock import MonotonicClock
from balancegame.errors import LatencyCheckError, UsageError
from balancegame.measures.flash_latency import N_FLASHES, LatencyResult

MAX_FLASHES = 60


@dataclass
class LatencyOptions:
    source: str = "camera"  # camera or camera:N
    db_path: Path | None = None
    headless: bool = False
    windowed: bool = False
    demo: bool = False  # the simulated mirror camera instead of a real one
    demo_delay_ms: float = 60.0  # its display delay
    demo_camera_delay_ms: float = 0.0  # and how late it stamps its frames
    demo_wall: bool = False  # it faces a blank wall: what a failed check says
    flashes: int = N_FLASHES
    seed: int | None = None
    screenshot_dir: Path | None = None


@dataclass(frozen=True)
class LatencyOutcome:
    result: LatencyResult
    latency_check_id: int
    camera_name: str
    vsync: bool
    db_path: Path


def _camera(opts: LatencyOptions, clock: MonotonicClock, rng: np.random.Generator):
    """(source, camera name, on_flip hook) for the options."""
    if opts.demo:
        from balancegame.demo.mirror_camera import MirrorCamera

        cam = MirrorCamera(clock, rng, display_delay_s=opts.demo_delay_ms / 1000.0,
                           camera_delay_s=opts.demo_camera_delay_ms / 1000.0,
                           sees_screen=not opts.demo_wall)
        return cam, cam.name, cam.show
    index_text = opts.source.partition(":")[2] or "0"
    if opts.source.partition(":")[0] != "camera" or not index_text.isdigit():
        raise UsageError(f"--source {opts.source!r}: the check needs a live camera.",
                         "Use --source camera (the first camera), camera:1, ..., or --demo "
                         "to see the check with a simulated camera.")
    from balancegame.capture.webcam import WebcamSource

    camera = WebcamSource(int(index_text), clock)
    return camera, camera.label, None


def check_options(opts: LatencyOptions) -> None:
    from balancegame.measures.flash_latency import MIN_MATCHED

    if not MIN_MATCHED + 2 <= opts.flashes <= MAX_FLASHES:
        raise UsageError(f"--flashes {opts.flashes}: expected {MIN_MATCHED + 2} to "
                         f"{MAX_FLASHES}.", f"The usual check shows {N_FLASHES}.")
    if opts.headless and not opts.demo:
        raise UsageError("--headless: without a window there is nothing for the camera to see.",
                         "Leave --headless out, or add --demo for the simulated camera.")
    for name in ("demo_delay_ms", "demo_camera_delay_ms"):
        if not 0.0 <= getattr(opts, name) <= 400.0:
            raise UsageError(f"--{name.replace('_', '-')} {getattr(opts, name)}: expected "
                             "0 to 400 ms.")


def run_latency_check(opts: LatencyOptions, clock: MonotonicClock | None = None
                      ) -> LatencyOutcome:
    """Run the check with a window (or headless with ``demo``); store and return the
    result.  Raises :class:`LatencyCheckError` when it could not measure or was stopped
    (nothing is stored), :class:`SourceError` without a camera, StorageError.
    ``clock``: the monotonic clock (a test runs the simulation on a faster one)."""
    from balancegame.game.display import close_display, display_settings, open_display
    from balancegame.game.loop import GameLoop
    from balancegame.game.scenes.latency_check import LatencyCheckScene
    from balancegame.session.privacy import file_name
    from balancegame.session.storage import Database, default_db_path

    check_options(opts)
    clock = clock or MonotonicClock()
    seed = opts.seed if opts.seed is not None else int(np.random.SeedSequence().entropy % 2**62)
    rng = np.random.default_rng(seed)
    source, camera_name, on_flip = _camera(opts, clock, rng)
    db_path = opts.db_path or default_db_path()
    source.start()  # no camera: said before anything else is opened
    try:
        db = Database.open(db_path)
    except BaseException:
        source.close()
        raise
    stored: list[int] = []
    try:
        display = open_display(opts.headless, opts.windowed, "Balance Game: display delay")
        if not display.seen and not opts.demo:
            raise LatencyCheckError("There is no screen here to flash for the camera.",
                                    "Run the check on the computer's own screen.", "no_screen")

        def store(result: LatencyResult) -> str:
            detail = {**scene.stored_detail(), "seed": seed,
                      "display_driver": display_settings(display)["display_driver"]}
            if opts.demo:
                detail["simulated_true_latency_ms"] = source.true_latency_ms
            stored.append(db.add_latency_check(
                machine_id=db.machine_id(), camera_name=file_name(camera_name),
                clock_method=getattr(source, "clock_method", "unknown"),
                median_ms=result.median_ms, iqr_ms=result.iqr_ms, p10_ms=result.p10_ms,
                p90_ms=result.p90_ms, n=result.n, n_flashes=result.n_flashes,
                vsync_granted=display.vsync, app_version=__version__, detail=detail))
            return "Saved for this computer and camera."

        scene = LatencyCheckScene(source, rng, on_flip=on_flip, on_result=store,
                                  headless=not display.seen, n_flashes=opts.flashes)
        GameLoop(display.surface, clock, scene, screenshot_dir=opts.screenshot_dir).run()
    finally:
        try:
            close_display()
            source.close()
        finally:
            db.close()
    if scene.failure is not None:
        raise scene.failure
    if scene.result is None or not stored:
        raise LatencyCheckError(f"The check was stopped before it ended ({scene.end_reason}); "
                                "nothing was stored.", "Run balancegame latency again to "
                                "measure.", "stopped")
    return LatencyOutcome(scene.result, stored[0], file_name(camera_name), display.vsync,
                          db_path)


def report(outcome: LatencyOutcome) -> str:
    """The lines the command prints."""
    r = outcome.result
    rate = f"{r.camera_fps:.1f}" if np.isfinite(r.camera_fps) else "?"
    spread = statistics.fmean([r.p90_ms - r.median_ms, r.median_ms - r.p10_ms])
    return "\n".join([
        f"Display-to-camera delay: {r.median_ms:.0f} ms (median of {r.n} of {r.n_flashes} "
        f"flashes; IQR {r.iqr_ms:.1f} ms, 10th-90th percentile {r.p10_ms:.0f} to "
        f"{r.p90_ms:.0f} ms)",
        f"Camera: {outcome.camera_name}, {rate} frames/s, {r.frames_rejected} frame stamps "
        f"dropped (not increasing); vsync: {'granted' if outcome.vsync else 'not available'}",
        f"Saved in {outcome.db_path} (check {outcome.latency_check_id}). Reaction times "
        "measured on this computer with this camera include this delay"
        + (f" (about +/- {spread:.0f} ms)." if np.isfinite(spread) else "."),
    ])
