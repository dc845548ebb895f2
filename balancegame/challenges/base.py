"""What every challenge type provides, and the events it reports to the level scene.

A challenge holds the rules of one level run.  It is stepped on a fixed
timestep with the patient's body state (relative to the middle position
measured during the countdown) and reports events; it never draws, reads a
clock or touches pygame or the database.  The level scene stamps each trial's
stimulus onset at the display flip, measures reaction times on the capture
clock, writes the log and asks the matching view to draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from balancegame.messages import BodySignals, Side

# Trial outcomes that count as a success (adaptive difficulty, success rate).
SUCCESS_OUTCOMES = frozenset({"avoided", "reached", "correct", "completed"})


@dataclass(frozen=True)
class Body:
    """The patient at one rule step.

    ``ml_cm``: CoM medio-lateral displacement from the middle position (cm,
    + = the patient's right), filtered; 0 while nobody is tracked (the scene
    pauses then anyway).  ``signals``: the newest body signals, for challenge
    types that need more (vertical position, trunk lean, ...), or None.
    ``new_signals``: every body signal that arrived since the previous step,
    oldest first (the complete camera-rate record, capture times included),
    for challenge types that measure a trajectory themselves.
    """

    present: bool
    ml_cm: float
    signals: BodySignals | None = None
    new_signals: tuple[BodySignals, ...] = ()


@dataclass(frozen=True)
class TrialStart:
    """A stimulus appears.  Its onset is the next display flip (stamped by the scene).

    ``direction``/``distance_cm`` describe the movement asked for (used for
    movement-onset reaction time, and by the demo to respond); ``hold_s`` is
    how long the position is asked for, from the onset or from arriving
    (``hold_from``); ``extra["task"]`` describes a whole-bout task.  What is
    asked, never how the demo should pass it.
    """

    trial_id: int
    kind: str
    direction: Side | None = None
    distance_cm: float | None = None
    hold_s: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)
    hold_from: str = "onset"  # or "arrival": ``hold_s`` counts from reaching the position


@dataclass(frozen=True)
class TrialEnd:
    """A trial is resolved.  ``outcome`` is one word (avoided, hit, reached, ...).

    ``rt``: how the scene measures the reaction time: ``"movement"`` = movement
    onset towards ``direction`` after the stimulus onset (capture clock);
    ``"response"`` = the time of this event (an answer chosen, a supervisor's
    key) after the stimulus onset; ``"none"``.
    """

    trial_id: int
    outcome: str
    direction: Side | None = None
    distance_cm: float | None = None
    rt: str = "movement"
    detail: dict[str, Any] = field(default_factory=dict)
    # Stored direction when it is not just left/right (e.g. "forward-left"):
    # one of storage.DIRECTIONS.
    direction_label: str | None = None


@dataclass(frozen=True)
class LevelEnd:
    t_s: float


@dataclass(frozen=True)
class Cue:
    """A sound the rules ask for now (a countdown second, a metronome beat).

    Scheduled by the rules on the rule clock, so its timing does not depend on
    the frame rate; the scene plays it (silent without an audio device).
    """

    sound: str  # one of game.sounds' cue names, e.g. "tick"


Event = TrialStart | TrialEnd | LevelEnd | Cue


class Challenge(Protocol):
    """Rules of one level run; pure in (state, body, dt, rng)."""

    kind: str  # the level type, e.g. "obstacle_dodge"
    t_s: float  # rule time since the level started (countdown included)
    finished: bool

    def step(self, dt_s: float, body: Body) -> list[Event]:
        """Advance by ``dt_s`` seconds."""

    def cancel_active(self) -> list[int]:
        """Drop trials in progress (the game paused); return their ids."""

    def handle_key(self, key: str) -> list[Event]:
        """A supervisor key ("correct", "wrong", ...); most challenges ignore keys."""

    def summary(self) -> dict[str, Any]:
        """Challenge-specific results of the level run so far (units in the keys)."""

    def view(self) -> Any:
        """A frozen snapshot of what the level screen shows (the type's view draws it)."""

    # Optional: ``stimulus_shown(trial_id, t_onset_s)`` is called by the scene
    # with the flip time (capture clock) that first showed a trial's stimulus,
    # for challenge types that measure reaction times themselves.
