"""Rebuild balancegame/data/puppet/standing_person.png from its source (provenance).

The puppet's photograph is frame 0 of ``Sports2D/Demo/demo.mp4`` in the
BSD-3-Clause wheel ``sports2d==0.8.34`` (PyPI; see assets/LICENSES.md): a man
standing on a low wall, facing the camera, arms down.  This script crops him,
cuts him out with MediaPipe Pose's own segmentation mask and writes a BGRA PNG
(alpha = person).  It is not run by the tests or the game; it documents how the
shipped file was made and lets anyone redo it:

    pip download --no-deps -d /tmp/s2d sports2d==0.8.34
    python assets/make_puppet_image.py /tmp/s2d/sports2d-0.8.34-py3-none-any.whl
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

import cv2
import numpy as np

VIDEO_IN_WHEEL = "Sports2D/Demo/demo.mp4"
CROP_YX = (slice(0, 520), slice(430, 870))  # pixels of the 1768x994 video frame
OUT = Path(__file__).resolve().parents[1] / "balancegame/data/puppet/standing_person.png"
MARGIN_PX = 6
# The mask is soft (0..1); this ramp keeps hair and shoe edges while dropping
# the faint halo MediaPipe leaves on the wall under the feet.
ALPHA_LO, ALPHA_HI = 0.25, 0.75


def read_frame0(wheel: Path) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as zf:
        video = Path(zf.extract(VIDEO_IN_WHEEL, tmp))
        cap = cv2.VideoCapture(str(video))
        ok, frame = cap.read()
        cap.release()
    if not ok:
        raise SystemExit(f"cannot decode {VIDEO_IN_WHEEL} in {wheel}")
    return frame


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    import mediapipe as mp

    crop = read_frame0(Path(argv[0]))[CROP_YX].copy()
    with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1,
                                enable_segmentation=True) as pose:
        result = pose.process(cv2.cvtColor(crop, cv2.COLOR_BGR2RGB))
    if result.pose_landmarks is None or result.segmentation_mask is None:
        raise SystemExit("MediaPipe found nobody in the crop")
    alpha = np.clip((result.segmentation_mask - ALPHA_LO) / (ALPHA_HI - ALPHA_LO), 0.0, 1.0)
    ys, xs = np.nonzero(alpha > 0.5)
    y0, y1 = max(ys.min() - MARGIN_PX, 0), min(ys.max() + MARGIN_PX + 1, crop.shape[0])
    x0, x1 = max(xs.min() - MARGIN_PX, 0), min(xs.max() + MARGIN_PX + 1, crop.shape[1])
    bgra = np.dstack([crop, np.round(alpha * 255).astype(np.uint8)])[y0:y1, x0:x1]
    bgra[bgra[:, :, 3] == 0, :3] = 0  # fully transparent pixels carry no colour
    OUT.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(OUT), bgra, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    print(f"wrote {OUT} ({bgra.shape[1]}x{bgra.shape[0]} px, {OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
