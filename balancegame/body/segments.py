"""Whole-body centre of mass from landmarks with a segment model.

Method: de Leva (1996), "Adjustments to Zatsiorsky-Seluyanov's segment inertia
parameters", J Biomech 29:1223-30, Table 4: segment mass as a fraction of body
mass and the segment's CoM as a fraction of its length from the proximal end.
We use the mean of de Leva's female and male values (the program does not ask
the patient's sex).  Endpoints are MediaPipe landmarks standing in for de
Leva's: shoulder midpoint for the cervicale, hip landmarks for the hip joint
centres, ear midpoint for the head's CoM.

Segments whose landmarks are not visible (legs cut off by the image, a seated
patient behind a table) are not dropped, which would make the CoM jump when
visibility flickers: a missing lower limb is taken to hang straight below its
hip, with de Leva's length proportions.  ``lower_body_visible`` says which.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from balancegame.pose.landmarks import VISIBILITY, Joint, X, Y

MIN_VISIBILITY = 0.5


@dataclass(frozen=True)
class Segment:
    name: str
    proximal: tuple[Joint, ...]  # the endpoint is the mean of these landmarks
    distal: tuple[Joint, ...]
    mass_fraction: float
    com_from_proximal: float  # fraction of the proximal->distal length


def _mean(female: float, male: float) -> float:
    return (female + male) / 2


_EARS = (Joint.LEFT_EAR, Joint.RIGHT_EAR)
_SHOULDERS = (Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER)
_HIPS = (Joint.LEFT_HIP, Joint.RIGHT_HIP)


def _limbs(side: str) -> tuple[Segment, ...]:
    j = {n: Joint[f"{side}_{n}"] for n in
         ("SHOULDER", "ELBOW", "WRIST", "INDEX", "HIP", "KNEE", "ANKLE", "HEEL", "FOOT_INDEX")}
    s = side.lower()
    # name, proximal, distal, mass % (female, male), CoM % from proximal (f, m)
    table = (
        ("upper arm", "SHOULDER", "ELBOW", (2.55, 2.71), (57.54, 57.72)),
        ("forearm", "ELBOW", "WRIST", (1.38, 1.62), (45.59, 45.74)),
        # de Leva measures the hand to the 3rd metacarpale; MediaPipe's index
        # landmark is the index knuckle, about the same distance from the wrist.
        ("hand", "WRIST", "INDEX", (0.56, 0.61), (74.74, 79.00)),
        ("thigh", "HIP", "KNEE", (14.78, 14.16), (36.12, 40.95)),
        ("shank", "KNEE", "ANKLE", (4.81, 4.33), (44.16, 44.59)),
        ("foot", "HEEL", "FOOT_INDEX", (1.29, 1.37), (40.14, 44.15)),
    )
    return tuple(
        Segment(f"{s} {name}", (j[prox],), (j[dist],), _mean(*mass), _mean(*com) / 100)
        for name, prox, dist, mass, com in table
    )


SEGMENTS: tuple[Segment, ...] = (
    # Head CoM: de Leva puts it 59 % of the way from vertex to cervicale,
    # about ear level, so the ear midpoint is used as both endpoints.
    Segment("head", _EARS, _EARS, _mean(6.68, 6.94), 0.0),
    Segment("trunk", _SHOULDERS, _HIPS, _mean(42.57, 43.46), _mean(41.51, 44.86) / 100),
    *_limbs("LEFT"),
    *_limbs("RIGHT"),
)
# Fractions sum to ~100 %; normalise so the result is a weighted mean.
_TOTAL_MASS = sum(s.mass_fraction for s in SEGMENTS)

# Lengths relative to the trunk (shoulder-mid to hip-mid) used to hang a
# missing lower limb below its hip: thigh, shank and foot height from
# Drillis & Contini's proportions of stature (0.245, 0.246, 0.039 H over a
# 0.288 H trunk).
_HANG_FRACTION = {"thigh": 0.85, "shank": 0.85, "foot": 0.14}


def _point(lm: np.ndarray, joints: tuple[Joint, ...]) -> np.ndarray:
    return lm[list(joints)][:, [X, Y]].mean(axis=0)


def _complete_legs(landmarks_px: np.ndarray, trunk_px: float) -> tuple[np.ndarray, bool]:
    """A copy whose unseen leg landmarks hang straight below the last seen one."""
    lm = landmarks_px.copy()
    all_seen = True
    down = np.array([0.0, trunk_px])
    for side in ("LEFT", "RIGHT"):
        chain = [Joint[f"{side}_{n}"] for n in ("HIP", "KNEE", "ANKLE")]
        pairs = ((chain[0], chain[1], _HANG_FRACTION["thigh"]),
                 (chain[1], chain[2], _HANG_FRACTION["shank"]))
        for upper, lower, fraction in pairs:
            if min(lm[lower, VISIBILITY], lm[upper, VISIBILITY]) < MIN_VISIBILITY:
                lm[lower, [X, Y]] = lm[upper, [X, Y]] + down * fraction
                lm[lower, VISIBILITY] = 0.0
                all_seen = False
        ankle = chain[2]
        for foot in (Joint[f"{side}_HEEL"], Joint[f"{side}_FOOT_INDEX"]):
            if lm[foot, VISIBILITY] < MIN_VISIBILITY or lm[ankle, VISIBILITY] < MIN_VISIBILITY:
                # In the frontal plane the foot's CoM is about under the ankle.
                lm[foot, [X, Y]] = lm[ankle, [X, Y]] + (0.0, trunk_px * _HANG_FRACTION["foot"])
                all_seen = False
    return lm, all_seen


@dataclass(frozen=True)
class ComEstimate:
    com_px: np.ndarray  # (x, y)
    hip_mid_px: np.ndarray
    shoulder_mid_px: np.ndarray
    lower_body_visible: bool


def centre_of_mass(landmarks_px: np.ndarray) -> ComEstimate:
    """Whole-body CoM (image pixels) of one detection; see the module docstring."""
    hip_mid = _point(landmarks_px, _HIPS)
    shoulder_mid = _point(landmarks_px, _SHOULDERS)
    trunk_px = float(np.hypot(*(shoulder_mid - hip_mid)))
    lm, legs_seen = _complete_legs(landmarks_px, trunk_px)
    total = np.zeros(2)
    for seg in SEGMENTS:
        p = _point(lm, seg.proximal)
        d = _point(lm, seg.distal)
        total += seg.mass_fraction * (p + seg.com_from_proximal * (d - p))
    return ComEstimate(total / _TOTAL_MASS, hip_mid, shoulder_mid, legs_seen)
