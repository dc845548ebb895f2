"""Where level and program files are found: shipped (importlib.resources), user, --levels-dir.

The user folder is a fresh empty folder in every test (the autouse fixture
``user_levels_dir`` in tests/conftest.py); a test that needs files there writes them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from balancegame.cli import main
from balancegame.errors import LevelError, UsageError
from balancegame.prescription import library
from balancegame.prescription.levels import load_level
from balancegame.prescription.library import (
    LEVEL,
    LEVELS_DIR,
    PROGRAM,
    SHIPPED,
    USER_FOLDER,
    LevelLibrary,
)

REPO = Path(__file__).resolve().parents[2]
SHIPPED_NAMES = sorted(p.name for p in files("balancegame.shipped_levels").iterdir()
                       if p.name.endswith(".toml"))


def level_text(title: str, kind: str = "obstacle_dodge") -> str:
    return (f'schema_version = 1\ntype = "{kind}"\ntitle = "{title}"\n'
            'instructions = "Lean to the gap."\n[difficulty]\nduration_s = 30\n')


def program_text(*levels: str) -> str:
    entries = "".join(f'[[levels]]\nlevel = "{name}"\nrest_s = 5\n' for name in levels)
    return f'schema_version = 1\ntype = "program"\ntitle = "Mine"\nmax_session_min = 10\n{entries}'


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SHIPPED_NAMES)
def test_every_shipped_level_loads_through_importlib_resources(name: str) -> None:
    level = load_level(files("balancegame.shipped_levels").joinpath(name))
    assert level.name == name.removesuffix(".toml")
    assert level.title and level.instructions


def test_the_shipped_files_are_the_source_trees_levels_folder() -> None:
    shipped = LevelLibrary.shipped()
    assert [e.name for e in shipped.files(LEVEL)] == sorted(
        p.stem for p in (REPO / "levels").glob("*.toml"))
    assert [e.name for e in shipped.files(PROGRAM)] == sorted(
        p.stem for p in (REPO / "levels" / "programs").glob("*.toml"))
    assert {e.origin for e in shipped.files(LEVEL) + shipped.files(PROGRAM)} == {SHIPPED}
    for entry in shipped.files(PROGRAM):
        assert shipped.load(entry.file, PROGRAM).steps
    readme = files("balancegame.shipped_calibration").joinpath("README.md")
    assert readme.read_text(encoding="utf-8").startswith("# Calibration")


def test_a_name_is_found_in_levels_dir_then_user_folder_then_shipped(
        tmp_path: Path, user_levels_dir: Path) -> None:
    own = tmp_path / "own"
    write(own, "dodge-gentle", level_text("From my folder"))
    write(user_levels_dir, "dodge-gentle", level_text("From the user folder"))
    write(user_levels_dir, "user-only", level_text("Only in the user folder"))
    with_dir = LevelLibrary.for_user(own)
    assert with_dir.level("dodge-gentle").title == "From my folder"
    assert with_dir.level("user-only").title == "Only in the user folder"
    assert with_dir.level("dodge-seated").path.parent.name in ("levels", "shipped_levels")
    assert LevelLibrary.for_user().level("dodge-gentle").title == "From the user folder"
    (entry,) = [e for e in with_dir.catalogue(LEVEL) if e.name == "dodge-gentle"]
    assert entry.origin == LEVELS_DIR and entry.hides == (USER_FOLDER, SHIPPED)
    assert len(with_dir.files(LEVEL)) == len(SHIPPED_NAMES) + 3  # hidden ones are still files


def test_a_path_is_read_as_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, "dodge-gentle", level_text("A file given by its path"))
    assert LevelLibrary.for_user().level(str(path)).title == "A file given by its path"
    assert LevelLibrary.for_user().level(path).path == path


def test_programs_find_their_levels_in_the_same_order(tmp_path: Path) -> None:
    write(tmp_path, "my-level", level_text("Mine"))
    write(tmp_path / "programs", "my-program", program_text("my-level", "dodge-gentle"))
    program = LevelLibrary.for_user(tmp_path).program("my-program")
    assert [s.level.name for s in program.steps] == ["my-level", "dodge-gentle"]
    assert program.steps[0].level.path == tmp_path / "my-level.toml"
    with pytest.raises(LevelError, match="no level named 'my-level'"):
        LevelLibrary.for_user().program(str(tmp_path / "programs" / "my-program.toml"))


def test_an_unknown_name_says_what_was_looked_for_where_and_what_exists(
        tmp_path: Path, user_levels_dir: Path) -> None:
    write(tmp_path, "my-level", level_text("Mine"))
    with pytest.raises(LevelError) as info:
        LevelLibrary.for_user(tmp_path).level("no-such")
    (problem,) = info.value.problems
    assert "no level named 'no-such'" in problem and "no-such.toml" in problem
    assert f"--levels-dir {tmp_path}" in problem
    assert f"the user folder {user_levels_dir} (does not exist)" in problem
    assert "the shipped levels" in problem
    assert "my-level" in problem and "dodge-gentle" in problem
    assert "levels list" in info.value.hint
    with pytest.raises(LevelError) as info:
        LevelLibrary.for_user(tmp_path).program("no-such")
    assert f"--levels-dir {tmp_path / 'programs'} (does not exist)" in info.value.problems[0]
    assert "home-dodge-intervals" in info.value.problems[0]


def test_a_levels_dir_that_is_not_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--levels-dir"):
        LevelLibrary.for_user(tmp_path / "missing")


def test_the_user_folder_sits_beside_the_database(monkeypatch) -> None:
    from balancegame.session.storage import default_db_path

    monkeypatch.undo()  # the real function, not the test's private folder
    assert library.user_levels_dir().parent == default_db_path().parent
    assert library.user_levels_dir().name == "levels"


def test_levels_list_says_where_each_comes_from(tmp_path: Path, user_levels_dir: Path,
                                                capsys) -> None:
    write(tmp_path, "my-level", level_text("Mine"))
    write(tmp_path / "programs", "my-program", program_text("my-level"))
    write(user_levels_dir, "dodge-gentle", level_text("My gentle dodge"))
    assert main(["levels", "list", "--levels-dir", str(tmp_path)]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "[--levels-dir]" in lines["my-level"] and "[--levels-dir]" in lines["my-program"]
    assert "[user folder]" in lines["dodge-gentle"] and "in place of the shipped" in \
        lines["dodge-gentle"]
    assert "[shipped]" in lines["dodge-seated"] and "[shipped]" in lines["clinic-assessment"]
    assert str(user_levels_dir) in lines["Names"]


def test_levels_validate_checks_every_folder(tmp_path: Path, capsys) -> None:
    write(tmp_path, "my-level", level_text("Mine"))
    assert main(["levels", "validate", "--levels-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"OK   {tmp_path / 'my-level.toml'}" in out and "dodge-gentle.toml" in out
    write(tmp_path / "programs", "broken", program_text("no-such"))
    assert main(["levels", "validate", "--levels-dir", str(tmp_path)]) == 2
    assert "no level named 'no-such'" in capsys.readouterr().out


def test_play_and_demo_pass_levels_dir_to_the_session(tmp_path: Path, monkeypatch) -> None:
    from balancegame import app

    class Stop(Exception):
        pass

    seen = []

    def run_session(opts):
        seen.append(opts)
        raise Stop

    monkeypatch.setattr(app, "run_session", run_session)
    for command in ("play", "demo"):
        with pytest.raises(Stop):
            main([command, "--levels-dir", str(tmp_path), "--level", "my-level"])
    assert [o.levels_dir for o in seen] == [tmp_path, tmp_path]


def test_a_session_looks_its_levels_up_in_levels_dir_first(tmp_path: Path) -> None:
    from balancegame.app import SessionOptions, run_session

    # Levels are found before any camera, model or database is touched.
    with pytest.raises(LevelError) as info:
        run_session(SessionOptions(source="puppet", levels=["no-such"], levels_dir=tmp_path))
    assert f"--levels-dir {tmp_path}" in info.value.problems[0]
