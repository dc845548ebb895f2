"""Typed messages passed between the stages of the data flow.

camera -> pose -> body signals -> game -> session log.  Every message is a
frozen dataclass; every time is in seconds on the one monotonic clock of
:mod:`balancegame.clock` and carries its role in its name (``t_capture_s`` is
when the camera delivered the frame, not when anything noticed it).

Image coordinates are pixels of the camera image as captured (not mirrored):
x to the right, y down.  Body-centred lateral quantities use the medio-lateral
(ML) axis with **positive = towards the patient's right**, which is towards the
screen's right in the game's mirror view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum

import numpy as np


@dataclass(frozen=True, eq=False)
class Frame:
    """One camera image, when it was captured and when it reached the program.

    ``t_capture_s`` is the best estimate of the exposure on the one clock (see
    :mod:`balancegame.capture.timing` for how a webcam's is found); ``t_arrival_s`` is
    when the image reached the program (``grab()`` returned), nan where the two are the
    same thing (a video file's frame times).
    """

    image_bgr: np.ndarray  # H x W x 3, uint8, OpenCV channel order
    t_capture_s: float
    index: int  # sequence number given by the source, starting at 0
    source: str = ""
    t_arrival_s: float = float("nan")

    @property
    def width_px(self) -> int:
        return int(self.image_bgr.shape[1])

    @property
    def height_px(self) -> int:
        return int(self.image_bgr.shape[0])


@dataclass(frozen=True)
class Presence:
    """Whether a detection is a plausible, whole-enough person, and if not why.

    ``advice`` is a short instruction for the patient, written to be shown in
    large type on the setup screen ("Step back until your feet are visible").
    """

    ok: bool
    reason: str = ""
    advice: str = ""
    feet_visible: bool = False


@dataclass(frozen=True, eq=False)
class PoseSample:
    """Landmarks found in one frame.

    ``landmarks_px`` is 33 x 4: x_px, y_px, z (MediaPipe's relative depth,
    scaled like x to pixels; unreliable), visibility 0..1.  ``world_m`` is the
    33 x 3 metric estimate MediaPipe gives about the hip centre, or ``None``.
    Both are ``None`` when nothing was detected.
    """

    t_capture_s: float
    t_done_s: float
    frame_index: int
    image_size_px: tuple[int, int]  # (width, height)
    landmarks_px: np.ndarray | None
    world_m: np.ndarray | None
    presence: Presence

    @property
    def detected(self) -> bool:
        return self.landmarks_px is not None


@dataclass(frozen=True)
class BodySignals:
    """What the game needs of the body in one frame.

    ``com_ml_cm`` is the centre of mass's medio-lateral position in
    centimetres on an arbitrary, image-fixed origin (only its changes mean
    anything); ``cm_per_px`` and ``scale_method`` say how it was scaled.
    Values are ``nan`` when ``present`` is false.
    """

    t_capture_s: float
    t_ready_s: float
    frame_index: int
    present: bool
    presence: Presence
    com_px: tuple[float, float] = (float("nan"), float("nan"))
    hip_mid_px: tuple[float, float] = (float("nan"), float("nan"))
    trunk_px: float = float("nan")  # shoulder to hip midpoint, unfiltered (who is tracked)
    com_ml_cm: float = float("nan")  # filtered, + = patient's right
    com_ml_raw_cm: float = float("nan")  # unfiltered
    com_vertical_cm: float = float("nan")  # + = up; drops in a fall
    trunk_lean_deg: float = float("nan")  # + = leaning to the patient's right
    cm_per_px: float = float("nan")
    scale_method: str = ""
    # Base of support, medio-lateral (balancegame.body.support): distance
    # between the feet's lateral borders, and the CoM's distance to the nearer
    # border (+ inside, - outside).  NaN unless both feet are fully seen.
    bos_width_cm: float = float("nan")
    bos_margin_cm: float = float("nan")
    # Head and feet (balancegame.body.head_feet): head yaw from the nose between
    # the ears (deg, + = turned to the patient's right); each ankle's height
    # (cm, + = up) on the same image-fixed origin as com_vertical_cm: only
    # changes mean anything (a lift = the rise above standing).  NaN unless seen.
    head_yaw_deg: float = float("nan")
    left_ankle_up_cm: float = float("nan")
    right_ankle_up_cm: float = float("nan")

    @property
    def latency_s(self) -> float:
        return self.t_ready_s - self.t_capture_s


@dataclass(frozen=True, eq=False)
class TrackedFrame:
    """The newest result of the tracking worker: image, landmarks, signals."""

    frame: Frame
    pose: PoseSample
    signals: BodySignals


@dataclass(frozen=True)
class TrackerHealth:
    """Figures the game shows to the therapist and the benchmark reports."""

    source_ok: bool
    source_error: str = ""
    frames_captured: int = 0
    frames_processed: int = 0
    frames_dropped: int = 0  # frames the source grabbed that pose never saw
    pose_hz: float = 0.0
    latency_ms_p50: float = float("nan")
    latency_ms_p95: float = float("nan")
    t_last_frame_s: float = float("nan")
    finished: bool = False  # a file or scripted source has no more frames
    capture_clock: str = ""  # how frames are stamped (capture/timing.py); "" for files
    capture_delay_ms_p50: float = float("nan")  # arrival - capture, recent frames
    timestamps_dropped: int = 0  # frames dropped for a duplicate or backwards stamp

    def pause_figures(self) -> dict:
        """What a safety pause's event keeps of the tracking at that moment."""
        return {"pose_hz": self.pose_hz, "latency_ms_p95": self.latency_ms_p95}

    def level_figures(self) -> dict:
        """What a level run's summary keeps of the tracking: its rate and latency, how
        frames were stamped and the camera delay kept out of reaction times."""
        delay = self.capture_delay_ms_p50
        return {"pose_hz": self.pose_hz, "latency_ms_p95": self.latency_ms_p95,
                "capture_clock": self.capture_clock or None,
                "capture_delay_ms_p50": round(delay, 1) if math.isfinite(delay) else None,
                "timestamps_dropped": self.timestamps_dropped}


class Side(Enum):
    """A side of the patient's body; the value is the ML sign."""

    LEFT = -1
    RIGHT = 1


@dataclass(frozen=True)
class Stimulus:
    """A challenge shown to the patient, with its onset at the display flip.

    ``direction`` and ``distance_cm`` say what movement the challenge asks for;
    ``hold_s`` how long the position is asked for: counted from the onset
    (``hold_from = "onset"``: until the obstacle has passed) or from reaching
    it (``"arrival"``: a target held for ``hold_s``).  ``extra["task"]``
    describes a whole-bout task (head turns, marching).  This says what the
    game asks of a patient, never how to pass: the demo source
    (balancegame.demo) decides how its simulated person responds.
    """

    trial_id: int
    kind: str
    t_onset_s: float
    direction: Side
    distance_cm: float
    hold_s: float = 1.0
    extra: dict = field(default_factory=dict)
    hold_from: str = "onset"
