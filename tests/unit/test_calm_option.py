"""Calm screens can be asked for on the command line or in a program, and reach the game
(issue 12, item 11: an option to turn animation and flashing off)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.scripted_tracker import SignalTracker
from test_programs import GOOD, find_level

from balancegame import app
from balancegame.cli import build_parser
from balancegame.clock import FakeClock
from balancegame.game import loop as game_loop
from balancegame.prescription.levels import LevelError
from balancegame.prescription.plan import program_plan
from balancegame.prescription.programs import parse_program
from balancegame.session.storage import Database


@pytest.mark.parametrize("command", ["play", "demo", "home"])
def test_calm_is_an_option_of_every_playing_command(command):
    parser = build_parser()
    assert parser.parse_args([command, "--calm"]).calm is True
    assert parser.parse_args([command]).calm is False


def test_a_program_can_ask_for_calm_screens():
    assert parse_program(GOOD, Path("p.toml"), find_level).calm_screens is False
    text = GOOD.replace("max_session_min = 20", "max_session_min = 20\ncalm_screens = true")
    program = parse_program(text, Path("p.toml"), find_level)
    assert program.calm_screens is True and program_plan(program).calm is True


def test_a_wrong_calm_setting_is_explained():
    text = GOOD.replace("max_session_min = 20", 'max_session_min = 20\ncalm_screens = "yes"')
    with pytest.raises(LevelError) as info:
        parse_program(text, Path("p.toml"), find_level)
    assert any('calm_screens = "yes": expected true or false, whether the screens stay '
               "still (no animation, nothing flashing) (write it without quotes)" in problem
               for problem in info.value.problems)


@pytest.mark.parametrize("calm", [False, True])
def test_the_session_options_reach_the_game(tmp_path, monkeypatch, calm):
    """What the loop is given to play: its first screen's context says calm or not."""
    seen = []

    def run(loop):
        seen.append(loop.scene.ctx.calm)
        raise KeyboardInterrupt

    monkeypatch.setattr(game_loop.GameLoop, "run", run)
    clock = FakeClock()
    level = find_level("dodge-gentle")
    with Database.open(tmp_path / "log.sqlite3") as db:
        db.ensure_patient("P1")
        session_id = db.start_session("P1", source="puppet", app_version="t", seed=1,
                                      settings={})
        opts = app.SessionOptions(source="puppet", headless=True, calm=calm)
        with pytest.raises(KeyboardInterrupt):
            app._play(opts, clock, SignalTracker(clock), db, db.path, session_id, [level],
                      [], 1, None)
    assert seen == [calm]
