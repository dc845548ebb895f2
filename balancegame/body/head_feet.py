"""Head yaw and ankle heights from one frame's landmarks (pure functions, no state).

Head yaw (gaze stabilisation) from where the nose sits between the ears.
Model: seen from the front, the head turns about a vertical axis through the
ears; the ears sit at +/- r across that axis and the nose tip d in front of
it.  Turned by yaw θ, the ears project to +/- r·cos θ about the axis and the
nose to d·sin θ, so

    offset / half_ear_distance = (d / r) · tan θ   ->   θ = atan(offset / ((d / r) · half))

with both lengths taken in the same frame (no calibration, no asin of a
frontal width that would need one).  ``offset`` is measured along the
ear-to-ear line, so a head tilt (roll) or a whole-body lean does not read as
yaw; a nod (pitch) moves the nose across that line, not along it.
``NOSE_DEPTH_RATIO`` = d / r = 1.6: anthropometry gives a tragion-to-nose-tip
depth of ~11-12 cm against a bitragion half-width of ~7 cm; MediaPipe's own
3-D head (its world landmarks on a frontal photograph: nose 12 cm in front of
the ears, ears 14.6 cm apart) gives 1.65.  The gain of the whole chain on real
people is checked in tests/test_gaze.py on ../shared/data recordings.

Limits: the far ear is hidden beyond ~45-60 deg of yaw and MediaPipe then
guesses it, so the figure saturates and becomes unreliable there; VOR x1
amplitudes (10-30 deg) are well inside.  It is NaN when the nose or either ear
is not reported as visible or the ears are closer than ``MIN_EAR_PX`` (a face
in profile, a back to the camera, a head too small to measure).  Its zero is
"facing the camera": a patient who stands at an angle has an offset, which the
gaze challenge removes with the yaw measured during its countdown.

Ankle heights: ``-(y - image_height / 2) · cm_per_px``, + = up, the same
image-fixed origin as ``BodySignals.com_vertical_cm``: only changes mean
anything (a lift is the rise above the standing value).  The ankle landmark
is used rather than the heel or toes: it is reported with the highest
visibility and lifts with the whole foot when marching.

Signs (:mod:`balancegame.messages`): the camera faces the patient and the
frame is not mirrored, so the patient's right is image -x; yaw + = the head
turned towards the patient's right (the nose moves to image -x).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from balancegame.pose.landmarks import VISIBILITY, Joint, X, Y

NOSE_DEPTH_RATIO = 1.6  # nose tip in front of the ear line / half the ear-to-ear width
MIN_VISIBILITY = 0.5
MIN_EAR_PX = 4.0  # ears closer than this: profile, back view or a far-away head


@dataclass(frozen=True)
class HeadFeet:
    """The extra signals of one frame; NaN where not measurable."""

    head_yaw_deg: float = math.nan  # + = head turned to the patient's right
    left_ankle_up_cm: float = math.nan  # + = up; image-fixed origin
    right_ankle_up_cm: float = math.nan


def _seen(landmarks_px: np.ndarray, *joints: Joint) -> bool:
    return bool(np.all(landmarks_px[list(joints), VISIBILITY] >= MIN_VISIBILITY))


def head_yaw_deg(landmarks_px: np.ndarray) -> float:
    """Head yaw (deg, + = turned to the patient's right) from nose and ears; NaN if unseen."""
    if not _seen(landmarks_px, Joint.NOSE, Joint.LEFT_EAR, Joint.RIGHT_EAR):
        return math.nan
    left = landmarks_px[Joint.LEFT_EAR, [X, Y]]
    right = landmarks_px[Joint.RIGHT_EAR, [X, Y]]
    # Facing the camera, the patient's left ear is on image +x: across = +x-ish.
    across = left - right
    ear_px = float(np.hypot(*across))
    if ear_px < MIN_EAR_PX or across[0] <= 0:  # profile or back to the camera
        return math.nan
    unit = across / ear_px
    offset_px = float((landmarks_px[Joint.NOSE, [X, Y]] - (left + right) / 2) @ unit)
    # Nose towards image -x (the patient's right) = + yaw.
    return math.degrees(math.atan2(-offset_px, NOSE_DEPTH_RATIO * ear_px / 2))


def ankle_up_cm(landmarks_px: np.ndarray, joint: Joint, height_px: int,
                cm_per_px: float) -> float:
    """Height (cm, + = up) of an ankle on an image-fixed origin; NaN if unseen."""
    if not _seen(landmarks_px, joint) or not math.isfinite(cm_per_px):
        return math.nan
    return -(float(landmarks_px[joint, Y]) - height_px / 2) * cm_per_px


def head_feet(landmarks_px: np.ndarray | None, height_px: int, cm_per_px: float) -> HeadFeet:
    """All three signals of one detection (33 x 4 landmarks), or NaNs without one."""
    if landmarks_px is None:
        return HeadFeet()
    return HeadFeet(
        head_yaw_deg=head_yaw_deg(landmarks_px),
        left_ankle_up_cm=ankle_up_cm(landmarks_px, Joint.LEFT_ANKLE, height_px, cm_per_px),
        right_ankle_up_cm=ankle_up_cm(landmarks_px, Joint.RIGHT_ANKLE, height_px, cm_per_px),
    )
