"""Imitating a head turn and a foot lift on the puppet's flat photograph.

The puppet (:mod:`balancegame.demo.body_image`) is one photograph of a man
standing still.  For the gaze-stabilisation and stepping demos it must turn
its head and march; a rigid 2-D picture can do neither, so these warps
imitate them, working on the silhouette and textbook body proportions only
(no landmarks anywhere), and what MediaPipe Pose makes of them was measured
(tests/test_gaze.py and tests/test_stepping.py repeat it on a few frames):

Foot lift: convincing.  Below the knee the leg moves up rigidly; the thigh
is shortened so it stays attached, which is how hip flexion looks from the
front (the thigh then points at the camera, foreshortened).  MediaPipe's
ankle rises by 0.9-1.05 x the commanded lift (5-20 cm, both legs, tracking
and single-image modes); the other ankle moves < 2 cm.

Head turn: a weak imitation, and it is said so on every use.  Each row of the
head is taken as a vertical cylinder between the silhouette's edges and its
texture is turned about the axis (all of the yaw down to the chin, fading to
none at the shoulders), so the face slides towards the turn and the side
coming round from behind is filled from the temple.  A flat, low-detail face
(~30 px wide) has no nose depth or back of the head, and MediaPipe (tracking
mode, 30 fps, sine turns at 0.5-1 Hz) reports about half the commanded yaw:
gain 0.44-0.53 for 10-25 deg (correlation 0.98-0.99, residual SD ~1 deg),
saturating near +8 deg (to the patient's right) and -12 deg (left); the
sign and the rhythm are right.  In single-image mode it barely responds.
Alternatives tried and rejected: sliding the face between fixed ears
(gain 0.1-0.2); an elliptical head with a deeper face (no better); filling
the hidden side from the silhouette edge (the cut-out's light halo then
reads as a face and the sign flips).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

# Heights as fractions of standing height, soles = 0 (Winter 2009, Fig. 4.1):
# chin 0.870, shoulder 0.818, hip (greater trochanter) 0.530, knee 0.285.
CHIN_HEIGHT_FRACTION = 0.870
SHOULDER_HEIGHT_FRACTION = 0.818
HIP_HEIGHT_FRACTION = 0.530
KNEE_HEIGHT_FRACTION = 0.285
# What comes round from behind in a head turn is copied from this fraction of
# the half-width (the temple): at the very edge, the cut-out's bright halo made
# MediaPipe place the face there.
EDGE_SAMPLE = 0.75
HeadRows = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
LegColumns = tuple[float, float, np.ndarray]


def head_rows(alpha: np.ndarray, top_s: float, height_px: float) -> HeadRows:
    """Rows from the top of the head to the shoulders: (rows, axis x, radius, share of yaw).

    Axis and radius are the silhouette's middle and half-width in each head
    row (the chin row's below it); the share is 1 down to the chin, then
    falls linearly to 0 at the shoulders (the neck turns too).
    """
    chin_y = top_s + (1.0 - CHIN_HEIGHT_FRACTION) * height_px
    neck_y = top_s + (1.0 - SHOULDER_HEIGHT_FRACTION) * height_px
    rows = np.arange(int(top_s), math.ceil(neck_y))
    centre, radius = [], []
    for y in rows:
        xs = np.nonzero(alpha[min(y, int(chin_y))] > 127)[0]
        centre.append((xs[0] + xs[-1]) / 2.0)
        radius.append(max(1.0, (xs[-1] - xs[0]) / 2.0))
    share = np.clip((neck_y - rows) / (neck_y - chin_y), 0.0, 1.0)
    return rows, np.array(centre)[:, None], np.array(radius)[:, None], share[:, None]


def leg_columns(alpha: np.ndarray, soles_s: float, height_px: float,
                split_x: float) -> LegColumns:
    """Hip and knee rows, and each column's share of the (left, right) foot lift.

    The legs are split at the ankle midpoint's x; the patient's right leg is
    image -x.  Columns beyond the knees' silhouette (+3 px) are left alone
    (the hands hang there); a 4 px ramp at the split avoids a tear.
    """
    hip_y = soles_s - HIP_HEIGHT_FRACTION * height_px
    knee_y = soles_s - KNEE_HEIGHT_FRACTION * height_px
    xs = np.nonzero(alpha[int(knee_y)] > 127)[0]
    x = np.arange(alpha.shape[1], dtype=np.float64)
    within = ((x >= xs[0] - 3) & (x <= xs[-1] + 3)).astype(np.float64)
    left = np.clip((x - split_x) / 4.0 + 0.5, 0.0, 1.0) * within
    right = np.clip((split_x - x) / 4.0 + 0.5, 0.0, 1.0) * within
    return hip_y, knee_y, np.stack([left, right])


def turn_head(sprite: np.ndarray, head: HeadRows, yaw_deg: float) -> None:
    """Turn the head of ``sprite`` (premultiplied BGRA) in place; + = the patient's right."""
    rows, c, r, share = head
    x = np.arange(sprite.shape[1], dtype=np.float64)[None, :]
    u = (x - c) / r  # -1..1 across the row's silhouette
    # The pixel at angle asin(u) shows the texture from asin(u) + yaw: the nose
    # (u = 0) goes to image -x for yaw > 0, as the camera faces the patient.
    phi = np.arcsin(np.clip(u, -1.0, 1.0)) + np.radians(yaw_deg) * share
    src = c + r * np.sin(np.clip(phi, -math.pi / 2, math.pi / 2))
    src = np.clip(src, c - EDGE_SAMPLE * r, c + EDGE_SAMPLE * r)
    map_x = np.where(np.abs(u) < 1.0, src, x).astype(np.float32)
    map_y = np.ascontiguousarray(np.broadcast_to(rows[:, None], map_x.shape), np.float32)
    sprite[rows[0]:rows[-1] + 1] = cv2.remap(sprite, map_x, map_y, cv2.INTER_LINEAR,
                                             borderMode=cv2.BORDER_CONSTANT)


def lift_feet(sprite: np.ndarray, legs: LegColumns, px_per_cm: float,
              lift_cm: tuple[float, float]) -> None:
    """Lift the patient's (left, right) foot by ``lift_cm`` in ``sprite``, in place."""
    hip_y, knee_y, shares = legs
    lift_px = px_per_cm * (lift_cm[0] * shares[0] + lift_cm[1] * shares[1])  # per column
    y = np.arange(math.floor(hip_y), sprite.shape[0], dtype=np.float64)[:, None]
    # Thigh rows hip..knee-lift show hip..knee (shortened); below, the shank moved up.
    thigh = hip_y + (y - hip_y) * (knee_y - hip_y) / np.maximum(knee_y - lift_px - hip_y, 1.0)
    map_y = np.where(y < knee_y - lift_px, thigh, y + lift_px).astype(np.float32)
    map_x = np.ascontiguousarray(
        np.broadcast_to(np.arange(sprite.shape[1], dtype=np.float32), map_y.shape))
    sprite[int(y[0, 0]):] = cv2.remap(sprite, map_x, map_y, cv2.INTER_LINEAR,
                                      borderMode=cv2.BORDER_CONSTANT)
