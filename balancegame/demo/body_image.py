"""A cut-out photograph of a person, rendered into camera frames and moved rigidly.

The puppet source (:mod:`balancegame.demo.puppet`) draws its frames with
:class:`BodyImage`: the photograph ``data/puppet/standing_person.png`` (BGRA,
alpha = person; provenance and licence in that folder and in
``assets/LICENSES.md``) is scaled so the person is ``person_height_fraction``
of the frame height, stands in the middle of a plain, static room, and is
rotated about the midpoint of the ankles by a lean angle and shifted sideways
so that the centre of mass (CoM) lands where the simulated body says.

Conventions (see :mod:`balancegame.messages`): the frame is the camera image
as captured, not mirrored.  The camera faces the patient, so the patient's
RIGHT is image **-x**: ``position_cm > 0`` (towards the patient's right)
moves the person to the left of the image, and ``lean_deg > 0`` (leaning to
the patient's right) tilts the head towards image -x.  The game's mirror
view shows both on the screen's right, as the patient expects.

Nothing here knows about landmarks: the only geometry used is the person's
silhouette (the alpha channel) and textbook body proportions.  For benchmarks
the body can also be jointed (trunk lean at the hips, arm raises:
:mod:`balancegame.demo.body_bend`), and the joint centres and true centre of
mass of what is drawn are known (:meth:`BodyImage.joints_px`,
:meth:`BodyImage.true_com_px`; :mod:`balancegame.demo.body_joints`).
"""

from __future__ import annotations

import math
from importlib import resources

import cv2
import numpy as np

from balancegame.capture.base import SourceError
from balancegame.demo import body_warp
from balancegame.demo.body_bend import JointedSprite
from balancegame.demo.body_joints import PHOTO_JOINTS_SHAPE, REST, BodyJoints, JointPose, apply
from balancegame.demo.body_joints import true_com_px as _true_com_px

PERSON_RESOURCE = ("data", "puppet", "standing_person.png")
# Body proportions as fractions of standing height, soles = 0 (Winter,
# "Biomechanics and Motor Control of Human Movement", 4th ed. 2009, Fig. 4.1
# and Table 4.1): lateral malleolus 0.039; whole-body CoM ~0.55.
ANKLE_HEIGHT_FRACTION = 0.039
COM_HEIGHT_FRACTION = 0.55
SHIN_BAND_FRACTION = (0.06, 0.20)  # rows whose silhouette centre is the ankle midpoint's x
SOLES_Y_FRACTION = 0.93  # where the feet stand, as a fraction of frame height
WALL_BGR = (200, 203, 206)  # plain light-grey wall
FLOOR_BGR = (150, 160, 172)  # warm grey floor, seen from a camera at hip height


def load_person_bgra() -> np.ndarray:
    """The shipped photograph as an H x W x 4 uint8 BGRA array.

    Read through :mod:`importlib.resources`, so it works from an installed
    package as well as from a source tree.  Raises SourceError if missing.
    """
    ref = resources.files("balancegame").joinpath(*PERSON_RESOURCE)
    try:
        data = ref.read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise SourceError(f"The demo body image is missing: {ref}",
                          "Reinstall balancegame; the file ships with the package.") from exc
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None or image.ndim != 3 or image.shape[2] != 4:
        raise SourceError(f"The demo body image {ref} is not a BGRA PNG.",
                          "Reinstall balancegame; the file ships with the package.")
    return image


class BodyImage:
    """Renders frames of one person at a given CoM position and lean.

    ``render`` is a pure function of (position_cm, lean_deg, noise_index):
    everything else (scaled sprite, background, sensor-noise patterns) is
    precomputed here, so a 640 x 480 frame costs well under a millisecond.

    ``px_per_cm`` = person's height in the frame (px) / ``height_cm``: the
    scale a calibrated tracker should find.  ``noise_sd`` adds camera-like
    Gaussian pixel noise (grey levels), cycled through ``n_noise_frames``
    patterns drawn once from ``rng``; 0 gives noise-free frames.
    """

    def __init__(
        self,
        person_bgra: np.ndarray,
        *,
        frame_size_px: tuple[int, int] = (640, 480),
        person_height_fraction: float = 0.80,
        height_cm: float = 170.0,
        noise_sd: float = 2.0,
        n_noise_frames: int = 4,
        rng: np.random.Generator | None = None,
    ) -> None:
        width_px, height_px = frame_size_px
        if not 0.3 <= person_height_fraction <= 0.88:
            raise ValueError(f"person_height_fraction={person_height_fraction}: expected 0.3-0.88"
                             " (more would cut off the head)")
        if height_cm <= 0 or width_px < 64 or height_px < 64:
            raise ValueError(f"bad size: height_cm={height_cm}, frame_size_px={frame_size_px}")
        self.frame_size_px = (int(width_px), int(height_px))
        self.height_cm = float(height_cm)

        # Scale the sprite once (INTER_AREA: no aliasing) so the person's
        # silhouette is exactly person_height_px tall.
        rows = np.nonzero((person_bgra[:, :, 3] > 127).any(axis=1))[0]
        scale = person_height_fraction * height_px / float(rows[-1] - rows[0] + 1)
        size = (max(1, round(person_bgra.shape[1] * scale)),
                max(1, round(person_bgra.shape[0] * scale)))
        sprite = cv2.resize(person_bgra, size, interpolation=cv2.INTER_AREA)
        # Joint centres are known for the shipped photograph only (body_joints).
        self.joints = None
        if person_bgra.shape[:2] == PHOTO_JOINTS_SHAPE:
            self.joints = BodyJoints((size[0] / person_bgra.shape[1],
                                      size[1] / person_bgra.shape[0]))
        self._jointed: JointedSprite | None = None
        alpha = sprite[:, :, 3]
        rows = np.nonzero((alpha > 127).any(axis=1))[0]
        top_s, soles_s = float(rows[0]), float(rows[-1] + 1)
        self.person_height_px = soles_s - top_s
        self.px_per_cm = self.person_height_px / self.height_cm

        # Pivot = ankle midpoint, estimated from the silhouette: at textbook
        # ankle height, horizontally at the centre of the lower legs (shins,
        # 6-20 % of height: the shoes and their shadow are too asymmetric).
        # On the shipped photo this is within 1 px of MediaPipe's ankle midpoint.
        ankle_y_s = soles_s - ANKLE_HEIGHT_FRACTION * self.person_height_px
        shins = alpha[int(soles_s - SHIN_BAND_FRACTION[1] * self.person_height_px):
                      int(soles_s - SHIN_BAND_FRACTION[0] * self.person_height_px)]
        xs = np.arange(shins.shape[1], dtype=np.float64)
        weights = shins.astype(np.float64)
        self._pivot_s = np.array([float((weights * xs).sum() / weights.sum()), ankle_y_s])
        soles_y = SOLES_Y_FRACTION * height_px
        self.pivot_px = (width_px / 2.0, soles_y - ANKLE_HEIGHT_FRACTION * self.person_height_px)
        com_above_pivot_px = (COM_HEIGHT_FRACTION - ANKLE_HEIGHT_FRACTION) * self.person_height_px
        self._com_above_pivot = np.array([0.0, -com_above_pivot_px])
        self.com_rest_px = (self.pivot_px[0], self.pivot_px[1] - com_above_pivot_px)

        # Premultiplied colour, so warping blends edges towards "no colour"
        # rather than towards black.
        a = alpha.astype(np.float32)[:, :, None] / 255.0
        premult = np.round(sprite[:, :, :3].astype(np.float32) * a).astype(np.uint8)
        self._sprite_pm = np.dstack([premult, alpha])
        self._background = _room_background(self.frame_size_px, soles_y, self.person_height_px)
        # Optional head turn and foot lift (balancegame.demo.body_warp).
        self._head = body_warp.head_rows(alpha, top_s, self.person_height_px)
        self._legs = body_warp.leg_columns(alpha, soles_s, self.person_height_px,
                                           self._pivot_s[0])
        self._noise_pos, self._noise_neg = _noise_patterns(
            self.frame_size_px, noise_sd, n_noise_frames, rng)

    def transform(self, position_cm: float, lean_deg: float) -> np.ndarray:
        """The 2 x 3 affine map from sprite pixels to frame pixels.

        Rotation by ``lean_deg`` about the ankle midpoint (the person's head
        goes to image -x for lean > 0), then a lateral shift that puts the
        CoM at ``com_rest_px.x - position_cm * px_per_cm``.
        """
        phi = -math.radians(lean_deg)  # image angle, + = head towards +x
        c, s = math.cos(phi), math.sin(phi)
        rot = np.array([[c, -s], [s, c]])
        pivot_f = np.asarray(self.pivot_px)
        com_rotated_x = pivot_f[0] + (rot @ self._com_above_pivot)[0]
        shift_x = self.com_rest_px[0] + self.com_shift_px(position_cm) - com_rotated_x
        t = pivot_f - rot @ self._pivot_s + np.array([shift_x, 0.0])
        return np.hstack([rot, t[:, None]])

    def com_shift_px(self, position_cm: float) -> float:
        """Image-x displacement (px) of the CoM for ``position_cm`` (+ = patient's right)."""
        return -position_cm * self.px_per_cm

    def joints_px(self, position_cm: float, lean_deg: float,
                  joint_pose: JointPose = REST) -> dict[str, np.ndarray]:
        """Where each joint centre of the rendered body is in the frame (px); see body_joints."""
        if self.joints is None:
            raise ValueError("joint centres are known for the shipped photograph only")
        m = self.transform(position_cm, lean_deg)
        return {k: apply(m, p) for k, p in self.joints.posed_px(joint_pose).items()}

    def true_com_px(self, position_cm: float, lean_deg: float,
                    joint_pose: JointPose = REST) -> np.ndarray:
        """The rendered body's centre of mass in the frame (px): de Leva on its joints."""
        return _true_com_px(self.joints_px(position_cm, lean_deg, joint_pose))

    def posed_sprite(self, head_yaw_deg: float = 0.0,
                     foot_lift_cm: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
        """The premultiplied sprite, head turned and feet lifted if asked (2-D imitations).

        ``head_yaw_deg``: + = to the patient's right; ``foot_lift_cm``: the
        patient's (left, right) foot, + = up.  How, and what MediaPipe makes of
        it: :mod:`balancegame.demo.body_warp`.  With both zero this is the
        photograph as it is.
        """
        sprite = self._sprite_pm
        if head_yaw_deg or any(foot_lift_cm):
            sprite = sprite.copy()
        if head_yaw_deg:
            body_warp.turn_head(sprite, self._head, head_yaw_deg)
        if any(foot_lift_cm):
            body_warp.lift_feet(sprite, self._legs, self.px_per_cm, foot_lift_cm)
        return sprite

    def _jointed_sprite(self, sprite: np.ndarray, pose: JointPose) -> tuple[np.ndarray, float]:
        """(canvas, margin px) of ``sprite`` bent into ``pose`` (body_bend)."""
        if self.joints is None:
            raise ValueError("jointed poses need the shipped photograph (its joints are known)")
        if self._jointed is None:
            scale = self.joints.scale_xy
            self._jointed = JointedSprite(self._sprite_pm, self.joints, scale)
        return self._jointed.render(sprite, pose), self._jointed.origin_px

    def render(self, position_cm: float, lean_deg: float, noise_index: int = 0, *,
               head_yaw_deg: float = 0.0,
               foot_lift_cm: tuple[float, float] = (0.0, 0.0),
               joint_pose: JointPose = REST) -> np.ndarray:
        """A new H x W x 3 uint8 BGR frame of the person in this posture.

        ``head_yaw_deg`` and ``foot_lift_cm`` (left, right): see :meth:`posed_sprite`;
        ``joint_pose``: trunk lean at the hips and arm raises (body_bend), drawn
        before the whole body is leaned about the ankles by ``lean_deg``.
        """
        frame = self._background.copy()
        sprite = self.posed_sprite(head_yaw_deg, foot_lift_cm)
        width_px, height_px = self.frame_size_px
        m = self.transform(position_cm, lean_deg)
        if not joint_pose.is_rest:
            sprite, (pad_x, pad_y) = self._jointed_sprite(sprite, joint_pose)
            m = m.copy()
            m[:, 2] -= m[:, :2] @ np.array([pad_x, pad_y], dtype=float)
        h_s, w_s = sprite.shape[:2]
        corners = m @ np.array([[0, 0, 1], [w_s, 0, 1], [0, h_s, 1], [w_s, h_s, 1]],
                               dtype=np.float64).T
        x0 = max(0, math.floor(corners[0].min()) - 1)
        y0 = max(0, math.floor(corners[1].min()) - 1)
        x1 = min(width_px, math.ceil(corners[0].max()) + 2)
        y1 = min(height_px, math.ceil(corners[1].max()) + 2)
        if x1 > x0 and y1 > y0:
            m_roi = m.copy()
            m_roi[:, 2] -= (x0, y0)
            warped = cv2.warpAffine(sprite, m_roi, (x1 - x0, y1 - y0),
                                    flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                                    borderValue=(0, 0, 0, 0))
            inv_alpha = cv2.cvtColor(255 - warped[:, :, 3], cv2.COLOR_GRAY2BGR)
            roi = frame[y0:y1, x0:x1]
            covered = cv2.multiply(roi, inv_alpha, scale=1.0 / 255.0)
            frame[y0:y1, x0:x1] = cv2.add(covered, cv2.cvtColor(warped, cv2.COLOR_BGRA2BGR))
        if self._noise_pos is not None:
            k = noise_index % len(self._noise_pos)
            cv2.add(frame, self._noise_pos[k], dst=frame)
            cv2.subtract(frame, self._noise_neg[k], dst=frame)
        return frame


def _room_background(size_px: tuple[int, int], soles_y: float,
                     person_height_px: float) -> np.ndarray:
    """A static wall and floor; the wall meets the floor a little above the feet."""
    width_px, height_px = size_px
    image = np.empty((height_px, width_px, 3), np.uint8)
    horizon_y = int(round(soles_y - 0.08 * person_height_px))
    image[:horizon_y] = WALL_BGR
    image[horizon_y:] = FLOOR_BGR
    # Soften the edge over a few pixels, as a camera lens would.
    band = slice(max(0, horizon_y - 3), min(height_px, horizon_y + 4))
    image[band] = cv2.GaussianBlur(image, (1, 7), 0)[band]
    return image


def _noise_patterns(size_px: tuple[int, int], noise_sd: float, n_frames: int,
                    rng: np.random.Generator | None
                    ) -> tuple[list[np.ndarray] | None, list[np.ndarray] | None]:
    """Signed Gaussian noise split into +/- uint8 parts (cv2 saturating add/subtract)."""
    if noise_sd <= 0 or n_frames <= 0:
        return None, None
    if rng is None:
        raise ValueError("noise_sd > 0 needs an rng (inject a seeded numpy Generator)")
    width_px, height_px = size_px
    pos, neg = [], []
    for _ in range(n_frames):
        noise = np.round(rng.normal(0.0, noise_sd, (height_px, width_px, 3)))
        pos.append(np.clip(noise, 0, 255).astype(np.uint8))
        neg.append(np.clip(-noise, 0, 255).astype(np.uint8))
    return pos, neg

