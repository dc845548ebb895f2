"""The obstacle-dodge rules as pure functions of (state, displacement, dt, rng)."""

from pathlib import Path

import numpy as np

from balancegame.challenges.base import Body, LevelEnd, TrialEnd, TrialStart
from balancegame.challenges.dodge import DodgeChallenge
from balancegame.messages import Side
from balancegame.prescription.levels import parse_level

LEVEL = parse_level("""
schema_version = 1
type = "obstacle_dodge"
title = "t"
instructions = "i"
[difficulty]
duration_s = 30
countdown_s = 3
approach_time_s = 2.0
spawn_interval_s = 4.0
spawn_jitter_s = 0.0
dodge_distance_cm = 10
pass_time_s = 0.5
max_same_side = 2
""", Path("rules.toml"))
DT = 1 / 120


def play(policy, seed=0):
    """Run a whole level; ``policy(rules)`` gives the displacement each step.

    Returns the rules, the events, and the obstacle behind each TrialStart.
    """
    rules = DodgeChallenge(LEVEL, np.random.default_rng(seed))
    events, spawned = [], []
    while not rules.finished:
        new = rules.step(DT, Body(True, policy(rules)))
        events += new
        spawned += [rules.obstacles[-1] for e in new if isinstance(e, TrialStart)]
        assert rules.t_s < 100
    return rules, events, spawned


def outcomes_of(events):
    return [e.outcome for e in events if isinstance(e, TrialEnd)]


def perfect(rules):
    pending = [ob for ob in rules.obstacles if ob.outcome is None]
    return 15.0 * pending[0].gap_side.value if pending else 0.0


def test_rest_after_each_obstacle_wins_over_a_short_interval():
    text = LEVEL.source_text.replace("spawn_interval_s = 4.0", "spawn_interval_s = 1.5")
    level = parse_level(text + "rest_s = 1.0\n", Path("short.toml"))
    rules = DodgeChallenge(level, np.random.default_rng(0))
    spawns = []
    while not rules.finished:
        new = rules.step(DT, Body(True, 0.0))
        spawns += [rules.obstacles[-1] for e in new if isinstance(e, TrialStart)]
    gaps = [b.t_spawn_s - a.t_clear_s for a, b in zip(spawns, spawns[1:], strict=False)]
    assert len(spawns) > 3 and min(gaps) >= 1.0 - DT


def test_first_obstacle_after_countdown_then_at_interval():
    _, _, spawned = play(perfect)
    spawns = [ob.t_spawn_s for ob in spawned]
    assert abs(spawns[0] - 3.0) <= DT
    assert np.allclose(np.diff(spawns), 4.0, atol=DT)
    # No obstacle spawns that could not pass before the end (33 s - 2.5 s).
    assert spawns[-1] <= 33.0 - 2.5


def test_staying_in_the_gap_avoids_everything():
    _, events, _ = play(perfect)
    outcomes = outcomes_of(events)
    assert outcomes and set(outcomes) == {"avoided"}
    assert isinstance(events[-1], LevelEnd)


def test_standing_still_hits_everything():
    _, events, _ = play(lambda rules: 0.0)
    outcomes = outcomes_of(events)
    assert outcomes and set(outcomes) == {"hit"}


def test_leaving_the_gap_while_it_passes_is_a_hit():
    def leave_early(rules):
        pending = [ob for ob in rules.obstacles if ob.outcome is None]
        if not pending:
            return 0.0
        ob = pending[0]
        inside = rules.t_s < ob.t_arrive_s + 0.2  # passes for 0.5 s
        return 15.0 * ob.gap_side.value if inside else 0.0

    _, events, _ = play(leave_early)
    resolved = [e for e in events if isinstance(e, TrialEnd)]
    assert resolved and all(e.outcome == "hit" for e in resolved)
    # Back at the middle (0 cm) means 10 cm short of the gap edge.
    assert all(abs(e.detail["closest_to_gap_edge_cm"] + 10.0) < 1e-9 for e in resolved)


def test_wrong_side_is_a_hit():
    _, events, _ = play(lambda rules: -perfect(rules))
    assert set(outcomes_of(events)) == {"hit"}


def test_same_seed_same_sequence_and_side_limit():
    _, a, _ = play(perfect, seed=7)
    _, b, _ = play(perfect, seed=7)
    sides_a = [e.direction for e in a if isinstance(e, TrialStart)]
    sides_b = [e.direction for e in b if isinstance(e, TrialStart)]
    assert sides_a == sides_b
    run = longest = 1
    for prev, cur in zip(sides_a, sides_a[1:], strict=False):
        run = run + 1 if cur == prev else 1
        longest = max(longest, run)
    assert longest <= 2
    many = [play(perfect, seed=s)[1] for s in range(6)]
    all_sides = {e.direction for ev in many for e in ev if isinstance(e, TrialStart)}
    assert all_sides == {Side.LEFT, Side.RIGHT}
