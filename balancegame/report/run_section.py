"""One level run of the report: its conditions and measures, its stabilogram and
reaction times, its decline within the level and its safety and data-quality events;
and the words and tables the session section shares with it."""

from __future__ import annotations

from typing import Any

import numpy as np

from balancegame.report import context, events, fatigue, plots
from balancegame.report.context import MISSING
from balancegame.report.data import RunData, SessionData
from balancegame.report.html import esc, facts, figure, note, paragraph, table
from balancegame.report.tables import (
    DECIMALS,
    RECORDING,
    RESPONSE_REMARK,
    Matrix,
    Table,
    measure_tables,
)

ML_ONLY = ("Front camera: the medio-lateral (ML) position only. There is no ML-AP "
           "stabilogram and no 95 % ellipse: antero-posterior sway cannot be measured "
           "reliably from one front camera (its depth estimate is noisier than real sway), "
           "so it is not reported.")
STATUS = {"completed": "completed", "interrupted": "interrupted (the program stopped)",
          "aborted": "stopped early", "in_progress": "still in progress (or cut off)"}


def seconds_words(value: float | None) -> str:
    if value is None:
        return MISSING
    minutes, seconds = divmod(round(value), 60)
    text = f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"
    return text.replace(" ", "\u00a0")  # never broken over two lines


def status_words(status: str, reason: str) -> str:
    words = STATUS.get(status, status)
    return f"{words}: {reason}" if reason and status != "completed" else words


def decline_table(declines) -> str:
    rows = []
    for d in declines:
        n = DECIMALS.get(d.unit, 1)
        rows.append((f"{d.what} ({d.early_label} / {d.late_label})", f"{d.early:.{n}f}",
                     f"{d.late:.{n}f}", f"{d.change:+.{n}f}".replace("-", "\u2212"), d.unit,
                     d.verdict))
    return table(("figure", "early", "late", "change", "unit", "reads as"), rows,
                 numeric=(1, 2, 3))


def event_table(lines) -> str:
    return table(("time in the level", "where", "what", "detail"),
                 [(MISSING if ln.t_s is None else f"{ln.t_s:.1f} s", ln.where, ln.words,
                   ln.detail or MISSING) for ln in lines], numeric=(0,))


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
    rows = [("Status", status_words(rec.status, rec.end_reason)),
            ("Length", seconds_words(run.duration_s)),
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
    tables = measure_tables(run)
    recording = [t for t in tables if t.title == RECORDING]
    out += [_measure_table(t) for t in tables if t.title != RECORDING]
    out += ["<h4>Stabilogram</h4>", _stabilogram(run), _reaction(run), _run_decline(run),
            _dte_missing(run, session), *(_measure_table(t) for t in recording)]
    lines = [ln for ln in events.safety_lines(session) if ln.t_s is not None
             and ln.where.startswith(f"level {run.index}:")]
    out.append("<h4>Safety and data-quality events</h4>")
    out.append(event_table(lines) if lines else paragraph("None during this level."))
    out.append("</section>")
    return "\n".join(x for x in out if x)


def _measure_table(t: Table | Matrix) -> str:
    out = [f"<h4>{esc(t.title)}</h4>"]
    if isinstance(t, Table) and t.note:
        out.append(paragraph(t.note, "missing"))
        return "\n".join(out)
    if t.method:
        out.append(paragraph(f"Method: {t.method}", "method"))
    if isinstance(t, Table):
        if t.remark:
            out.append(paragraph(t.remark, "method"))
        out.append(table(("measure", "value", "unit", "name in exports"),
                         [(r.label, r.value, r.unit, r.code) for r in t.rows], numeric=(1,)))
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
              for tr in run.trials if run.level_type != "quiet_stance"]  # a stance: no stimulus
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
    what = "answer time" if run.rt_is_response else "reaction time"
    image = plots.reaction_times([t.stimulus_onset_t_s - t0 for t in timed],
                                 [t.rt_ms for t in timed], [t.outcome for t in timed], what)
    untimed = len(run.trials) - len(timed)
    how = (RESPONSE_REMARK if run.rt_is_response else
           "Reaction time = movement onset (camera capture clock) − stimulus onset (display "
           f"flip); {untimed} without one (no onset found, or moving already).")
    return f"<h4>{what.capitalize()}s</h4>" + figure(
        image, f"{what.capitalize()}s of level {run.index}",
        f"The {what} of each trial ({len(timed)} of {len(run.trials)}) against when it "
        f"came, and their distribution. {how}")


def _run_decline(run: RunData) -> str:
    found = fatigue.run_decline(run)
    if not found:
        return ""
    return "<h4>Decline within the level (fatigability)</h4>" + decline_table(found)


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
