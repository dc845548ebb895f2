"""The level-run measures that leave the program as numbers: one CSV column and one FHIR
Observation code each (``export --format csv|fhir``).

A level run's ``summary`` (docs/export_format.md) nests its figures (sway of the
countdown, of the level, of the longest stance; per weight-shift direction).  ``MEASURES``
names each figure once, flat, with its unit at the end of the name or after it
(``rt_ms_median``, ``level_sway_mean_velocity_cm_s``), says where it is in the summary and
what it means.  :func:`ucum_unit` reads the unit from the name: the CSV's column names and
the FHIR units cannot disagree.  A share stored as 0..1 is exported as a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Unit words in names, as UCUM codes and as people read them.  "s" after "cm" is cm/s;
# "per_min" after a unit divides it by minutes; a name with the word "n" is a count.
UNIT_WORDS = {"cm": "cm", "cm2": "cm2", "ms": "ms", "s": "s", "pct": "%", "hz": "Hz",
              "deg": "deg", "spm": "/min"}
UNIT_TEXT = {"cm/s": "cm/s", "cm/s/min": "cm/s per min", "cm/min": "cm per min", "/min":
             "per minute", "{count}": "count", "deg": "degrees", "%": "%"}
SHARE_TO_PCT = 100.0
SWAY_GROUPS = (("countdown_sway", "sway_countdown_ml",
                "the quiet standing of the countdown before the level"),
               ("level_sway", "movement_level_ml", "the whole level, movements included"),
               ("stance_sway", "sway_ml", "the longest quiet-stance attempt"))
SWAY = (("duration_s", "duration of the trajectory measured"),
        ("path_length_cm", "sum of distances between successive CoM samples (ML)"),
        ("mean_velocity_cm_s", "path length / duration"),
        ("rms_ml_cm", "root mean square ML distance from the mean position"),
        ("range_ml_cm", "max - min of the ML position"),
        ("mean_distance_cm", "mean ML distance from the mean position"),
        ("mean_frequency_hz", "path length / (2 pi mean distance duration)"))
TRENDS = ("mean_velocity_cm_s", "rms_ml_cm", "range_ml_cm")
SHIFT_DIRECTIONS = ("left", "right", "forward-left", "forward-right", "back-left",
                    "back-right")
SHIFT = (("n_targets", "targets shown"), ("n_reached", "targets reached"),
         ("reaction_time_ms_median", "median reaction time"),
         ("movement_time_s_median", "median movement time, onset to the target"),
         ("endpoint_excursion_cm_mean", "mean end-point excursion"),
         ("endpoint_excursion_pct_los_mean", "mean end-point excursion, % of the LoS"),
         ("max_excursion_cm_mean", "mean maximum excursion"),
         ("max_excursion_pct_los_mean", "mean maximum excursion, % of the LoS"),
         ("directional_control_pct_mean", "mean directional control"))


@dataclass(frozen=True)
class Measure:
    name: str  # the CSV column and the FHIR code; carries the unit
    path: tuple[str, ...]  # where the value is in the level run's summary
    definition: str
    scale: float = 1.0  # exported = stored x scale (a 0..1 share as a %)
    recording: bool = False  # about the camera and computer, not the patient: CSV only
    boolean: bool = False

    @property
    def ucum(self) -> str | None:
        return None if self.boolean else ucum_unit(self.name)

    def value(self, summary: dict[str, Any] | None) -> int | float | bool | None:
        """The exported value, or None when missing (never 0 for missing)."""
        found: Any = summary
        for key in self.path:
            found = found.get(key) if isinstance(found, dict) else None
        if self.boolean:
            return found if isinstance(found, bool) else None
        if isinstance(found, bool) or not isinstance(found, int | float):
            return None
        if isinstance(found, int) and self.scale == 1.0:
            return found  # a count stays a whole number
        value = float(found) * self.scale
        return value if value == value and abs(value) != float("inf") else None


def ucum_unit(name: str) -> str | None:
    """The UCUM unit a measure's name states, or None when it names none (such a value
    is exported without a unit rather than with a guessed one)."""
    words = name.split("_")
    if "n" in words:
        return "{count}"
    for i in range(len(words) - 1, -1, -1):
        if words[i] in UNIT_WORDS:
            unit = UNIT_WORDS[words[i]]
            if unit == "s" and i and words[i - 1] == "cm":
                unit = "cm/s"
            return unit + ("/min" if words[i + 1:i + 3] == ["per", "min"] else "")
    return "/min" if words[-2:] == ["per", "min"] else None


def unit_text(ucum: str) -> str:
    return UNIT_TEXT.get(ucum, ucum)


def _m(name: str, definition: str, path: tuple[str, ...] | None = None, **kw: Any) -> Measure:
    return Measure(name, path or (name,), definition, **kw)


def _measures() -> tuple[Measure, ...]:
    out = [
        _m("n_trials", "trials (challenges) resolved"),
        _m("rt_ms_median", "median reaction time: movement onset - stimulus onset"),
        _m("rt_ms_mean", "mean reaction time"),
        _m("n_rt", "trials with a reaction time"),
        _m("n_movement_trials_without_rt", "movement trials without a reaction time (no "
           "onset found, or moving already within 100 ms of the stimulus)"),
        _m("bos_width_cm_median", "median width of the base of support (ML)"),
        _m("bos_margin_cm_min", "smallest CoM margin to the nearer edge of the base of "
           "support (trend measure: +/- 5 cm)"),
        _m("bos_margin_cm_median", "median CoM margin to the base of support's nearer edge"),
        _m("n_pauses", "pauses during the level"),
    ]
    for prefix, key, what in SWAY_GROUPS:
        out += [_m(f"{prefix}_{m}", f"{d}, over {what}", (key, "whole", m)) for m, d in SWAY]
        if prefix != "countdown_sway":  # a countdown is shorter than one 10 s window
            out += [_m(f"{prefix}_{m}_per_min", f"change per minute of {m} over the 10 s "
                       f"windows of {what} (fatigability)", (key, "trend_per_min", m))
                    for m in TRENDS]
    out += [
        _m("n_avoided", "walls avoided (obstacle_dodge)"),
        _m("n_hit", "walls hit (obstacle_dodge)"),
        _m("success_pct", "share of walls avoided (obstacle_dodge) or targets reached "
           "(weight_shift)", ("success_rate",), scale=SHARE_TO_PCT),
        _m("n_correct", "correct answers (dual_task)"),
        _m("n_wrong", "wrong answers (dual_task)"),
        _m("n_timeout", "questions left unanswered (dual_task)"),
        _m("accuracy_pct", "correct answers / answers asked for (dual_task)", ("accuracy",),
           scale=SHARE_TO_PCT),
        _m("correct_per_min", "correct answers per minute of task time (dual_task)"),
        _m("task_time_s", "time the counting task ran (dual_task)"),
        _m("response_time_ms_mean", "mean answer time (dual_task, method in the summary)"),
        _m("response_time_ms_median", "median answer time (dual_task)"),
        _m("n_bouts", "bouts played (gaze_stabilisation, stepping)"),
        _m("turns_per_min", "head turns per minute, last bout (gaze_stabilisation)"),
        _m("turn_rate_pct_of_prescribed", "turn rate, % of the metronome's"),
        _m("amplitude_deg", "head-turn amplitude (yaw), last bout"),
        _m("amplitude_pct_of_prescribed", "head-turn amplitude, % of the prescribed"),
        _m("peak_right_deg", "mean peak of the head turns to the right"),
        _m("peak_left_deg", "mean peak of the head turns to the left"),
        _m("turn_interval_cv_pct", "coefficient of variation of the turn intervals"),
        _m("n_turns", "head turns, last bout"),
        _m("lag_ms_median", "median lag of the head crossing the middle behind the beat "
           "(- = ahead)"),
        _m("head_seen_pct", "share of frames with the head tracked"),
        _m("n_attempts", "stance attempts (quiet_stance)"),
        _m("n_losses", "losses of balance (quiet_stance)"),
        _m("longest_stance_s", "longest time in the stance (quiet_stance)"),
        _m("completed_full_time", "held the stance for the full planned time (quiet_stance)",
           boolean=True),
        _m("n_steps", "steps, last bout (stepping)"),
        _m("n_steps_left", "left steps", ("n_left",)),
        _m("n_steps_right", "right steps", ("n_right",)),
        _m("cadence_spm", "steps per minute, last bout"),
        _m("cadence_pct_of_target", "cadence, % of the target cadence"),
        _m("step_time_s_mean", "mean step time"),
        _m("step_time_cv_pct", "coefficient of variation of the step times"),
        _m("stride_time_cv_pct", "coefficient of variation of the stride times"),
        _m("step_height_left_cm", "mean left foot lift"),
        _m("step_height_right_cm", "mean right foot lift"),
        _m("n_same_foot_repeats", "steps taken twice in a row with one foot",
           ("same_foot_repeats",)),
        _m("feet_seen_pct", "share of frames with both feet tracked"),
        _m("n_reached", "targets reached (weight_shift)"),
        _m("n_missed", "targets missed (weight_shift)"),
    ]
    for d in SHIFT_DIRECTIONS:
        out += [_m(f"shift_{d.replace('-', '_')}_{m}", f"{t}, {d} (weight_shift)",
                   ("per_direction", d, m)) for m, t in SHIFT]
    out += [_m("pose_hz", "pose results per second during the level", recording=True),
            _m("latency_ms_p95", "95th percentile of capture -> pose result delay",
               recording=True),
            _m("capture_delay_ms_p50", "median frame arrival - capture time", recording=True),
            _m("n_timestamps_dropped", "frames dropped for a repeated or backwards camera "
               "time stamp", ("timestamps_dropped",), recording=True),
            _m("feedback_delay_ms_p50", "median age of the newest measurement when its frame "
               "was shown: camera to screen, the delay the marker is predicted over",
               recording=True),
            _m("feedback_predicted", "whether the marker was predicted to the flip",
               recording=True, boolean=True),
            _m("feedback_tremor_s", "seconds in which a 3.5-8 Hz tremor was seen, so the "
               "marker was not predicted (the One Euro estimate was shown)", recording=True),
            _m("n_second_person", "times someone else was in view (or the tracker jumped to "
               "another body): the level paused, those seconds left out of every measure",
               recording=True),
            _m("second_person_s", "seconds with someone else in view, left out of the "
               "measures", recording=True)]
    return tuple(out)


MEASURES: tuple[Measure, ...] = _measures()
