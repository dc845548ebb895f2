"""Frame sources by their command-line names: ``camera``, ``camera:N``, a video file,
``puppet`` (the built-in demo person) and ``auto`` (the camera, else the demo).

The composition root (app.py) calls :func:`make_source`; nothing else opens a source.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from balancegame.capture.base import FrameSource, SourceError
from balancegame.clock import MonotonicClock


def make_source(spec: str, clock: MonotonicClock, rng: np.random.Generator,
                puppet_rt_ms: float, puppet: dict | None = None,
                home: bool = False) -> tuple[FrameSource, object]:
    """A frame source from its command-line name; also its stimulus listener (or None).

    "auto" returns an already started source (it had to try the camera).  At ``home``
    it never falls back to the demo person: their session is theirs, not a demo's.
    """
    if spec == "auto":
        from balancegame.capture.webcam import WebcamSource

        camera = WebcamSource(0, clock)
        try:
            camera.start()
        except SourceError:
            if home:
                raise

            print("No camera found: playing the built-in demo (a photograph moved by a "
                  "simulated body). Use 'balancegame play' to require a camera.")
            puppet, listener = make_source("puppet", clock, rng, puppet_rt_ms, puppet)
            puppet.start()
            return puppet, listener
        return camera, None
    if spec == "puppet":
        from balancegame.demo.puppet import PuppetSource
        from balancegame.demo.simulated_camera import SimulatedCamera

        p = puppet or {}
        camera = SimulatedCamera(p.get("camera_delay_ms", 0.0) / 1e3,
                                 p.get("camera_jitter_ms", 0.0) / 1e3,
                                 bool(p.get("driver_stamps", True)))
        source = PuppetSource.default(clock, rng, rt_ms=puppet_rt_ms, camera=camera,
                                      movement_shape=p.get("movement", "minimum-jerk"),
                                      display_delay_s=p.get("display_delay_ms", 0.0) / 1e3)
        return source, source.body.react
    if spec == "camera" or spec.startswith("camera:"):
        from balancegame.capture.webcam import WebcamSource

        index_text = spec.partition(":")[2] or "0"
        if not index_text.isdigit():
            raise SourceError(f"Camera index must be a number, got {index_text!r}.",
                              "Use --source camera:0 (the first camera), camera:1, ...")
        return WebcamSource(int(index_text), clock), None
    from balancegame.capture.video_file import VideoFileSource

    return VideoFileSource(Path(spec), clock, paced=True), None
