"""Everyone in view: MediaPipe's pose *detector*, which reports every person it finds.

The Pose solution tracks one person and keeps only the first detection; at home a partner, a
child or a carer walks through the picture, and the tracker may follow them instead of the
patient.  The mediapipe 0.10.21 wheel carries the BlazePose detector
(``modules/pose_detection/pose_detection.tflite``) inside its ``PoseDetectionCpu`` subgraph;
a graph of that one node (IMAGE in, DETECTIONS out) runs it from Python through
``SolutionBase``.  About 9 ms per 640 x 480 image here.

Each detection gives a score and keypoints: 0 the middle of the hips, 1 a point whose distance
from it is the radius of a circle around the whole body (the detector's alignment points,
mediapipe/modules/pose_detection/pose_detection.pbtxt).  A person counts as *another* person
(:func:`other_people`) when the score is good (an empty room scored 0.50-0.57 on the
detector's own, people 0.76-0.99), the body's size is plausible, and the hips lie outside the
tracked patient's box.  Small people far back are missed on the whole frame and found on a
crop: :func:`strips_beside` gives the parts of the frame left and right of the patient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from balancegame.native_logs import native_stderr_silenced

_GRAPH = """
input_stream: "image"
output_stream: "detections"
node {
  calculator: "PoseDetectionCpu"
  input_stream: "IMAGE:image"
  output_stream: "DETECTIONS:detections"
}
"""
MIN_SCORE = 0.7  # empty rooms: 0.50-0.57; people: 0.76-0.99
MIN_BODY_FRACTION = 0.12  # a body circle smaller than this share of the frame height: noise
MAX_BODY_FRACTION = 1.6
MIN_STRIP_FRACTION = 0.12  # strips narrower than this share of the width are not searched


@dataclass(frozen=True)
class Person:
    """One detection, in the pixels of the whole frame."""

    score: float
    hip_px: tuple[float, float]
    radius_px: float  # of a circle around the whole body

    @property
    def box_px(self) -> tuple[float, float, float, float]:
        (x, y), r = self.hip_px, self.radius_px
        return x - r, y - r, x + r, y + r


class PersonDetector:
    """The BlazePose detector on RGB images; call from one thread."""

    def __init__(self) -> None:
        from google.protobuf import text_format

        from balancegame.pose.mediapipe_import import import_mediapipe

        import_mediapipe()  # first, so that the imports below find it without matplotlib
        from mediapipe.framework import calculator_pb2
        from mediapipe.python.solution_base import SolutionBase

        config = text_format.Parse(_GRAPH, calculator_pb2.CalculatorGraphConfig())
        with native_stderr_silenced():
            self._graph = SolutionBase(graph_config=config, outputs=["detections"])
            # The first image builds the TFLite delegate, whose log lines ("Created
            # TensorFlow Lite XNNPACK delegate", "Feedback manager requires...") would
            # otherwise reach the terminal from the first check, mid-session.
            self._graph.process({"image": np.zeros((64, 64, 3), dtype=np.uint8)})

    def detect(self, image_rgb: np.ndarray, offset_px: tuple[int, int] = (0, 0)) -> list[Person]:
        """Every person found in ``image_rgb``; ``offset_px``: where it sits in the frame."""
        h, w = image_rgb.shape[:2]
        result = self._graph.process({"image": np.ascontiguousarray(image_rgb)})
        people = []
        for d in result.detections or []:
            kp = d.location_data.relative_keypoints
            if len(kp) < 2:
                continue
            hip = (kp[0].x * w, kp[0].y * h)
            radius = math.hypot((kp[1].x - kp[0].x) * w, (kp[1].y - kp[0].y) * h)
            people.append(Person(float(d.score[0]), (hip[0] + offset_px[0], hip[1] + offset_px[1]),
                                 radius))
        return people

    def close(self) -> None:
        self._graph.close()


def strips_beside(box_px: tuple[float, float, float, float] | None, width_px: int,
                  margin_px: float = 10.0) -> list[tuple[int, int]]:
    """The column ranges (x0, x1) left and right of the patient's box worth searching."""
    if box_px is None:
        return []
    x0, _, x1, _ = box_px
    out = []
    for a, b in ((0, int(x0 - margin_px)), (int(x1 + margin_px), width_px)):
        if b - a >= MIN_STRIP_FRACTION * width_px:
            out.append((max(a, 0), min(b, width_px)))
    return out


def other_people(found: list[Person], patient_box_px: tuple[float, float, float, float] | None,
                 frame_height_px: int) -> list[Person]:
    """The detections that are someone other than the tracked patient (see the module doc).
    Without a patient box every good detection but the best one is another person."""
    plausible = [p for p in found if p.score >= MIN_SCORE
                 and MIN_BODY_FRACTION <= 2 * p.radius_px / frame_height_px <= MAX_BODY_FRACTION]
    if patient_box_px is None:
        return sorted(plausible, key=lambda p: -p.score)[1:]
    x0, y0, x1, y1 = patient_box_px
    others = [p for p in plausible if not (x0 <= p.hip_px[0] <= x1 and y0 <= p.hip_px[1] <= y1)]
    return _distinct(others)


def _distinct(people: list[Person]) -> list[Person]:
    """One entry per person: a person found on the whole frame and again on a strip."""
    out: list[Person] = []
    for p in sorted(people, key=lambda p: -p.score):
        if all(math.dist(p.hip_px, q.hip_px) > 0.5 * max(p.radius_px, q.radius_px) for q in out):
            out.append(p)
    return out


def patient_box(landmarks_px: np.ndarray | None, margin: float = 0.15,
                min_visibility: float = 0.3) -> tuple[float, float, float, float] | None:
    """The tracked patient's box from their landmarks (33 x 4, see messages.PoseSample),
    widened by ``margin`` of its size on each side; None when nothing is tracked."""
    if landmarks_px is None:
        return None
    seen = landmarks_px[landmarks_px[:, 3] >= min_visibility]
    if len(seen) < 4:
        return None
    x0, y0 = seen[:, 0].min(), seen[:, 1].min()
    x1, y1 = seen[:, 0].max(), seen[:, 1].max()
    dx, dy = margin * (x1 - x0), margin * (y1 - y0)
    return float(x0 - dx), float(y0 - dy), float(x1 + dx), float(y1 + dy)
