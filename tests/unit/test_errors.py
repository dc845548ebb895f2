"""One error family: every failure a user can act on is a UserError, printed once by the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from balancegame import errors
from balancegame.cli import main
from balancegame.errors import EXIT_USER_ERROR, UserError

PACKAGE = Path(__file__).resolve().parents[2] / "balancegame"


def test_every_user_facing_error_is_a_user_error() -> None:
    for cls in (errors.SourceError, errors.LevelError, errors.StorageError,
                errors.AnalysisError, errors.UsageError, errors.PatientError,
                errors.BundleError, errors.ReportError):
        assert issubclass(cls, UserError)


def test_exception_classes_are_declared_in_one_module() -> None:
    """New user-facing errors belong in balancegame/errors.py, not scattered (SourceEnded and
    other control-flow signals excepted: they are not for the user)."""
    declared = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    getattr(b, "id", getattr(b, "attr", "")).endswith(("Error", "Exception"))
                    for b in node.bases):
                declared[node.name] = path.relative_to(PACKAGE).as_posix()
    elsewhere = {name: where for name, where in declared.items() if where != "errors.py"}
    assert elsewhere == {"SourceEnded": "capture/base.py"}


def test_the_message_and_the_hint_are_printed_without_a_traceback(capsys) -> None:
    rc = main(["demo", "--headless", "--height-cm", "17"])
    err = capsys.readouterr().err
    assert rc == EXIT_USER_ERROR
    assert err.splitlines() == ["balancegame: --height-cm 17 is not a plausible height.",
                                "Give the height in cm, e.g. --height-cm 170."]


def test_a_missing_level_names_the_file(capsys, tmp_path) -> None:
    rc = main(["levels", "validate", str(tmp_path / "nothere.toml")])
    out = capsys.readouterr().out
    assert rc == EXIT_USER_ERROR and "nothere.toml" in out and "Traceback" not in out


@pytest.mark.parametrize("error", [errors.SourceError("No camera.", "Plug it in."),
                                   errors.StorageError("Newer database.", "x.db", "Update.")])
def test_a_user_error_reads_as_message_then_hint(error: UserError) -> None:
    assert str(error) == f"{error.message}\n{error.hint}"
