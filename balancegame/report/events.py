"""A session's events in the report's words: safety and data-quality events, the spans the
game was paused, the two-hour-rule answer, fatigue ratings and the dual-task cost.

Event kinds are those the game logs (session/storage/schema.py ``EVENT_KINDS`` and the
scenes); a kind this version does not know is still listed, under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from balancegame.report.data import RunData, SessionData, event_detail

# kind -> (words, is it about safety or data quality)
KINDS: dict[str, tuple[str, bool]] = {
    "pause": ("paused by the supervisor (Space)", True),
    "resume": ("went on", False),
    "tracking_lost": ("paused: the person left the camera's view", True),
    "tracking_slow": ("paused: the computer was too busy (no pose results)", True),
    "camera_lost": ("paused: the camera stopped", True),
    "fall_suspected": ("paused: a sudden drop of the body (a possible fall)", True),
    "second_person": ("paused: a second person in view", True),
    "identity_switch": ("paused: tracking jumped to someone else", True),
    "trial_cancelled": ("a trial was cancelled by a pause", True),
    "end_cancelled": ("ending was asked for, then cancelled", False),
    "user_quit": ("the session was ended", False),
    "recentre": ("the middle position was taken again (C)", False),
    "rest_skipped": ("a rest was skipped", False),
    "two_hour_rule": ("the two-hour rule was asked", False),
    "fatigue_rating": ("fatigue rating", False),
    "dual_task_effect": ("dual-task cost computed", False),
    "progress_shown": ("progress shown to the patient", False),
}
PAUSES = ("pause", "tracking_lost", "tracking_slow", "camera_lost", "fall_suspected",
          "second_person", "identity_switch")
QUIET = ("resume", "two_hour_rule", "fatigue_rating", "dual_task_effect", "progress_shown")


def words(kind: str) -> str:
    return KINDS.get(kind, (kind.replace("_", " "), True))[0]


@dataclass(frozen=True)
class EventLine:
    t_s: float | None  # seconds from the start of its level run (None between levels)
    where: str  # the level, or "between levels"
    words: str
    detail: str


def _detail_words(detail: dict[str, Any]) -> str:
    shown = {k: v for k, v in detail.items() if k not in ("changes",) and v not in (None, "")}
    parts = []
    for k, v in shown.items():
        if isinstance(v, float):
            v = f"{v:.1f}"
        parts.append(v if k == "text" else f"{k.replace('_', ' ')} {v}")
    return ", ".join(str(p) for p in parts)


def safety_lines(session: SessionData) -> list[EventLine]:
    """Every event except the quiet ones (resumes, answers, computed figures), in order."""
    starts = {r.record.level_run_id: r for r in session.runs}
    out = []
    # at one time, the pause before what it caused (a trial cancelled)
    for e in sorted(session.events, key=lambda e: (e.t_s, e.kind not in PAUSES, e.event_id)):
        if e.kind in QUIET:
            continue
        run = starts.get(e.level_run_id)
        where = f"level {run.index}: {run.title}" if run else "between levels"
        detail = event_detail(e)
        if e.kind == "trial_cancelled":  # the reason is the pause just above
            detail = {"trial_index": detail.get("trial_index")}
        out.append(EventLine(e.t_s - run.record.started_t_s if run else None, where,
                             words(e.kind), _detail_words(detail)))
    return out


def counts(session: SessionData) -> dict[str, int]:
    """How many of each safety or data-quality event, by words."""
    found: dict[str, int] = {}
    for e in sorted(session.events, key=lambda e: (e.t_s, e.kind not in PAUSES, e.event_id)):
        if KINDS.get(e.kind, ("", True))[1]:
            found[words(e.kind)] = found.get(words(e.kind), 0) + 1
    return found


def pause_spans(run: RunData) -> list[tuple[float, float, str]]:
    """(start, end, words) in seconds from the run's start; an open pause ends with the run."""
    start = run.record.started_t_s
    end = run.record.ended_t_s if run.record.ended_t_s is not None else None
    spans, open_at, kind = [], None, ""
    for e in run.events:
        if e.kind in PAUSES and open_at is None:
            open_at, kind = e.t_s, e.kind
        elif e.kind == "resume" and open_at is not None:
            spans.append((open_at - start, e.t_s - start, kind.replace("_", " ")))
            open_at = None
    if open_at is not None:
        last = end if end is not None else open_at
        spans.append((open_at - start, last - start, kind.replace("_", " ")))
    return spans


def two_hour_answers(session: SessionData) -> list[str]:
    """The two-hour-rule answers given at the start of the session (about the last one)."""
    out = []
    for e in session.events:
        if e.kind != "two_hour_rule":
            continue
        d = event_detail(e)
        answer = {"yes": "yes: felt the same or better within two hours",
                  "no": "no: did not feel the same or better within two hours",
                  "skipped": "not answered (skipped)",
                  "no answer": "no answer within 30 s"}.get(d.get("answer"),
                                                              str(d.get("answer")))
        changes = d.get("changes") or []
        if changes:
            answer += "; today's session was made lighter: " + "; ".join(map(str, changes))
        out.append(answer)
    return out


def fatigue_ratings(session: SessionData) -> list[str]:
    """Fatigue ratings stored as events (``fatigue_rating``: rating, scale, when)."""
    out = []
    for e in session.events:
        if e.kind == "fatigue_rating":
            d = event_detail(e)
            scale = f" on {d['scale']}" if d.get("scale") else ""
            moment = f" ({d['when']})" if d.get("when") else ""
            out.append(f"{d.get('rating', d.get('text', '?'))}{scale}{moment}")
    return out


def dual_task_costs(session: SessionData) -> list[dict[str, Any]]:
    """The dual-task costs stored with the session (measures/dual_task_cost.py)."""
    return [event_detail(e) for e in session.events if e.kind == "dual_task_effect"]
