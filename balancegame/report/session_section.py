"""One session of the report: its circumstances, then each level run in detail."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import numpy as np

from balancegame.report import context, events, fatigue, plots
from balancegame.report.context import MISSING, NOT_RECORDED
from balancegame.report.data import RunData, SessionData
from balancegame.report.html import esc, facts, figure, note, paragraph, table
from balancegame.report.tables import Matrix, Table, measure_tables

ML_ONLY = ("Front camera: the medio-lateral (ML) position only. There is no ML-AP "
           "stabilogram and no 95 % ellipse: antero-posterior sway cannot be measured "
           "reliably from one front camera (its depth estimate is noisier than real sway), "
           "so it is not reported.")
STATUS = {"completed": "completed", "interrupted": "interrupted (the program stopped)",
          "aborted": "stopped early", "in_progress": "still in progress (or cut off)"}


def _seconds(value: float | None) -> str:
    if value is None:
        return MISSING
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def _status(status: str, reason: str) -> str:
    words = STATUS.get(status, status)
    return f"{words}: {reason}" if reason and status != "completed" else words


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
            ("Length", _seconds(duration)),
            ("Status", _status(rec.status, rec.end_reason)),
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
           facts(rows), _dual_task(session), _bouts(session), _between_levels(session)]
    out += [run_section(r, session) for r in runs]
    out.append("</section>")
    return "\n".join(x for x in out if x)


def _dual_task(session: SessionData) -> str:
    found = events.dual_task_costs(session)
    if not found:
        return ""
    out = ["<h3>Dual-task cost</h3>"]
    for cost in found:
        rows = []
        for side, words in (("cognitive", "thinking"), ("motor", "balance")):
            for e in cost.get(side) or []:
                share = str(e.get("unit", "")).startswith("share")
                scale, unit = (100.0, "%") if share else (1.0, e.get("unit", ""))
                dte = e.get("dte_pct")
                rows.append((words, str(e.get("measure", "")).replace("_", " "),
                             f"{e['single'] * scale:.1f}", f"{e['dual'] * scale:.1f}", unit,
                             MISSING if dte is None else f"{dte:+.0f} %".replace("-", "\u2212"),
                             MISSING if dte is None else "cost" if dte < 0 else "no cost"))
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
        out.append(_decline_table(b.declines))
    return "\n".join(out)


def _decline_table(declines) -> str:
    return table(("figure", "early", "late", "change", "unit", "reads as"),
                 [(f"{d.what} ({d.early_label} / {d.late_label})", f"{d.early:.1f}",
                   f"{d.late:.1f}", f"{d.change:+.1f}".replace("-", "\u2212"), d.unit,
                   d.verdict) for d in declines], numeric=(1, 2, 3))


def _event_table(lines) -> str:
    return table(("time in the level", "where", "what", "detail"),
                 [(MISSING if ln.t_s is None else f"{ln.t_s:.1f} s", ln.where, ln.words,
                   ln.detail or MISSING) for ln in lines], numeric=(0,))


def _between_levels(session: SessionData) -> str:
    lines = [ln for ln in events.safety_lines(session) if ln.t_s is None]
    if not lines:
        return ""
    return "<h3>Events between levels</h3>" + _event_table(lines)


PARAMETER_UNITS = {"s": "s", "cm": "cm", "ms": "ms", "deg": "\u00b0", "pct": "%",
                   "bpm": "beats a minute", "spm": "steps a minute", "hz": "Hz"}


def parameter_words(key: str, value: object) -> str:
    """``dodge_distance_cm``, 8.0 -> "dodge distance 8 cm"."""
    name, _, unit = key.rpartition("_")
    if unit not in PARAMETER_UNITS or not name:
        name, unit = key, ""
    if isinstance(value, list | tuple):
        shown = ", ".join(map(str, value))
    elif isinstance(value, float):
        shown = f"{value:g}"
    else:
        shown = str(value)
    return f"{name.replace('_', ' ')} {shown}" + (f" {PARAMETER_UNITS[unit]}" if unit else "")


def _difficulty(run: RunData) -> str:
    d = run.record.difficulty
    return "; ".join(parameter_words(k, v) for k, v in d.items()) if d else MISSING


def run_section(run: RunData, session: SessionData) -> str:
    rec, summary = run.record, run.summary
    n_trials, n_rt = summary.get("n_trials"), summary.get("n_rt")
    trials = (MISSING if n_trials is None else
              f"{n_trials} trial{'' if n_trials == 1 else 's'}, "
              f"{n_rt if n_rt is not None else 0} with a reaction time")
    rows = [("Status", _status(rec.status, rec.end_reason)),
            ("Length", _seconds(run.duration_s)),
            ("Type", run.level_type or MISSING),
            ("Trials", trials), *context.conditions(run),
            ("Difficulty", _difficulty(run)),
            ("Body scale", f"{rec.scale_method}" + (f" ({rec.cm_per_px:.3f} cm per pixel)"
                                                    if rec.cm_per_px else ""))]
    out = [f'<section class="run" id="run-{rec.level_run_id}">',
           f"<h3>Level {run.index}: {esc(run.title)} <span class=\"code\">"
           f"{esc(rec.level_name)}</span></h3>", facts(rows)]
    if not summary:
        out.append(note("No measures: the program stopped before this level's end was "
                        "saved (its samples and trials are kept)."))
    out += [_measure_table(t) for t in measure_tables(run)]
    out += [_stabilogram(run), _reaction(run), _run_decline(run), _dte_missing(run, session)]
    lines = [ln for ln in events.safety_lines(session) if ln.t_s is not None
             and ln.where.startswith(f"level {run.index}:")]
    out.append("<h4>Safety and data-quality events</h4>")
    out.append(_event_table(lines) if lines else paragraph("None during this level."))
    out.append("</section>")
    return "\n".join(x for x in out if x)


def _measure_table(t: Table | Matrix) -> str:
    out = [f"<h4>{esc(t.title)}</h4>"]
    if t.method:
        out.append(paragraph(f"Method: {t.method}", "method"))
    if isinstance(t, Table):
        if t.note:
            out.append(paragraph(t.note, "missing"))
        else:
            out.append(table(("measure", "value", "unit", "name in exports"),
                             [(r.label, r.value, r.unit, r.code) for r in t.rows],
                             numeric=(1,)))
        return "\n".join(out)
    headers = ["", *(f"{h} ({u})" if u else h for h, u in t.columns)]
    out.append(table(headers, [(label, *values) for label, values in t.rows],
                     numeric=tuple(range(1, len(headers)))))
    out.append(paragraph("; ".join(f"{h}: {d}" for h, d in t.definitions) + ".", "method"))
    if t.note:
        out.append(paragraph(t.note, "method"))
    return "\n".join(out)


def _stabilogram(run: RunData) -> str:
    s = run.samples
    if len(s) < 3:
        return note("Stabilogram: no centre-of-mass samples stored for this level.")
    t = s["t_capture_s"] - run.record.started_t_s
    onsets = [(tr.stimulus_onset_t_s - run.record.started_t_s, tr.outcome)
              for tr in run.trials]
    countdown = float(run.record.difficulty.get("countdown_s") or 0.0)
    image = plots.stabilogram(t, s["com_ml_raw_cm"], countdown, onsets,
                              events.pause_spans(run))
    if image is None:
        return note("Stabilogram: the person was in view in fewer than 3 samples.")
    present = float(np.mean(s["present"])) * 100
    return figure(image, f"Stabilogram of level {run.index}",
                  f"Stabilogram: centre of mass, medio-lateral, against time in the level; "
                  f"0 = the middle measured while standing still. {len(s)} camera frames, "
                  f"the person in view in {present:.0f} % of them. " + ML_ONLY)


def _reaction(run: RunData) -> str:
    timed = [t for t in run.trials if t.rt_ms is not None]
    if not timed:
        return "" if not run.trials else paragraph(
            "Reaction times: not measured in this level.", "missing")
    t0 = run.record.started_t_s
    image = plots.reaction_times([t.stimulus_onset_t_s - t0 for t in timed],
                                 [t.rt_ms for t in timed], [t.outcome for t in timed])
    untimed = len(run.trials) - len(timed)
    return figure(image, f"Reaction times of level {run.index}",
                  f"Reaction time of each trial ({len(timed)} of {len(run.trials)}; "
                  f"{untimed} without one: no onset found, or moving already) against when "
                  "it came, and their distribution. Reaction time = movement onset (camera "
                  "capture clock) − stimulus onset (display flip).")


def _run_decline(run: RunData) -> str:
    found = fatigue.run_decline(run)
    if not found:
        return ""
    return "<h4>Decline within the level (fatigability)</h4>" + _decline_table(found)


def _dte_missing(run: RunData, session: SessionData) -> str:
    matches: Any = run.definition.get("dual_task_cost")
    if run.level_type != "dual_task" or not isinstance(matches, dict):
        return ""
    if any(c.get("dual_level") == run.record.level_name
           for c in events.dual_task_costs(session)):
        return ""
    names = " and ".join(str(v) for v in matches.values())
    return paragraph(f"Dual-task cost: not computed in this session; it needs {names} "
                     "played in the same session.", "missing")
