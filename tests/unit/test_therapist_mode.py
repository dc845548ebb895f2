"""Therapist mode in the game and the home setting (issue 11, parts 2-3; issue 12, item 8):
T on the title screen asks for the PIN, the menu changes the prescription into the same
change log as the command line, and outside therapist mode no key changes it; at home
the therapist's keys (the setup check's override, skipping a rest) are inactive while
Space still pauses and Esc still ends.  Scripted keys, a fake clock, no sleeps."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pygame
import pytest
from helpers.scene_runner import run, session
from test_therapist_pin import FAST, PIN, WallClock

from balancegame.game.flow import SessionFlow
from balancegame.game.prescribing import Prescribing
from balancegame.game.scenes.camera_check import CameraCheckScene
from balancegame.game.scenes.patient_pick import PatientPickScene
from balancegame.game.scenes.pin import PinScene
from balancegame.game.scenes.rest import RestScene
from balancegame.game.scenes.therapist_menu import TherapistScene
from balancegame.game.scenes.title import TitleScene
from balancegame.messages import Presence
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.plan import plan_for
from balancegame.prescription.prescribed import Prescription
from balancegame.roster import GUEST, Member
from balancegame.session.storage import Database
from balancegame.therapist.desk import TherapistDesk

LIBRARY = LevelLibrary.shipped()
RX = Prescription("home-dodge-intervals", sessions_per_week=3)


def keys(scene, *names: str) -> None:
    for name in names:
        scene.handle_key(getattr(pygame, f"K_{name}"))


@pytest.fixture
def home(tmp_path: Path):
    """A home session of P017 (prescribed), with the therapist PIN set."""
    path = tmp_path / "log.sqlite3"
    clock = WallClock()
    desk = TherapistDesk(path, utc_now=clock, params=FAST, library=LIBRARY)
    desk.set_pin(PIN)
    with Database.open(path, utc_now=clock) as db:
        db.add_patient("P017", height_cm=170, display_name="Anna")
        db.change_prescription("P017", RX.stored(), via="command line")
    plan = plan_for(LIBRARY, prescription=RX)
    limits = []
    prescribing = Prescribing(plan=plan, home=True, patient_name="Anna", desk=desk,
                              library=LIBRARY, time_limit_s=None,
                              on_time_limit=limits.append)
    with session(path, plan.levels, session=prescribing, rests_s=list(plan.rests_s)) as (
            ctx, db):
        ctx.patient_id = "P017"
        ctx.limits, ctx.wall = limits, clock
        yield ctx


def unlock(ctx) -> PinScene:
    pin = PinScene(ctx)
    keys(pin, *PIN, "RETURN")
    run(ctx.clock, pin, 0.1)
    return pin


def test_t_on_the_title_asks_for_the_pin_then_opens_therapist_mode(home) -> None:
    flow = SessionFlow(home)
    title = flow.first()
    keys(title, "t")
    pin = flow.after(title)
    assert isinstance(pin, PinScene) and not home.session.therapist_mode
    keys(pin, *PIN)
    assert pin.digits == PIN  # shown as dots: the scene draws no digit
    keys(pin, "RETURN")
    assert not pin.done  # checked only after "Checking..." was shown
    run(home.clock, pin, 0.1)
    assert pin.done and pin.unlocked is not None and home.session.therapist_mode
    menu = flow.after(pin)
    assert isinstance(menu, TherapistScene)
    keys(menu, "ESCAPE")  # leave without saving
    assert isinstance(flow.after(menu), TitleScene)
    events = [e.kind for e in home.log.sink.events(home.log.session_id)]
    assert "therapist_mode" in events
    assert home.log.sink.sessions()[0].settings["supervised"] is True


def test_a_wrong_pin_waits_before_the_next_and_esc_goes_back(home) -> None:
    pin = PinScene(home)
    keys(pin, *"111222", "RETURN")
    run(home.clock, pin, 0.1)
    assert not pin.done and pin.wait_left_s == pytest.approx(0.9, abs=0.05)
    text, _ = pin.message()
    assert text.startswith("Wrong PIN. 4 more wrong PINs") and "Wait 1 s" in text
    keys(pin, "4", "8")
    assert pin.digits == ""  # no digit is taken while the wait runs
    run(home.clock, pin, 1.0)
    keys(pin, "4")
    assert pin.digits == "4"
    keys(pin, "BACKSPACE", "ESCAPE")
    assert pin.done and pin.cancelled and pin.unlocked is None
    assert isinstance(SessionFlow(home).after(pin), TitleScene)
    assert not home.session.therapist_mode


def test_no_pin_set_says_how_to_set_one(home, tmp_path) -> None:
    home.session.desk = TherapistDesk(tmp_path / "none.sqlite3", params=FAST)
    pin = PinScene(home)
    keys(pin, *PIN, "RETURN")
    run(home.clock, pin, 0.1)
    assert not pin.done and "balancegame therapist set-pin" in pin.message()[0]


def test_the_menu_changes_go_to_the_change_log_and_into_the_session(home) -> None:
    menu = TherapistScene(home, unlock(home).unlocked)
    keys(menu, "DOWN", "LEFT")  # sessions a week 3 -> 2
    keys(menu, "DOWN", "DOWN", "DOWN", "DOWN", "RIGHT", "RIGHT")  # rest: program's -> 15 s
    keys(menu, "RETURN")
    assert menu.page == "reason"
    keys(menu, "2")  # "Too hard or too tiring"
    assert menu.page == "saved" and len(menu.saved) == 2
    changes = home.session.desk.changes("P017")[-2:]
    assert [(c.field, c.old_value, c.new_value, c.reason, c.via) for c in changes] == [
        ("sessions_per_week", 3, 2, "Too hard or too tiring", "therapist mode"),
        ("rest_s", None, 15.0, "Too hard or too tiring", "therapist mode")]
    assert home.sessions_per_week == 2 and home.rests_s == [15.0, 15.0, 0.0]
    assert home.limits == [15 * 60]  # the program's cap, now the loop's time limit
    assert home.session.prescription.rest_s == 15.0
    keys(menu, "RETURN")
    assert menu.done


def test_choosing_another_program_replans_the_session(home) -> None:
    menu = TherapistScene(home, unlock(home).unlocked)
    names = [n for n, _ in menu.programs]
    target = names.index("gaze-three-bouts") - names.index("home-dodge-intervals")
    keys(menu, *(["RIGHT"] * (target % len(names))))
    assert menu.values.program == "gaze-three-bouts"
    keys(menu, "RETURN", "0")
    assert [lv.name for lv in home.levels] == ["gaze-vor-slow"] * 3
    assert home.session.desk.changes("P017")[-1].reason == ""


def test_a_spoken_program_is_marked_not_for_home_in_the_menu(home) -> None:
    menu = TherapistScene(home, unlock(home).unlocked)
    names = [n for n, _ in menu.programs]
    while menu.values.program != "dual-task-assessment":
        keys(menu, "RIGHT")
    assert "not for home" in menu.note and len(names) >= 4


def test_prescription_keys_are_inactive_outside_therapist_mode(home) -> None:
    levels, rests = list(home.levels), list(home.rests_s)
    title = TitleScene(home)
    keys(title, "UP", "DOWN", "LEFT", "RIGHT", "PLUS", "MINUS", "1", "2", "s", "p")
    assert not title.done and not title.wants_therapist
    menu = TherapistScene(home, None)  # reached without the PIN
    keys(menu, "DOWN", "LEFT", "RIGHT", "RETURN", "2", "RETURN")
    assert menu.values == RX and menu.page == "edit" and not menu.done
    forged = TherapistScene(home, object())  # a proof not made by the desk
    keys(forged, "DOWN", "LEFT", "RETURN", "1")
    assert forged.page == "edit" and "needs the therapist PIN" in forged.note
    assert home.levels == levels and home.rests_s == rests
    assert len(home.session.desk.changes("P017")) == 3  # the first prescription only


def feet_out_of_view(ctx) -> None:
    base = ctx.tracker.signals_at
    presence = Presence(True, "", "Step back until your feet are visible", False)
    ctx.tracker.signals_at = lambda t: dataclasses.replace(base(t), presence=presence)


def test_at_home_enter_does_not_override_the_setup_check(home) -> None:
    feet_out_of_view(home)
    check = CameraCheckScene(home)
    run(home.clock, check, 0.5)
    keys(check, "RETURN", "l")
    run(home.clock, check, 3.0)
    assert not check.done and check._status()[2] == ""  # no therapist's words either
    assert check.therapist_notes() == []
    home.session.therapist_mode = True  # after the PIN: the therapist may
    keys(check, "RETURN")
    run(home.clock, check, 3.0)
    assert check.done
    assert "setup_override" in [e.kind for e in home.log.sink.events(
        home.log.session_id)]


def test_a_clinic_session_keeps_the_supervisors_override(home) -> None:
    home.session.home = False
    feet_out_of_view(home)
    check = CameraCheckScene(home)
    run(home.clock, check, 0.5)
    assert check._status()[2] == "Therapist: Enter = continue without feet in view"
    keys(check, "RETURN")
    run(home.clock, check, 3.0)
    assert check.done


def test_a_seated_prescription_does_not_ask_for_the_feet(home) -> None:
    home.session.plan = plan_for(LIBRARY, prescription=dataclasses.replace(
        RX, feet_in_view=False))
    feet_out_of_view(home)
    check = CameraCheckScene(home)
    run(home.clock, check, 3.0)
    assert check.done


def test_at_home_a_rest_cannot_be_skipped_and_esc_still_ends(home) -> None:
    rest = RestScene(home, 30.0, "Next")
    keys(rest, "RETURN")
    assert not rest.done
    home.session.therapist_mode = True
    keys(rest, "RETURN")
    assert rest.done
    rest = RestScene(home, 30.0, "Next")
    keys(rest, "ESCAPE", "ESCAPE")
    assert rest.quit and "Esc" in home.end_reason


def test_at_home_space_still_pauses_a_level(home) -> None:
    from balancegame.game.scenes.level import LevelScene

    level = LevelScene(home, 0)
    run(home.clock, level, 5.0)
    keys(level, "SPACE")
    assert level.paused_reason == "manual"
    keys(level, "SPACE")
    assert level.paused_reason is None


# --- the patient tiles -------------------------------------------------------------------

MEMBERS = [Member(f"P{i:03d}", f"Name {i}", None) for i in range(1, 9)]


def test_tiles_are_picked_with_arrows_and_enter_or_their_number() -> None:
    pick = PatientPickScene(MEMBERS[:3])
    keys(pick, "RIGHT", "DOWN", "RETURN")
    assert pick.done and pick.chosen == "P001"  # right to P002, down past the end to P001
    pick = PatientPickScene(MEMBERS[:3])
    keys(pick, "3")
    assert pick.chosen == "P003"
    pick = PatientPickScene(MEMBERS[:3])
    keys(pick, "5")  # no fifth tile
    assert not pick.done


def test_more_patients_than_a_page_and_the_guest_tile() -> None:
    pick = PatientPickScene(MEMBERS, guest=True)
    assert [m.code for _, m, _ in pick.tiles()] == [f"P00{i}" for i in range(1, 7)]
    keys(pick, "PAGEDOWN")
    assert [m.code for _, m, _ in pick.tiles()] == ["P007", "P008", GUEST]
    keys(pick, "3")
    assert pick.chosen == GUEST
    pick = PatientPickScene(MEMBERS)
    keys(pick, "ESCAPE")
    assert pick.quit and pick.chosen is None
