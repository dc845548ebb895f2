"""The dual-task cost is computed, shown and stored once its matches are played (issue 12, 4)."""

from __future__ import annotations

import pytest
from helpers.scene_runner import ScriptedTracker

from balancegame.clock import FakeClock
from balancegame.game.context import GameContext
from balancegame.game.results_words import results_words
from balancegame.measures.dual_task_cost import costs_now_ready, dual_task_costs
from balancegame.prescription.library import LevelLibrary
from balancegame.session.log import SessionLog
from balancegame.session.storage import Database

THINKING = {"level": "counting-seated", "type": "dual_task", "status": "completed",
            "correct_per_min": 20.0, "accuracy": 1.0, "n_trials": 10}
BALANCE = {"level": "dual-task-single-dodge", "type": "obstacle_dodge", "status": "completed",
           "rt_ms_median": 600.0, "success_rate": 1.0, "n_trials": 6}
DUAL = {"level": "dual-task-gates-3s", "type": "dual_task", "status": "completed",
        "correct_per_min": 15.0, "accuracy": 0.75, "rt_ms_median": 720.0, "n_trials": 8,
        "n_correct": 6, "n_wrong": 1}


def test_both_sides_are_signed_so_that_a_cost_is_negative():
    costs = dual_task_costs(DUAL, BALANCE, THINKING)
    by = {e["measure"]: e["dte_pct"] for e in costs["cognitive"] + costs["motor"]}
    assert by["correct_per_min"] == pytest.approx(-25.0)  # 20 -> 15 a minute
    assert by["accuracy"] == pytest.approx(-25.0)
    assert by["rt_ms_median"] == pytest.approx(-20.0)  # 600 -> 720 ms: slower is a cost
    assert by["moved_in_time_share"] == pytest.approx(-12.5)  # 7 of 8 gates vs every wall
    assert "negative = a dual-task cost" in costs["convention"]


def test_a_stance_match_compares_sway():
    stance = {"level": "stance-feet-together", "type": "quiet_stance",
              "sway_ml": {"whole": {"rms_ml_cm": 0.5}}}
    dual = {**DUAL, "movement_level_ml": {"whole": {"rms_ml_cm": 0.6}}}
    (motor,) = dual_task_costs(dual, stance, None)["motor"]
    assert motor["measure"] == "sway_rms_ml_cm" and motor["dte_pct"] == pytest.approx(-20.0)


def test_ready_only_when_every_planned_match_is_played():
    plan = {"dual-task-gates-3s": {"balance_single": "dual-task-single-dodge",
                                   "thinking_single": "counting-seated"},
            "counting-seated": {}, "dual-task-single-dodge": {}}
    played = {"counting-seated": THINKING, "dual-task-gates-3s": DUAL}
    assert costs_now_ready(plan, played, set()) == []  # the dodge match is still to come
    played["dual-task-single-dodge"] = BALANCE
    (ready,) = costs_now_ready(plan, played, set())
    assert ready[0] == "dual-task-gates-3s"
    assert costs_now_ready(plan, played, {"dual-task-gates-3s"}) == []  # once


def test_the_session_stores_and_shows_the_cost_after_the_last_of_the_three(tmp_path):
    library = LevelLibrary.shipped()
    program = library.program("dual-task-assessment")
    levels = [step.level for step in program.steps]
    assert [lv.name for lv in levels] == ["counting-seated", "dual-task-single-dodge",
                                          "dual-task-gates-3s"]
    clock = FakeClock(0.0)
    with Database.open(tmp_path / "c.sqlite3") as db:
        db.ensure_patient("p")
        sid = db.start_session("p", source="scripted", app_version="t", seed=1, settings={})
        ctx = GameContext(clock=clock, tracker=ScriptedTracker(clock), log=SessionLog(db, sid),
                          levels=levels, seed=1, headless=True)
        for summary in (THINKING, BALANCE):
            ctx.record_level(dict(summary))
        assert not [e for e in db.events(sid) if e.kind == "dual_task_effect"]
        last = dict(DUAL)
        ctx.record_level(last)
        (event,) = [e for e in db.events(sid) if e.kind == "dual_task_effect"]
    assert '"dte_pct"' in event.detail and "dual-task-single-dodge" in event.detail
    note = results_words(last).note
    assert note.startswith("Dual-task effect: counting -25 %") and "reaction time -20 %" in note
