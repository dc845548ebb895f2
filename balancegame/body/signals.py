"""PoseSample -> BodySignals: centre of mass, scale to cm, lean, base of support, filtering.

:func:`frame_geometry` is the per-frame, unfiltered geometry in image pixels;
the live :class:`BodySignalExtractor` below and the offline analysis
(:mod:`balancegame.analysis.video`) both start from it, so they cannot drift apart.

Scale: see :mod:`balancegame.body.scale` (patient height through the trunk
length; frozen after the first ``scale_samples`` present frames).

Live filter: the game needs the CoM causally, so it uses a One Euro filter on
the capture timestamps.  Its defaults were chosen with benchmarks/accuracy.py
on synthetic sway videos with known truth (real MediaPipe, 30 fps; see
LIVE_FILTER_EVIDENCE).  Stored sway measures should not use this causal
signal: offline, :func:`balancegame.body.filters.zero_phase_lowpass` removes
the same jitter with no lag.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from balancegame.body.filters import OneEuroFilter
from balancegame.body.head_feet import head_feet
from balancegame.body.scale import DEFAULT_HEIGHT_CM, TRUNK_FRACTION_OF_HEIGHT, LiveScale
from balancegame.body.scale import trunk_px as _trunk_px
from balancegame.body.scale import world_cm_per_px as _world_cm_per_px
from balancegame.body.segments import centre_of_mass
from balancegame.body.support import FeetPx, feet_px, support_ml
from balancegame.messages import BodySignals, PoseSample

__all__ = ["DEFAULT_HEIGHT_CM", "TRUNK_FRACTION_OF_HEIGHT", "BodySignalExtractor",
           "FrameGeometry", "frame_geometry", "LIVE_MIN_CUTOFF_HZ", "LIVE_BETA"]

# Live One Euro parameters (signal in cm), chosen from 63 candidates (min
# cut-off 0.3-3 Hz x beta 0-2 per cm/s) on benchmarks/accuracy.py's 15 videos
# with known movement.  Rule: the smallest mean lag among candidates that keep
# gain >= 0.95 on every video of >= 1 deg and jitter no worse than the stored,
# offline-filtered trajectory (path-length error on the quiet-stance videos).
# (0.5 Hz, 0.7): mean lag 40 ms (max 105 ms), gain 0.96-1.01 at >= 1 deg.
# The previous (1 Hz, 0.05) lagged 93 ms (max 165 ms) and showed 1 Hz sway at
# 70 %; MediaPipe's own smoothing lags up to 10 frames (0.33 s), gain to 0.64.
# On the tuning videos alone (two of the 15 are now held out) the rule picks (0.5 Hz,
# 0.5) (old fitted truth) or (0.3 Hz, 0.7) (renderer's CoM, relative gain); no better on
# the held-out videos (benchmarks/README.md).  Not changed.
LIVE_MIN_CUTOFF_HZ = 0.5
LIVE_BETA = 0.7
LIVE_FILTER_EVIDENCE = (
    "benchmarks/accuracy.py: One Euro (min cut-off 0.5 Hz, beta 0.7 per cm/s) = smallest "
    "mean lag (40 ms, max 105 ms) among 63 candidates with gain >= 0.95 on every video of "
    ">= 1 deg and jitter no worse than the offline-filtered trajectory")


@dataclass(frozen=True)
class FrameGeometry:
    """Unfiltered body geometry of one detection, in the image's own pixels."""

    com_px: tuple[float, float]
    hip_mid_px: tuple[float, float]
    trunk_px: float  # shoulder midpoint to hip midpoint
    trunk_lean_deg: float  # + = leaning to the patient's right (image -x)
    feet: FeetPx | None  # None unless both feet are fully seen
    world_cm_per_px: float  # NaN without world landmarks
    lower_body_visible: bool


def frame_geometry(pose: PoseSample) -> FrameGeometry | None:
    """Geometry of a plausible person in ``pose``; None if absent or implausible."""
    if pose.landmarks_px is None or not pose.presence.ok:
        return None
    est = centre_of_mass(pose.landmarks_px)
    trunk = _trunk_px(pose.landmarks_px)
    if trunk <= 1.0:
        return None
    lean_vec = est.shoulder_mid_px - est.hip_mid_px
    width_px, height_px = pose.image_size_px
    return FrameGeometry(
        com_px=(float(est.com_px[0]), float(est.com_px[1])),
        hip_mid_px=(float(est.hip_mid_px[0]), float(est.hip_mid_px[1])),
        trunk_px=trunk,
        # The camera is not mirrored: the patient's right is image -x.
        trunk_lean_deg=math.degrees(math.atan2(-lean_vec[0], -lean_vec[1])),
        feet=feet_px(pose.landmarks_px, width_px, height_px, trunk),
        world_cm_per_px=_world_cm_per_px(pose.landmarks_px, pose.world_m),
        lower_body_visible=est.lower_body_visible,
    )


def ml_cm(x_px: float, width_px: int, cm_per_px: float) -> float:
    """Image x (px) -> ML position (cm, + = patient's right) about the image centre."""
    return -(x_px - width_px / 2) * cm_per_px


class BodySignalExtractor:
    """Stateful converter, fed with pose samples in capture order (one thread)."""

    def __init__(
        self,
        height_cm: float | None = None,
        *,
        scale_samples: int = 30,
        min_cutoff_hz: float = LIVE_MIN_CUTOFF_HZ,
        beta: float = LIVE_BETA,
    ) -> None:
        self._scale = LiveScale(height_cm, scale_samples)
        self.height_cm = self._scale.height_cm
        # One filter per filtered quantity; the BoS borders are filtered like
        # the CoM so their margin is not jitter minus jitter.
        self._filters = {k: OneEuroFilter(min_cutoff_hz=min_cutoff_hz, beta=beta)
                         for k in ("com", "right", "left")}
        self._last_t_s = -math.inf

    @property
    def cm_per_px(self) -> float | None:
        return self._scale.frozen_cm_per_px

    @property
    def scale_method(self) -> str:
        return self._scale.method

    def recalibrate(self) -> None:
        self._scale.reset()
        for f in self._filters.values():
            f.reset()

    def update(self, pose: PoseSample, t_ready_s: float) -> BodySignals:
        """Signals for one pose sample; ``t_ready_s`` is when they became available."""
        absent = BodySignals(pose.t_capture_s, t_ready_s, pose.frame_index, False, pose.presence)
        if pose.landmarks_px is None or pose.t_capture_s <= self._last_t_s:
            return absent
        self._last_t_s = pose.t_capture_s
        geo = frame_geometry(pose)
        if geo is None:
            return absent
        t_s = pose.t_capture_s
        cm_per_px = self._scale.update(geo.trunk_px)
        width_px, height_px = pose.image_size_px
        com_ml_raw_cm = ml_cm(geo.com_px[0], width_px, cm_per_px)
        com_ml_cm = self._filters["com"](com_ml_raw_cm, t_s)
        bos_width_cm = bos_margin_cm = float("nan")
        if geo.feet is not None:
            right = self._filters["right"](ml_cm(geo.feet.right_outer_x_px, width_px, cm_per_px),
                                           t_s)
            left = self._filters["left"](ml_cm(geo.feet.left_outer_x_px, width_px, cm_per_px), t_s)
            bos = support_ml(right, left, com_ml_cm, self.height_cm)
            bos_width_cm, bos_margin_cm = bos.width_cm, bos.margin_cm
        head_and_feet = head_feet(pose.landmarks_px, height_px, cm_per_px)
        return BodySignals(
            t_capture_s=t_s,
            t_ready_s=t_ready_s,
            frame_index=pose.frame_index,
            present=True,
            presence=pose.presence,
            com_px=geo.com_px,
            hip_mid_px=geo.hip_mid_px,
            trunk_px=geo.trunk_px,
            com_ml_cm=com_ml_cm,
            com_ml_raw_cm=com_ml_raw_cm,
            com_vertical_cm=-(geo.com_px[1] - height_px / 2) * cm_per_px,
            trunk_lean_deg=geo.trunk_lean_deg,
            cm_per_px=cm_per_px,
            scale_method=self.scale_method,
            bos_width_cm=bos_width_cm,
            bos_margin_cm=bos_margin_cm,
            head_yaw_deg=head_and_feet.head_yaw_deg,
            left_ankle_up_cm=head_and_feet.left_ankle_up_cm,
            right_ankle_up_cm=head_and_feet.right_ankle_up_cm,
        )

