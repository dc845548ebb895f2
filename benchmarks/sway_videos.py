"""Sway videos with a known movement, for benchmarks/accuracy.py and the tests.

A real photograph of a standing person (:class:`balancegame.demo.body_image.BodyImage`,
the puppet's image) is moved like an inverted pendulum about the ankles: a
lean ``amp_deg * sin(2 pi f t)`` plus optional low-pass random lean, a
sideways shift and minimum-jerk side steps; optionally jointed
(:mod:`balancegame.demo.body_bend`): the trunk leaning at the hips (on its
own, or against the ankle lean: a hip strategy) and arms raised sideways.
Rendered with camera-like pixel noise and written as an MPEG-4 (mp4v) file,
so compression artefacts are in it as they would be in a recording.

Ground truth, two kinds:

- the renderer's own centre of mass (``SwayTruth.com_px``): the de Leva
  segment model applied to the generator's joint centres as it posed them
  (:mod:`balancegame.demo.body_joints`), every frame; and the midpoint of its
  hip joint centres (``hip_px``).  Independent of what the pose detector sees.
- the old, fitted one, for rigid videos only: every frame is the rest image
  moved by one rigid transform (rotation about the ankle midpoint + shift),
  ``SwayTruth.transforms``, so the movement of ANY body point is known; the
  pipeline's CoM is compared with the movement of the body point it tracks
  (:func:`rest_point`, :func:`true_track`).  A misplaced CoM passes this one.
  In a jointed video the transforms are those of the legs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from balancegame.body.filters import zero_phase_lowpass
from balancegame.demo.body_image import (
    ANKLE_HEIGHT_FRACTION,
    COM_HEIGHT_FRACTION,
    BodyImage,
    load_person_bgra,
)
from balancegame.demo.body_joints import JointPose
from balancegame.measures.minimum_jerk import minimum_jerk


@dataclass(frozen=True)
class SwayCase:
    """One synthetic recording; angles in deg (+ = the patient's right), shifts in cm."""

    name: str
    amp_deg: float
    freq_hz: float
    duration_s: float = 10.0
    noise_deg: float = 0.0  # SD of added random lean, low-passed at noise_band_hz
    noise_band_hz: float = 0.5
    lateral_cm: float = 0.0  # sideways shift amplitude, sinusoidal at lateral_freq_hz
    lateral_freq_hz: float = 0.1
    step_cm: float = 0.0  # minimum-jerk side steps to +/- step_cm every step_every_s
    step_every_s: float = 3.0
    fps: float = 30.0
    frame_size_px: tuple[int, int] = (640, 480)
    person_fraction: float = 0.8  # person's height / frame height (0.5: a person further away)
    pixel_noise_sd: float = 2.0  # camera-like Gaussian noise, grey levels
    seed: int = 0
    # Jointed movement (balancegame.demo.body_bend), degrees:
    trunk_deg: float = 0.0  # trunk lean at the hips, trunk_deg x sin(2 pi trunk_freq_hz t)
    trunk_freq_hz: float = 0.3
    counter_lean: float = 0.0  # hip strategy: the trunk also leans -counter_lean x ankle lean
    arm_deg: float = 0.0  # arm raised sideways 0..arm_deg, (1 - cos)/2 at arm_freq_hz
    arm_freq_hz: float = 0.25
    arm_side: str = "right"  # "right", "left", "both", or "alternate" (one up as the other is down)

    @property
    def jointed(self) -> bool:
        return bool(self.trunk_deg or self.counter_lean or self.arm_deg)


@dataclass(frozen=True)
class CaseMotion:
    """Per-frame commands: the rigid body (shift, ankle lean) and the joints (deg)."""

    t_s: np.ndarray
    shift_cm: np.ndarray
    lean_deg: np.ndarray
    trunk_deg: np.ndarray
    arm_left_deg: np.ndarray
    arm_right_deg: np.ndarray

    def pose(self, i: int) -> JointPose:
        return JointPose(float(self.trunk_deg[i]),
                         (float(self.arm_left_deg[i]), float(self.arm_right_deg[i])))


def case_motion(case: SwayCase) -> CaseMotion:
    """What every frame shows.

    ``shift_cm`` moves the whole body, feet included (sideways shifts, steps);
    ``lean_deg`` turns it about the ankles; ``trunk_deg`` the trunk about the
    hips.  + = towards the patient's right.
    """
    rng = np.random.default_rng(case.seed)
    t = np.arange(int(round(case.duration_s * case.fps))) / case.fps
    lean = case.amp_deg * np.sin(2 * math.pi * case.freq_hz * t)
    if case.noise_deg > 0:
        # Filtered over a longer stretch and cropped: the filter's ends would
        # otherwise lean towards the first and last random samples.
        pad = int(case.fps * 5)
        t_long = np.arange(-pad, len(t) + pad) / case.fps
        noise = zero_phase_lowpass(t_long, rng.normal(0, 1, len(t_long)),
                                   case.noise_band_hz)[pad:-pad]
        lean = lean + case.noise_deg * noise / noise.std()
    pos = case.lateral_cm * np.sin(2 * math.pi * case.lateral_freq_hz * t)
    if case.step_cm > 0:
        # Out to one side, back to the middle, out to the other side, ...: 0.6 s moves.
        for k, t0 in enumerate(np.arange(1.0, case.duration_s - 1.5, case.step_every_s)):
            side = 1.0 if k % 2 == 0 else -1.0
            out = minimum_jerk((t - t0) / 0.6) - minimum_jerk((t - t0 - 1.6) / 0.6)
            pos = pos + side * case.step_cm * np.asarray(out)
    trunk = case.trunk_deg * np.sin(2 * math.pi * case.trunk_freq_hz * t) - case.counter_lean * lean
    raised = case.arm_deg * (1 - np.cos(2 * math.pi * case.arm_freq_hz * t)) / 2
    other = case.arm_deg * (1 + np.cos(2 * math.pi * case.arm_freq_hz * t)) / 2
    zero = np.zeros_like(t)
    left, right = {"right": (zero, raised), "left": (raised, zero), "both": (raised, raised),
                   "alternate": (raised, other)}[case.arm_side]
    return CaseMotion(t, pos, lean, trunk, left, right)


@dataclass(frozen=True)
class SwayTruth:
    """What the rendering did, frame by frame."""

    t_s: np.ndarray
    shift_cm: np.ndarray
    lean_deg: np.ndarray
    transforms: np.ndarray  # n x 3 x 3: rest frame px -> frame px (of the legs, if jointed)
    px_per_cm: float  # the person is person_height_px tall and height_cm tall
    person_height_px: float
    height_cm: float
    com_px: np.ndarray  # n x 2: the rendered body's centre of mass (body_joints)
    hip_px: np.ndarray  # n x 2: the midpoint of its hip joint centres
    lever_px: float  # height of the upright body's CoM above the ankle pivot
    rigid: bool  # no jointed movement: the fitted (transform) truth applies


def _h(m23: np.ndarray) -> np.ndarray:
    return np.vstack([m23, [0.0, 0.0, 1.0]])


def write_case_video(case: SwayCase, path: Path, *, height_cm: float = 170.0) -> SwayTruth:
    """Render ``case`` into ``path`` (mp4v) and return its ground truth."""
    motion = case_motion(case)
    t, pos, lean = motion.t_s, motion.shift_cm, motion.lean_deg
    rng = np.random.default_rng(case.seed + 1000)
    body = BodyImage(load_person_bgra(), frame_size_px=case.frame_size_px, height_cm=height_cm,
                     person_height_fraction=case.person_fraction,
                     noise_sd=case.pixel_noise_sd, n_noise_frames=8, rng=rng)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), case.fps,
                             case.frame_size_px)
    if not writer.isOpened():
        raise RuntimeError(f"cannot write {path} with the mp4v codec")
    # BodyImage places the CoM at position_cm whatever the lean; an inverted
    # pendulum keeps its feet in place, so its CoM is pendulum x sin(lean) aside.
    pendulum_cm = (COM_HEIGHT_FRACTION - ANKLE_HEIGHT_FRACTION) * height_cm
    com_cm = pos + pendulum_cm * np.sin(np.radians(lean))
    rest_inv = np.linalg.inv(_h(body.transform(0.0, 0.0)))
    transforms = np.empty((len(t), 3, 3))
    com_px, hip_px = np.empty((len(t), 2)), np.empty((len(t), 2))
    for i, (p, a) in enumerate(zip(com_cm, lean, strict=True)):
        pose = motion.pose(i)
        writer.write(body.render(float(p), float(a), noise_index=i, joint_pose=pose))
        transforms[i] = _h(body.transform(float(p), float(a))) @ rest_inv
        joints = body.joints_px(float(p), float(a), pose)
        com_px[i] = body.true_com_px(float(p), float(a), pose)
        hip_px[i] = (joints["left_hip"] + joints["right_hip"]) / 2
    writer.release()
    lever_px = body.pivot_px[1] - body.true_com_px(0.0, 0.0)[1]
    return SwayTruth(t, pos, lean, transforms, body.px_per_cm, body.person_height_px, height_cm,
                     com_px, hip_px, float(lever_px), not case.jointed)


def shared_truth(csv_path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(t_s, transforms, hip_xy) of a ../shared/data/sway recording (see its README).

    theta_deg > 0 turns the body clockwise on screen about the upright pivot,
    then the whole body is shifted by lateral_px (the CSV's pivot_x is the
    shifted pivot).  Checked: the hip track it gives matches hip_x, hip_y to
    0.001 px.
    """
    d = np.genfromtxt(csv_path, delimiter=",", names=True)
    th = np.radians(d["theta_deg"])
    c, s = np.cos(th), np.sin(th)
    n = len(th)
    transforms = np.zeros((n, 3, 3))
    transforms[:, 0, 0], transforms[:, 0, 1] = c, -s
    transforms[:, 1, 0], transforms[:, 1, 1] = s, c
    transforms[:, 2, 2] = 1.0
    # pivot_x already includes the shift: the upright pivot is pivot_x - lateral_px.
    shift = np.column_stack([d["lateral_px"], np.zeros(n)])
    pivot = np.column_stack([d["pivot_x"], d["pivot_y"]]) - shift
    rotated_pivot = np.einsum("nij,nj->ni", transforms[:, :2, :2], pivot)
    transforms[:, :2, 2] = pivot - rotated_pivot + shift
    return d["time_s"], transforms, np.column_stack([d["hip_x"], d["hip_y"]])


# The shared recordings' person (the woman of tfjs_pose_squats_frame000.png) has no
# joint model; her CoM is taken at the textbook height, 0.55 x standing height above
# the soles (Winter 2009, Table 4.1), on the vertical through the ankle pivot.  Her
# height in the videos, read by eye from frame 0 (upright to 0.3 deg; the same
# placement in both videos, see their .json): top of the hair y = 74.5, lowest
# sole y = 412 (+/- 2 px each).
SHARED_HEAD_TOP_Y_PX = 74.5
SHARED_SOLES_Y_PX = 412.0


def shared_textbook_com(transforms: np.ndarray, pivot_xy: tuple[float, float]) -> np.ndarray:
    """n x 2 px: the textbook CoM of a shared recording's person in every frame."""
    height_px = SHARED_SOLES_Y_PX - SHARED_HEAD_TOP_Y_PX
    point = (pivot_xy[0], SHARED_SOLES_Y_PX - COM_HEIGHT_FRACTION * height_px)
    return true_track(transforms, np.array(point))


def rest_point(transforms: np.ndarray, measured_xy: np.ndarray) -> np.ndarray:
    """The body point (in the rest frame) a measured track follows, least squares.

    Each measurement mapped back to the rest frame; their mean.  Exact for a
    body-fixed point; its error shifts the true movement by at most
    |sin(lean)| x the error (< 0.1 px for 1 px at 5 deg).
    """
    ok = np.all(np.isfinite(measured_xy), axis=1)
    inv = np.linalg.inv(transforms[ok])
    pts = np.column_stack([measured_xy[ok], np.ones(ok.sum())])
    return np.einsum("nij,nj->ni", inv, pts)[:, :2].mean(axis=0)


def true_track(transforms: np.ndarray, point_xy: np.ndarray) -> np.ndarray:
    """Where the body point ``point_xy`` (rest frame) is in each frame: n x 2 px."""
    p = np.array([point_xy[0], point_xy[1], 1.0])
    return (transforms @ p)[:, :2]
