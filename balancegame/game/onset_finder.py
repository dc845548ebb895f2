"""Reaction times worked out off the game thread.

Finding a trial's movement onset (measures/reaction.py: a grid fit of smooth rises) takes
tens of milliseconds, once per trial, just as the trial is resolved; on the game thread
that froze the screen for a frame or more at every wall (the realtime benchmark saw flips
of 0.2-1 s).  :class:`OnsetFinder` runs it on one worker thread over a copy of the samples
the trial needs; the level scene collects the finished trials on later ticks and, before
its level ends, waits for any still in work, so every trial is stored with its figures.

It also learns the patient's sway for the first-movement test (measures/sway_model.py):
from the level's quiet countdown (the samples from its last start to its end) and the
``QUIET_BEFORE_S`` before each earlier stimulus, which the detector takes for quiet
standing too; once they hold ``MIN_QUIET_S`` (after a 3 s countdown: from the fourth trial on),
each trial's onset is found under the model learnt from them.  Quiet standing from earlier
in the session (game/session_quiet.py: earlier levels, the neutral stance, this level's
intro) fills in up to ``QUIET_MAX_S``, so that the first trials have a model too.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from balancegame.challenges.base import TrialEnd
from balancegame.game.session_quiet import SessionQuiet
from balancegame.measures.level_run import movement_response
from balancegame.measures.sway_model import kept_stretches, learn_sway
from balancegame.messages import BodySignals
from balancegame.priority import lower_this_thread

SAMPLES_BEFORE_S = 3.0  # baseline and fit windows before the stimulus, with room to spare
QUIET_BEFORE_S = 1.5  # of each stimulus' baseline, learnt from for the later trials
QUIET_MAX_S = 30.0  # learnt from at most: the countdown and the newest stretches (the fit
# is made again at every trial, ~30 ms for 5 s of quiet, ~110 ms for 45 s: bounded per trial)


def _stretch(samples: Sequence[BodySignals]) -> tuple[np.ndarray, np.ndarray]:
    kept = [s for s in samples if s.present]
    return (np.array([s.t_capture_s for s in kept], dtype=float),
            np.array([s.com_ml_raw_cm for s in kept], dtype=float))


def _find(window: list[BodySignals], onset_s: float, sign: int,
          quiet: list[tuple[np.ndarray, np.ndarray]],
          borrowed: list[tuple[np.ndarray, np.ndarray]]):
    """movement_response under the sway learnt from ``quiet`` and what it may ``borrow``
    (learn_sway; none when too little)."""
    sway = learn_sway(quiet, borrowed) if quiet else None
    return movement_response(window, onset_s, sign, sway=sway)


def trial_fields(end: TrialEnd, kind: str, onset_s: float, now_s: float,
                 detail: dict[str, Any]) -> dict[str, Any]:
    """A trial row's fields; a movement's onset and peak are still to be found, an
    answer's (``end.rt == "response"``) response time is its event time, ``now_s``."""
    direction = end.direction_label or (end.direction.name.lower() if end.direction else "none")
    if end.rt == "response":
        detail["rt_method"] = "response event time - stimulus onset (flip)"
    return dict(trial_index=end.trial_id, kind=kind, direction=direction,
                distance_cm=end.distance_cm, stimulus_onset_t_s=onset_s,
                movement_onset_t_s=now_s if end.rt == "response" else None,
                outcome=end.outcome, resolved_t_s=now_s, peak_displacement_cm=None,
                detail=detail)


class OnsetFinder:
    """``earlier``: the session's quiet standing so far, lent to this level's sway model
    (read at each trial; this level's own is added to it by the level, at its end)."""

    def __init__(self, earlier: SessionQuiet | None = None) -> None:
        self._earlier = earlier
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[tuple[Future, dict[str, Any]]] = []
        self._countdown: list[BodySignals] = []  # the countdown going on
        self._quiet: list[tuple[np.ndarray, np.ndarray]] = []  # quiet stretches so far
        self._quiet_until_s = -np.inf  # the newest sample in them

    def note(self, new: Sequence[BodySignals], counting_down: bool, paused: bool) -> None:
        """Each tick's new samples: the countdown's are its quiet stretch, kept at its end
        (none while paused: a countdown paused starts again)."""
        if paused:
            return
        if counting_down:
            self._countdown.extend(new)
        elif self._countdown:
            self._keep_quiet(self._countdown)
            self._countdown = []

    def _keep_quiet(self, samples: Sequence[BodySignals]) -> None:
        kept = [s for s in samples if s.t_capture_s > self._quiet_until_s]
        if kept:
            self._quiet.append(_stretch(kept))
            self._quiet_until_s = kept[-1].t_capture_s

    def quiet_to_learn(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The countdown (the sway model's reference) and the newest stretches after it, up
        to ``QUIET_MAX_S`` in all."""
        if not self._quiet:
            return []
        first, *later = self._quiet
        kept, total_s = [], first[0].size and float(first[0][-1] - first[0][0])
        for stretch in reversed(later):
            t = stretch[0]
            total_s += float(t[-1] - t[0]) if t.size else 0.0
            if total_s > QUIET_MAX_S:
                break
            kept.append(stretch)
        return [first, *reversed(kept)]

    def borrowed_to_learn(self, own: list[tuple[np.ndarray, np.ndarray]] | None = None
                          ) -> list[tuple[np.ndarray, np.ndarray]]:
        """The session's newest earlier quiet standing, filling this level's own (``own``:
        quiet_to_learn(), if already made) up to ``QUIET_MAX_S``; none while the level has no
        countdown to compare it with."""
        own = self.quiet_to_learn() if own is None else own
        if self._earlier is None or not own:
            return []
        own_s = sum(float(t[-1] - t[0]) for t, _ in own if t.size > 1)
        return self._earlier.newest(QUIET_MAX_S - own_s)

    def own_quiet(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """This level's quiet stretches that its own sway model may learn from (its
        countdown, and those swaying no more than twice it), for the next levels."""
        return kept_stretches(self._quiet)

    def executor(self) -> ThreadPoolExecutor:
        """The one worker, made at the first trial, at a lower priority than pose and the
        game (balancegame/priority.py): its fits take up to a few hundred ms a trial."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onset",
                                            initializer=lower_this_thread)
        return self._pool

    def restart_countdown(self) -> None:
        """The countdown starts again (after a pause): what it had is not quiet standing."""
        self._countdown = []

    def submit(self, trial: dict[str, Any], samples: Sequence[BodySignals], onset_s: float,
               sign: int) -> None:
        """Find the movement onset of ``trial`` (a trial row's fields) in the background."""
        start = len(samples)
        while start > 0 and samples[start - 1].t_capture_s >= onset_s - SAMPLES_BEFORE_S:
            start -= 1
        window = list(samples[start:])  # the list goes on growing on the game thread
        quiet = self.quiet_to_learn()  # earlier stretches only (not this trial's own baseline)
        borrowed = self.borrowed_to_learn(quiet)
        self._pending.append((self.executor().submit(_find, window, onset_s, sign, quiet,
                                                     borrowed), trial))
        self._keep_quiet([s for s in window if onset_s - QUIET_BEFORE_S <= s.t_capture_s < onset_s])

    def collect(self, wait: bool = False) -> list[dict[str, Any]]:
        """The trials whose onset is found (all of them with ``wait``), fields filled in."""
        done, still = [], []
        for future, trial in self._pending:
            if wait or future.done():
                try:
                    movement_s, peak_cm, rt_detail = future.result()
                except Exception as exc:  # noqa: BLE001 - a bad fit must not lose the trial
                    movement_s, peak_cm = None, None
                    rt_detail = {"onset_method": f"no onset: the fit failed ({exc!r})"}
                trial["detail"].update(rt_detail)
                done.append({**trial, "movement_onset_t_s": movement_s,
                             "peak_displacement_cm": peak_cm})
            else:
                still.append((future, trial))
        self._pending = still
        return done

    def finish(self) -> list[dict[str, Any]]:
        """Every trial still in work, once found; the worker thread then ends."""
        done = self.collect(wait=True)
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        return done
