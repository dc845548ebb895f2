"""Is the body making a movement?  Yes from a movement's first clear sample until its speed is gone.

The marker's prediction (body/prediction.py) is worth showing only while the body moves: at
rest it would carry the speed's noise over the horizon.  A gate on the estimated speed alone
(the prediction's share rising from the gate's start to 3 times it) leaves the marker partly
on the lagging One Euro estimate through both the start of a movement, while the speed
builds up, and its end, while the speed falls.  This latch says *moving* from the first
sample whose speed clears both ``noise_k`` x the speed's own noise at rest and
``floor_cm_s``, and holds it, in that direction, until the speed falls below
``release_k`` x its noise.

Why these numbers (benchmarks/feedback_replay.py on 27 recorded runs of the demo body,
each also replayed with 1 x and 2 x a real webcam's tracking error from ../shared/data
added): a quiet-standing body sways at up to about 4 cm/s, and real tracking error adds
speed spikes of about 4 x its noise; a reach is past 8 cm/s about 100 ms after it starts.
With 4 x the noise and 6 cm/s, 3 of 120 replays with 1 x the real error latched in quiet
standing (a 1.5 cm twitch of the marker for 50 ms); with 4.5 x and 8 cm/s none of 108 did
(3 of 108 with 2 x), and 96 % of the movements latched.

Holding the prediction on after the speed is gone (a fade-out) made the figures' lag look
3 ms better, by a wobble of the marker of up to 1.4 cm after each reach: not taken.

Pure state, no clock: the caller gives each sample's signed speed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MovementLatch:
    noise_k: float = 4.5  # a movement starts above this many times the speed's noise at rest
    floor_cm_s: float = 8.0  # and never below this speed (a quiet stance sways up to ~4 cm/s)
    release_k: float = 1.0  # it ends when the speed in its direction falls below k x noise
    moving: bool = False
    direction: int = 0  # +1 / -1 while moving
    starts: int = 0  # movements seen (a figure for tests and benchmarks)

    def reset(self) -> None:
        self.moving, self.direction = False, 0

    def update(self, speed_cm_s: float, noise_cm_s: float) -> str | None:
        """One sample's signed speed estimate and the speed's noise at rest (cm/s).

        Returns "started" or "ended" on the sample where that happens, else None."""
        if not self.moving:
            if (abs(speed_cm_s) > self.noise_k * noise_cm_s
                    and abs(speed_cm_s) > self.floor_cm_s):
                self.moving, self.direction = True, 1 if speed_cm_s > 0 else -1
                self.starts += 1
                return "started"
            return None
        if self.direction * speed_cm_s < self.release_k * noise_cm_s:
            self.moving, self.direction = False, 0
            return "ended"
        return None
