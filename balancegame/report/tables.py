"""A level run's measures as the report's tables: name, value, unit, method.

The measures, their names, units and definitions are those of
:mod:`balancegame.session.measure_list` (the CSV and FHIR exports use the same list), so
a number in a report and in an export cannot disagree.  Sway is laid out as
posturography reports do, one row per stretch of the level (the countdown's quiet
standing, the longest stance, the whole level) and one column per measure, with each
column's definition below; weight shift one row per direction.  Every other measure is a
row of its own.  A measure is shown when its level type has it (its first key is in the
summary); a value that was not measured is ``MISSING`` ("—"), never 0.  Each table says
how its figures were measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from balancegame.report.context import MISSING
from balancegame.report.data import RunData
from balancegame.session.fhir import method_text
from balancegame.session.measure_list import (
    MEASURES,
    SHIFT,
    SHIFT_DIRECTIONS,
    SWAY,
    SWAY_GROUPS,
    TRENDS,
    Measure,
    unit_text,
)

BY_NAME = {m.name: m for m in MEASURES}
STRETCHES = {"countdown_sway": "standing still before the level (countdown)",
             "stance_sway": "the longest stance attempt",
             "level_sway": "the whole level, movements included"}
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Reaction time", ("rt_ms", "n_rt", "n_movement_trials")),
    ("Base of support (a trend measure: the margin can be off by about 5 cm)", ("bos_",)),
)
TASK = "The task"
RECORDING = "About the recording (the camera and computer, not the patient)"
RESPONSE_REMARK = ("In this level these times are answers, not movements: from the "
                   "question's onset (the display flip) to the supervisor's key (Y or N), "
                   "so they include the supervisor's own reaction.")
LEVEL_SWAY_NOTE = ("The whole level includes the movements it asks for: that row describes "
                   "how much the body moved, not postural sway.")
DECIMALS = {"ms": 0, "%": 0, "cm": 2, "cm/s": 2, "Hz": 2, "s": 1, "deg": 1, "/min": 1,
            "cm/min": 2, "cm/s/min": 2, "cm2": 1}
SIGNED = ("cm/min", "cm/s/min")  # trends: the sign is the direction of the change
VERSION_TAIL = " (balancegame "  # method_text names the exporting version: the header does


@dataclass(frozen=True)
class Row:
    label: str  # the measure's definition, as people read it
    code: str  # the measure's name: the CSV column and FHIR code
    value: str  # formatted, or MISSING
    unit: str


@dataclass(frozen=True)
class Table:
    title: str
    method: str  # how its figures were measured
    rows: tuple[Row, ...]
    note: str = ""  # "Not measured in this level." replaces the rows
    remark: str = ""  # read the rows with this in mind


@dataclass(frozen=True)
class Matrix:
    """Rows of one kind of figure (a stretch, a direction), a measure per column."""

    title: str
    method: str
    columns: tuple[tuple[str, str], ...]  # (heading, unit)
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (row label, formatted values)
    definitions: tuple[tuple[str, str], ...]  # (heading, definition)
    note: str = ""


def format_value(value: float | int | bool | None, measure: Measure) -> str:
    """The value as the report prints it (its unit separately); MISSING when None."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    unit = measure.ucum or ""
    if unit == "{count}" or isinstance(value, int):
        return f"{int(round(value))}"
    digits = DECIMALS.get(unit, 2)
    text = f"{value:+.{digits}f}" if unit in SIGNED else f"{value:.{digits}f}"
    return text.replace("-", "\u2212")  # a true minus sign reads better in print


def unit_of(measure: Measure) -> str:
    if measure.boolean or measure.ucum is None:
        return ""
    return "" if measure.ucum == "{count}" else unit_text(measure.ucum)


def method(measure: Measure, run: RunData) -> str:
    text = method_text(measure, run.record, run.summary)
    return text.rsplit(VERSION_TAIL, 1)[0] if VERSION_TAIL in text else text


UNIT_WORDS = ("cm", "s", "ms", "hz", "pct", "deg", "spm", "n")
WORDS = {"ml": "ML", "rms": "RMS", "los": "of LoS", "endpoint": "end-point"}


def _heading(name: str) -> str:
    """A column heading from a measure's name, its unit words left out (the unit is
    shown with it): ``mean_velocity_cm_s`` -> "mean velocity"."""
    words = [WORDS.get(w, w) for w in name.split("_") if w not in UNIT_WORDS]
    return " ".join(words)


def _sway(run: RunData) -> list[Matrix]:
    summary = run.summary
    present = [(p, key) for p, key, _ in SWAY_GROUPS if isinstance(summary.get(key), dict)]
    if not present:
        return []
    cols = [(m, d) for m, d in SWAY]
    first = BY_NAME[f"{present[0][0]}_{cols[1][0]}"]
    whole = Matrix(
        "Sway (medio-lateral)", method(first, run),
        tuple((_heading(m), unit_of(BY_NAME[f"{present[0][0]}_{m}"])) for m, _ in cols),
        tuple((STRETCHES[p], tuple(format_value(BY_NAME[f"{p}_{m}"].value(summary),
                                                BY_NAME[f"{p}_{m}"]) for m, _ in cols))
              for p, _ in present),
        tuple((_heading(m), d) for m, d in cols),
        LEVEL_SWAY_NOTE if any(p == "level_sway" for p, _ in present) else "")
    out = [whole]
    trended = [p for p, _ in present if p != "countdown_sway"]
    if trended:
        names = [f"{trended[0]}_{t}_per_min" for t in TRENDS]
        out.append(Matrix(
            "Change per minute over the 10 s windows (fatigability)", method(first, run),
            tuple((_heading(t), unit_of(BY_NAME[n])) for t, n in zip(TRENDS, names,
                                                                   strict=True)),
            tuple((STRETCHES[p], tuple(format_value(BY_NAME[f"{p}_{t}_per_min"].value(summary),
                                                    BY_NAME[f"{p}_{t}_per_min"])
                                       for t in TRENDS)) for p in trended),
            (("each column", "least-squares slope of the measure over the stretch's 10 s "
                             "windows, per minute; + = rising; " + MISSING
                             + " = fewer than 3 windows"),)))
    return out


def _directions(run: RunData) -> list[Matrix]:
    found = run.summary.get("per_direction")
    used = [d for d in SHIFT_DIRECTIONS if isinstance(found, dict) and d in found]
    if not used:
        return []
    name = f"shift_{used[0].replace('-', '_')}_"
    return [Matrix(
        "Per direction (weight shift)", method(BY_NAME[name + SHIFT[2][0]], run),
        tuple((_heading(m), unit_of(BY_NAME[name + m])) for m, _ in SHIFT),
        tuple((d, tuple(format_value(BY_NAME[f"shift_{d.replace('-', '_')}_{m}"].value(
            run.summary), BY_NAME[f"shift_{d.replace('-', '_')}_{m}"]) for m, _ in SHIFT))
              for d in used),
        tuple((_heading(m), t) for m, t in SHIFT))]


def _group(measure: Measure) -> str | None:
    if measure.name.startswith(tuple(p for p, _, _ in SWAY_GROUPS) + ("shift_",)):
        return None  # in a matrix
    if measure.recording:
        return RECORDING
    return next((t for t, prefixes in GROUPS if measure.name.startswith(prefixes)), TASK)


def measure_tables(run: RunData) -> list[Table | Matrix]:
    """The run's measures, in the order of the measure list; [] without a summary (a
    run cut off by a crash)."""
    summary = run.summary
    if not summary:
        return []
    grouped: dict[str, list[tuple[Measure, Row]]] = {}
    for m in MEASURES:
        group = _group(m)
        if group is None or m.path[0] not in summary:
            continue
        row = Row(m.definition, m.name, format_value(m.value(summary), m), unit_of(m))
        grouped.setdefault(group, []).append((m, row))
    tables: list[Table | Matrix] = []
    for title in (TASK, *(g[0] for g in GROUPS)):
        found = grouped.get(title)
        if found:
            measured = [r for m, r in found if r.value != MISSING and
                        not (m.ucum == "{count}" and r.value == "0")]
            how, shown = method(found[0][0], run), title
            answers = title == GROUPS[0][0] and run.rt_is_response
            if answers:  # the trials say how they were timed
                how = next(t.detail["rt_method"] for t in run.trials
                           if "rt_method" in (t.detail or {}))
                shown = "Answer time (stored as reaction time)"
            tables.append(Table(shown, how, tuple(r for _, r in found),
                                "" if measured or title == TASK else
                                "Not measured in this level.",
                                RESPONSE_REMARK if answers else ""))
    tables += _sway(run) + _directions(run)
    if RECORDING in grouped:
        found = grouped[RECORDING]
        tables.append(Table(RECORDING, "", tuple(r for _, r in found)))
    return tables
