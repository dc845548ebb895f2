"""The session's calibration: what was stored, what today asks for, what was measured.

Wired in the composition root (app.py) from the patient's stored calibrations
(:func:`balancegame.calibrating.stored.usable_calibrations`) and the session's options;
the session flow asks :meth:`CalibrationState.needed` after the camera check, the
calibration scenes fill in what they measured, and :meth:`CalibrationState.apply` gives
the session the levels scaled to the limits in force (or without the levels that need
limits, when there are none).  A guest (``anonymous``) is not calibrated: the levels
play as their files say, and nothing is stored as anybody's limits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from balancegame.calibrating.neutral import NeutralResult
from balancegame.calibrating.record import DEFAULT_MAX_AGE_DAYS, LIMITS, Calibration
from balancegame.calibrating.scaling import for_patient, playable, uses_limits
from balancegame.calibrating.stored import usable_calibrations
from balancegame.calibrating.validity import Verdict, verdict
from balancegame.game.scenes.pause_causes import pause_cause

# What stops a calibration at once (game/scenes/pause_causes.py's causes), told truly: a
# stopped camera or a busy computer is never "you stepped out of view".  No results at all
# is said as pictures that stopped: in its first second it cannot yet be told whether the
# camera stopped (reported 1 s later) or the computer is too busy.
STOP_PROBLEMS = {"fall_suspected": "lost_balance", "second_person": "second_person",
                 "camera_lost": "camera_lost", "tracking_slow": "no_pictures"}
GUEST = "anonymous"  # the patient code of a guest (Guest tile, no --patient)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def stop_problem(ctx, now_s: float) -> str | None:
    """Why a calibration must stop now (a suspected fall, someone else in view, the camera
    or the computer), or None; being out of view is the protocols' own to judge."""
    cause = pause_cause(ctx.safety.alert(now_s), ctx.tracker.health(), ctx.someone_else(now_s))
    return STOP_PROBLEMS.get(cause)


@dataclass
class CalibrationState:
    enabled: bool = False  # app.py: on for a registered patient (a guest plays the files)
    stored: Calibration | None = None  # the newest usable limits of stability
    skipped: list[str] = field(default_factory=list)  # corrupt rows, reported
    mode: str = "standing"  # "seated": trunk leaning, the feet need not be in view
    side: str | None = None  # "left"/"right": one-sided; None: as stored, else both
    max_age_days: float = DEFAULT_MAX_AGE_DAYS
    forced: bool = False  # `balancegame calibrate`: calibrate whatever is stored
    camera_setup: dict | None = None  # today's, from the camera check
    utc_now: Callable[[], datetime] = _utc_now
    verdict: Verdict | None = None  # why a calibration is run (or not)
    neutral: NeutralResult | None = None  # measured today
    new: Calibration | None = None  # limits measured today
    failure: str = ""  # why today's calibration stored nothing
    notes: list[str] = field(default_factory=list)  # what scaling did to the levels
    applied: bool = False

    @classmethod
    def for_session(cls, rows: list, patient_id: str, *, seated: bool, side: str | None,
                    max_age_days: float | None, forced: bool) -> CalibrationState:
        """The state at the start of a session from the patient's stored rows (newest
        first: ``Database.calibrations``); a guest is not calibrated."""
        newest, skipped = usable_calibrations(rows)
        return cls(enabled=patient_id != GUEST, stored=newest.get(LIMITS), skipped=skipped,
                   mode="seated" if seated else "standing", side=side,
                   max_age_days=DEFAULT_MAX_AGE_DAYS if max_age_days is None
                   else max_age_days, forced=forced)

    @property
    def side_now(self) -> str:
        """The side calibrated today: as asked, else as last time, else both."""
        return self.side or (self.stored.side if self.stored else "both")

    def needed(self, levels: list) -> bool:
        """Whether a calibration runs before the levels (and records why in ``verdict``)."""
        if self.applied or not self.enabled:
            return False
        wanted = [lv for lv in levels if playable(lv, self.mode) and uses_limits(lv)]
        if not self.forced and not wanted:
            return False
        self.verdict = verdict(self.stored, now_utc=self.utc_now(),
                               max_age_days=self.max_age_days, camera_setup=self.camera_setup,
                               mode=self.mode, side=self.side)
        if self.forced:
            self.verdict = Verdict(False, "asked", "a calibration was asked for "
                                   "(balancegame calibrate)")
        return not self.verdict.ok

    @property
    def limits(self) -> Calibration | None:
        """The limits in force: today's, else the stored ones if they still hold."""
        if self.new is not None:
            return self.new
        if self.failure or self.verdict is None or not self.verdict.ok:
            return None
        return self.stored

    def apply(self, ctx) -> None:
        """The session's levels (and their rests) for this patient, once."""
        if self.applied or not self.enabled:
            return
        self.applied = True
        levels, rests, self.notes = [], [], []
        for i, level in enumerate(ctx.levels):
            kept, said = for_patient([level], self.limits, mode=self.mode)
            self.notes += said
            if kept:
                levels.append(kept[0])
                rests.append(ctx.rests_s[i] if i < len(ctx.rests_s) else 0.0)
        cal = self.limits
        if not ctx.levels and self.forced:  # `balancegame calibrate`: its outcome is the end
            ctx.end_reason = ("calibrated: " + ", ".join(
                f"{d} {cal.limit_cm(d):.1f} cm" for d in ("left", "right")
                if cal.limit_cm(d) is not None) + " (stored)"
                if cal is not None else f"the calibration stored nothing ({self.failure})")
        elif ctx.levels and not levels:
            ctx.end_reason = "no level left to play: " + (
                f"the calibration stored nothing ({self.failure})" if self.failure
                else "; ".join(self.notes))
        ctx.levels, ctx.rests_s = levels, rests
        if cal is not None:  # what the session was played with (the report's calibration age)
            ctx.log.settings({"calibration": {
                "calibrated_utc": cal.created_utc.isoformat(), "kind": LIMITS,
                "calibration_id": cal.calibration_id, "mode": cal.mode, "side": cal.side,
                "limits_cm": {d: cal.limit_cm(d) for d in ("left", "right")
                              if cal.limit_cm(d) is not None}}})
        ctx.log.event("calibration_applied", ctx.clock.now_s(), {
            "calibration": None if cal is None else
            {"kind": LIMITS, "date": cal.date, "id": cal.calibration_id, "side": cal.side},
            "mode": self.mode, "levels": [lv.name for lv in ctx.levels], "notes": self.notes,
            "why": self.verdict.why if self.verdict else ""})
