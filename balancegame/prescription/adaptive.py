"""Adaptive difficulty: a weighted up-down staircase on the preset scale.

Kaernbach (1991), "Simple adaptive testing with the weighted up-down method",
Perception & Psychophysics 49:227-229: after a success the difficulty goes up
by ``step_up``, after a failure down by ``step_down``; with
``step_up / step_down = (1 - p) / p`` the staircase settles where the patient
succeeds with probability ``p`` (0.75 -> up 1/3, down 1).  The level moves
only between the therapist's minimum and maximum preset, and every change is
returned as a record to store with the trial, so it can be explained later.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdaptiveSpec:
    """What the therapist set in the level file's [adaptive] table."""

    target_success: float  # 0.5-0.95
    min_preset: float  # 1-10
    max_preset: float  # 1-10, >= min_preset
    step_down: float = 1.0  # presets, after a failure


@dataclass
class Staircase:
    spec: AdaptiveSpec
    level: float  # current preset (may be fractional between presets)

    @property
    def step_up(self) -> float:
        p = self.spec.target_success
        return self.spec.step_down * (1.0 - p) / p

    def update(self, success: bool) -> dict:
        """Move after one trial; return the record stored with that trial."""
        before = self.level
        raw = before + (self.step_up if success else -self.spec.step_down)
        self.level = min(max(raw, self.spec.min_preset), self.spec.max_preset)
        if self.level == before:
            why = "at the therapist's " + ("maximum" if success else "minimum")
        else:
            why = "harder after a success" if success else "easier after a failure"
        return {"preset_before": round(before, 4), "preset_after": round(self.level, 4),
                "success": success, "why": why,
                "rule": f"weighted up-down (Kaernbach 1991) towards "
                        f"{self.spec.target_success:.0%} success"}
