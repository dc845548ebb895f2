"""One level run of any challenge type: rules on fixed steps, the log, safety pauses.

Phases: the challenge's own countdown (quiet standing; the middle position is measured then),
then the challenge until it finishes (the instructions come before, on their own screen).  The
challenge (challenges/*) never sees pygame; this scene feeds it the patient's measured body
state, plays the sound cues its rules ask for, stamps each trial's onset at the flip that first
showed it, has reaction times found on the capture clock (game/onset_finder.py), writes
everything to the session log as it happens and hands the type's view (game/views) a
:class:`~balancegame.game.views.LevelScreen` to draw, with the marker predicted to the flip.
"""

from __future__ import annotations

import numpy as np
import pygame

from balancegame.challenges import CHALLENGE_TYPES
from balancegame.challenges.base import SUCCESS_OUTCOMES, Body, Cue, LevelEnd, TrialEnd, TrialStart
from balancegame.game import views
from balancegame.game.context import GameContext
from balancegame.game.onset_finder import OnsetFinder, trial_fields
from balancegame.game.scenes.pause_causes import AUTO_RESUME, pause_cause
from balancegame.game.scenes.someone_else import OthersInView
from balancegame.measures.level_run import level_run_figures
from balancegame.messages import BodySignals, Side, Stimulus
from balancegame.prescription.adaptive import Staircase

RESUME_AFTER_S = 3.0  # a person back in view plays on after this long
FEEDBACK_S, SUPERVISOR_KEYS = 1.2, {pygame.K_y: "correct", pygame.K_n: "wrong"}  # word shown, s


class LevelScene:
    def __init__(self, ctx: GameContext, level_index: int) -> None:
        self.ctx = ctx
        self.level_index = level_index
        self.level = ctx.levels[level_index]
        self.done = self.quit = False
        rng = np.random.default_rng([ctx.seed, level_index])
        self.challenge = CHALLENGE_TYPES[self.level.type].factory(self.level, rng)
        self.run_id: int | None = None
        self.t_level_start_s: float | None = None
        self.centre_cm: float | None = None  # the middle, measured in the countdown
        self._countdown_cm: list[float] = []
        self.samples: list[BodySignals] = []
        self.displacement_cm = 0.0  # measured: what the rules judge
        self.shown_cm: float | None = None  # predicted to the flip: what the patient sees
        self.onsets_s: dict[int, float] = {}
        self._awaiting_onset: list[TrialStart] = []
        self.trials: list[dict] = []
        self.onsets = OnsetFinder(ctx.quiet_standing)  # reaction times, off the game thread
        self.others = OthersInView()  # spans with someone else in view: out of the measures
        self.paused_reason: str | None = None  # a views' PAUSE_TEXT kind; None = playing
        self.confirm_end = False  # Esc was pressed once: asking whether to end
        self._back_for_s = 0.0  # how long the person has been back, while auto-paused
        self.n_pauses = 0
        self.feedback: tuple[str, float] | None = None  # (outcome, seconds left on screen)
        self._now_s = 0.0
        self.staircase: Staircase | None = None
        if self.level.adaptive is not None and hasattr(self.challenge, "set_difficulty"):
            self.staircase = Staircase(self.level.adaptive, float(self.level.preset or 1))

    # ------------------------------------------------------------------ keys
    def end_session(self, reason: str) -> None:
        """Save the level run as it stands (aborted) and end the session."""
        self._finish("aborted", reason)
        self.ctx.end_reason = reason
        self.quit = True

    def handle_key(self, key: int) -> None:
        if self.confirm_end:  # "End the session?" is on screen
            if key == pygame.K_ESCAPE:
                self.end_session(self.ctx.esc_reason())
            else:  # a mistake: the game stays paused until Space
                self.confirm_end = False
                self._log_event("end_cancelled")
        elif key == pygame.K_ESCAPE:  # ask first: one key must not throw a session away
            if self.paused_reason is None and self.run_id is not None:
                self._pause("manual")
            self.confirm_end = True
        elif key == pygame.K_SPACE and self.run_id is not None:
            if self.paused_reason is None:
                self._pause("manual")
            else:
                self.ctx.safety.acknowledge()
                self._resume()
        elif key == pygame.K_c and self.samples:
            self.centre_cm = self._recent_median_cm()
            self._log_event("recentre", {"centre_cm": self.centre_cm})
        elif key in SUPERVISOR_KEYS and self.run_id is not None and self.paused_reason is None:
            self._handle_events(self.challenge.handle_key(SUPERVISOR_KEYS[key]), self._now_s)

    def _log_event(self, kind: str, detail: object = "") -> None:
        self.ctx.log.event(kind, self.ctx.clock.now_s(), detail, self.run_id)

    def _recent_median_cm(self) -> float:
        values = [s.com_ml_cm for s in self.samples[-30:] if s.present]
        return float(np.median(values)) if values else 0.0

    def _start(self, now_s: float) -> None:
        tracked = self.ctx.tracker.latest()
        cm_per_px = tracked.signals.cm_per_px if tracked else None
        method = tracked.signals.scale_method if tracked else ""
        self.run_id = self.ctx.log.start_level(self.level, now_s, method, cm_per_px)
        self.t_level_start_s = now_s
        self.ctx.feedback.start_level()

    def _pause(self, kind: str, detail: object = "") -> None:
        self._handle_events(self.challenge.interrupt(), self._now_s)  # keep the work so far
        self.paused_reason = kind
        self.n_pauses += 1
        for trial_id in self.challenge.cancel_active():
            self._log_event("trial_cancelled", {"trial_index": trial_id, "reason": kind})
        self._awaiting_onset.clear()
        self._log_event("pause" if kind == "manual" else kind, detail)
        if kind == "second_person":
            self.others.begin(self._now_s)

    def _switch_pause(self, kind: str, now_s: float) -> None:
        """Paused already, for a cause now known to be another (the camera, someone else)."""
        self.others.end(now_s)
        self.paused_reason = kind
        self._log_event(kind)
        if kind == "second_person":
            self.others.begin(now_s)

    def _resume(self) -> None:
        self.others.end(self._now_s)
        self.paused_reason = None
        if self.challenge.counting_down():  # the whole countdown again, and a fresh middle
            self.challenge.restart_countdown()
            self._countdown_cm.clear()
            self.onsets.restart_countdown()
            self.centre_cm = None
        self._log_event("resume")

    # --------------------------------------------------------------- updates
    def update(self, dt_s: float, now_s: float) -> None:
        self._now_s = now_s
        new = self.ctx.pull_signals()
        if self.ctx.tracker.health().finished:  # a video file or scripted source ran out
            self.samples.extend(new)
            if self.run_id is not None:
                self.ctx.log.samples(self.run_id, new)
            self.end_session("the video source ended")
            return
        if self.run_id is None:
            self._start(now_s)
        self.samples.extend(new)
        self.ctx.log.samples(self.run_id, new)
        self.onsets.note(new, self.challenge.counting_down(), self.paused_reason is not None)
        for trial in self.onsets.collect():  # reaction times found since the last tick
            self._store_trial(trial)
        if self.feedback:
            left = self.feedback[1] - dt_s
            self.feedback = (self.feedback[0], left) if left > 0 else None
        if not self._safe_to_play(dt_s, now_s):
            return
        latest = self.ctx.tracker.latest()
        signals = latest.signals if latest else None
        present = signals is not None and signals.present
        if present:
            position_cm = signals.com_ml_cm
            if self.challenge.t_s < self.level["countdown_s"]:
                self._countdown_cm.append(position_cm)
                self.centre_cm = float(np.median(self._countdown_cm))
            centre_cm = self.centre_cm if self.centre_cm is not None else position_cm
            self.displacement_cm = position_cm - centre_cm
        body = Body(present, self.displacement_cm, signals, tuple(new))
        self._handle_events(self.challenge.step(dt_s, body), now_s)

    def _safe_to_play(self, dt_s: float, now_s: float) -> bool:
        """Pause for safety (and resume after the cause has gone); False while paused.
        The cause is told truly (game/scenes/pause_causes.py)."""
        health = self.ctx.tracker.health()
        cause = pause_cause(self.ctx.safety.alert(now_s), health, self.ctx.someone_else(now_s))
        if self.paused_reason is None:
            if cause is not None:
                self._pause(cause, health.pause_figures())
        elif (cause in ("camera_lost", "second_person") and self.paused_reason in AUTO_RESUME
              and cause != self.paused_reason):  # found out later than the pause: say so
            self._switch_pause(cause, now_s)
        elif cause is None and self.paused_reason in AUTO_RESUME:
            self._back_for_s += dt_s
            if self._back_for_s >= RESUME_AFTER_S:
                self._back_for_s = 0.0
                self._resume()
        else:
            self._back_for_s = 0.0
        return self.paused_reason is None

    def _handle_events(self, events: list, now_s: float) -> None:
        for event in events:
            if isinstance(event, TrialStart):
                self._awaiting_onset.append(event)
            elif isinstance(event, TrialEnd):
                self._record_trial(event, now_s)
            elif isinstance(event, Cue):
                self.ctx.sounds.play(event.sound)
            elif isinstance(event, LevelEnd):
                if self.challenge.work_done():
                    self._finish("completed", "level finished")
                else:
                    self._finish("interrupted", "a pause cut the bout or stance short, and "
                                                "too little time was left for a new one")
                self.done = True

    def _record_trial(self, end: TrialEnd, now_s: float) -> None:
        self.feedback = (end.outcome, FEEDBACK_S)
        if end.outcome != "interrupted":  # a pause is not the patient's error
            self.ctx.sounds.play("success" if end.outcome in SUCCESS_OUTCOMES else "error")
        onset_s = self.onsets_s.get(end.trial_id)
        if onset_s is None:  # resolved before ever being drawn: cannot happen live
            return
        detail = {**end.detail, **self.ctx.display_delay.detail()}
        if self.staircase is not None:
            record = self.staircase.update(end.outcome in SUCCESS_OUTCOMES)
            new_values = self.level.difficulty_at(self.staircase.level)
            self.challenge.set_difficulty(new_values)
            # What the next trial will use, so every change can be explained.
            detail["adaptive"] = {**record, "values_from_next_trial": new_values}
        trial = trial_fields(end, self.level.type, onset_s, now_s, detail)
        if end.rt == "movement" and end.direction is not None:  # found off the game thread
            self.onsets.submit(trial, self.samples, onset_s, end.direction.value)
            return
        self._store_trial(trial)

    def _store_trial(self, trial: dict) -> None:
        movement_s = trial["movement_onset_t_s"]
        rt_ms = None if movement_s is None else (movement_s - trial["stimulus_onset_t_s"]) * 1e3
        self.ctx.log.trial(self.run_id, **trial)
        self.trials.append({**trial, "rt_ms": rt_ms})

    def summary(self) -> dict:
        return {
            "level": self.level.name, "title": self.level.title, "type": self.level.type,
            **level_run_figures(self.others.keep(self.samples), self.trials,
                                self.t_level_start_s, self.level["countdown_s"]),
            **self.others.figures(self.t_level_start_s, self._now_s),
            "n_pauses": self.n_pauses, **self.ctx.tracker.health().level_figures(),
            **self.ctx.feedback.level_figures(),
            **self.challenge.summary(),
        }

    def _finish(self, status: str, reason: str) -> None:
        if self.run_id is None:
            return
        for trial in self.onsets.finish():  # every trial in work, with its figures
            self._store_trial(trial)
        self.ctx.quiet_standing.add(self.onsets.own_quiet())  # lent to the next levels
        summary = self.summary()
        self.ctx.log.end_level(self.run_id, status, reason, self.ctx.clock.now_s(), summary)
        self.run_id = None
        self.ctx.record_level({**summary, "status": status})

    # --------------------------------------------------------------- drawing
    def screen(self) -> views.LevelScreen:
        """What the level screen shows now (the view-model the views draw)."""
        tracked = self.ctx.tracker.latest()
        resume_left_s = RESUME_AFTER_S - self._back_for_s if self._back_for_s > 0 else None
        pause = (views.Pause("confirm_end", None) if self.confirm_end else None
                 if self.paused_reason is None else views.Pause(self.paused_reason, resume_left_s))
        score = (sum(t["outcome"] in SUCCESS_OUTCOMES for t in self.trials), len(self.trials))
        return views.LevelScreen(
            self.level.type, self.level.title, self.challenge.countdown_left_s(),
            self.challenge.time_left_s(), score,
            self.feedback[0] if self.feedback else None,
            self.displacement_cm if self.shown_cm is None else self.shown_cm,
            tracked is not None and tracked.signals.present, tracked, self.challenge.view(),
            pause, FEEDBACK_S - self.feedback[1] if self.feedback else 0.0, self.ctx.motion())

    def before_draw(self, t_flip_s: float) -> None:
        """The marker where the body is when this frame is seen (the flip + the display)."""
        com_cm = self.ctx.feedback.at(t_flip_s + self.ctx.display_delay.correction_s)
        self.shown_cm = None if None in (com_cm, self.centre_cm) else com_cm - self.centre_cm

    def draw(self, surface: pygame.Surface) -> None:
        views.draw_level(surface, self.screen(), self.ctx.camera_view)

    def spoken(self) -> tuple[str, ...]:
        """The screen's prompts, for spoken instructions (game/narrator.py)."""
        return views.level_prompt(self.screen())

    def after_flip(self, t_flip_s: float) -> None:
        if self._awaiting_onset:
            self.ctx.sounds.play("onset")
        shown = getattr(self.challenge, "stimulus_shown", None)  # optional hook
        for start in self._awaiting_onset:  # the stimulus reached the screen: flip + delay
            self.onsets_s[start.trial_id] = t_flip_s + self.ctx.display_delay.correction_s
            if shown is not None:
                shown(start.trial_id, t_flip_s)
            if start.direction is not None or "task" in start.extra:  # a movement asked for
                self.ctx.on_stimulus(Stimulus(
                    trial_id=start.trial_id, kind=start.kind, t_onset_s=t_flip_s,
                    direction=start.direction or Side.RIGHT,  # unused by a puppet move
                    distance_cm=float(start.distance_cm or 0.0),
                    hold_s=start.hold_s, extra=start.extra, hold_from=start.hold_from))
        self._awaiting_onset.clear()
