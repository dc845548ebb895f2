"""The report's first pages: the header (who, when, what, how) with what the numbers can
and cannot say, and the progress across sessions (trends and adherence)."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from balancegame import __version__
from balancegame.report import adherence, context
from balancegame.report.context import MISSING
from balancegame.report.data import ReportData
from balancegame.report.html import esc, facts, figure, note, paragraph, table
from balancegame.report.tables import format_value, unit_of
from balancegame.report.trend_plots import trend_figure
from balancegame.report.trends import BASELINE_SESSIONS, LABELS, level_trends

ABOUT = (
    "No normative values exist for centre-of-mass (CoM) sway measured with a webcam. "
    "Every figure here is the patient's own, to be compared with their own earlier "
    "sessions; do not read it against force-plate norms (even force plates of different "
    "makers disagree).",
    "Method: MediaPipe Pose on one front webcam, the CoM from a de Leva segment model, in "
    "cm through the patient's height. A front camera measures the medio-lateral (ML) "
    "direction; antero-posterior (AP) sway is not reported. Camera-based sway agrees "
    "with laboratory systems better on amplitude (RMS, range) than on velocity and "
    "frequency: read it as a trend within this patient.",
    "A value that was not measured is shown as \u201c\u2014\u201d, never as 0. Dual-task "
    "effect = (dual \u2212 single) / single \u00d7 100 %, signed so that a negative value "
    "is always a cost (worse under the dual task).",
)


NO_BAND = "none (fewer than 3 baseline sessions, and no known measurement noise)"


def _unique(values) -> str:
    found = list(dict.fromkeys(v for v in values if v))
    return "; ".join(found) if found else context.NOT_RECORDED


def header(data: ReportData, tz: tzinfo | None, made: datetime) -> str:
    sessions = data.sessions
    runs = [r for s in sessions for r in s.runs]
    first, last = sessions[0].record.started_utc, sessions[-1].record.started_utc
    span = context.day(first, tz) if len(sessions) == 1 else \
        f"{context.day(first, tz)} to {context.day(last, tz)}"
    levels: dict[str, list] = {}  # level name -> [title, times played, conditions]
    for r in runs:
        found = levels.setdefault(r.record.level_name, [r.title, 0, context.conditions(r)])
        found[1] += 1
    rows = [
        ("Patient", data.patient_id),
        ("Report of", f"{data.selection.describe()}: {len(sessions)} session"
                      f"{'s' if len(sessions) > 1 else ''}, {span}"),
        ("Made", f"{context.when(made.isoformat(), tz)} by balancegame {__version__}, "
                 f"from {data.db_name}"),
        ("Programs", _unique(context.program_words(s) for s in sessions)),
        ("Supervised or at home", _unique(context.supervision(s) for s in sessions)),
        ("Software version", _unique(f"balancegame {s.record.app_version}" for s in sessions)),
        ("Camera", _unique(context.source_words(s.record.source) for s in sessions)),
        ("Camera set-up", _unique(dict(context.camera_setup(s))["Camera set-up"]
                                  for s in sessions)),
        ("Calibration age", _unique(context.calibration(s, tz) for s in sessions)),
        ("Height stored now", MISSING if data.height_cm is None else
         f"{data.height_cm:g} cm (each level states the scale it used)"),
    ]
    nav = "".join(f'<li><a href="#session-{s.record.session_id}">Session '
                  f"{s.record.session_id}, {esc(context.day(s.record.started_utc, tz))}"
                  "</a></li>" for s in sessions)
    return "\n".join([
        '<section class="header" id="header">',
        f"<h1>Balance training report: {esc(data.patient_id)}</h1>",
        paragraph(f"{span}; made {context.day(made.isoformat(), tz)}.", "sub"),
        note(*ABOUT), facts(rows), "<h3>Levels and their conditions</h3>",
        table(("level", "runs", *(c.lower() for c in context.CONDITIONS)),
              [(f"{title} ({name})", n, *(v for _, v in found))
               for name, (title, n, found) in levels.items()], numeric=(1,)),
        f'<nav><h4>Contents</h4><ol><li><a href="#progress">Progress across sessions</a>'
        f"</li>{nav}</ol></nav>", "</section>"])


def progress(data: ReportData, tz: tzinfo | None, today: date) -> str:
    history = data.history
    labels = {i: f"#{s.session_id}\n" + context.day(s.started_utc, tz).rsplit(" ", 1)[0]
              for i, s in enumerate(history, start=1)}
    x_of = {s.session_id: i for i, s in enumerate(history, start=1)}
    xs = [x_of[s.record.session_id] for s in data.sessions]
    out = ['<section class="chapter" id="progress">', "<h2>Progress across sessions</h2>",
           paragraph(f"Each level's key figures per session (the mean of its runs played "
                     f"to the end), from the patient's first session to the last one in "
                     f"this report, against the patient's own baseline: the mean of the "
                     f"first {BASELINE_SESSIONS} sessions with the figure. The grey band "
                     f"is the day-to-day variation: the baseline mean \u00b1 2 SD when "
                     f"there are {BASELINE_SESSIONS} baseline sessions, otherwise \u00b1 "
                     f"the smallest change the program counts as more than noise (where "
                     f"it has one). Dotted lines mark the first session and changes of "
                     f"difficulty or program. There are no norms to compare with.")]
    found = level_trends(data)
    if len(history) < 2:
        out.append(paragraph("Only one session so far: no trend yet.", "missing"))
    for level in found:
        out.append(f"<h3>{esc(level.title)} <span class=\"code\">{esc(level.level_name)}"
                   "</span></h3>")
        if max(len(t.points) for t in level.trends) < 2:
            out.append(paragraph("Played in one session so far: no trend yet.", "missing"))
        else:
            bands = "; ".join(f"{LABELS.get(t.measure.name)}: "
                              + (t.band.how if t.band else NO_BAND) for t in level.trends)
            out.append(figure(trend_figure(level, labels, (min(xs), max(xs))),
                              f"Trends of {level.title}", f"Day-to-day band: {bands}."))
        out.append(_trend_table(level, history, tz))
    out.append(_adherence(data, tz, today))
    out.append("</section>")
    return "\n".join(out)


def _trend_table(level, history, tz) -> str:
    values = {(t.measure.name, p.session_id): p.value for t in level.trends for p in t.points}
    sessions = sorted({p.session_id for t in level.trends for p in t.points},
                      key=[s.session_id for s in history].index)
    when = {s.session_id: context.day(s.started_utc, tz) for s in history}
    headers = ["session", "day", *(f"{LABELS.get(t.measure.name, t.measure.name)} "
                                   f"({unit_of(t.measure) or 'count'})"
                                   for t in level.trends)]
    rows = [[f"#{sid}", when[sid], *(format_value(values.get((t.measure.name, sid)),
                                                  t.measure) for t in level.trends)]
            for sid in sessions]
    n = max(t.baseline_n for t in level.trends)
    rows.append(["baseline", "the first session" if n == 1 else f"mean of the first {n}",
                 *(format_value(t.baseline, t.measure) for t in level.trends)])
    return table(headers, rows, numeric=tuple(range(2, len(headers))))


def _adherence(data: ReportData, tz, today: date) -> str:
    found = adherence.weeks(data, tz, today)
    rows = []
    for w in found:
        goal = "not prescribed" if w.goal is None else f"{w.goal.per_week} days"
        pct = MISSING if w.pct is None else f"{w.pct:.0f} %"
        rows.append((f"{w.monday.day} {w.monday:%b} \u2013 {w.sunday.day} {w.sunday:%b %Y}"
                     + (" (still going on)" if w.in_progress else ""), w.sessions,
                     w.training_days, goal, pct))
    sources = list(dict.fromkeys(w.goal.source for w in found if w.goal))
    words = ("Prescribed: " + "; ".join(sources) + ".") if sources else \
        "No weekly number of sessions is prescribed in these sessions' data: " \
        "adherence cannot be given as a percentage."
    return "\n".join(["<h3>Adherence</h3>", paragraph(
        "Training days (calendar days with at least one level played to its end; two "
        "sessions on one day are one training day) against the days prescribed, per "
        "week, Monday to Sunday. " + words),
        table(("week", "sessions", "training days", "prescribed", "done"), rows,
              numeric=(1, 2, 4))])
