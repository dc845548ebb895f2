"""The built wheel, installed (not editable) in a fresh virtual environment, runs anywhere.

A clinic installs with pipx or from a wheel: there is no source tree beside the program,
so its levels, programs and calibration protocols must travel inside the wheel.  The wheel
is built offline (no build isolation: the test venv's own setuptools), installed without
its dependencies, and the heavy ones (mediapipe, opencv, pygame, numpy...) are made visible
with a .pth line naming this venv's site-packages.  A plain directory line in a .pth does not
run that directory's own .pth files, so this venv's editable finder for balancegame stays
off; the test checks that the installed copy, not the source tree, is what runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
LEVELS = sorted(p.stem for p in (REPO / "levels").glob("*.toml"))
PROGRAMS = sorted(p.stem for p in (REPO / "levels" / "programs").glob("*.toml"))
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", ".hypothesis", "out")
TIMEOUT_S = 300


def run(*cmd: str | Path, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, f"{cmd}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("wheel")
    # A copy: pip builds in the tree it is given, and a stale build/ there would leak into
    # the wheel files that no longer exist.
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=NOT_SOURCE)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", tmp / "dist", src, cwd=tmp)
    (wheel,) = (tmp / "dist").glob("balancegame-*.whl")
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        wheel, cwd=tmp)
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                       cwd=tmp).stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (purelib / "balancegame_test_dependencies.pth").write_text("\n".join(ours) + "\n")
    work = tmp / "elsewhere"  # not the source tree, not the wheel's folder
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(XDG_DATA_HOME=str(tmp / "user-data"), SDL_VIDEODRIVER="dummy",
               SDL_AUDIODRIVER="dummy")
    return {"tmp": tmp, "wheel": wheel, "python": python, "purelib": purelib, "work": work,
            "env": env, "program": python.parent / "balancegame"}


def test_the_wheel_holds_the_package_levels_programs_and_protocols(installed) -> None:
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    # Every module and data file of the package (challenge declarations, the puppet image...).
    package = {p.relative_to(REPO).as_posix() for p in (REPO / "balancegame").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert package - names == set()
    data = "balancegame/shipped_levels"
    assert {f"{data}/{n}.toml" for n in LEVELS} | {f"{data}/programs/{n}.toml" for n in PROGRAMS} \
        | {f"{data}/README.md", "balancegame/shipped_calibration/README.md"} <= names


def test_the_installed_copy_runs_not_the_source_tree(installed) -> None:
    out = run(installed["python"], "-c",
              "import balancegame, importlib.resources as r; print(balancegame.__file__); "
              "print(r.files('balancegame.shipped_levels'))",
              cwd=installed["work"], env=installed["env"]).stdout.split()
    for path in out:
        assert Path(path).is_relative_to(installed["purelib"]), out


def test_levels_list_shows_the_shipped_levels_and_programs(installed) -> None:
    out = run(installed["program"], "levels", "list", cwd=installed["work"],
              env=installed["env"]).stdout
    listed = {line.split()[0]: line for line in out.splitlines()}
    for name in LEVELS + PROGRAMS:
        assert "[shipped]" in listed.get(name, ""), f"{name} missing:\n{out}"
    assert "BROKEN" not in out


def test_a_short_headless_demo_saves_a_session(installed) -> None:
    db, export = installed["tmp"] / "x.sqlite3", installed["tmp"] / "x.json"
    out = run(installed["program"], "demo", "--headless", "--seconds", "8", "--db", db,
              cwd=installed["work"], env=installed["env"]).stdout
    assert f"saved in {db}" in out
    run(installed["program"], "export", "--db", db, "--format", "json", "--out", export,
        cwd=installed["work"], env=installed["env"])
    (session,) = json.loads(export.read_text(encoding="utf-8"))["sessions"]
    assert session["end_reason"] == "time limit reached (--seconds)"
    assert session["level_runs"], session
