"""Movement onset on synthetic trajectories with a known start."""

import numpy as np
import pytest

from balancegame.measures.minimum_jerk import minimum_jerk
from balancegame.measures.reaction import detect_movement_onset

FPS = 30.0


def trajectory(t_move_s, amplitude_cm=14.0, duration_s=0.6, noise_cm=0.15, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(0, 6, 1 / FPS) + 0.0123
    x = 2.0 + amplitude_cm * minimum_jerk((t - t_move_s) / duration_s)
    return t, x + rng.normal(0, noise_cm, t.size)


@pytest.mark.parametrize("rt_s", [0.4, 0.6, 0.9])
@pytest.mark.parametrize("direction", [1, -1])
def test_onset_found_close_to_the_true_start(rt_s, direction):
    t_stim = 2.0
    t, x = trajectory(t_stim + rt_s)
    x = 2.0 + (x - 2.0) * direction
    onset = detect_movement_onset(t, x, t_stim, direction)
    assert onset.t_onset_s is not None
    err_ms = (onset.t_onset_s - (t_stim + rt_s)) * 1e3
    # The minimum-jerk fit recovers the start within one frame period.
    assert abs(err_ms) <= 1000 / FPS, err_ms
    assert onset.method == "minimum-jerk fit"


def test_movement_the_wrong_way_is_not_an_onset():
    t, x = trajectory(2.5)
    onset = detect_movement_onset(t, x, 2.0, -1)
    assert onset.t_onset_s is None


def test_no_movement_no_onset_and_baseline_reported():
    t, x = trajectory(100.0, noise_cm=0.2)
    onset = detect_movement_onset(t, x, 2.0, 1)
    assert onset.t_onset_s is None
    assert onset.baseline_cm == pytest.approx(2.0, abs=0.15)
    assert onset.baseline_sd_cm == pytest.approx(0.2, abs=0.07)


def test_missing_samples_are_ignored():
    t, x = trajectory(2.6)
    x[::3] = np.nan
    onset = detect_movement_onset(t, x, 2.0, 1)
    assert onset.t_onset_s is not None and abs(onset.t_onset_s - 2.6) < 0.2


@pytest.mark.parametrize("started_before_s", [0.2, 0.0, -0.05])
def test_a_movement_already_under_way_has_no_reaction_time(started_before_s):
    """Drifting towards the side as the stimulus appears is not a reaction: None, never 0 ms."""
    t = np.arange(0, 6, 1 / FPS)
    x = np.where(t < 3.0 - started_before_s, 0.0, (t - 3.0 + started_before_s) * 8.0)
    x = x + np.random.default_rng(0).normal(0, 0.1, t.size)
    onset = detect_movement_onset(t, x, 3.0, +1)
    assert onset.t_onset_s is None and onset.method.startswith("anticipation")


def test_a_prompt_but_real_reaction_is_kept():
    t, x = trajectory(3.0 + 0.25)
    onset = detect_movement_onset(t, x, 3.0, +1)
    assert onset.t_onset_s == pytest.approx(3.25, abs=1 / FPS)


def test_level_figures_count_movement_trials_without_a_reaction_time():
    from balancegame.measures.level_run import level_run_figures

    trials = [{"outcome": "avoided", "rt_ms": 610.0, "detail": {"onset_method": "fit"}},
              {"outcome": "hit", "rt_ms": None, "detail": {"onset_method": "anticipation"}},
              {"outcome": "completed", "rt_ms": None, "detail": {}}]  # a bout: no RT asked
    figures = level_run_figures([], trials, None, 3.0)
    assert figures["rt_ms_median"] == 610.0 and figures["n_rt"] == 1
    assert figures["n_movement_trials_without_rt"] == 1


def test_the_coarse_to_fine_fit_finds_the_exhaustive_start():
    """The 20 ms -> 2 ms search lands where a search by 2 ms over every start would."""
    from balancegame.measures.onset_fit import DURATIONS_S, MINIMUM_JERK, _grid_fit, fit_rise

    rng = np.random.default_rng(7)
    for _ in range(25):
        duration_s = rng.uniform(0.3, 1.5)
        t_move_s = 3.0 + rng.uniform(0.2, 1.5)
        t = np.arange(2.5, t_move_s + duration_s, 1 / FPS)
        d = rng.uniform(5, 20) * minimum_jerk((t - t_move_s) / duration_s)
        d = d + rng.normal(0, rng.uniform(0.05, 0.4), t.size)
        hi = t_move_s + duration_s / 2
        fast = fit_rise(t, d, 3.0, hi, shapes=[MINIMUM_JERK])
        dense = np.geomspace(DURATIONS_S[0], DURATIONS_S[-1], 120)
        slow = _grid_fit(t, d, np.arange(3.0, hi + 1e-9, 0.002), dense, [MINIMUM_JERK], 1.0)
        assert fast.t_start_s == pytest.approx(slow.t_start_s, abs=0.020)  # s (a flat minimum)
        assert fast.sse <= slow.sse * 1.06  # the coarse stage may pick a neighbouring basin


def test_a_drifting_baseline_does_not_move_the_onset():
    """Sway drifting at 2 cm/s through the window: the fitted drift line takes it."""
    t, x = trajectory(2.6)
    drift = 2.0 * (t - 2.0)
    onset = detect_movement_onset(t, x + drift, 2.0, 1)
    assert onset.t_onset_s == pytest.approx(2.6, abs=1 / FPS)


def demo_body_reactions(seed):
    """(t, x, stimulus onsets) of the demo body reacting to 4 dodges 6 s apart at 700 ms,
    after 3 s of quiet standing (a dodge level's countdown)."""
    from balancegame.demo.puppet import PuppetBody
    from balancegame.messages import Side, Stimulus

    body = PuppetBody(np.random.default_rng(seed), rt_s=0.7)
    onsets = [3.0 + 6 * k for k in range(4)]
    for k, t0 in enumerate(onsets):
        body.react(Stimulus(k, "dodge", t0, Side.RIGHT if k % 2 else Side.LEFT, 10.0, 3.0))
    t = np.arange(0, 27, 1 / FPS)
    return t, body.position_cm(t) + np.random.default_rng(seed + 100).normal(0, 0.15, t.size), \
        onsets


def found_as_the_game_finds_them(t, x, onsets, earlier=None):
    """The trials of the CoM trajectory ``x`` (cm at times ``t``) through the game's onset
    finder (game/onset_finder.py): a 3 s countdown, then the stimuli at ``onsets``, sides
    alternating left and right, each resolved 5 s after it; the finished trial rows.
    ``earlier``: (t, x) of quiet standing earlier in the session, lent to the level."""
    from helpers.scripted_tracker import signals

    from balancegame.game.onset_finder import OnsetFinder
    from balancegame.game.session_quiet import SessionQuiet

    samples = [signals(ti, com_ml_cm=xi, com_ml_raw_cm=xi) for ti, xi in zip(t, x, strict=True)]
    session = SessionQuiet()
    if earlier is not None:
        session.add([earlier])
    finder = OnsetFinder(session)
    finder.note([s for s in samples if s.t_capture_s < 3.0], True, False)
    finder.note([], False, False)  # the countdown is over
    for k, t0 in enumerate(onsets):
        resolved = [s for s in samples if s.t_capture_s < t0 + 5.0]
        finder.submit({"k": k, "detail": {}}, resolved, t0, 1 if k % 2 else -1)
    return finder.finish()


def test_sway_before_a_real_reaction_is_never_taken_for_an_anticipation():
    """The demo body's own sway, 160 reactions at 700 ms: every one gets its reaction time
    (a rule on the baseline band alone dropped some, as the end-to-end test showed)."""
    missing, errors_ms = 0, []
    for seed in range(40):
        t, x, onsets = demo_body_reactions(seed)
        for k, t0 in enumerate(onsets):
            onset = detect_movement_onset(t, x, t0, 1 if k % 2 else -1)
            if onset.t_onset_s is None:
                missing += 1
            else:
                errors_ms.append((onset.t_onset_s - t0 - 0.7) * 1e3)
    assert missing == 0
    assert abs(np.median(errors_ms)) < 20  # ms


def test_the_sway_learnt_as_the_game_learns_it_takes_no_sway_for_a_first_movement():
    """The same 160 reactions through the game's onset finder (game/onset_finder.py), which
    learns the sway from the 3 s countdown and the 1.5 s before each earlier stimulus (a
    model from the fourth trial on: 6 s): none lost, none 100 ms or more early (as without).
    On these 40 seeds only: over 400 (benchmarks/countdown_sway.py) the same finder put 32 of
    1600 reactions 100 ms or more early, the sway passing for a first movement."""
    missing, early, with_model, errors_ms = 0, 0, 0, []
    for seed in range(40):
        t, x, onsets = demo_body_reactions(seed)
        for trial in found_as_the_game_finds_them(t, x, onsets):
            t0 = onsets[trial["k"]]
            with_model += trial["detail"]["sway_model_s"] is not None
            if trial["movement_onset_t_s"] is None:
                missing += 1
            else:
                errors_ms.append((trial["movement_onset_t_s"] - t0 - 0.7) * 1e3)
                early += errors_ms[-1] <= -100
    assert with_model == 40  # the fourth trials: 3 + 2 x 1.5 s of quiet standing
    assert missing == 0 and early == 0
    assert abs(np.median(errors_ms)) < 20  # ms


def test_quiet_standing_lent_from_an_earlier_level_takes_no_sway_for_a_first_movement():
    """The same 160 reactions, each level lent 10 s of the same body's quiet standing from
    earlier in the session (game/session_quiet.py): every trial has a model, from the first,
    and still none is lost and none is put 100 ms or more early."""
    from balancegame.demo.puppet import PuppetBody

    missing, early, borrowed, errors_ms = 0, 0, 0, []
    for seed in range(40):
        t, x, onsets = demo_body_reactions(seed)
        body = PuppetBody(np.random.default_rng(seed), rt_s=0.7)
        t_before = np.arange(-40.0, -30.0, 1 / FPS)  # an earlier level, 30 s before
        x_before = body.sway_cm(t_before) + np.random.default_rng(seed + 200).normal(
            0, 0.15, t_before.size)
        for trial in found_as_the_game_finds_them(t, x, onsets, (t_before, x_before)):
            t0 = onsets[trial["k"]]
            borrowed += (trial["detail"]["sway_model_borrowed_s"] or 0) > 0
            if trial["movement_onset_t_s"] is None:
                missing += 1
            else:
                errors_ms.append((trial["movement_onset_t_s"] - t0 - 0.7) * 1e3)
                early += errors_ms[-1] <= -100
    assert borrowed == 160
    assert missing == 0 and early == 0
    assert abs(np.median(errors_ms)) < 20  # ms


def demo_body_reaction_times(seed, trials=8):
    """(t, x, stimulus onsets, scripted reaction times): the demo body reacting after 0.3-0.9 s
    to dodges 5.4 s apart (as benchmarks/reaction.py), after 3 s of quiet standing."""
    from balancegame.demo.puppet import PuppetBody
    from balancegame.messages import Side, Stimulus

    body = PuppetBody(np.random.default_rng(seed))
    onsets = [3.0 + 5.4 * k for k in range(trials)]
    rts = np.random.default_rng(seed + 7).uniform(0.3, 0.9, trials)
    for k, t0 in enumerate(onsets):
        body.rt_s = float(rts[k])
        body.react(Stimulus(k, "dodge", t0, Side.RIGHT if k % 2 else Side.LEFT, 10.0, 1.0))
    t = np.arange(0, onsets[-1] + 5.4, 1 / FPS)
    x = body.position_cm(t) + np.random.default_rng(seed + 100).normal(0, 0.15, t.size)
    return t, x, onsets, rts


def test_no_first_movement_is_put_within_100_ms_of_the_stimulus():
    """A hesitant start or a counter-movement is part of the reaction, so it too starts 100 ms
    or more after the stimulus.  In 2 of 10 seeds of 8 demo-body reactions (the two here) a
    first movement was found 0-30 ms after the stimulus in the sway, with the sway model (seed
    5, the eighth trial) and without it (seed 9, the first): reaction times of 0-30 ms stored
    against true ones of 370 and 640 ms.  Seed 5's is now right; in seed 9's the sway is still
    taken for a first movement, 110 ms after the stimulus (README: what remains)."""
    for seed, trials in ((5, 8), (9, 1)):
        t, x, onsets, rts = demo_body_reaction_times(seed, trials=trials)
        for trial in found_as_the_game_finds_them(t, x, onsets):
            k, t_move = trial["k"], trial["movement_onset_t_s"]
            assert t_move is not None  # every one reacted, after 300 ms or more
            assert t_move - onsets[k] >= 0.1, (seed, k)
            if (seed, k) == (5, 7):
                assert abs(t_move - onsets[k] - rts[k]) < 0.1, (seed, k)


def _mediapipe_case(case: str):
    """(found onset s, detail, scripted reaction s) of one trial of
    tests/data/reaction_mediapipe_cases.npz, found as the game finds it, with its sway model."""
    from pathlib import Path

    from helpers.scripted_tracker import signals

    from balancegame.measures.level_run import movement_response
    from balancegame.measures.sway_model import learn_sway

    data = np.load(Path(__file__).parents[1] / "data/reaction_mediapipe_cases.npz")
    quiet, lent = [], []
    for kind, stretches in (("quiet", quiet), ("lent", lent)):  # lent: an earlier level's
        while f"{case}_{kind}{len(stretches)}_t" in data:
            q = len(stretches)
            stretches.append((data[f"{case}_{kind}{q}_t"], data[f"{case}_{kind}{q}_x"]))
    samples = [signals(float(t), com_ml_cm=float(x), com_ml_raw_cm=float(x))
               for t, x in zip(data[f"{case}_t"], data[f"{case}_x"], strict=True)]
    t_move, _, detail = movement_response(samples, 0.0, int(data[f"{case}_sign"]),
                                          sway=learn_sway(quiet, lent))
    assert detail["sway_model_s"] is not None
    return t_move, detail, float(data[f"{case}_rt"])


@pytest.mark.parametrize("case", ["early_peak_0ms", "first_order_50ms"])
def test_a_quick_start_through_mediapipe_is_not_taken_for_a_hesitant_step(case):
    """Two trials of benchmarks/reaction.py (tests/data/README.md): allowed to run into the
    main movement, a first step towards the side took a quick start for a step of its own and
    put the onset 64 and 73 ms early.  A hesitant step is over before the main movement."""
    t_move, _, rt_s = _mediapipe_case(case)
    assert abs(t_move - rt_s) < 1 / 30  # within a frame


@pytest.mark.xfail(strict=True, reason=(
    "known: read before the movements, the correlation found these two (and hesitant p90 "
    "at 50/100 ms as a later level fell from 172/337 to 87/69 ms), but let an imperfectly "
    "fitted early-peak or abrupt main movement pass for a first movement (early peak at 0 ms "
    "+2/41 to -5/146, first-order p90 9 to 42): reverted, results/reaction-2026-12-03*.txt"))
@pytest.mark.parametrize("case", ["hesitant_100ms_6_lent", "counter_0ms_3"])
def test_a_main_movement_fitted_imperfectly_does_not_discount_a_real_first_movement(case):
    """Through MediaPipe, a hesitant 1.2 cm step (a later level's trial, with quiet standing
    lent) and a counter-movement were there, but the main movement's rise, fitted
    imperfectly, left the whitened residuals correlated over the window (r 0.51 and 0.32).
    That counted 113 and 96 samples as 37 and 50 and put the log ratio at 6.9 and 19, under
    the bar of 20: 614 and 121 ms late.  The residuals' correlation, the check on the sway
    model, read before either movement starts, where only the sway is (r -0.16, -0.22),
    would give 21 and 37."""
    t_move, detail, rt_s = _mediapipe_case(case)
    assert "first small movement" in detail["onset_method"], detail
    assert abs(t_move - rt_s) < 1 / 30  # within a frame


def test_a_step_out_and_back_towards_the_side_is_over_before_the_main_movement():
    """Slow sway towards the side just before an abrupt start, through MediaPipe, was fitted
    as a first movement out and back towards the side running into the main one: the onset
    went 380 ms early.  Towards the side, only a first movement that is over before the main
    one starts counts (as for a step that stays); away from it, a counter-movement may still
    run into it."""
    t_move, detail, rt_s = _mediapipe_case("first_order_100ms_7")
    assert "first small movement" not in detail["onset_method"], detail
    assert abs(t_move - rt_s) < 1 / 30  # within a frame


def test_a_first_movement_must_beat_what_the_sway_before_the_stimulus_gives():
    """Through MediaPipe, slow sway after the stimulus (0.6 cm away from the side over 0.6 s,
    where the sway model learnt from 1.5-3 s stretches holds 0.12 cm of sway) was taken for a
    counter-movement: log ratio 23 over the bar of 20, the onset 792 ms early.  The same test
    finds a "first movement" of log ratio 28 in the 2.5 s before the stimulus, where there is
    none: the sway reaches that, so 23 is no evidence."""
    t_move, detail, rt_s = _mediapipe_case("first_order_100ms_6")
    assert "first small movement" not in detail["onset_method"], detail
    assert abs(t_move - rt_s) < 1 / 30  # within a frame


def test_a_first_movement_is_half_over_before_the_main_movement_starts():
    """Through MediaPipe, an abrupt start after slow sway away from the side was fitted as a
    1.9 cm step away (four times the 0.2 cm dip the data show) starting 120 ms before the main
    movement and mostly under it: the onset 126 ms early.  What overlaps the main movement is
    the main movement's own shape; half of a first movement (a step's half, an out-and-back's
    turn) must come before the main one starts."""
    t_move, detail, rt_s = _mediapipe_case("first_order_0ms_7")
    assert "first small movement" not in detail["onset_method"], detail
    assert abs(t_move - rt_s) < 1 / 30  # within a frame


@pytest.mark.parametrize("case", ["hesitant_50ms_3", "counter_0ms_5", "hesitant_50ms_6"])
def test_real_first_movements_through_mediapipe_are_still_found(case):
    """Hesitant steps and a counter-movement, through MediaPipe: found, and the onset within
    two frames.  Without the sway model these were 558, 144 and 280 ms late.  The third needs
    H1's main rise to be allowed minimum-jerk: the single-rise fit took a slow-starting shape
    (a=5, b=2) that took in the step, and with it kept the test found no first movement."""
    t_move, detail, rt_s = _mediapipe_case(case)
    assert "after a first small movement" in detail["onset_method"], detail
    assert abs(t_move - rt_s) < 2 / 30
