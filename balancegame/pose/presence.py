"""Is a detection a plausible person standing in a usable place?

MediaPipe Pose always reports its best guess, and its visibility scores are
not a presence test: on empty-room frames of the Intel sample video it reports
a ~50 px "person" with hip visibility 1.0 (see ../shared/data/README.md).  So
presence is judged on size and body geometry as well.  The advice strings are
shown in large type to a patient standing 2-3 m away, so they are short
instructions, not diagnoses.
"""

from __future__ import annotations

import numpy as np

from balancegame.messages import Presence
from balancegame.pose.landmarks import VISIBILITY, Joint, X, Y

MIN_VISIBILITY = 0.5
# Torso (shoulder midpoint to hip midpoint) as a fraction of image height.  A
# whole adult body spans about 3.3 torso lengths, so 0.07 is a person about a
# quarter of the image tall: smaller than that is a false detection or someone
# too far away to track well.
MIN_TORSO_FRACTION = 0.07
# Above this the person is so close that their feet and lean leave the image.
MAX_TORSO_FRACTION = 0.45
# Hip midpoint must sit in the central part of the image (fraction of width).
CENTRE_MARGIN_FRACTION = 0.15

NOBODY = Presence(False, "no person detected", "Stand in front of the camera")


def _visible(lm: np.ndarray, joints: tuple[Joint, ...], w: int, h: int) -> bool:
    pts = lm[list(joints)]
    inside = (pts[:, X] >= 0) & (pts[:, X] < w) & (pts[:, Y] >= 0) & (pts[:, Y] < h)
    return bool(np.all(pts[:, VISIBILITY] >= MIN_VISIBILITY) and np.all(inside))


def assess_presence(landmarks_px: np.ndarray | None, width_px: int, height_px: int) -> Presence:
    """Judge one detection; ``landmarks_px`` is 33 x 4 (x_px, y_px, z, visibility)."""
    if landmarks_px is None:
        return NOBODY
    lm = landmarks_px
    feet = _visible(lm, (Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE), width_px, height_px)
    trunk = (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER, Joint.LEFT_HIP, Joint.RIGHT_HIP)
    if not _visible(lm, trunk, width_px, height_px):
        hips_low = np.nanmin(lm[[Joint.LEFT_HIP, Joint.RIGHT_HIP], Y]) >= height_px
        if hips_low:
            return Presence(False, "hips below the image", "Step back from the camera", feet)
        return Presence(
            False, "shoulders or hips not visible", "Face the camera, whole body in view", feet
        )

    shoulder_mid = (lm[Joint.LEFT_SHOULDER, :2] + lm[Joint.RIGHT_SHOULDER, :2]) / 2
    hip_mid = (lm[Joint.LEFT_HIP, :2] + lm[Joint.RIGHT_HIP, :2]) / 2
    torso_px = float(np.hypot(*(shoulder_mid - hip_mid)))
    torso_fraction = torso_px / height_px
    if torso_fraction < MIN_TORSO_FRACTION:
        return Presence(False, f"person too small ({torso_fraction:.2f} of image height)",
                        "Come closer to the camera", feet)
    if shoulder_mid[1] >= hip_mid[1]:
        return Presence(False, "shoulders not above hips", "Stand upright, facing the camera", feet)
    shoulder_w = float(np.hypot(*(lm[Joint.LEFT_SHOULDER, :2] - lm[Joint.RIGHT_SHOULDER, :2])))
    hip_w = float(np.hypot(*(lm[Joint.LEFT_HIP, :2] - lm[Joint.RIGHT_HIP, :2])))
    # Facing the camera, shoulder width is 0.5-1.3 torso lengths and the hips
    # are narrower than the shoulders; a detection far outside that is not a
    # body seen from the front (or is someone turned sideways).
    if not (0.25 <= shoulder_w / torso_px <= 1.6) or hip_w > 1.6 * shoulder_w + 1.0:
        return Presence(False, "implausible body proportions", "Face the camera", feet)
    if torso_fraction > MAX_TORSO_FRACTION:
        return Presence(False, "person too close", "Step back from the camera", feet)
    margin = CENTRE_MARGIN_FRACTION * width_px
    if hip_mid[0] < margin:
        # The camera image is not mirrored: image-left is the patient's right.
        return Presence(False, "off-centre", "Move a little to your left", feet)
    if hip_mid[0] > width_px - margin:
        return Presence(False, "off-centre", "Move a little to your right", feet)
    if not feet:
        return Presence(True, "feet not visible", "Step back until your feet are visible", False)
    return Presence(True, "", "", True)
