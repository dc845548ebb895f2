"""Decorative motion: what moves on the screens besides the game itself, and its limits.

The game's own movement (a wall coming, the marker following the body, the gaze
metronome) comes from the rules' state.  Everything else that moves or changes by
itself (a target that breathes, a short burst when something went well, the stars
arriving) asks a :class:`Motion` for its phase, so that one switch turns it all off:
with ``animate`` False every phase is the resting one and a screen drawn twice from the
same state gives the same pixels (``--calm``, or ``calm_screens = true`` in a program).

Limits, for people with MS (dizziness, slow visual processing) and for photosensitivity
(WCAG 2.3.1: no more than three flashes in any one second):

- a periodic change is at most ``MAX_FLASH_HZ`` (``wave`` refuses a faster one); the
  ones the screens use are slower still (``BREATHE_HZ``);
- a one-off animation lasts at most ``SUCCESS_S`` and is drawn where no text is;
- nothing scrolls the floor: moving floor lines are optic flow, which makes people
  sway (and would change the sway the game measures).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_FLASH_HZ = 3.0  # WCAG 2.3.1 general flash threshold: 3 flashes in any second
BREATHE_HZ = 0.8  # the slow glow of a target waiting for the patient
SUCCESS_S = 0.6  # the burst after a success, the stars arriving


@dataclass(frozen=True)
class Motion:
    """Whether decorative motion is on, and the animation clock for this frame."""

    animate: bool = False
    t_s: float = 0.0  # the game's monotonic clock when the frame is drawn

    def wave(self, hz: float) -> float:
        """A smooth oscillation from 0 to 1 at ``hz`` (0, its resting value, when still)."""
        if not 0 < hz <= MAX_FLASH_HZ:
            raise ValueError(f"{hz} Hz: a change on screen repeats at most "
                             f"{MAX_FLASH_HZ:g} times a second (WCAG 2.3.1)")
        if not self.animate:
            return 0.0
        return 0.5 - 0.5 * math.cos(2 * math.pi * hz * self.t_s)

    def once(self, age_s: float, duration_s: float = SUCCESS_S) -> float | None:
        """How far (0 to 1) a one-off animation that began ``age_s`` ago has got; None
        before it, after it, and always when still."""
        if not self.animate or not 0 <= age_s < min(duration_s, SUCCESS_S):
            return None
        return age_s / min(duration_s, SUCCESS_S)


STILL = Motion(False, 0.0)


def ease_out(share: float) -> float:
    """0 -> 1, fast at first and gentle at the end (cubic)."""
    return 1 - (1 - max(0.0, min(1.0, share))) ** 3
