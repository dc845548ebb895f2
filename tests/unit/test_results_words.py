"""The results screen tells the truth: praise only for what happened (issue 12, item 2)."""

from __future__ import annotations

import pytest

from balancegame.game.results_words import results_words


def words(summary, status="completed"):
    return results_words(summary, status)


def test_most_walls_avoided_is_well_done():
    w = words({"type": "obstacle_dodge", "n_trials": 5, "outcomes": {"avoided": 4, "hit": 1},
               "rt_ms_median": 612.4})
    assert w.title == "Well done!" and w.praise
    assert w.lines == ("Avoided 4 of 5", "Reaction time 612 ms") and w.tip == ""


def test_five_of_nine_is_not_praised_and_gets_a_tip():
    w = words({"type": "obstacle_dodge", "n_trials": 9, "outcomes": {"avoided": 5, "hit": 4}})
    assert not w.praise and w.title != "Well done!"
    assert w.lines == ("Avoided 5 of 9",) and "further" in w.tip


def test_gaze_short_of_the_prescribed_turns_says_so():
    w = words({"type": "gaze_stabilisation", "amplitude_deg": 7.2, "amplitude_prescribed_deg": 15,
               "turns_per_min": 58, "metronome_bpm": 60})
    assert not w.praise
    assert w.lines[0] == "Head turns: 7° of 15°"
    assert w.tip == "Next time, try turning a little further."


def test_no_answers_is_not_correct_zero_of_zero():
    w = words({"type": "dual_task", "mode": "spoken", "n_trials": 0, "n_correct": 0})
    assert not w.praise and w.lines == ("No answers were marked",)


def test_a_stance_ended_by_a_loss_of_balance_is_not_praised():
    w = words({"type": "quiet_stance", "longest_stance_s": 12.3, "duration_planned_s": 30,
               "n_losses": 1, "completed_full_time": False})
    assert not w.praise and w.lines == ("You stood still for 12 s of 30 s",)
    assert "chair" in w.tip
    held = words({"type": "quiet_stance", "longest_stance_s": 30.0, "duration_planned_s": 30,
                  "n_losses": 0, "completed_full_time": True})
    assert held.praise


def test_no_figures_no_praise():
    for kind in ("obstacle_dodge", "weight_shift", "stepping", "gaze_stabilisation",
                 "quiet_stance", "dual_task", "something_new"):
        assert not words({"type": kind, "n_trials": 0}).praise, kind


@pytest.mark.parametrize("status", ["aborted", "interrupted"])
def test_a_level_cut_short_says_so(status):
    w = words({"type": "obstacle_dodge", "n_trials": 3, "outcomes": {"avoided": 3}}, status)
    assert w.title == "Stopped early" and not w.praise and w.lines == ("Avoided 3 of 3",)


def test_stepping_at_the_beat_is_well_done_and_off_the_beat_is_told():
    on = words({"type": "stepping", "n_steps": 80, "cadence_spm": 88, "target_cadence_spm": 90})
    assert on.praise and on.lines == ("80 steps", "88 steps a minute (90 asked)")
    slow = words({"type": "stepping", "n_steps": 30, "cadence_spm": 50, "target_cadence_spm": 90})
    assert not slow.praise and "keep up" in slow.tip
