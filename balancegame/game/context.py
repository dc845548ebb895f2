"""What the scenes share, wired once in the composition root (app.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from balancegame.body.identity import IdentityGuard
from balancegame.body.safety import SafetyMonitor
from balancegame.capture.base import FrameSource
from balancegame.clock import Clock
from balancegame.game.calibration_state import CalibrationState
from balancegame.game.camera_view import CameraView
from balancegame.game.display_delay import DisplayDelay
from balancegame.game.feedback import FeedbackMarker
from balancegame.game.motion import Motion
from balancegame.game.narrator import Narrator
from balancegame.game.prescribing import Prescribing
from balancegame.game.session_quiet import SessionQuiet
from balancegame.game.sounds import Sounds
from balancegame.measures.dual_task_cost import costs_now_ready
from balancegame.messages import BodySignals, Stimulus, TrackedFrame, TrackerHealth
from balancegame.prescription.levels import Level
from balancegame.prescription.programs import DEFAULT_SESSIONS_PER_WEEK
from balancegame.progress.history import History
from balancegame.session.log import SessionLog

IDENTITY_HOLD_S = 1.0  # a jump of the tracked body pauses the level at least this long


class PeopleState(Protocol):
    """The part of the people watch the game uses (people_watch.PeopleWatch)."""

    def state(self): ...


class Tracker(Protocol):
    """The part of the tracking worker the game uses (see tracking.py)."""

    def latest(self) -> TrackedFrame | None: ...

    def drain(self) -> list[BodySignals]: ...

    def health(self) -> TrackerHealth: ...

    def request_recalibration(self) -> None: ...

    def scale_ready(self) -> bool: ...

    def lend_frames(self) -> FrameSource:
        """Every camera frame, instead of pose, until the returned source is closed."""
        ...


@dataclass
class GameContext:
    clock: Clock
    tracker: Tracker
    log: SessionLog
    levels: list[Level]
    seed: int
    rests_s: list[float] = field(default_factory=list)  # rest after each level (programs)
    previous_sessions: int = 0  # this patient's earlier sessions (two-hour rule check-in)
    history: History = field(default_factory=History)  # their earlier level runs (progress)
    sessions_per_week: int = DEFAULT_SESSIONS_PER_WEEK  # the weekly goal, training days
    today: date = field(default_factory=date.today)  # the session's local calendar day
    on_stimulus: Callable[[Stimulus], None] = lambda stimulus: None
    headless: bool = False
    patient_id: str = "anonymous"
    camera_name: str | None = None  # a live camera (the display-delay check is offered)
    machine_id: str = ""  # this computer's id in the database (display-delay checks)
    vsync: bool = False  # SDL granted vsync for the window
    display_delay: DisplayDelay = field(default_factory=DisplayDelay)  # of stimulus onsets
    camera_view: CameraView = field(default_factory=CameraView)
    feedback: FeedbackMarker = field(default_factory=FeedbackMarker)  # the marker shown
    sounds: Sounds = field(default_factory=lambda: Sounds(enabled=False))
    narrator: Narrator = field(default_factory=Narrator.silent)  # spoken instructions
    safety: SafetyMonitor = field(default_factory=SafetyMonitor)
    people: PeopleState | None = None  # a people watch (people_watch.py); None: not watched
    identity: IdentityGuard = field(default_factory=IdentityGuard)  # the tracker's jumps
    summaries: list[dict] = field(default_factory=list)
    # Quiet standing seen so far this session, lent to each level's sway model.
    quiet_standing: SessionQuiet = field(default_factory=SessionQuiet)
    calibration: CalibrationState = field(default_factory=CalibrationState)  # this patient's
    dual_task_costs_done: set[str] = field(default_factory=set)  # dual levels already costed
    # Home or clinic, therapist mode, the prescription (game/prescribing.py): who may do what.
    session: Prescribing = field(default_factory=Prescribing)
    end_reason: str = ""
    calm: bool = False  # still screens: no decorative motion, nothing flashing (--calm)

    def pull_signals(self) -> list[BodySignals]:
        """Every new body signal since the last call; also fed to the safety monitor and
        the marker's estimator."""
        signals = self.tracker.drain()
        for s in signals:
            self.safety.observe(s)
            if self.identity.observe(s):
                self.log.event("identity_switch", s.t_capture_s,
                               {"trunk_px": round(s.trunk_px, 1), "hip_px": s.hip_mid_px})
        self.feedback.observe(signals)
        return signals

    def esc_reason(self) -> str:
        """How Esc ending the session is logged: at home nobody supervises."""
        return ("ended by the patient (Esc, at home)" if self.session.home
                else "ended by the supervisor (Esc)")

    def someone_else(self, now_s: float) -> bool:
        """Someone other than the patient is in view (the people watch), or the tracker
        jumped to another body less than IDENTITY_HOLD_S ago."""
        if self.people is not None and self.people.state().second_person:
            return True
        jumps = self.identity.switched
        return bool(jumps) and now_s - jumps[-1] < IDENTITY_HOLD_S

    def record_level(self, summary: dict) -> None:
        """A level run ended (``summary`` with its status).  When a dual level and its
        single-task matches have all been played, the dual-task cost on both sides is
        stored with the session and attached to this summary (its results show it)."""
        self.summaries.append(summary)
        plan = {lv.name: dict(lv.matches) for lv in self.levels}
        played = {s["level"]: s for s in self.summaries
                  if s["status"] in ("completed", "interrupted")}
        for name, costs in costs_now_ready(plan, played, self.dual_task_costs_done):
            self.dual_task_costs_done.add(name)
            self.log.event("dual_task_effect", self.clock.now_s(), costs)
            summary["dual_task_effect"] = costs

    def motion(self) -> Motion:
        """Decorative motion for the frame drawn now (game/motion.py): still when calm."""
        return Motion(not self.calm, self.clock.now_s())

    def seconds(self, live_s: float, headless_s: float) -> float:
        """A screen's dwell time: shorter when nobody is watching."""
        return headless_s if self.headless else live_s
