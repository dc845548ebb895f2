"""Where level and program files live, and the one way to find one by name.

A name (a file's stem, as in ``--level dodge-gentle``) is looked up in three
folders, in this order, and the first file of that name is used:

1. a therapist's own folder, given with ``--levels-dir DIR``;
2. the user folder: ``levels/`` in the per-user data folder, beside the
   database (e.g. ``~/.local/share/balancegame/levels``);
3. the levels shipped inside the installed program: the package
   ``balancegame.shipped_levels``, which pyproject.toml maps from the source
   tree's ``levels/`` and :mod:`importlib.resources` reads, from a wheel as
   from a checkout.

Programs live in ``programs/`` inside each of these folders and are found the
same way; the levels a program names are looked up in the same order too.
A path to a file (anything ending in ``.toml``, or an existing file) is read
as it is.  An unknown name raises :class:`LevelError` saying what was looked
for, where, and what there is.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

from balancegame.errors import LevelError, UsageError
from balancegame.prescription.levels import Level, load_level
from balancegame.prescription.programs import Program, load_program

LEVEL, PROGRAM = "level", "program"
# Where a file comes from, as `balancegame levels list` says it:
SHIPPED, USER_FOLDER, LEVELS_DIR = "shipped", "user folder", "--levels-dir"


def shipped_levels_folder() -> Traversable:
    """The shipped level files (programs in its ``programs/``), inside the installed package."""
    return files("balancegame.shipped_levels")


def user_levels_dir() -> Path:
    """The user folder; the same per-user base as the database's ``default_db_path``."""
    return platformdirs.user_data_path("balancegame") / "levels"


@dataclass(frozen=True)
class Folder:
    """One place level files live: its level files, and its programs in ``programs/``."""

    origin: str  # SHIPPED, USER_FOLDER or LEVELS_DIR
    levels: Traversable

    def folder(self, kind: str) -> Traversable:
        return self.levels if kind == LEVEL else self.levels / "programs"

    def files(self, kind: str) -> list[Traversable]:
        """The ``.toml`` files of one kind, by name; none if the folder does not exist."""
        folder = self.folder(kind)
        if not folder.is_dir():
            return []
        return sorted((f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()),
                      key=lambda f: f.name)

    def describe(self, kind: str) -> str:
        """The folder in words, for messages: 'the shipped levels', 'the user folder /x'."""
        if self.origin == SHIPPED:
            return f"the shipped {kind}s"
        folder = self.folder(kind)
        label = "the user folder" if self.origin == USER_FOLDER else LEVELS_DIR
        return f"{label} {folder}" + ("" if folder.is_dir() else " (does not exist)")


@dataclass(frozen=True)
class LibraryFile:
    """A level or program file found in the library, and where it comes from."""

    name: str  # the file stem: what --level / --program and program files use
    kind: str  # LEVEL or PROGRAM
    origin: str  # SHIPPED, USER_FOLDER or LEVELS_DIR
    file: Traversable
    hides: tuple[str, ...] = ()  # origins of files of the same name that this one wins over


@dataclass(frozen=True)
class LevelLibrary:
    """The folders searched for level and program names, first to last."""

    folders: tuple[Folder, ...]

    @classmethod
    def for_user(cls, levels_dir: Path | None = None) -> LevelLibrary:
        """--levels-dir (if given), then the user folder, then the shipped levels."""
        folders = [Folder(USER_FOLDER, user_levels_dir()), Folder(SHIPPED, shipped_levels_folder())]
        if levels_dir is not None:
            if not levels_dir.is_dir():
                raise UsageError(f"--levels-dir {levels_dir}: there is no such folder.",
                                 "Give the folder that holds your level files (.toml); "
                                 "programs go in its programs/ subfolder.")
            folders.insert(0, Folder(LEVELS_DIR, levels_dir))
        return cls(tuple(folders))

    @classmethod
    def shipped(cls) -> LevelLibrary:
        """Only the shipped levels (tests, benchmarks: nothing of the user's)."""
        return cls((Folder(SHIPPED, shipped_levels_folder()),))

    def files(self, kind: str) -> list[LibraryFile]:
        """Every file of one kind in every folder, in search order (hidden ones too)."""
        return [LibraryFile(f.name.removesuffix(".toml"), kind, folder.origin, f)
                for folder in self.folders for f in folder.files(kind)]

    def catalogue(self, kind: str) -> list[LibraryFile]:
        """One file per name, the one a lookup finds, sorted by name."""
        found: dict[str, LibraryFile] = {}
        hidden: dict[str, list[str]] = {}
        for entry in self.files(kind):
            if entry.name in found:
                hidden[entry.name].append(entry.origin)
            else:
                found[entry.name], hidden[entry.name] = entry, []
        return [LibraryFile(e.name, kind, e.origin, e.file, tuple(hidden[name]))
                for name, e in sorted(found.items())]

    def locate(self, kind: str, name_or_path: str | Path) -> Traversable:
        """The file a name or path stands for; LevelError naming the folders if none."""
        candidate = Path(name_or_path)
        if isinstance(name_or_path, Path) or candidate.suffix == ".toml" or candidate.is_file():
            return candidate
        for entry in self.files(kind):
            if entry.name == name_or_path:
                return entry.file
        places = ", then ".join(folder.describe(kind) for folder in self.folders)
        there = ", ".join(e.name for e in self.catalogue(kind)) or "none"
        raise LevelError(Path(f"{name_or_path}.toml"), [
            f"no {kind} named {name_or_path!r}: looked for {name_or_path}.toml in {places}. "
            f"{kind.capitalize()}s there: {there}."],
            "`balancegame levels list` shows every level and program and where each comes "
            "from; --levels-dir DIR adds a folder of your own.")

    def load(self, file: str | Path | Traversable, kind: str) -> Level | Program:
        """A level or program from its file; a program's levels are found in this library."""
        return load_level(file) if kind == LEVEL else load_program(file, self.level)

    def level(self, name_or_path: str | Path) -> Level:
        return load_level(self.locate(LEVEL, name_or_path))

    def program(self, name_or_path: str | Path) -> Program:
        return load_program(self.locate(PROGRAM, name_or_path), self.level)

    def search_order(self) -> str:
        """Where names are looked up, in words (the last line of `levels list`)."""
        return "Names are looked up in " + ", then ".join(
            folder.describe(LEVEL) for folder in self.folders) + "."
