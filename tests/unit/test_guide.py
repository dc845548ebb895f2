"""The therapists' guide: levels/README.md's parameter tables, generated from the declarations."""

from __future__ import annotations

from pathlib import Path

import pytest

from balancegame.cli import main
from balancegame.errors import UserError
from balancegame.prescription import guide
from balancegame.prescription.guide import describe_parameters, source_readme

REPO = Path(__file__).resolve().parents[2]


def test_levels_readme_parameter_table_is_current() -> None:
    text = (REPO / "levels" / "README.md").read_text(encoding="utf-8")
    assert describe_parameters() in text, "run: balancegame levels describe --write"


def test_write_replaces_only_the_generated_part(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Guide\n\n{guide.README_START} -->\nold table\n{guide.README_END}\n"
                      "after\n", encoding="utf-8")
    assert guide.write_readme_reference(readme) == readme
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text and describe_parameters() in text
    assert text.startswith("# Guide\n") and text.endswith(f"{guide.README_END}\nafter\n")


def test_the_readme_written_is_the_source_checkouts() -> None:
    assert source_readme() == REPO / "levels" / "README.md"


def test_write_refuses_outside_a_source_checkout(tmp_path: Path, monkeypatch, capsys) -> None:
    installed = tmp_path / "site-packages" / "balancegame" / "shipped_levels"
    installed.mkdir(parents=True)
    monkeypatch.setattr(guide, "shipped_levels_folder", lambda: installed)
    with pytest.raises(UserError, match="installed from a wheel"):
        source_readme()
    assert main(["levels", "describe", "--write"]) == 2
    assert "pip install -e" in capsys.readouterr().err


def test_the_guide_says_what_the_program_does_after_a_pause() -> None:
    """Claims about behaviour in the therapists' guide, against the program's settings."""
    from balancegame.game.scenes import level

    text = (Path(__file__).resolve().parents[2] / "levels" / "README.md").read_text("utf-8")
    assert f"itself {level.RESUME_AFTER_S:g} s after the patient is" in text
    assert set(level.AUTO_RESUME) == {"tracking_lost", "camera_lost", "tracking_slow",
                                      "second_person"}
    assert "someone else comes into view" in text
    assert "possible fall it waits until a person presses Space" in text
    assert "asks first, Esc again ends it" in text


def test_the_guide_lists_every_preset_of_every_type() -> None:
    from balancegame.challenges import CHALLENGE_TYPES

    text = describe_parameters()
    with_presets = [t for t in CHALLENGE_TYPES.values() if t.easiest]
    assert text.count("Presets (`preset = 1` easiest to `10` hardest)") == len(with_presets)
    assert text.count("\n| 10 | ") == len(with_presets)
