"""Base of support (BoS) from the feet, and the CoM's margin to its edge, medio-laterally.

Method (frontal camera, ML only):

- Each foot is seen through three landmarks: ankle, heel and foot index (toe).
  All six must be visible (>= 0.5) and inside the image, otherwise there is no
  BoS for that frame (NaN): an invented foot would give a margin the patient
  does not have.
- The landmarks lie along each foot's long axis, not on its border, so the
  lateral border of a foot is taken half a foot breadth beyond its outermost
  landmark.  Foot breadth = 0.055 x height (Drillis & Contini 1966, in Winter
  2009, Fig. 4.1): 4.7 cm each side for a 170 cm person.
- A foot whose lowest landmark is more than LIFT_FRACTION_OF_TRUNK x the trunk
  length (about 7 cm) above the other foot's is lifted and not part of the
  base: in one-leg stance, or mid-step, the base is the standing foot alone.
  The lowest point is used, so a heel raised in a weight shift (toes still
  down) does not count as a lifted foot.
- ``width`` = distance between the two lateral borders (wide stance: large;
  tandem or one-leg stance: about one foot breadth).
- ``margin`` = distance from the CoM's ML position to the nearer lateral
  border: positive while the CoM projects between the borders, 0 on an edge,
  negative outside (the patient must step or fall).  The CoM's vertical
  projection is taken as its image x: the camera must be level (no roll).

The patient's right foot is on image -x (the camera faces the patient).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from balancegame.pose.landmarks import VISIBILITY, Joint, X, Y

FOOT_BREADTH_FRACTION_OF_HEIGHT = 0.055
# 0.15 trunk = 0.043 x height, ~7 cm.  Measured: a one-leg stance in
# ../shared/data (tfjs_pose_1_single_leg.mp4) lifts the foot 0.55-0.85 trunk;
# both feet down, leaning 2 deg, the lowest points differ by <= 0.04 trunk.
LIFT_FRACTION_OF_TRUNK = 0.15
MIN_VISIBILITY = 0.5
_FOOT = ("ANKLE", "HEEL", "FOOT_INDEX")
RIGHT_FOOT = tuple(Joint[f"RIGHT_{n}"] for n in _FOOT)
LEFT_FOOT = tuple(Joint[f"LEFT_{n}"] for n in _FOOT)

METHOD = ("ML base of support: lateral border of each foot = its outermost landmark "
          "(ankle, heel, foot index) + half a foot breadth (0.055 x height, Drillis & Contini); "
          "a foot lifted more than 0.15 x trunk length (~7 cm) is not part of it; "
          "margin = CoM ML distance to the nearer border, + inside, - outside")


@dataclass(frozen=True)
class FeetPx:
    """The base's outermost foot landmarks in image x (px); the patient's right is image -x.

    ``stance`` says which feet carry the body: "both", "right" or "left"; with
    one foot, both values come from that foot.
    """

    right_outer_x_px: float  # min x over the supporting foot landmarks
    left_outer_x_px: float  # max x over the supporting foot landmarks
    stance: str = "both"


def feet_px(landmarks_px: np.ndarray, width_px: int, height_px: int,
            trunk_px: float) -> FeetPx | None:
    """The supporting feet's outermost landmarks, or None unless all six are seen.

    ``trunk_px`` (shoulder-mid to hip-mid) sets the lift threshold.
    """
    joints = list(RIGHT_FOOT + LEFT_FOOT)
    pts = landmarks_px[joints]
    inside = (pts[:, X] >= 0) & (pts[:, X] < width_px) & (pts[:, Y] >= 0) & (pts[:, Y] < height_px)
    if not (np.all(pts[:, VISIBILITY] >= MIN_VISIBILITY) and np.all(inside)):
        return None
    right_pts, left_pts = landmarks_px[list(RIGHT_FOOT)], landmarks_px[list(LEFT_FOOT)]
    # Image y grows downwards: a foot's lowest point is its largest y.
    lift_px = float(right_pts[:, Y].max() - left_pts[:, Y].max())
    if lift_px < -LIFT_FRACTION_OF_TRUNK * trunk_px:  # the right foot is up
        return FeetPx(float(left_pts[:, X].min()), float(left_pts[:, X].max()), "left")
    if lift_px > LIFT_FRACTION_OF_TRUNK * trunk_px:  # the left foot is up
        return FeetPx(float(right_pts[:, X].min()), float(right_pts[:, X].max()), "right")
    right, left = float(right_pts[:, X].min()), float(left_pts[:, X].max())
    if left <= right:  # crossed feet or a confused detection: no usable base
        return None
    return FeetPx(right, left)


@dataclass(frozen=True)
class SupportMl:
    """The BoS on the ML axis (cm, + = patient's right) and the CoM's margin to it."""

    right_border_ml_cm: float
    left_border_ml_cm: float
    width_cm: float
    margin_cm: float


def support_ml(right_outer_ml_cm: float, left_outer_ml_cm: float, com_ml_cm: float,
               height_cm: float) -> SupportMl:
    """Widen the outermost landmarks (ML cm) by half a foot breadth; CoM margin to the borders.

    NaN inputs give NaN outputs (no feet seen, or no CoM).
    """
    half_foot_cm = FOOT_BREADTH_FRACTION_OF_HEIGHT * height_cm / 2
    right = right_outer_ml_cm + half_foot_cm
    left = left_outer_ml_cm - half_foot_cm
    margin = min(right - com_ml_cm, com_ml_cm - left)
    return SupportMl(right, left, right - left, margin)
