"""Bending the puppet's photograph at the hips and raising its arms (2-D imitations).

The photograph is cut into three layers: each arm (a polygon drawn by eye
along the gap between the arm and the body, from the shoulder joint through
the armpit down past the hand; in the photograph's pixels below) and the rest
of the body.  A pose (:class:`balancegame.demo.body_joints.JointPose`) moves
them with exactly the maps :class:`~balancegame.demo.body_joints.BodyJoints`
applies to the joint centres, so the true centre of mass follows the image:

- trunk lean: the body above the hip joints turns about their midpoint.  The
  turn fades in over ``BEND_BAND_FRACTION`` of the height above the hip line
  (the lower abdomen bends, the pelvis and legs stay), so the waist does not
  tear; every joint the trunk carries is above that band and turns rigidly.
- arm raise: each arm turns about its shoulder joint centre, on top of the
  trunk's turn, and is drawn over the body.  Where a hanging arm covered the
  body's side, the body keeps a straight cut edge along the polygon; an
  armpit opens as the arm rises.

The layers are drawn on a canvas larger than the photograph (raised arms and
a leaning head reach past its edges); :meth:`JointedSprite.render` returns the
canvas and where the photograph's (0, 0) lies on it.  What MediaPipe makes of
these images is measured in benchmarks/accuracy.py (held-out "arm raise",
"trunk lean" and "hip strategy" videos).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from balancegame.demo.body_joints import BodyJoints, JointPose

# Outline of each arm in the photograph's pixels (see body_joints): the inner
# edge follows the visible gap between arm and body; the outer side runs well
# outside the silhouette, so every arm pixel lies inside.
ARM_POLYGONS_PHOTO_PX: dict[str, tuple[tuple[float, float], ...]] = {
    "right": ((31, 60), (34, 83), (39, 108), (38, 132), (33, 160), (29, 180), (26, 200),
              (25, 212), (24, 230), (-10, 230), (-10, 60)),
    "left": ((110, 60), (112, 83), (111, 108), (112, 132), (113, 140), (112, 160), (110, 183),
             (113, 195), (114, 212), (115, 229), (152, 229), (152, 60)),
}
BEND_BAND_FRACTION = 0.06  # of height, above the hip joints: where the trunk's turn fades in
# Canvas margins as fractions of height: an arm raised to 90 deg reaches ~0.45 H
# beyond its shoulder; a head leaning 15 deg moves ~0.12 H sideways.
MARGIN_SIDE_FRACTION = 0.40
MARGIN_TOP_FRACTION = 0.15


class JointedSprite:
    """Renders the photograph (premultiplied BGRA sprite) in a jointed pose."""

    def __init__(self, sprite_pm: np.ndarray, joints: BodyJoints,
                 scale_xy: tuple[float, float]) -> None:
        self.joints = joints
        h, w = sprite_pm.shape[:2]
        self._pad = (int(math.ceil(MARGIN_SIDE_FRACTION * joints.height_px)),
                     int(math.ceil(MARGIN_TOP_FRACTION * joints.height_px)))
        pad_x, pad_y = self._pad
        self.canvas_size = (w + 2 * pad_x, h + pad_y)
        sx, sy = scale_xy
        self._arm_masks = {}
        for side, poly in ARM_POLYGONS_PHOTO_PX.items():
            pts = np.array([((x + 0.5) * sx - 0.5 + pad_x, (y + 0.5) * sy - 0.5 + pad_y)
                            for x, y in poly])
            mask = np.zeros((h + pad_y, w + 2 * pad_x), np.uint8)
            cv2.fillPoly(mask, [np.round(pts * 16).astype(np.int32)], 255, cv2.LINE_8, 4)
            self._arm_masks[side] = mask
        grid_y, grid_x = np.mgrid[0:h + pad_y, 0:w + 2 * pad_x].astype(np.float64)
        self._grid = (grid_x - pad_x, grid_y - pad_y)  # sprite coordinates of each pixel

    @property
    def origin_px(self) -> tuple[int, int]:
        """Canvas pixel of the photograph's sprite pixel (0, 0)."""
        return self._pad

    def layers(self, sprite_pm: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(body without arms, {side: arm}) on the padded canvas."""
        pad_x, pad_y = self._pad
        canvas = np.zeros((self.canvas_size[1], self.canvas_size[0], 4), np.uint8)
        canvas[pad_y:, pad_x:pad_x + sprite_pm.shape[1]] = sprite_pm
        arms = {}
        body = canvas.copy()
        for side, mask in self._arm_masks.items():
            arms[side] = cv2.bitwise_and(canvas, canvas, mask=mask)
            body[mask > 0] = 0
        return body, arms

    def render(self, sprite_pm: np.ndarray, pose: JointPose) -> np.ndarray:
        """The canvas (premultiplied BGRA) with ``sprite_pm`` moved into ``pose``."""
        body, arms = self.layers(sprite_pm)
        out = self._bend(body, pose)
        for side, arm in arms.items():
            m = _to_canvas(self.joints.arm_map(pose, side), self._pad)
            moved = cv2.warpAffine(arm, m, self.canvas_size, flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0))
            out = _over(moved, out)
        return out

    def _bend(self, body: np.ndarray, pose: JointPose) -> np.ndarray:
        if pose.trunk_lean_deg == 0.0:
            return body
        x, y = self._grid
        hip = self.joints.hip_mid_px
        band = BEND_BAND_FRACTION * self.joints.height_px
        share = np.clip((hip[1] - y) / band, 0.0, 1.0)
        # Inverse map: the destination pixel shows the source turned back by
        # share x the trunk's angle (image angle = -lean, see trunk_map).
        phi = math.radians(pose.trunk_lean_deg) * share
        c, s = np.cos(phi), np.sin(phi)
        dx, dy = x - hip[0], y - hip[1]
        pad_x, pad_y = self._pad
        map_x = (hip[0] + c * dx - s * dy + pad_x).astype(np.float32)
        map_y = (hip[1] + s * dx + c * dy + pad_y).astype(np.float32)
        return cv2.remap(body, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                         borderValue=(0, 0, 0, 0))


def _to_canvas(m_sprite: np.ndarray, pad: tuple[int, int]) -> np.ndarray:
    """A sprite -> sprite map expressed on canvas pixels."""
    out = m_sprite.copy()
    shift = np.array(pad, dtype=float)
    out[:, 2] = m_sprite[:, 2] + shift - m_sprite[:, :2] @ shift
    return out


def _over(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """Premultiplied 'over': top + bottom x (1 - top alpha)."""
    inv = cv2.cvtColor(255 - top[:, :, 3], cv2.COLOR_GRAY2BGRA)
    return cv2.add(top, cv2.multiply(bottom, inv, scale=1.0 / 255.0))
