"""One session of the report: its circumstances, its levels at a glance, the dual-task
cost and the decline between bouts, then each level run (:mod:`.run_section`)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from balancegame.report import context, events, fatigue
from balancegame.report.context import MISSING, NOT_RECORDED
from balancegame.report.data import SessionData
from balancegame.report.html import esc, facts, paragraph, table
from balancegame.report.run_section import (
    STATUS,
    decline_table,
    event_table,
    run_section,
    seconds_words,
    status_words,
)
from balancegame.report.tables import DECIMALS, format_value, unit_of
from balancegame.report.trends import BY_NAME, KEY_MEASURES, LABELS


def session_section(session: SessionData, tz: tzinfo | None) -> str:
    rec = session.record
    runs = session.runs
    levels = "; ".join(f"{r.index}. {r.title} ({STATUS.get(r.record.status, r.record.status)})"
                       for r in runs) or "no level was started"
    answers = events.two_hour_answers(session)
    ratings = events.fatigue_ratings(session)
    found = events.counts(session)
    duration = None
    if rec.ended_utc:
        duration = (datetime.fromisoformat(rec.ended_utc)
                    - datetime.fromisoformat(rec.started_utc)).total_seconds()
    rows = [("Started", context.when(rec.started_utc, tz)),
            ("Length", seconds_words(duration)),
            ("Status", status_words(rec.status, rec.end_reason)),
            ("Program", context.program_words(session)),
            ("Levels", levels),
            ("Supervised or at home", context.supervision(session)),
            ("Software", f"balancegame {rec.app_version}"),
            *context.camera_setup(session),
            ("Calibration of the patient", context.calibration(session, tz)),
            ("Two-hour rule (asked at the start, about the session before)",
             " / ".join(answers) if answers else "not asked in this session"),
            ("Fatigue ratings", "; ".join(ratings) if ratings else NOT_RECORDED),
            ("Safety and data-quality events",
             ", ".join(f"{k}: {v}" for k, v in found.items()) if found else "none")]
    out = [f'<section class="session" id="session-{rec.session_id}">',
           f"<h2>Session {rec.session_id}, {esc(context.day(rec.started_utc, tz))}</h2>",
           facts(rows), _at_a_glance(session), _dual_task(session), _bouts(session),
           _between_levels(session)]
    out += [run_section(r, session) for r in runs]
    out.append("</section>")
    return "\n".join(x for x in out if x)


DTE_LABELS = {"correct_per_min": "correct answers a minute", "accuracy": "answers correct",
              "rt_ms_median": "median reaction time",
              "moved_in_time_share": "stimuli moved to in time",
              "sway_rms_ml_cm": "sway RMS (ML)"}


def _at_a_glance(session: SessionData) -> str:
    """Each level's key figures (those the progress section follows), one line each."""
    rows = []
    for run in session.runs:
        keys = KEY_MEASURES.get(run.level_type or "", ())
        shown = [f"{LABELS[k]} {format_value(BY_NAME[k].value(run.summary), BY_NAME[k])}"
                 + (f" {unit_of(BY_NAME[k])}" if unit_of(BY_NAME[k]) else "")
                 for k in keys if not (k == "rt_ms_median" and run.rt_is_response)]
        rows.append((f"{run.index}. {run.title}", status_words(run.record.status, ""),
                     seconds_words(run.duration_s), "; ".join(shown) or MISSING))
    if not rows:
        return ""
    return "<h3>At a glance</h3>" + table(("level", "status", "length", "key figures"), rows)


DTE_UNITS = {"share of answers": "%", "share of stimuli": "%", "correct answers/min":
             "per minute"}  # shares are stored 0..1 and shown as %


def _dte_row(side: str, e: dict) -> tuple[str, ...]:
    unit = DTE_UNITS.get(str(e.get("unit")), str(e.get("unit", "")))
    scale = 100.0 if unit == "%" and str(e.get("unit")).startswith("share") else 1.0
    digits = DECIMALS.get(unit, 1)
    dte = e.get("dte_pct")
    measure = str(e.get("measure", ""))
    reads = (MISSING if dte is None else "cost" if dte < 0 else "no change" if dte == 0
             else "no cost (better with the thinking task)")
    return (side, DTE_LABELS.get(measure, measure.replace("_", " ")),
            f"{e['single'] * scale:.{digits}f}", f"{e['dual'] * scale:.{digits}f}", unit,
            MISSING if dte is None else f"{dte:+.0f} %".replace("-", "\u2212"), reads)


def _dual_task(session: SessionData) -> str:
    found = events.dual_task_costs(session)
    if not found:
        return ""
    out = ["<h3>Dual-task cost</h3>"]
    for cost in found:
        rows = []
        for side, words in (("cognitive", "thinking"), ("motor", "balance")):
            if not cost.get(side):
                rows.append((words, "not computed: its single-task figure is missing or 0, "
                                    "or that level was not played", MISSING, MISSING, "",
                             MISSING, MISSING))
            rows += [_dte_row(words, e) for e in cost.get(side) or []]
        balance = cost.get("balance_single") or "no balance single task"
        thinking = cost.get("thinking_single") or "no thinking single task"
        out.append(paragraph(f"{cost.get('dual_level')} against {balance} (balance) and "
                             f"{thinking} (thinking)."))
        out.append(table(("side", "measure", "single task", "dual task", "unit",
                          "dual-task effect", "reads as"), rows, numeric=(2, 3, 5)))
        out.append(paragraph(str(cost.get("convention", "")), "method"))
    return "\n".join(out)


def _bouts(session: SessionData) -> str:
    found = fatigue.session_bouts(session)
    if not found:
        return ""
    out = ["<h3>Decline within the session: first bout against last</h3>"]
    for b in found:
        out.append(paragraph(f"{b.title}, {b.n_bouts} bouts played to the end."))
        out.append(decline_table(b.declines))
    return "\n".join(out)


def _between_levels(session: SessionData) -> str:
    lines = [ln for ln in events.safety_lines(session) if ln.t_s is None]
    if not lines:
        return ""
    return "<h3>Events between levels</h3>" + event_table(lines)
