"""Levels for this patient (issue 10, part 9): a level says which modes it supports, a seated
patient never gets a stepping level, and a one-sided calibration gives that side's limits
and targets only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.calibration_body import LeaningPerson
from helpers.scene_runner import session
from test_calibration_flow import LIMITS_CM, TOLERANCE_CM, play

from balancegame.calibrating.record import LIMITS, Calibration
from balancegame.calibrating.scaling import for_patient
from balancegame.clock import FakeClock
from balancegame.errors import LevelError
from balancegame.game.calibration_state import CalibrationState
from balancegame.game.scenes.level import LevelScene
from balancegame.game.scenes.limits_test import LimitsScene
from balancegame.prescription.levels import parse_level
from balancegame.prescription.library import LevelLibrary

# This checkout's level files first (an editable install elsewhere ships its own).
LIB = LevelLibrary.for_user(Path(__file__).resolve().parents[2] / "levels")


def cal(side="both", left=9.0, right=11.0, mode="standing", sway_cm=None):
    limits = {d: {"value": v, "unit": "cm", "method": "m"}
              for d, v in (("left", left), ("right", right)) if side in ("both", d)}
    results = {"limits": limits}
    if sway_cm is not None:  # the neutral stance's movement threshold, kept with the limits
        results["neutral_stance"] = {"movement_threshold_cm": {"value": sway_cm, "unit": "cm",
                                                               "method": "3 x sway RMS"}}
    return Calibration(LIMITS, datetime(2026, 11, 20, tzinfo=UTC), mode, side, {}, results,
                       calibration_id=4)


@pytest.mark.parametrize(("modes", "words"), [
    ('["lying"]', 'expected a list of one or more of "standing", "stepping", "seated"'),
    ('"seated"', "expected a list"),
    ('["seated", "stepping"]', "a level that asks for steps cannot be played seated")])
def test_a_wrong_modes_field_names_the_file_the_line_and_what_to_write(modes, words):
    text = (f'schema_version = 1\ntype = "obstacle_dodge"\ntitle = "T"\ninstructions = "i"\n'
            f"modes = {modes}\n")
    with pytest.raises(LevelError) as info:
        parse_level(text, Path("my-level.toml"))
    said = str(info.value)
    assert "my-level.toml" in said and "line 5: modes" in said and words in said


def test_a_stepping_level_can_never_be_seated():
    text = ('schema_version = 1\ntype = "stepping"\ntitle = "T"\ninstructions = "i"\n'
            'modes = ["standing", "seated"]\n')
    with pytest.raises(LevelError, match="cannot be played seated"):
        parse_level(text, Path("march.toml"))
    assert LIB.level("stepping-march").modes == ("stepping",)
    assert LIB.level("dodge-steps").modes == ("stepping",)


def test_a_seated_patient_gets_only_seated_levels_and_no_stepping_one():
    levels = [LIB.level(n) for n in ("dodge-seated", "stepping-march", "dodge-steps",
                                     "weight-shift-gentle", "counting-seated")]
    kept, notes = for_patient(levels, cal(mode="seated"), mode="seated")
    assert [lv.name for lv in kept] == ["dodge-seated", "counting-seated"]
    assert sum("cannot be played seated" in n for n in notes) == 3
    for entry in LIB.catalogue("level"):  # no shipped level is both
        level = LIB.level(entry.name)
        assert not ("seated" in level.modes and "stepping" in level.modes), level.name


def test_one_sided_limits_give_targets_and_gaps_on_that_side_only():
    shift, dodge, steps = (LIB.level(n) for n in ("weight-shift-gentle", "dodge-gentle",
                                                  "dodge-steps"))
    kept, notes = for_patient([shift, dodge, steps], cal(side="left", left=6.0), mode="standing")
    s, d, st = kept
    assert s.option("directions") == ("left",) and s["los_left_cm"] == 6.0
    assert s["los_right_cm"] == shift["los_right_cm"]  # not calibrated: no right target
    assert d.option("sides") == ("left",) and d["dodge_distance_cm"] == pytest.approx(4.8)
    assert st is steps  # side steps go beyond the limits of stability: as the file says
    assert "calibration 4" in s.option("calibration")
    both, _ = for_patient([shift], cal(left=9.0, right=11.0), mode="standing")
    assert both[0]["los_left_cm"] == 9.0 and both[0]["los_right_cm"] == 11.0


def test_a_one_sided_calibration_measures_that_side_only(tmp_path):
    clock = FakeClock(0.0)
    person = LeaningPerson(clock, limit_cm=LIMITS_CM)
    state = CalibrationState(enabled=True, side="right")
    with session(tmp_path / "f.sqlite3", [LIB.level("weight-shift-gentle")], tracker=person,
                 clock=clock, on_stimulus=person.react, patient_id="p1",
                 calibration=state) as (ctx, db):
        seen = play(ctx)
        assert LimitsScene in seen and LevelScene in seen
        limits = state.new.results["limits"]
        assert list(limits) == ["right"]
        assert limits["right"]["value"] == pytest.approx(LIMITS_CM["right"], abs=TOLERANCE_CM)
        assert "one-sided" in state.new.results["not_measured"]["left"]
        assert state.new.side == "right" and state.new.limit_cm("left") is None
        run = db.level_runs(db.sessions("p1")[0].session_id)[0]
        assert {t.direction for t in db.trials(run.level_run_id)} == {"right"}


def test_a_seated_calibration_does_not_judge_the_feet(tmp_path):
    clock = FakeClock(0.0)
    person = LeaningPerson(clock, limit_cm={"left": 6.0, "right": 6.0}, behaviour="steps")
    state = CalibrationState(enabled=True, mode="seated")
    with session(tmp_path / "f.sqlite3", [LIB.level("dodge-seated"), LIB.level("dodge-steps")],
                 tracker=person, clock=clock, on_stimulus=person.react, patient_id="p1",
                 calibration=state) as (ctx, db):
        play(ctx)
        assert state.failure == "" and state.new.mode == "seated"
        assert [lv.name for lv in ctx.levels] == ["dodge-seated"]
        assert ctx.levels[0]["dodge_distance_cm"] <= 0.8 * state.new.limit_cm("left") + 0.05


def test_small_limits_never_give_a_target_reached_by_standing_still():
    from balancegame.challenges.weight_shift import check

    shift = LIB.level("weight-shift-gentle")  # rings of 2.5 cm, targets at 35-50 %
    kept, notes = for_patient([shift], cal(left=9.0, right=11.0), mode="standing")
    assert check({**kept[0].difficulty, **kept[0].options}) == []
    assert kept[0]["target_radius_cm"] == 2.0 and "ring 2 cm instead of 2.5 cm" in notes[0]
    kept, notes = for_patient([shift], cal(left=3.0, right=3.0), mode="standing")
    assert kept == [] and "too small for its targets" in notes[0]
    dodge = LIB.level("dodge-gentle")
    (small,), said = for_patient([dodge], cal(left=2.0, right=2.0), mode="standing")
    assert small["dodge_distance_cm"] == 2.0 and "the smallest possible" in said[0]


def test_the_patients_own_sway_never_avoids_a_wall_or_reaches_a_target():
    """Issue 10 part 6: the neutral stance's movement threshold (3 x this patient's sway)
    keeps every gap edge, gate and target's near edge beyond what sway alone reaches."""
    from balancegame.measures.limits_of_stability import target_point_cm

    dodge = LIB.level("dodge-gentle")
    (steady,), _ = for_patient([dodge], cal(left=3.0, right=3.0, sway_cm=1.2), mode="standing")
    (swaying,), said = for_patient([dodge], cal(left=3.0, right=3.0, sway_cm=2.8),
                                   mode="standing")
    assert steady["dodge_distance_cm"] == 2.4  # 80 % of the limit
    assert swaying["dodge_distance_cm"] == 2.8 and "your own sway reaches, 2.8 cm" in said[0]
    kept, said = for_patient([dodge], cal(left=3.0, right=3.0, sway_cm=3.5), mode="standing")
    assert kept == [] and "your own sway (3.5 cm) reaches as far as your limits" in said[0]
    shift = LIB.level("weight-shift-gentle")  # rings of 2.5 cm, targets at 35-50 %
    for sway_cm in (1.0, 2.5):
        kept, _ = for_patient([shift], cal(left=12.0, right=12.0, sway_cm=sway_cm),
                              mode="standing")
        level = kept[0]
        values = {**level.difficulty, **level.options}
        near = min(abs(target_point_cm(values, d, values["target_min_pct"])[0])
                   for d in values["directions"])
        assert near - level["target_radius_cm"] >= sway_cm
    kept, notes = for_patient([shift], cal(left=12.0, right=12.0, sway_cm=5.0), mode="standing")
    assert kept == [] and "too small for its targets" in notes[0]


def test_gates_of_a_counting_level_are_within_the_limits_and_need_both_sides():
    gates, spoken = LIB.level("dual-task-gates-3s"), LIB.level("dual-task-spoken-3s")
    (scaled, said_spoken), notes = for_patient([gates, spoken], cal(left=5.0, right=11.0),
                                               mode="standing")
    assert scaled["gate_distance_cm"] == min(gates["gate_distance_cm"], 4.0)
    assert said_spoken is spoken  # answered out loud: no lean, nothing to scale
    kept, notes = for_patient([gates], cal(side="right"), mode="standing")
    assert kept == [] and "its answers need both sides" in notes[0]
