"""Whole-body centre of mass from landmarks with a segment model.

Method: de Leva (1996), "Adjustments to Zatsiorsky-Seluyanov's segment inertia
parameters", J Biomech 29:1223-30, Table 4: segment mass as a fraction of body
mass and the segment's CoM as a fraction of its length from the proximal end.
Values checked against the transcription of Table 4 in Duarte's BMC notebooks
(github.com/BMClab/BMC, data/BSP_ZdeLeva.txt).  We use the mean of de Leva's
female and male values (the program does not ask the patient's sex); the mass
fractions of each sex sum to 100.0 %.

Endpoints are MediaPipe landmarks standing in for de Leva's, and for each
segment the table row whose endpoints match them is used:

- trunk: shoulder-landmark midpoint = MIDS (mid-shoulder joint centres) to
  hip-landmark midpoint = MIDH, the "MIDS-MIDH" row (CoM 37.82 % F, 43.10 % M).
  (The SUPR-MIDH row, 41.51/44.86 %, is measured from the suprasternal notch,
  which no landmark marks.)
- head: the ear midpoint is taken as the head's CoM.  de Leva puts it 58.94 /
  59.76 % of the way from the vertex to the mid-gonion, about the level of the
  ear canals.
- shank: knee to ankle landmark = KJC-AJC row (43.52 / 43.95 %).
- hand: wrist to the index landmark (de Leva: to the 3rd metacarpale; the
  index landmark is about as far from the wrist).

Segments whose landmarks are not visible (legs cut off by the image, a seated
patient behind a table) are not dropped, which would make the CoM jump when
visibility flickers: a missing lower limb is taken to hang straight below its
hip, with textbook length proportions.  ``lower_body_visible`` says which.

The same model runs on image landmarks (x, y in px) and on MediaPipe's world
landmarks (x, y, z in m, origin at the hip centre): see
:func:`centre_of_mass_world`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from balancegame.pose.landmarks import VISIBILITY, Joint, X, Y, Z

MIN_VISIBILITY = 0.5


@dataclass(frozen=True)
class Segment:
    name: str
    proximal: tuple[Joint, ...]  # the endpoint is the mean of these landmarks
    distal: tuple[Joint, ...]
    mass_fraction: float  # % of body mass
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
        ("hand", "WRIST", "INDEX", (0.56, 0.61), (74.74, 79.00)),
        ("thigh", "HIP", "KNEE", (14.78, 14.16), (36.12, 40.95)),
        ("shank", "KNEE", "ANKLE", (4.81, 4.33), (43.52, 43.95)),
        ("foot", "HEEL", "FOOT_INDEX", (1.29, 1.37), (40.14, 44.15)),
    )
    return tuple(
        Segment(f"{s} {name}", (j[prox],), (j[dist],), _mean(*mass), _mean(*com) / 100)
        for name, prox, dist, mass, com in table
    )


SEGMENTS: tuple[Segment, ...] = (
    Segment("head", _EARS, _EARS, _mean(6.68, 6.94), 0.0),
    Segment("trunk", _SHOULDERS, _HIPS, _mean(42.57, 43.46), _mean(37.82, 43.10) / 100),
    *_limbs("LEFT"),
    *_limbs("RIGHT"),
)
# Each sex's fractions sum to 100.0 %; normalise anyway so the result is a
# weighted mean even if a row is edited.
_TOTAL_MASS = sum(s.mass_fraction for s in SEGMENTS)

# Lengths relative to the trunk (shoulder-mid to hip-mid) used to hang a
# missing lower limb below its hip: thigh, shank and foot height from
# Drillis & Contini's proportions of stature (0.245, 0.246, 0.039 H over a
# 0.288 H trunk).
_HANG_FRACTION = {"thigh": 0.85, "shank": 0.85, "foot": 0.14}


def _point(lm: np.ndarray, joints: tuple[Joint, ...], cols: list[int]) -> np.ndarray:
    return lm[list(joints)][:, cols].mean(axis=0)


def _complete_legs(lm_in: np.ndarray, trunk: float, cols: list[int]) -> tuple[np.ndarray, bool]:
    """A copy whose unseen leg landmarks hang straight below the last seen one.

    "Below" is +y, which is down in both image and MediaPipe world coordinates.
    """
    lm = lm_in.copy()
    all_seen = True
    down = np.zeros(len(cols))
    down[1] = trunk
    for side in ("LEFT", "RIGHT"):
        chain = [Joint[f"{side}_{n}"] for n in ("HIP", "KNEE", "ANKLE")]
        pairs = ((chain[0], chain[1], _HANG_FRACTION["thigh"]),
                 (chain[1], chain[2], _HANG_FRACTION["shank"]))
        for upper, lower, fraction in pairs:
            if min(lm[lower, VISIBILITY], lm[upper, VISIBILITY]) < MIN_VISIBILITY:
                lm[lower, cols] = lm[upper, cols] + down * fraction
                lm[lower, VISIBILITY] = 0.0
                all_seen = False
        ankle = chain[2]
        for foot in (Joint[f"{side}_HEEL"], Joint[f"{side}_FOOT_INDEX"]):
            if lm[foot, VISIBILITY] < MIN_VISIBILITY or lm[ankle, VISIBILITY] < MIN_VISIBILITY:
                # In the frontal plane the foot's CoM is about under the ankle.
                lm[foot, cols] = lm[ankle, cols] + down * _HANG_FRACTION["foot"]
                all_seen = False
    return lm, all_seen


def _weighted_com(lm: np.ndarray, cols: list[int]) -> tuple[np.ndarray, bool]:
    trunk = float(np.linalg.norm(_point(lm, _SHOULDERS, cols) - _point(lm, _HIPS, cols)))
    completed, legs_seen = _complete_legs(lm, trunk, cols)
    total = np.zeros(len(cols))
    for seg in SEGMENTS:
        p = _point(completed, seg.proximal, cols)
        d = _point(completed, seg.distal, cols)
        total += seg.mass_fraction * (p + seg.com_from_proximal * (d - p))
    return total / _TOTAL_MASS, legs_seen


@dataclass(frozen=True)
class ComEstimate:
    com_px: np.ndarray  # (x, y)
    hip_mid_px: np.ndarray
    shoulder_mid_px: np.ndarray
    lower_body_visible: bool


def centre_of_mass(landmarks_px: np.ndarray) -> ComEstimate:
    """Whole-body CoM (image pixels) of one detection; see the module docstring."""
    com, legs_seen = _weighted_com(landmarks_px, [X, Y])
    return ComEstimate(com, _point(landmarks_px, _HIPS, [X, Y]),
                       _point(landmarks_px, _SHOULDERS, [X, Y]), legs_seen)


def centre_of_mass_world(world_m: np.ndarray, visibility: np.ndarray) -> np.ndarray:
    """Whole-body CoM (x, y, z in m) from MediaPipe's 33 x 3 world landmarks.

    ``visibility`` (33 values, from the image landmarks) decides which leg
    landmarks are trusted, as in :func:`centre_of_mass`.  World landmarks are
    centred on the hips, so this is the CoM *relative to the pelvis*: it does
    not move when the whole body moves.
    """
    lm = np.column_stack([np.asarray(world_m, dtype=float), np.asarray(visibility, dtype=float)])
    com, _ = _weighted_com(lm, [X, Y, Z])
    return com
