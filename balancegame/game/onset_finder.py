"""Reaction times worked out off the game thread.

Finding a trial's movement onset (measures/reaction.py: a grid fit of smooth rises) takes
tens of milliseconds, once per trial, just as the trial is resolved; on the game thread
that froze the screen for a frame or more at every wall (the realtime benchmark saw flips
of 0.2-1 s).  :class:`OnsetFinder` runs it on one worker thread over a copy of the samples
the trial needs; the level scene collects the finished trials on later ticks and, before
its level ends, waits for any still in work, so every trial is stored with its figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from balancegame.challenges.base import TrialEnd
from balancegame.measures.level_run import movement_response
from balancegame.messages import BodySignals

SAMPLES_BEFORE_S = 2.0  # baseline and fit window before the stimulus, with room to spare


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
    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[tuple[Future, dict[str, Any]]] = []

    def submit(self, trial: dict[str, Any], samples: Sequence[BodySignals], onset_s: float,
               sign: int) -> None:
        """Find the movement onset of ``trial`` (a trial row's fields) in the background."""
        start = len(samples)
        while start > 0 and samples[start - 1].t_capture_s >= onset_s - SAMPLES_BEFORE_S:
            start -= 1
        window = list(samples[start:])  # the list goes on growing on the game thread
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onset")
        self._pending.append((self._pool.submit(movement_response, window, onset_s, sign),
                              trial))

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
