"""The new screens of home and therapist mode can be read from 2.5 m (issue 12, items 6-7):
every line fits the screen, no two lines overlap, and every text colour reaches 7:1 on
both backgrounds (the helpers of test_screens_text.py)."""

from __future__ import annotations

from datetime import date

import pygame
import pytest
from helpers.screen_states import overlapping
from test_screens_text import _outside
from test_therapist_pin import FAST

from balancegame.game import theme
from balancegame.game.prescribing import Prescribing
from balancegame.game.scenes.end import EndScene
from balancegame.game.scenes.patient_pick import PatientPickScene
from balancegame.game.scenes.pin import PinScene
from balancegame.game.scenes.rest import RestScene
from balancegame.game.scenes.therapist_menu import ROWS, TherapistScene
from balancegame.game.scenes.title import TitleScene
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.plan import plan_for
from balancegame.prescription.prescribed import Prescription
from balancegame.progress.baseline import Trend
from balancegame.progress.summary import next_session_sentence, trend_sentences, week_sentence
from balancegame.progress.weekly import weekly_progress
from balancegame.roster import Member
from balancegame.therapist.desk import PinCheck, TherapistDesk

LIBRARY = LevelLibrary.shipped()
LONG_NAME = "Annemarie-Louise van der Berghe-Smith"  # 37 of the 40 characters allowed
LONG_CODE = "ms-clinic_04-home-training_2026"


@pytest.fixture
def drawn(monkeypatch, screen):  # noqa: F811
    """(text, colour, rectangle) of every line drawn while in use."""
    lines: list[tuple[str, tuple, pygame.Rect]] = []
    original = theme.draw_text

    def recording(surface, text, size, colour, *args, **kwargs):
        rect = original(surface, text, size, colour, *args, **kwargs)
        lines.append((text, colour, rect))
        return rect

    monkeypatch.setattr(theme, "draw_text", recording)
    return lines


def readable(lines, surface) -> None:
    plain = [(text, rect) for text, _, rect in lines]
    assert plain and _outside(plain, surface) == [], _outside(plain, surface)
    assert overlapping(plain) == [], [t for t, _ in plain]
    low = {(text, colour) for text, colour, _ in lines
           if min(theme.contrast_ratio(colour, theme.BACKGROUND),
                  theme.contrast_ratio(colour, theme.PANEL)) < theme.MIN_CONTRAST}
    assert low == set()


def longest_program() -> str:
    return max(LIBRARY.catalogue("program"),
               key=lambda e: len(LIBRARY.program(e.name).title)).name


def home_ctx(ctx_factory, tmp_path, name=LONG_NAME):  # noqa: F811
    ctx = ctx_factory()
    plan = plan_for(LIBRARY, prescription=Prescription(longest_program()))
    ctx.levels = list(plan.levels)
    ctx.session = Prescribing(plan=plan, home=True, patient_name=name, library=LIBRARY,
                              desk=TherapistDesk(tmp_path / "pin.sqlite3", params=FAST,
                                                 library=LIBRARY))
    return ctx


def test_the_home_title_fits_with_every_weekly_count(
        drawn, screen, ctx_factory, tmp_path) -> None:  # noqa: F811
    ctx = home_ctx(ctx_factory, tmp_path)
    today = date(2026, 3, 4)
    for days, goal, trained in (((), 3, False), ((0, 1), 3, False), ((0, 1, 2), 3, True),
                                ((0, 1, 2), 2, False), ((0,), 7, True)):
        week = weekly_progress({date(2026, 3, 2 + d) for d in days}, today, goal)
        title = TitleScene(ctx)
        title.home_lines = (title.home_lines[0], title.home_lines[1],
                            next_session_sentence(week, trained))
        start = len(drawn)
        title.draw(screen)
        readable(drawn[start:], screen)
    shown = {t for t, _, _ in drawn}
    assert f"Hello, {LONG_NAME}" in shown and "Session 1 of 3 this week" in shown
    assert "Enter: start now     Esc: quit     T: therapist" in shown
    for name in (None, "Anna"):
        ctx.session.patient_name = name
        start = len(drawn)
        TitleScene(ctx).draw(screen)
        readable(drawn[start:], screen)


def test_the_clinic_title_names_the_patient_and_the_prescription(
        drawn, screen, ctx_factory, tmp_path) -> None:  # noqa: F811
    ctx = home_ctx(ctx_factory, tmp_path)
    ctx.session.home, ctx.patient_id = False, LONG_CODE
    TitleScene(ctx).draw(screen)
    readable(drawn, screen)
    shown = [t for t, _, _ in drawn]
    assert any(t.startswith(f"Patient {LONG_CODE} (Annemarie") for t in shown)
    assert any(t.startswith("Prescribed: ") for t in shown)


def test_every_pin_screen_message_fits(drawn, screen, ctx_factory, tmp_path) -> None:  # noqa: F811
    ctx = home_ctx(ctx_factory, tmp_path)
    pin = PinScene(ctx)  # no PIN set in that file
    checks = [None, PinCheck("wrong", 8.0, 1), PinCheck("wrong", 1.0, 4),
              PinCheck("wait", 3.0, 2), PinCheck("locked", 900.0, 0),
              PinCheck("wrong", 900.0, 0)]
    for no_pin in (True, False):
        for check in checks:
            for digits in ("", "4829", "482916004815"):
                pin.no_pin, pin.check, pin.digits = no_pin, check, digits
                pin.wait_left_s = check.wait_s if check else 0.0
                start = len(drawn)
                pin.draw(screen)
                readable(drawn[start:], screen)
    pin._checking = True
    pin.draw(screen)
    shown = {t for t, _, _ in drawn}
    assert {"Therapist PIN", "Checking...",
            "Wrong PIN 5 times in a row: therapist mode is locked. Try again in 15 min."} \
        <= shown or any("locked" in t for t in shown)
    assert not any(ch.isdigit() for t in shown if t.startswith("4829") for ch in t)


def test_every_page_of_the_therapist_menu_fits(drawn, screen, ctx_factory, tmp_path):  # noqa: F811
    ctx = home_ctx(ctx_factory, tmp_path)
    ctx.patient_id = LONG_CODE
    menu = TherapistScene(ctx, object())
    for values in (Prescription(longest_program()),
                   Prescription(longest_program(), 7, 120, 10, 10, 600, False, 365),
                   Prescription(longest_program(), 1, 12.5, 1, 1, 0.0, True)):
        menu.values = values
        for row in range(len(ROWS)):
            menu.row, menu.note = row, "Answered out loud: needs a listener, so not for home."
            start = len(drawn)
            menu.draw(screen)
            readable(drawn[start:], screen)
    menu.page = "reason"
    start = len(drawn)
    menu.draw(screen)
    readable(drawn[start:], screen)
    menu.page = "saved"
    menu.saved = [f"{row}: as the program says -> {longest_program()}" for row in ROWS]
    start = len(drawn)
    menu.draw(screen)
    readable(drawn[start:], screen)


def test_the_patient_tiles_fit_with_long_codes_and_names(drawn, screen) -> None:  # noqa: F811
    members = [Member(LONG_CODE, LONG_NAME, None), Member("P017", "Anna", None),
               Member("P018", None, None), *[Member(f"P{i:03d}", "Jo", None)
                                             for i in range(20, 26)]]
    pick = PatientPickScene(members, guest=True)
    for page_start in (0, 6):
        pick.index = page_start
        start = len(drawn)
        pick.draw(screen)
        readable(drawn[start:], screen)
    shown = {t for t, _, _ in drawn}
    assert {"Who is training today?", "P017", "Anna", "Guest"} <= shown


def test_every_home_summary_fits_the_end_screen(drawn, screen, ctx_factory, tmp_path):  # noqa: F811
    ctx = home_ctx(ctx_factory, tmp_path)
    ctx.summaries = [{"type": "obstacle_dodge", "status": "completed", "n_trials": 20,
                      "outcomes": {"avoided": 18, "hit": 2}, "level": ctx.levels[0].name}]
    end = EndScene(ctx)
    today = date(2026, 3, 4)
    weeks = [week_sentence(weekly_progress({today}, today, 3), True),
             week_sentence(weekly_progress({date(2026, 3, 2)}, today, 3), False),
             week_sentence(weekly_progress({date(2026, 3, d) for d in range(2, 6)},
                                           date(2026, 3, 5), 3), True)]
    dones = [["You avoided 18 of 20 walls."],
             ["You avoided 188 of 200 walls.", "You stood still for up to 118 s."], []]
    trends = [trend_sentences(None, True), trend_sentences(None, False),
              *(trend_sentences(Trend("t", t, 1.0, (t - 1) * 100, band, n, since), False)
                for t, band, n, since in ((0.8, 12.0, 6, "in your first week"),
                                          (1.3, 12.0, 6, "in your first week"),
                                          (0.97, 12.0, 6, "in your first week"),
                                          (0.9, None, 1, "in your first session"))), []]
    for week in weeks:
        for done in dones:
            for trend in trends:
                end.home = (week, done, trend)
                start = len(drawn)
                end.draw(screen)
                readable(drawn[start:], screen)
    assert "Tiredness or heat" in " ".join(t for t, _, _ in drawn)


def test_the_rest_screen_at_home_shows_only_keys_that_work(
        drawn, screen, ctx_factory, tmp_path) -> None:  # noqa: F811
    ctx = home_ctx(ctx_factory, tmp_path)
    RestScene(ctx, 90.0, ctx.levels[-1].title).draw(screen)
    readable(drawn, screen)
    shown = {t for t, _, _ in drawn}
    assert "Esc: finish the session" in shown and not any("skip" in t for t in shown)
