"""The one family of errors a user sees: a sentence saying what is wrong and a hint.

Every failure a patient, a therapist or an IT person can act on (no camera, a
broken level file, a database from a newer version, a recording with nobody in
it) is a :class:`UserError`.  The command line catches ``UserError`` once and
prints ``balancegame: <message>`` and the hint, without a traceback, with exit
code 2 (:data:`EXIT_USER_ERROR`).  Anything else that escapes is a bug in the
program and keeps its traceback.

The subclasses say which stage failed, so callers can catch what they can
handle (the game pauses on a :class:`SourceError` from a camera that went away).
"""

from __future__ import annotations

from pathlib import Path

EXIT_USER_ERROR = 2


class UserError(Exception):
    """A failure the user can act on: ``message`` (a sentence) and ``hint`` (what to do)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class SourceError(UserError):
    """A camera or video file cannot be opened or read."""


class LevelError(UserError):
    """A level or program file has problems; ``problems`` lists every one in plain words."""

    def __init__(self, path: Path, problems: list[str],
                 hint: str = "Fix the file and check it with: balancegame levels validate FILE",
                 ) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Level file {path} has {len(problems)} problem(s):\n{lines}", hint)

    def __str__(self) -> str:  # the problems already say how to fix each one
        return self.message


class StorageError(UserError):
    """A problem with the database file, in words a therapist can act on."""

    def __init__(self, message: str, path: Path | str | None = None, hint: str = "") -> None:
        super().__init__(message, hint)
        self.path = None if path is None else Path(path)


class PatientError(StorageError):
    """A patient code that is not in the database (or is already there, for ``patients
    add``), or a display name that cannot be stored.  The message never lists other
    patients' codes: whoever mistyped one need not see them."""


class BundleError(UserError):
    """A file given to ``balancegame import`` cannot be merged: not a bundle, damaged or
    cut short (its checksum does not match), or written by a newer balancegame.  Nothing
    in the database has been changed when it is raised."""

    def __init__(self, message: str, path: Path | str | None = None, hint: str = "") -> None:
        super().__init__(message, hint)
        self.path = None if path is None else Path(path)


class TherapistError(UserError):
    """The therapist PIN was wrong, is not set, is locked after wrong PINs, or a
    prescription cannot be stored as given.  Nothing has been changed when it is raised."""


class SpeechError(UserError):
    """espeak-ng could not make a WAV of a phrase (spoken instructions).  The game says
    so once on the terminal and goes on without that phrase; it never stops a session."""


class AnalysisError(UserError):
    """A recording cannot be analysed (nobody in it, too short)."""


class LatencyCheckError(UserError):
    """The display-delay check could not measure (the camera did not see the flashes);
    ``reason`` names the failed test for programs and tests, the message says it in words."""

    def __init__(self, message: str, hint: str = "", reason: str = "") -> None:
        super().__init__(message, hint)
        self.reason = reason


class ReportError(UserError):
    """A report cannot be made as asked (``balancegame report``): no session with that
    number for the patient, no session in the dates given, or no browser to print a PDF
    with.  Nothing has been written when it is raised."""


class CalibrationProblem(ValueError):
    """A stored calibration that cannot be used (damaged, from a newer program, impossible
    values): the sentence says what is wrong with it.  Not raised to the user: the row is
    reported and skipped (balancegame/calibrating/stored.py)."""


class UsageError(UserError):
    """A command-line option has a value the program cannot use."""


class Terminated(KeyboardInterrupt):  # noqa: N818 (a stop, like KeyboardInterrupt, not an error)
    """SIGTERM (a logout, a shutdown, ``kill``), raised in the main thread like Ctrl-C so
    that every ``finally`` runs: the session's end row and every trial are saved.  Not a
    user error: the command line raises it from its signal handler."""
