"""The puppet: a built-in demo frame source with a simulated body and known truth.

A real photograph of a person (:mod:`balancegame.demo.body_image`) is moved
by :class:`PuppetBody`, a deterministic simulated body, and rendered into
camera-sized frames at a fixed rate on the injected clock.  The frames go
through the real pose pipeline like webcam frames: nothing here produces
landmarks, only images.  Because the body's movement is known exactly
(:meth:`PuppetBody.position_cm`, :meth:`PuppetBody.movement_onsets`), the
puppet doubles as ground truth for sway and reaction-time measurement.

Sign conventions (as in :mod:`balancegame.messages`): ``position_cm`` is the
medio-lateral (ML) displacement of the centre of mass (CoM), + = towards the
patient's right; ``lean_deg`` + = leaning to the patient's right.  The camera
faces the patient, so the patient's right is image -x in the captured
(unmirrored) frame; the game's mirror view shows it on the screen's right.
"""

from __future__ import annotations

import math
import threading
from dataclasses import replace

import numpy as np

from balancegame.capture.base import SourceEnded
from balancegame.capture.timing import CaptureClock, CaptureTiming
from balancegame.clock import PacingClock
from balancegame.demo.body_image import (
    ANKLE_HEIGHT_FRACTION,
    COM_HEIGHT_FRACTION,
    BodyImage,
    load_person_bgra,
)
from balancegame.demo.movement_shapes import HELD_OUT_SHAPES, SHAPES, Reaction
from balancegame.demo.moves import HeadTurns, Marching, Move, move_for_task
from balancegame.demo.simulated_camera import SimulatedCamera
from balancegame.messages import Frame, Stimulus


class PuppetBody:
    """A simulated person standing still and reacting to stimuli; pure in time.

    ``position_cm(t_s)`` = quiet-stance sway + the sum of scheduled reactions.

    - Sway: band-limited random noise, a sum of ``n_sway_components``
      sinusoids with log-uniform frequencies in ``sway_band_hz`` (default
      0.1-1 Hz), random phases and amplitudes ~ f^-1/2, scaled to an RMS of
      ``sway_rms_cm`` (default 0.45 cm).  It is realised entirely by leaning
      over the ankles (an inverted pendulum), so it also shows as a tiny lean.
    - Reactions (:meth:`react`): ``rt_s`` (+ optional Gaussian jitter ``rt_jitter_s``)
      after the stimulus reached the screen (its flip + ``display_delay_s``), a movement
      of ``movement_shape`` (:mod:`~balancegame.demo.movement_shapes`; default the
      minimum-jerk curve) over ``movement_s`` to
      ``direction * distance_cm * overshoot``, held for the stimulus'
      ``hold_s``, then a minimum-jerk return.  ``reaction_lean_share`` of it
      is a lean over the ankles, the rest a lateral shift (hips, weight
      shift).  Overlapping reactions add up; levels should space stimuli.
    - Moves (:mod:`~balancegame.demo.moves`): a stimulus with
      ``extra["task"]`` starts head turns or marching instead of a reaction.

    All randomness comes from the injected ``rng``: the same seed and the
    same calls to :meth:`react` give the same body.  ``react`` may be called
    from the game thread while the capture thread reads positions.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        *,
        rt_s: float = 0.600,
        rt_jitter_s: float = 0.0,
        overshoot: float = 1.4,
        movement_s: float = 0.6,
        sway_rms_cm: float = 0.45,
        sway_band_hz: tuple[float, float] = (0.1, 1.0),
        n_sway_components: int = 24,
        height_cm: float = 170.0,
        reaction_lean_share: float = 0.5,
        hold_margin_s: float = 0.1,
        movement_shape: str = "minimum-jerk",
        display_delay_s: float = 0.0,
    ) -> None:
        f_lo, f_hi = sway_band_hz
        if not 0 < f_lo < f_hi or n_sway_components < 1 or sway_rms_cm < 0:
            raise ValueError(f"bad sway: band={sway_band_hz}, n={n_sway_components}, "
                             f"rms={sway_rms_cm}")
        if rt_s < 0 or rt_jitter_s < 0 or movement_s <= 0 or height_cm <= 0:
            raise ValueError(f"bad timing or size: rt_s={rt_s}, rt_jitter_s={rt_jitter_s}, "
                             f"movement_s={movement_s}, height_cm={height_cm}")
        if movement_shape not in SHAPES + HELD_OUT_SHAPES:  # held out: benchmarks only
            raise ValueError(f"movement_shape={movement_shape!r}: expected one of "
                             f"{', '.join(SHAPES + HELD_OUT_SHAPES)}")
        if display_delay_s < 0:
            raise ValueError(f"display_delay_s={display_delay_s}: a delay is not negative")
        self._rng = rng
        self.movement_shape = movement_shape
        self.display_delay_s = float(display_delay_s)
        self.rt_s = float(rt_s)
        self.hold_margin_s = float(hold_margin_s)
        self.rt_jitter_s = float(rt_jitter_s)
        self.overshoot = float(overshoot)
        self.movement_s = float(movement_s)
        self.reaction_lean_share = float(reaction_lean_share)
        # Pendulum length: ankle to CoM.
        self.pendulum_cm = (COM_HEIGHT_FRACTION - ANKLE_HEIGHT_FRACTION) * height_cm
        self.sway_freqs_hz = np.exp(rng.uniform(math.log(f_lo), math.log(f_hi),
                                                n_sway_components))
        self._sway_phases = rng.uniform(0.0, 2.0 * math.pi, n_sway_components)
        amplitudes = self.sway_freqs_hz ** -0.5
        # RMS of a sum of sinusoids = sqrt(sum(a^2) / 2).
        self._sway_amps_cm = amplitudes * sway_rms_cm / math.sqrt((amplitudes**2).sum() / 2.0)
        self._reactions: tuple[Reaction, ...] = ()
        self._moves: tuple[Move, ...] = ()
        self._lock = threading.Lock()

    def head_and_feet(self, t_s: float) -> tuple[float, tuple[float, float]]:
        """Commanded head yaw (deg, + = patient's right) and (left, right) foot lift (cm)."""
        yaw = sum(m.yaw_deg(t_s) for m in self._moves if isinstance(m, HeadTurns))
        lifts = [m.lift_cm_at(t_s) for m in self._moves if isinstance(m, Marching)]
        return yaw, (sum(a for a, _ in lifts), sum(b for _, b in lifts))

    def react(self, stimulus: Stimulus) -> Reaction | None:
        """Schedule the response to ``stimulus`` (onset = its display flip).

        Like a patient, the puppet stays at the target until the stimulus asks
        no more (``t_onset_s + hold_s``, or ``hold_s`` after arriving when
        ``hold_from`` is "arrival"), plus ``hold_margin_s``, then returns.  A
        stimulus with ``extra["task"]`` starts that move instead (returns None);
        it replaces an earlier move of the same kind.
        """
        move = move_for_task(stimulus.extra, stimulus.t_onset_s)
        if move is not None:
            with self._lock:
                self._moves = (*(m for m in self._moves if type(m) is not type(move)), move)
            return None
        jitter_s = self._rng.normal(0.0, self.rt_jitter_s) if self.rt_jitter_s > 0 else 0.0
        t_move_onset_s = (stimulus.t_onset_s + self.display_delay_s
                          + max(0.0, self.rt_s + jitter_s))
        reaction = Reaction(
            trial_id=stimulus.trial_id,
            t_move_onset_s=t_move_onset_s,
            target_cm=stimulus.direction.value * stimulus.distance_cm * self.overshoot,
            movement_s=self.movement_s,
            hold_s=0.0,
            shape=self.movement_shape,
        )
        asked_from_s = (reaction.t_arrive_s if stimulus.hold_from == "arrival"
                        else stimulus.t_onset_s)
        t_release_s = asked_from_s + stimulus.hold_s + self.hold_margin_s
        reaction = replace(reaction, hold_s=max(0.0, t_release_s - reaction.t_arrive_s))
        with self._lock:
            self._reactions = (*self._reactions, reaction)
        return reaction

    def movement_onsets(self) -> list[tuple[int, float]]:
        """(trial_id, t_movement_onset_s) of every scheduled reaction: the truth for RT
        (minus the flip and ``display_delay_s``: the scripted reaction time)."""
        return [(r.trial_id, r.t_move_onset_s) for r in self._reactions]

    def sway_cm(self, t_s: float | np.ndarray) -> float | np.ndarray:
        """Quiet-stance ML sway (cm) at ``t_s``."""
        t = np.asarray(t_s, dtype=np.float64)[..., None]
        x = (self._sway_amps_cm * np.sin(2.0 * math.pi * self.sway_freqs_hz * t
                                         + self._sway_phases)).sum(axis=-1)
        return float(x) if np.ndim(x) == 0 else x

    def reaction_cm(self, t_s: float | np.ndarray) -> float | np.ndarray:
        """ML displacement (cm) due to reactions at ``t_s``."""
        t = np.asarray(t_s, dtype=np.float64)
        x = np.zeros_like(t)
        for reaction in self._reactions:  # a tuple, replaced atomically by react()
            x = x + reaction.position_cm(t)
        return float(x) if np.ndim(x) == 0 else x

    def position_cm(self, t_s: float | np.ndarray) -> float | np.ndarray:
        """CoM ML displacement (cm, + = patient's right) at ``t_s``."""
        return self.sway_cm(t_s) + self.reaction_cm(t_s)

    def lean_deg(self, t_s: float | np.ndarray) -> float | np.ndarray:
        """Whole-body lean over the ankles (deg, + = to the patient's right)."""
        leaned_cm = self.sway_cm(t_s) + self.reaction_lean_share * self.reaction_cm(t_s)
        x = np.degrees(np.arctan(np.asarray(leaned_cm) / self.pendulum_cm))
        return float(x) if np.ndim(x) == 0 else x


class PuppetSource:
    """A :class:`~balancegame.capture.base.FrameSource` showing the puppet.

    Frame i is exposed at ``t0 + i / fps`` on the injected clock (t0 = clock time at
    :meth:`start`) and shows the body at exactly that time.  It reaches the caller when
    the simulated ``camera`` delivers it (by default at once, with a driver stamp: the
    demo's old behaviour); ``next_frame`` sleeps on the clock until then and never
    returns a frame earlier.  ``t_capture_s`` comes from the same
    :class:`~balancegame.capture.timing.CaptureClock` a webcam uses, so a camera without
    driver stamps gets an estimated, not a true, exposure time.  A caller more than a
    frame period late gets the newest frame; the ones it missed count in
    ``frames_dropped``, as with a real camera.  With ``duration_s`` set,
    :class:`SourceEnded` is raised once the frame time passes it.  Call from one thread.
    """

    def __init__(self, body: PuppetBody, image: BodyImage, clock: PacingClock, *,
                 fps: float = 30.0, duration_s: float | None = None,
                 name: str = "puppet", camera: SimulatedCamera | None = None) -> None:
        if not 1.0 <= fps <= 1000.0:
            raise ValueError(f"fps={fps}: expected 1-1000")
        self.body = body
        self.image = image
        self.name = name
        self.fps = float(fps)
        self.duration_s = duration_s
        self.camera = camera or SimulatedCamera()
        self._stamps = CaptureClock(estimated_delay_s=1.5 / self.fps)
        self._clock = clock
        self._t0_s: float | None = None
        self._next_index = 0
        self._dropped = 0
        self._closed = False

    @property
    def capture_stamps(self) -> CaptureClock:
        """The stamper of this source's frames (its method and dropped counts are cheap)."""
        return self._stamps

    def capture_timing(self) -> CaptureTiming:
        return self._stamps.timing()

    @classmethod
    def default(cls, clock: PacingClock, rng: np.random.Generator, *, rt_ms: float = 600.0,
                fps: float = 30.0, frame_size_px: tuple[int, int] = (640, 480),
                height_cm: float = 170.0, noise_sd: float = 2.0,
                duration_s: float | None = None, camera: SimulatedCamera | None = None,
                **body_kwargs: float | str) -> PuppetSource:
        """The shipped photograph, a 170 cm body reacting after ``rt_ms``.

        ``body_kwargs`` go to :class:`PuppetBody` (e.g. ``rt_jitter_s``,
        ``sway_rms_cm``).  Raises SourceError if the photograph is missing.
        """
        body_rng, image_rng = (np.random.default_rng(s) for s in rng.integers(0, 2**62, 2))
        body = PuppetBody(body_rng, rt_s=rt_ms / 1000.0, height_cm=height_cm, **body_kwargs)
        image = BodyImage(load_person_bgra(), frame_size_px=frame_size_px, height_cm=height_cm,
                          noise_sd=noise_sd, rng=image_rng)
        return cls(body, image, clock, fps=fps, duration_s=duration_s, camera=camera)

    def react(self, stimulus: Stimulus) -> Reaction | None:
        """Let the puppet respond to a stimulus shown at ``stimulus.t_onset_s``."""
        return self.body.react(stimulus)

    def start(self) -> None:
        self._t0_s = self._clock.now_s()
        self._next_index = 0
        self._dropped = 0
        self._closed = False

    def frame_time_s(self, index: int) -> float:
        """Capture time of frame ``index`` (computed, never accumulated)."""
        if self._t0_s is None:
            raise RuntimeError("PuppetSource.start() was not called")
        return self._t0_s + index / self.fps

    def _arrival_s(self, index: int) -> float:
        return self.camera.arrival_s(self.frame_time_s(index), index, 1.0 / self.fps)

    def next_frame(self, timeout_s: float) -> Frame | None:
        if self._closed:
            raise SourceEnded()
        now_s = self._clock.now_s()
        index = self._next_index
        if self._arrival_s(index) > now_s + max(0.0, timeout_s):
            self._clock.sleep_until(now_s + max(0.0, timeout_s))
            return None
        if self._arrival_s(index + 1) <= now_s:  # late: the newest frame wins
            newest = max(index, math.floor((now_s - self.camera.delay_s
                                            - self.frame_time_s(0)) * self.fps))
            while newest > index and self._arrival_s(newest) > now_s:
                newest -= 1  # jitter or rounding in the floor above
            while self._arrival_s(newest + 1) <= now_s:
                newest += 1
            self._dropped += newest - index
            index = newest
        t_s = self.frame_time_s(index)
        if self.duration_s is not None and t_s - self.frame_time_s(0) > self.duration_s:
            raise SourceEnded()
        t_arrival_s = max(self._arrival_s(index), now_s)
        self._clock.sleep_until(t_arrival_s)
        self._next_index = index + 1
        t_capture_s = self._stamps.stamp(t_arrival_s, self.camera.driver_stamp_s(t_s))
        yaw_deg, lift_cm = self.body.head_and_feet(t_s)
        image = self.image.render(float(self.body.position_cm(t_s)),
                                  float(self.body.lean_deg(t_s)), noise_index=index,
                                  head_yaw_deg=yaw_deg, foot_lift_cm=lift_cm)
        return Frame(image, t_capture_s, index, self.name, t_arrival_s)

    @property
    def frames_dropped(self) -> int:
        return self._dropped

    def close(self) -> None:
        self._closed = True
