"""The two-hour rule makes the next session lighter, within the therapist's limits."""

from pathlib import Path

import pygame
from helpers.scene_runner import session

from balancegame.prescription.dose import lighter_level, lighter_session
from balancegame.prescription.levels import parse_level

BASE = """
schema_version = 1
type = "obstacle_dodge"
title = "T"
instructions = "i"
"""


def level(extra: str, name="x.toml"):
    return parse_level(BASE + extra, Path(name))


def test_shorter_and_one_preset_easier():
    lv = level("preset = 5\n[difficulty]\nduration_s = 60\n")
    light, note = lighter_level(lv)
    assert light["duration_s"] == 45.0
    assert light.preset == 4
    assert light["approach_time_s"] > lv["approach_time_s"]  # slower walls = easier
    assert "60 s -> 45 s" in note and "preset 5 -> 4" in note


def test_never_below_the_therapists_adaptive_minimum_nor_the_shortest_level():
    lv = level("[difficulty]\nduration_s = 12\n[adaptive]\ntarget_success = 0.75\n"
               "min_preset = 3\nmax_preset = 3\n")
    light, note = lighter_level(lv)
    assert light.preset == 3
    assert light["duration_s"] == 10.0  # the type's minimum duration


def test_rests_longer():
    lv = level("[difficulty]\nduration_s = 60\n")
    levels, rests, notes = lighter_session([lv, lv], [60.0, 0.0])
    assert rests == [90.0, 0.0] and "rests 50 % longer" in notes


def test_check_in_no_makes_the_session_lighter_and_logs_it(tmp_path):
    from balancegame.game.scenes.checkin import CheckInScene

    lv = level("preset = 5\n[difficulty]\nduration_s = 60\n")
    with session(tmp_path / "d.sqlite3", [lv], rests_s=[0.0], previous_sessions=1) as (ctx, db):
        scene = CheckInScene(ctx)
        scene.handle_key(pygame.K_n)
        assert scene.done
        assert ctx.levels[0]["duration_s"] == 45.0
        (event,) = [e for e in db.events(ctx.log.session_id) if e.kind == "two_hour_rule"]
        assert '"felt_same_or_better": false' in event.detail


def test_check_in_without_an_answer_plays_as_prescribed(tmp_path):
    from balancegame.game.scenes.checkin import ANSWER_WAIT_S, CheckInScene

    lv = level("preset = 5\n[difficulty]\nduration_s = 60\n")
    with session(tmp_path / "d.sqlite3", [lv], previous_sessions=1,
                 headless=False) as (ctx, db):
        scene = CheckInScene(ctx)
        for _ in range(int(ANSWER_WAIT_S * 10) - 1):
            scene.update(0.1, 0.0)
        assert not scene.done
        scene.update(0.2, 0.0)
        assert scene.done and ctx.levels[0]["duration_s"] == 60.0
        (event,) = [e for e in db.events(ctx.log.session_id) if e.kind == "two_hour_rule"]
        assert '"no answer"' in event.detail
