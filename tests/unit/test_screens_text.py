"""Every text can be read from 2.5 m by a patient with low vision (issue 12, items 6-7).

Contrast: every colour any screen draws text in reaches 7:1 (WCAG AAA) on the two
backgrounds text sits on, found by reading the drawing code.  Fit: every message of
the screens, drawn on the game's screen, stays inside it (text is made smaller, then
wrapped, never cut).
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pygame
import pytest
from helpers.screen_states import overlapping

from balancegame.game import theme

GAME = Path(__file__).resolve().parents[2] / "balancegame" / "game"
TEXT_CALLS = {"draw_text", "draw_paragraph"}


def _theme_names(node: ast.AST) -> set[str]:
    return {sub.attr for sub in ast.walk(node) if isinstance(sub, ast.Attribute)
            and getattr(sub.value, "id", "") == "theme" and sub.attr.isupper()}


def _bound(func: ast.AST, name: str) -> set[str]:
    """Theme colours a local name is given in ``func`` (assignments and for-loops)."""
    out: set[str] = set()
    for node in ast.walk(func):
        targets = (node.targets if isinstance(node, ast.Assign) else
                   [node.target] if isinstance(node, ast.For) else [])
        value = node.value if isinstance(node, ast.Assign) else getattr(node, "iter", None)
        if value is not None and any(isinstance(t, ast.Name) and t.id == name
                                     for target in targets for t in ast.walk(target)):
            out |= _theme_names(value)
    return out


def text_colours() -> dict[str, list[str]]:
    """theme colour name -> the places (file:line) that draw text in it."""
    found: dict[str, list[str]] = {}
    for path in GAME.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            for node in ast.walk(func):
                if not (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                        node.func, "id", "")) in TEXT_CALLS) or len(node.args) < 4:
                    continue
                colour = node.args[3]  # (surface, text, size, colour, ...)
                names = _theme_names(colour)
                for sub in ast.walk(colour):
                    if isinstance(sub, ast.Name):
                        names |= _bound(func, sub.id)
                for name in names:
                    found.setdefault(name, []).append(f"{path.name}:{node.lineno}")
    return found


def test_the_scan_finds_the_text_colours() -> None:
    colours = text_colours()
    assert {"TEXT", "YELLOW", "GOOD_TEXT"} <= set(colours)


@pytest.mark.parametrize("background", theme.TEXT_BACKGROUNDS)
def test_every_text_colour_reaches_7_to_1(background: str) -> None:
    low = {name: round(theme.contrast_ratio(getattr(theme, name), getattr(theme, background)),
                       2)
           for name in text_colours()
           if theme.contrast_ratio(getattr(theme, name), getattr(theme, background))
           < theme.MIN_CONTRAST}
    assert low == {}, {name: (ratio, text_colours()[name]) for name, ratio in low.items()}


def test_contrast_ratio_matches_the_wcag_examples() -> None:
    assert theme.contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert theme.contrast_ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


# --- every message fits the screen ---------------------------------------------------------

ADVICE = ["Stand in front of the camera", "Step back from the camera",
          "Come closer to the camera", "Stand upright, facing the camera", "Face the camera",
          "Move a little to your left", "Move a little to your right",
          "Step back until your feet are visible", "Starting the camera...",
          "Camera not working", "Stand still...", "Good! Stand still"]
SUMMARIES = [
    {"type": "obstacle_dodge", "n_trials": 19, "outcomes": {"avoided": 18, "hit": 1},
     "rt_ms_median": 1612.4, "status": "completed"},
    {"type": "gaze_stabilisation", "amplitude_deg": 17.2, "amplitude_prescribed_deg": 45,
     "turns_per_min": 158, "metronome_bpm": 200, "status": "completed"},
    {"type": "stepping", "n_steps": 188, "cadence_spm": 118, "target_cadence_spm": 120,
     "status": "interrupted"},
    {"type": "dual_task", "mode": "spoken", "n_trials": 40, "n_correct": 38,
     "correct_per_min": 22.5, "status": "completed"},
    {"type": "quiet_stance", "longest_stance_s": 118.0, "duration_planned_s": 120,
     "n_losses": 3, "completed_full_time": False, "status": "completed"},
    {"type": "dual_task", "mode": "gate", "n_trials": 8, "n_correct": 3, "n_wrong": 4,
     "correct_per_min": 15.0, "status": "completed", "dual_task_effect": {
         "cognitive": [{"measure": "correct_per_min", "dte_pct": -125.0}],
         "motor": [{"measure": "rt_ms_median", "dte_pct": -120.0},
                   {"measure": "moved_in_time_share", "dte_pct": -112.5}]}},
]


def _outside(lines, surface) -> list[str]:
    """Lines that leave the screen."""
    bounds = surface.get_rect()
    return [f"{text!r} at {rect}" for text, rect in lines if not bounds.contains(rect)]


def test_every_camera_check_message_fits(drawn_text, screen, ctx_factory) -> None:
    from balancegame.game.scenes.camera_check import CameraCheckScene

    ctx = ctx_factory()
    scene = CameraCheckScene(ctx)
    ctx.feedback.observe(ctx.tracker.drain())  # a body seen: the feedback delay is known
    ctx.feedback.at(0.254)  # the longest wording: predicted over only part of it
    for camera_name in (None, "camera:0 (Integrated Camera)"):  # a camera: the L hint
        ctx.camera_name = camera_name
        for advice in ADVICE:
            scene._status = lambda advice=advice: (
                advice.startswith("Good"), advice,
                "Therapist: Enter = continue without feet in view")
            start = len(drawn_text)
            scene.draw(screen)
            assert overlapping(drawn_text[start:]) == []
    shown = " ".join(text for text, _ in drawn_text)  # the notes wrap beside the picture
    assert "L: check display delay" in shown and "Camera to screen 254 ms" in shown
    assert drawn_text and _outside(drawn_text, screen) == []


def test_every_results_and_pause_message_fits(drawn_text, screen, ctx_factory) -> None:
    from balancegame.game.scenes.results import ResultsScene
    from balancegame.game.views.common import PAUSE_TEXT, draw_pause

    ctx = ctx_factory()
    for summary in SUMMARIES:
        start = len(drawn_text)
        ResultsScene(ctx, summary).draw(screen)
        assert overlapping(drawn_text[start:]) == [], summary["type"]
    for kind in PAUSE_TEXT:
        draw_pause(screen, kind, None)
        draw_pause(screen, kind, 2.5)
    assert len(drawn_text) > 20 and _outside(drawn_text, screen) == []


def test_every_shipped_level_intro_fits(drawn_text, screen, ctx_factory) -> None:
    from balancegame.game.scenes.level_intro import LevelIntroScene
    from balancegame.game.scenes.rest import RestScene
    from balancegame.prescription.library import LevelLibrary

    ctx = ctx_factory()
    library = LevelLibrary.shipped()
    for entry in library.catalogue("level"):
        level = library.level(entry.name)
        LevelIntroScene(ctx, level).draw(screen)
        RestScene(ctx, 90.0, level.title).draw(screen)
    assert _outside(drawn_text, screen) == []


def test_every_shipped_level_screen_fits_in_every_phase(drawn_text, screen, ctx_factory):
    from helpers.scene_runner import run

    from balancegame.game.scenes.level import LevelScene
    from balancegame.prescription.library import LevelLibrary

    library = LevelLibrary.shipped()
    for entry in library.catalogue("level"):
        ctx = ctx_factory()
        ctx.levels = [library.level(entry.name)]
        scene = LevelScene(ctx, 0)
        for _ in range(6):  # countdown, first stimuli, a pause
            run(ctx.clock, scene, 2.0)
            scene.draw(screen)
        scene.handle_key(pygame.K_ESCAPE)
        scene.draw(screen)
    outside = _outside(drawn_text, screen)
    assert len(drawn_text) > 100 and outside == [], outside


def _latency_failures() -> list:
    """Every way the display-delay check can fail, with the check's own words."""
    import numpy as np

    from balancegame.errors import LatencyCheckError
    from balancegame.measures.flash_latency import (
        ScreenChange,
        analyse_flashes,
        flash_schedule,
        screen_state,
    )

    schedule = flash_schedule(np.random.default_rng(2))
    changes = [ScreenChange(t, b) for on, off in schedule for t, b in ((on, True), (off, False))]
    t = np.arange(0.0, schedule[-1][1] + 1.0, 1 / 30)
    noise = np.random.default_rng(3).normal(0.0, 0.3, (len(t), 48))
    seen_first_10 = [c for c in changes if c.t_flip_s < schedule[9][1] + 0.01]
    inputs = [([], [], changes),  # no pictures
              (t, 90.0 + noise, changes),  # a wall
              (t, 90.0 + screen_state(changes, t - 0.05)[:, None] + noise, changes),  # faint
              (t, 20.0 + 150.0 * screen_state(seen_first_10, t - 0.05)[:, None] + noise,
               changes)]  # too few
    failures = []
    for args in inputs:
        with pytest.raises(LatencyCheckError) as info:
            analyse_flashes(*args)
        failures.append(info.value)
    assert [f.reason for f in failures] == ["no_frames", "not_seen", "not_separable", "too_few"]
    return [*failures, LatencyCheckError("The camera (camera:12) stopped sending images.",
                                         "Check its cable; the game resumes when it is back.")]


def test_every_latency_check_screen_fits(drawn_text, screen) -> None:
    import numpy as np

    from balancegame.game.scenes.latency_check import LatencyCheckScene
    from balancegame.measures.flash_latency import LatencyResult

    scene = LatencyCheckScene(None, np.random.default_rng(1), n_flashes=60)  # the longest
    screens = []
    scene.draw(screen)  # the instructions
    screens.append(list(drawn_text))
    scene.phase = "flashing"
    for bright in (False, True):
        scene._bright = bright
        scene.draw(screen)
    scene.phase = "result"
    scene.result = LatencyResult(
        median_ms=1234.0, iqr_ms=400.0, p10_ms=888.0, p90_ms=1999.0, n=58, n_flashes=60,
        latencies_ms=(), dark_level=20, bright_level=200, separation=50, cells_used=48,
        frames=1800, frames_rejected=0, camera_fps=30.0)
    scene.saved_note = "Saved for this computer and camera."
    for failure in [None, *_latency_failures()]:
        scene.result = scene.result if failure is None else None
        scene.failure = failure
        start = len(drawn_text)
        scene.draw(screen)
        screens.append(drawn_text[start:])
    for lines in screens:
        assert overlapping(lines) == [], [text for text, _ in lines]
    assert len(screens) == 7 and _outside(drawn_text, screen) == []


def _progress_history(ctx, library):
    """Earlier runs of every shipped level: one better and one worse than SUMMARIES."""
    from balancegame.progress.history import History, PastRun, comparable_key

    runs = []
    for i, level in enumerate(ctx.levels):
        key = comparable_key(level.name, level.difficulty_dict())
        for j, scale in enumerate((0.5, 1.5)):
            summary = {"type": level.type, "n_trials": 20, "outcomes": {"avoided": int(
                10 * scale), "reached": 0, "correct": int(10 * scale)}, "n_rt": 9,
                "rt_ms_median": 800 / scale, "correct_per_min": 12 * scale,
                "longest_stance_s": 60 * scale, "amplitude_deg": 10 * scale,
                "amplitude_prescribed_deg": 45, "cadence_spm": 80 * scale,
                "target_cadence_spm": 200, "n_steps": 100}
            runs.append(PastRun(2 * i + j, f"2025-09-{j + 1:02d}T10:00:00+00:00", key,
                                "completed", summary))
    return History(runs)


def test_every_progress_message_fits(drawn_text, screen, ctx_factory) -> None:
    """Stars and the best before on the results, the week and what improved at the end."""
    from datetime import date, timedelta

    from balancegame.game.progress_view import week_lines
    from balancegame.game.scenes.end import EndScene
    from balancegame.game.scenes.results import ResultsScene
    from balancegame.prescription.library import LevelLibrary
    from balancegame.progress.figures import FIGURES_OF_TYPE
    from balancegame.progress.history import Comparison
    from balancegame.progress.improved import (
        Improvement,
        SessionProgress,
        progress_lines,
    )
    from balancegame.progress.weekly import weekly_progress

    library = LevelLibrary.shipped()
    ctx = ctx_factory()
    ctx.levels = [library.level(e.name) for e in library.catalogue("level")]
    longest = {}
    for level in ctx.levels:  # the longest title of each type
        if len(level.title) > len(longest.get(level.type, ("", ""))[1]):
            longest[level.type] = (level.name, level.title)
    screens = []
    for history in (None, _progress_history(ctx, library)):
        if history is not None:
            ctx.history = history
        for summary in SUMMARIES:
            for status in ("completed", "aborted"):
                s = {**summary, "level": longest[summary["type"]][0], "status": status}
                ctx.summaries[:] = [s]
                start = len(drawn_text)
                ResultsScene(ctx, s).draw(screen)
                screens.append(drawn_text[start:])
    today = date(2025, 10, 1)
    weeks = [weekly_progress({today - timedelta(days=d) for d in days}, today, goal)
             for days, goal in (((), 3), ((0, 7, 8, 9, 14, 15, 16), 3),
                                ((0, 1, 2, 7, 8, 14, 15, 16, 21, 22, 23), 3),
                                ((7, 8, 14, 15, 16, 21, 22, 23), 3), ((0,), 7))]
    messages = [progress_lines(SessionProgress((), 0, 0), today),
                progress_lines(SessionProgress((), 3, 0), today),
                progress_lines(SessionProgress((), 3, 2), today)]
    improvements = [Improvement(title, Comparison(f, 1234.0, 999.0, 1234.0, 999.0,
                                                  date(2025, 9, 30)))
                    for kind, (_, title) in sorted(longest.items())
                    for f in FIGURES_OF_TYPE[kind]]
    messages.append(progress_lines(SessionProgress(tuple(improvements), 9, 6), today))
    messages.append(progress_lines(SessionProgress(tuple(improvements[:1]), 1, 1), today))
    end = EndScene(ctx)
    for week in weeks:
        for message in messages:
            end.week = week
            end.week_text, end.streak_text = week_lines(week)
            end.message = message
            start = len(drawn_text)
            end.draw(screen)
            screens.append(drawn_text[start:])
    for lines in screens:
        assert overlapping(lines) == [], [text for text, _ in lines]
    texts = {text for text, _ in drawn_text}
    assert {"your best", "Better than last time:",
            "Goal reached! 3 weeks in a row, a short week forgiven"} <= texts
    assert len(screens) > 40 and _outside(drawn_text, screen) == []


def test_every_calibration_message_fits(drawn_text, screen, ctx_factory) -> None:
    """Issue 10: the calibration's intro, neutral stance, limits test and result, in every
    phase and with every reason a test stops, seated and one-sided too."""
    from helpers.scripted_tracker import signals

    from balancegame.calibrating.neutral import NeutralResult
    from balancegame.calibrating.reach import TryResult
    from balancegame.calibrating.record import LIMITS, Calibration
    from balancegame.calibrating.validity import Verdict
    from balancegame.game.scenes.calibration_intro import CalibrationIntroScene
    from balancegame.game.scenes.calibration_result import PROBLEMS, CalibrationResultScene
    from balancegame.game.scenes.limits_test import BACK_WORDS, LimitsScene
    from balancegame.game.scenes.neutral_stance import NeutralStanceScene

    screens = []

    def drawn(scene) -> None:
        start = len(drawn_text)
        scene.draw(screen)
        screens.append(drawn_text[start:])

    for mode, side in (("standing", "both"), ("seated", "right")):
        ctx = ctx_factory()
        state = ctx.calibration
        state.mode, state.side = mode, side
        state.verdict = Verdict(False, "camera", "the camera set-up changed since 2026-11-02: "
                                "the patient fills 52% of the picture's height, was 74%: "
                                "another distance from the camera")
        state.skipped = ["Calibration 12 of 2026-11-20T10:00:00+00:00 was skipped: its "
                         "results are not readable (damaged JSON)."]
        drawn(CalibrationIntroScene(ctx))
        ctx.patient_id = "P" + "9" * 31  # the longest code, no height stored
        ctx.tracker.signals_at = lambda t: signals(t, scale_method="trunk length = 0.288 x "
                                                   "default height (patient height not given)")
        ctx.clock.advance(0.1)  # a new frame with it
        drawn(CalibrationIntroScene(ctx))
        neutral = NeutralStanceScene(ctx)
        for phase in ("still", "again", "stopped"):
            neutral.phase = phase
            drawn(neutral)
        state.neutral = NeutralResult("", 0.0, 1.0, {})
        limits = LimitsScene(ctx)
        p = limits.protocol
        for phase in ("home", "reach", "back"):
            p.phase = phase
            outcomes = BACK_WORDS if phase == "back" else ["measured"]
            for outcome in outcomes:
                p.last = TryResult(outcome)
                p.best_cm = 25.0  # beyond the track's end: drawn at its end
                drawn(limits)
                track = limits.track_rect  # the words never run into the lean track
                assert [t for t, r in screens[-1] if r.colliderect(track)] == [], outcome
                assert track.bottom < screen.get_height() - 60
        limits.stopped = True
        drawn(limits)
        result = CalibrationResultScene(ctx)
        for problem in PROBLEMS:
            state.failure = problem
            drawn(result)
        state.failure = ""
        state.new = Calibration(LIMITS, datetime.now(UTC), mode, side, {}, {"limits": {
            "left": {"value": 29.5}, "right": {"value": 30.0}}})
        drawn(result)
        from balancegame.game.scenes.end import EndScene

        ctx.levels, state.forced, state.applied = [], True, True  # `balancegame calibrate`
        for new in (state.new, None):
            state.new = new
            drawn(EndScene(ctx))
    for lines in screens:
        assert overlapping(lines) == [], [text for text, _ in lines]
    texts = {text for text, _ in drawn_text}
    said = " ".join(text for text, _ in drawn_text)
    assert "No height stored: cm assume 170 cm" in said
    assert "Your balance was measured." in said
    assert "Have a sturdy chair or counter within reach." in said  # before leaning (safety)
    assert "Your balance could not be measured today." in said
    assert "Left: 30 cm    Right: 30 cm" in texts and "The test stopped" in texts
    assert len(screens) > 30 and _outside(drawn_text, screen) == []


def test_the_score_shows_from_the_first_decided_trial(drawn_text, screen, ctx_factory) -> None:
    """"Avoided 0 of 0" before any wall has passed reads as a failure from across the room:
    the score appears once a trial is decided, with the count so far."""
    from helpers.scene_runner import run

    from balancegame.game.scenes.level import LevelScene
    from balancegame.prescription.library import LevelLibrary

    ctx = ctx_factory()
    ctx.levels = [LevelLibrary.shipped().level("dodge-gentle")]
    scene = LevelScene(ctx, 0)
    run(ctx.clock, scene, scene.screen().countdown_left_s + 0.5)  # the level has begun
    assert scene.screen().score[1] == 0
    drawn_text.clear()
    scene.draw(screen)
    assert not [t for t, _ in drawn_text if t.startswith("Avoided")]
    while scene.screen().score[1] == 0 and ctx.clock.now_s() < 60.0:
        run(ctx.clock, scene, 0.5)
    good, n = scene.screen().score
    assert n >= 1
    drawn_text.clear()
    scene.draw(screen)
    assert f"Avoided {good} of {n}" in [t for t, _ in drawn_text]
