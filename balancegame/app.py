"""Composition root: builds clock, source, tracker, game and storage, runs a session.

Everything is wired here and passed down explicitly; nothing else creates a
source, a database or a window.  User-facing failures (no camera, a broken
level file, an unusable database) surface as :class:`UserError` subclasses,
which the command line prints without a traceback.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from balancegame import __version__
from balancegame.body.signals import BodySignalExtractor
from balancegame.clock import MonotonicClock
from balancegame.errors import Terminated, UserError
from balancegame.game.display_delay import DisplayDelay
from balancegame.prescription.library import LevelLibrary
from balancegame.prescription.plan import DEFAULT_LEVEL
from balancegame.sources import make_source
from balancegame.starting import decide, prescribing

__all__ = ["DEFAULT_LEVEL", "SessionOptions", "SessionResult", "make_source", "run_session"]


@dataclass
class SessionOptions:
    source: str = "camera"
    patient_id: str | None = None  # None: as balancegame/roster.py decides (the tiles)
    levels: list[str] = field(default_factory=lambda: [DEFAULT_LEVEL])
    program: str | None = None  # a program name or file; replaces ``levels``
    follow_prescription: bool = False  # no --level/--program given: the prescription's
    mode: str = "clinic"  # "home": alone, the therapist's keys behind the PIN; "clinic"
    prescription: dict | None = None  # the prescription in effect (set here, stored)
    sessions_per_week: int | None = None  # the weekly goal in force (set here, stored)
    levels_dir: Path | None = None  # a therapist's folder, searched first for names
    db_path: Path | None = None
    headless: bool = False
    windowed: bool = False
    seconds: float | None = None
    seed: int | None = None
    height_cm: float | None = None
    puppet_rt_ms: float = 600.0
    screenshot_dir: Path | None = None
    speak: bool | None = None  # spoken instructions; None: as the program says, else off
    calm: bool = False  # still screens (--calm); a program's calm_screens turns it on too
    # The demo person's movement, camera and display (options.puppet_settings); {}: defaults.
    puppet: dict = field(default_factory=dict)
    # Calibration (issue 10): recalibrate after this many days (None: 30), seated training
    # (trunk leaning), one side only ("left"/"right"), and `balancegame calibrate` (no level).
    calibration_days: float | None = None
    seated: bool = False
    side: str | None = None
    calibrate_only: bool = False


@dataclass
class SessionResult:
    session_id: int
    db_path: Path
    status: str
    end_reason: str
    summaries: list[dict]
    frame_stats: dict
    health: dict


def _init_display(headless: bool, windowed: bool):
    """The game's window (:func:`balancegame.game.display.open_display`): surface, whether
    a person can see it, whether SDL granted vsync."""
    from balancegame.game.display import open_display

    return open_display(headless, windowed)


def session_settings(opts: SessionOptions) -> dict:
    """The options as the session row keeps them: file names, never paths (they name the
    user, and exports travel)."""
    from balancegame.session.privacy import without_paths

    return without_paths(vars(opts))


def _daily_backup(db) -> None:
    """Today's copy of the log (at most one a day); a failure is said, and play goes on:
    the session itself is still saved."""
    from balancegame.session.storage import StorageError, daily_backup

    try:
        daily_backup(db)
    except StorageError as exc:
        print(f"Warning: {exc.message} {exc.hint} The session is saved as usual.")


def run_session(opts: SessionOptions) -> SessionResult | None:
    """Play one session; None when nobody was chosen on the title screen's tiles."""
    display_box: list = []  # the window, when the tiles opened it before the session
    try:
        return _run_session(opts, display_box)
    finally:
        if display_box:
            import pygame

            pygame.quit()  # _play quits it too; twice is harmless


def _run_session(opts: SessionOptions, display_box: list) -> SessionResult | None:
    from balancegame.game.calibration_state import CalibrationState
    from balancegame.people_watch import PeopleWatch
    from balancegame.pose.estimator import MediaPipePoseEstimator
    from balancegame.progress.history import History
    from balancegame.session.privacy import file_name
    from balancegame.session.storage import Database, default_db_path
    from balancegame.session.writer import DatabaseWriter
    from balancegame.tracking import TrackingWorker

    library = LevelLibrary.for_user(opts.levels_dir)
    plan = decide(opts, library, display_box,  # LevelError, UsageError -> CLI
                  lambda: _init_display(opts.headless, opts.windowed))
    if plan is None:
        return None
    if opts.calibrate_only:  # `balancegame calibrate`: the calibration, then the end screen
        plan = dataclasses.replace(plan, levels=(), rests_s=())
    if plan.cap_s:
        opts.seconds = min(opts.seconds, plan.cap_s) if opts.seconds else plan.cap_s
    opts.speak = plan.speak if opts.speak is None else opts.speak  # stored with the session
    opts.calm = opts.calm or plan.calm  # either asks: still screens (stored with the session)
    db_path = opts.db_path or default_db_path()
    seed = opts.seed if opts.seed is not None else int(np.random.SeedSequence().entropy % 2**62)
    clock = MonotonicClock()
    rng = np.random.default_rng(seed)
    source, listener = make_source(opts.source, clock, rng, opts.puppet_rt_ms, opts.puppet,
                                   opts.mode == "home")
    if opts.source != "auto":
        source.start()  # a missing camera or bad file fails here, before the model loads
    try:
        db = Database.open(db_path)
    except BaseException:
        source.close()
        raise
    _daily_backup(db)
    worker: TrackingWorker | None = None
    people = None
    writer: DatabaseWriter | None = None
    try:
        if opts.height_cm is None:  # the patient register's (patients add --height-cm)
            opts.height_cm = db.patient_height_cm(opts.patient_id)
        worker = TrackingWorker(source, MediaPipePoseEstimator(clock),
                                BodySignalExtractor(opts.height_cm), clock)
        worker.start()
        people = PeopleWatch.started(worker.latest)  # anyone else in view?
        db.ensure_patient(opts.patient_id, opts.height_cm)
        camera = (getattr(source, "label", None), db.machine_id())  # the display-delay check
        check = db.latest_latency_check(camera[0]) if camera[0] else None
        camera += (DisplayDelay.from_check(check.median_ms if check else None,
                                           check.clock_method if check else ""),)
        previous = len(db.sessions(opts.patient_id))
        history = History.from_records(db.level_summaries(opts.patient_id))  # progress
        name = db.patient(opts.patient_id).display_name
        calibration = CalibrationState.for_session(
            db.calibrations(opts.patient_id), opts.patient_id, side=opts.side,
            seated=opts.seated or not plan.feet_in_view, max_age_days=opts.calibration_days
            or (plan.prescription.calibration_days if plan.prescription else None),
            forced=opts.calibrate_only)
        for text in calibration.skipped:  # a damaged row: said, and an older one used
            print(f"Warning: {text}")
        session_id = db.start_session(opts.patient_id, source=file_name(source.name),
                                      app_version=__version__, seed=seed,
                                      settings=session_settings(opts))
        writer = DatabaseWriter(db)  # from here on only the writer thread uses db
        writer.start()
        return _play(opts, clock, worker, writer, db_path, session_id, list(plan.levels),
                     list(plan.rests_s), seed, listener, previous, camera, history=history,
                     sessions_per_week=plan.sessions_per_week,
                     display=display_box[0] if display_box else None,
                     session=prescribing(opts, library, db_path, plan, name), people=people,
                     calibration=calibration)
    finally:
        try:
            if people is not None:
                people.stop()
            if worker is not None:
                worker.stop()
            else:
                source.close()
        finally:
            # Exit, Esc, Ctrl-C, SIGTERM: every row handed over reaches the disk here,
            # and a disk error the game has not seen yet is raised.
            if writer is not None:
                writer.close()
            else:
                db.close()


def stop_reason(exc: BaseException) -> str:
    """The session's ``end_reason`` when ``exc`` ended it: what happened, in words."""
    if isinstance(exc, Terminated):  # the command line raises it on SIGTERM
        return "stopped by a termination signal (a logout, a shutdown or kill)"
    if isinstance(exc, KeyboardInterrupt):
        return "stopped with Ctrl-C"
    if isinstance(exc, UserError):
        return f"stopped: {exc.message}"
    return f"program error ({type(exc).__name__})"


def _play(opts, clock, worker, sink, db_path, session_id, levels, rests_s, seed,
          listener, previous_sessions: int = 0, camera: tuple = (None, "", None), *,
          history=None, sessions_per_week: int | None = None, display=None,
          session=None, people=None, calibration=None) -> SessionResult:
    """``camera``: (name, machine id, DisplayDelay) of a live camera, for the display delay;
    ``history``: the patient's earlier level runs (progress), none by default; ``display``:
    the window if the patient tiles opened it; ``session``: home or clinic, and the
    therapist mode's door to the prescription (game/prescribing.py), none by default."""
    import pygame

    from balancegame.game.context import GameContext
    from balancegame.game.flow import SessionFlow, usual_prompts
    from balancegame.game.loop import GameLoop
    from balancegame.game.narrator import Narrator, make_narrator
    from balancegame.session.log import SessionLog

    log = SessionLog(sink, session_id)
    status, reason = "aborted", "program error"
    loop = display = None
    narrator = Narrator.silent()
    try:  # from here on the session's end row says how it ended, whatever happens
        display = display or _init_display(opts.headless, opts.windowed)
        screen, seen = display.surface, display.seen
        from balancegame.game.display import display_settings

        log.settings(display_settings(display))  # vsync is known only now
        on_stimulus = listener if listener is not None else (lambda stimulus: None)
        from balancegame.game.sounds import Sounds

        sounds = Sounds(enabled=seen)
        narrator = make_narrator(bool(opts.speak), sounds.enabled, no_audio=(
            "no sound device could be opened" if seen else "there is no window to play for"))
        extra = {"history": history} if history is not None else {}
        if sessions_per_week is not None:
            extra["sessions_per_week"] = sessions_per_week
        if session is not None:
            extra["session"] = session
        if calibration is not None:  # the patient's stored calibrations (calibration_state)
            extra["calibration"] = calibration
            for text in calibration.skipped:
                log.event("calibration_skipped", clock.now_s(), text)
        ctx = GameContext(clock=clock, tracker=worker, log=log, levels=levels, rests_s=rests_s,
                          sounds=sounds, narrator=narrator, **extra, calm=opts.calm,
                          previous_sessions=previous_sessions,
                          seed=seed,
                          on_stimulus=on_stimulus, headless=not seen,
                          patient_id=opts.patient_id, camera_name=camera[0],
                          machine_id=camera[1], vsync=display.vsync,
                          display_delay=camera[2] or DisplayDelay(), people=people)
        flow = SessionFlow(ctx)
        narrator.prepare(usual_prompts(ctx))  # in the background, while the title shows
        loop = GameLoop(screen, clock, flow.first(), next_scene=flow.after,
                        closing_scene=flow.closing, time_limit_s=opts.seconds,
                        screenshot_dir=opts.screenshot_dir, after_frame=narrator.follow)
        ctx.session.on_time_limit = lambda s: setattr(loop, "time_limit_s", s)  # re-prescribed
        loop.run()
        # Every level played to its end (a bout a pause cut short is stored as "interrupted"
        # with that level; the session itself still ran its plan).
        finished_all = len(ctx.summaries) == len(ctx.levels) and all(
            s["status"] in ("completed", "interrupted") for s in ctx.summaries)
        status = "completed" if finished_all else "aborted"
        reason = ctx.end_reason or "ended"
    except BaseException as exc:
        reason = stop_reason(exc)
        if isinstance(exc, KeyboardInterrupt) and loop is not None:
            loop.scene.end_session(reason)  # a level in progress is saved with its figures
        raise
    finally:
        log.end_session(status, reason)
        narrator.close()  # its thread must not touch the mixer after quit()
        pygame.quit()
        # Fonts made before quit() crash pygame if used after the next init
        # (a second session in one process: tests, benchmarks).
        from balancegame.game import theme

        theme.font.cache_clear()
    periods = np.array(loop.stats.periods_s) if loop.stats.periods_s else np.array([np.nan])
    health = worker.health()
    return SessionResult(
        session_id=session_id, db_path=db_path, status=status, end_reason=reason,
        summaries=ctx.summaries,
        frame_stats={"frames": loop.stats.frames, "overruns": loop.stats.overruns,
                     "vsync": display.vsync,
                     "game_fps": float(1.0 / np.mean(periods)),
                     "frame_ms_p99": float(np.percentile(periods, 99) * 1e3)},
        health={"pose_hz": health.pose_hz, "latency_ms_p50": health.latency_ms_p50,
                "latency_ms_p95": health.latency_ms_p95, "frames_dropped": health.frames_dropped},
    )
