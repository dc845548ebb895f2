"""What the level screen shows, handed by the level scene to the views each frame.

A view draws a :class:`LevelScreen` and nothing else: it never sees the scene,
the challenge's rules or the log, so drawing cannot change what is measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from balancegame.game.motion import STILL, Motion
from balancegame.messages import TrackedFrame


@dataclass(frozen=True)
class Pause:
    kind: str  # a key of views.common.PAUSE_TEXT
    resume_left_s: float | None  # counting down an automatic resume, or None


@dataclass(frozen=True)
class LevelScreen:
    level_type: str  # picks the view (challenges/<module> -> views/<module>)
    title: str
    countdown_left_s: float  # > 0 while the patient stands still before the challenge
    time_left_s: float
    score: tuple[int, int]  # (successes, trials) so far
    feedback: str | None  # the outcome of the trial just resolved, while it is shown
    displacement_cm: float  # CoM from the middle, + = the patient's right (filtered)
    present: bool  # someone is tracked now
    tracked: TrackedFrame | None  # the newest camera frame, for the picture-in-picture
    challenge: Any  # the challenge type's own frozen view (challenges/<module>.py)
    pause: Pause | None = None
    feedback_age_s: float = 0.0  # how long ``feedback`` has been shown (its animation)
    motion: Motion = STILL  # decorative motion on or off, and the frame's time (game/motion.py)
