"""The joints of the puppet's photograph, how a jointed pose moves them, and the true CoM.

The puppet (:mod:`balancegame.demo.body_image`) is one photograph,
``data/puppet/standing_person.png`` (142 x 398 px; top of the head at y = 6,
soles at y = 391: H = 385 px tall).  To move its trunk and arms relative to its
legs (:mod:`balancegame.demo.body_bend`) and to know where its centre of mass
(CoM) then is, the generator needs the photograph's joint centres.  They are
written down here, in the photograph's own pixels, and nothing else in the
generator depends on a pose detector:

- placed by eye where the photograph shows the joint (zoomed, on a 5 px
  grid): elbows at the bend of the arm, wrists at the watch strap (patient's
  left) and the base of the hand, knees at the middle of each leg at
  textbook knee height (Winter 2009, Fig. 4.1: 0.285 H), ankles on the shin's
  axis just above the shoe;
- where it does not (hip and shoulder joint centres, the head's CoM), from
  textbook proportions: hip joint centres at 0.530 H (greater trochanter,
  Winter Fig. 4.1), 0.11 H apart about the pelvis' middle; shoulder joint
  centres at 0.80 H, a little (3 cm) below Winter's shoulder level (0.818 H,
  the acromion), half an upper arm's width inside the shoulder's outline; the head's
  CoM 0.069 H below the vertex (de Leva 1996: 59 % of the vertex to
  mid-gonion length, 20.2 cm of a 174 cm body).

The true CoM is the pipeline's own segment model
(:func:`balancegame.body.segments.centre_of_mass`, de Leva 1996) applied to
these joint centres after the pose has moved them, not to detected landmarks.
Upright, it lies 0.564 H above the soles (textbook: about 0.55 H).

Uncertainty: a pair of joints placed 0.02 H (3.4 cm) too high or too low
moves the CoM by at most 0.007 H, 1.3 % of its height above the ankles (hips;
shoulders 1.1 %, knees 0.6 %, the rest less), so a gain against this truth is
known to a few per cent, in the same direction in every video.  For
comparison only (not used here): MediaPipe's landmarks on the rest
photograph are within 0.025 H of these points, except its hips (0.035 H
lower than these hip joint centres) and ankles (0.03 H higher).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from balancegame.body.segments import centre_of_mass
from balancegame.pose.landmarks import N_LANDMARKS, VISIBILITY, Joint, X, Y

PHOTO_JOINTS_SHAPE = (398, 142)  # rows, columns of the photograph these points belong to
PHOTO_HEIGHT_PX = 385.0  # top of the head (y = 6) to the soles (y = 391)
# Joint centres in the photograph's pixels (x right, y down).  The patient's
# RIGHT side is image -x (the camera faces the patient).
PHOTO_JOINTS_PX: dict[str, tuple[float, float]] = {
    "head": (70.0, 32.6),
    "right_shoulder": (34.0, 83.0), "left_shoulder": (112.0, 83.0),
    "right_elbow": (26.0, 147.0), "left_elbow": (123.0, 147.0),
    "right_wrist": (18.0, 190.0), "left_wrist": (122.0, 189.0),
    # de Leva's hand segment ends at the 3rd knuckle, ~0.05 H beyond the wrist.
    "right_hand": (15.0, 209.0), "left_hand": (123.0, 208.0),
    "right_hip": (52.0, 187.0), "left_hip": (94.0, 187.0),
    "right_knee": (41.0, 281.0), "left_knee": (100.0, 281.0),
    "right_ankle": (45.0, 372.0), "left_ankle": (95.0, 372.0),
    # In the frontal plane the foot is seen end-on, under the ankle.
    "right_heel": (45.0, 384.0), "left_heel": (95.0, 384.0),
    "right_toe": (45.0, 391.0), "left_toe": (95.0, 391.0),
}
# Which pipeline landmark slot each joint fills for the segment model.
_SLOTS: dict[str, tuple[Joint, ...]] = {
    "head": (Joint.LEFT_EAR, Joint.RIGHT_EAR),  # the model takes the ear midpoint as head CoM
    **{f"{side}_{part}": (Joint[f"{side.upper()}_{slot}"],)
       for side in ("left", "right")
       for part, slot in (("shoulder", "SHOULDER"), ("elbow", "ELBOW"), ("wrist", "WRIST"),
                          ("hand", "INDEX"), ("hip", "HIP"), ("knee", "KNEE"),
                          ("ankle", "ANKLE"), ("heel", "HEEL"), ("toe", "FOOT_INDEX"))},
}
TRUNK_PARTS = ("head", "right_shoulder", "left_shoulder")
ARM_PARTS = ("elbow", "wrist", "hand")  # move with their side's shoulder


@dataclass(frozen=True)
class JointPose:
    """A posture of the jointed body relative to its legs; degrees.

    ``trunk_lean_deg``: the trunk, head and arms turn about the midpoint of
    the hip joints, + = towards the patient's right (head to image -x), the
    convention of ``lean_deg``.  ``arm_raise_deg``: the patient's (left,
    right) arm raised sideways about its shoulder (abduction, + = away from
    the body; 90 = horizontal).
    """

    trunk_lean_deg: float = 0.0
    arm_raise_deg: tuple[float, float] = (0.0, 0.0)

    @property
    def is_rest(self) -> bool:
        return self.trunk_lean_deg == 0.0 and not any(self.arm_raise_deg)


REST = JointPose()


def rotation_about(centre: np.ndarray, image_angle_rad: float) -> np.ndarray:
    """2 x 3 affine map turning points about ``centre``; + angle = up turns towards +x."""
    c, s = math.cos(image_angle_rad), math.sin(image_angle_rad)
    rot = np.array([[c, -s], [s, c]])
    return np.hstack([rot, (np.asarray(centre) - rot @ centre)[:, None]])


def compose(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The 2 x 3 affine map 'b, then a'."""
    return (np.vstack([a, [0, 0, 1]]) @ np.vstack([b, [0, 0, 1]]))[:2]


def apply(m: np.ndarray, xy: np.ndarray) -> np.ndarray:
    return m[:, :2] @ np.asarray(xy, dtype=float) + m[:, 2]


class BodyJoints:
    """The photograph's joint centres in one sprite's pixels, and the maps a pose applies.

    ``scale_xy`` maps photograph px to sprite px as ``cv2.resize`` did:
    ``x_s = (x + 0.5) * sx - 0.5``.
    """

    def __init__(self, scale_xy: tuple[float, float]) -> None:
        self.scale_xy = scale_xy
        sx, sy = scale_xy
        self.rest_px = {k: np.array([(x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5])
                        for k, (x, y) in PHOTO_JOINTS_PX.items()}
        self.height_px = PHOTO_HEIGHT_PX * sy
        self.hip_mid_px = (self.rest_px["right_hip"] + self.rest_px["left_hip"]) / 2

    def trunk_map(self, pose: JointPose) -> np.ndarray:
        """Sprite -> sprite map of the trunk (and everything it carries)."""
        return rotation_about(self.hip_mid_px, -math.radians(pose.trunk_lean_deg))

    def arm_map(self, pose: JointPose, side: str) -> np.ndarray:
        """Sprite -> sprite map of one arm ('left' or 'right'): raised, then carried."""
        left, right = pose.arm_raise_deg
        # The patient's right arm is on image -x: raising it turns its hand towards -x.
        angle = math.radians(right) if side == "right" else -math.radians(left)
        raise_m = rotation_about(self.rest_px[f"{side}_shoulder"], angle)
        return compose(self.trunk_map(pose), raise_m)

    def posed_px(self, pose: JointPose = REST) -> dict[str, np.ndarray]:
        """Every joint centre in sprite px once ``pose`` has moved it."""
        out = dict(self.rest_px)
        trunk = self.trunk_map(pose)
        for k in TRUNK_PARTS:
            out[k] = apply(trunk, self.rest_px[k])
        for side in ("left", "right"):
            arm = self.arm_map(pose, side)
            for part in ARM_PARTS:
                out[f"{side}_{part}"] = apply(arm, self.rest_px[f"{side}_{part}"])
        return out


def as_landmarks(points_px: dict[str, np.ndarray]) -> np.ndarray:
    """A 33 x 4 array in the pipeline's landmark layout (x, y, 0, visibility 1)."""
    lm = np.zeros((N_LANDMARKS, 4))
    lm[:, [X, Y]] = points_px["head"]  # slots the segment model does not read
    for name, slots in _SLOTS.items():
        for j in slots:
            lm[j, [X, Y]] = points_px[name]
    lm[:, VISIBILITY] = 1.0
    return lm


def true_com_px(points_px: dict[str, np.ndarray]) -> np.ndarray:
    """The de Leva whole-body CoM of these joint centres (same px as the points)."""
    return centre_of_mass(as_landmarks(points_px)).com_px
