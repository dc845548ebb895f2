"""Two-person recordings made from ../shared/data, for the second-person check.

The patient: the woman of ``sway/squat_sway_a2.mp4`` (10 s, 640 x 480, swaying gently).  The
other person: the man of ``mediapipe_pose_segmentation.mp4`` (dancing, 5 s, looped), cut out
with MediaPipe's own segmentation mask (Pose, enable_segmentation) and pasted in with it:

- ``side-by-side``: as tall as the patient, beside her, the whole time;
- ``walk-through``: as tall, walking across the picture from left to right, from 3 s to 8 s
  (in view about 3.5-7.5 s);
- ``far-behind``: 0.35 of her height (about 3 times as far from the camera), to her side
  and higher in the picture, from 2 s on.

Each comes with, per frame, whether the other person is in view (their cut-out inside the
picture by at least a third).  Nothing is written to the repository.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared/data"
PATIENT = SHARED / "sway/squat_sway_a2.mp4"
OTHER = SHARED / "mediapipe_pose_segmentation.mp4"
SINGLE = [SHARED / "sway/squat_sway_a2.mp4", SHARED / "sway/squat_sway_a5_lat25.mp4",
          SHARED / "tfjs_pose_1_single_leg.mp4", SHARED / "mediapipe_pose_segmentation.mp4"]


def read_frames(path: Path) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(path))
    out = []
    while True:
        ok, frame = cap.read()
        if not ok:
            return out
        out.append(frame)


def cut_out(frames: list[np.ndarray]) -> list[np.ndarray]:
    """MediaPipe's person mask (0..1) of every frame."""
    import mediapipe as mp

    with mp.solutions.pose.Pose(model_complexity=1, enable_segmentation=True) as pose:
        masks = []
        for f in frames:
            r = pose.process(cv2.cvtColor(f, cv2.COLOR_BGR2RGB))
            masks.append(r.segmentation_mask if r.segmentation_mask is not None
                         else np.zeros(f.shape[:2], np.float32))
    return masks


def paste(background: np.ndarray, person: np.ndarray, mask: np.ndarray, scale: float,
          centre_x: float, feet_y: float) -> tuple[np.ndarray, bool]:
    """``person`` scaled by ``scale`` with its feet at (centre_x, feet_y); and whether at
    least a third of it is inside the picture."""
    h, w = person.shape[:2]
    ph, pw = max(1, int(h * scale)), max(1, int(w * scale))
    fg = cv2.resize(person, (pw, ph)).astype(np.float32)
    m = cv2.resize(mask, (pw, ph))[..., None]
    x0, y0 = int(centre_x - pw / 2), int(feet_y - ph)
    H, W = background.shape[:2]
    xa, ya, xb, yb = max(0, x0), max(0, y0), min(W, x0 + pw), min(H, y0 + ph)
    if xb <= xa or yb <= ya:
        return background, False
    out = background.astype(np.float32)
    sub_m = m[ya - y0:yb - y0, xa - x0:xb - x0]
    out[ya:yb, xa:xb] = (out[ya:yb, xa:xb] * (1 - sub_m)
                         + fg[ya - y0:yb - y0, xa - x0:xb - x0] * sub_m)
    inside = sub_m.sum() / max(m.sum(), 1e-6)
    return out.astype(np.uint8), bool(inside >= 1 / 3)


def composites() -> dict[str, tuple[list[np.ndarray], list[bool], float]]:
    """name -> (frames, other person in view per frame, fps)."""
    patient, other = read_frames(PATIENT), read_frames(OTHER)
    masks = cut_out(other)
    fps, n = 30.0, len(patient)
    H, W = patient[0].shape[:2]
    tall = 0.80 * H / other[0].shape[0]  # the man's frame scaled to about her height
    scenes = {
        "side-by-side": lambda t: (tall, 0.84 * W, 0.97 * H),
        "walk-through": lambda t: (tall, (-0.3 + 1.6 * (t - 3.0) / 5.0) * W, 0.97 * H)
        if 3.0 <= t <= 8.0 else None,
        "far-behind": lambda t: (0.35 * tall, 0.16 * W, 0.62 * H) if t >= 2.0 else None,
    }
    out = {}
    for name, where in scenes.items():
        frames, seen = [], []
        for i in range(n):
            spot = where(i / fps)
            if spot is None:
                frames.append(patient[i])
                seen.append(False)
                continue
            j = i % len(other)
            frame, inside = paste(patient[i], other[j], masks[j], *spot)
            frames.append(frame)
            seen.append(inside)
        out[name] = (frames, seen, fps)
    return out
