"""What leaves this computer: no display names, and of file paths the file name only.

A patient's display name (``patients add --name``) is kept in this computer's database
and in no export, bundle or FHIR file: :data:`LOCAL_ONLY_COLUMNS` lists the columns every
exporter drops.  Exports name the patient by their pseudonymous code alone.

A full path (``/home/jane.doe/Videos/visit.mp4``, ``C:\\Users\\jdoe\\levels``) names the
user, and an export travels to other people.  The name is enough to tell files
apart; the level's full text is stored anyway (``level_definition``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath, PureWindowsPath
from typing import Any

# Columns that identify a person and never leave this computer's database.
LOCAL_ONLY_COLUMNS: dict[str, tuple[str, ...]] = {"patient": ("display_name",)}


def shareable(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` of ``table`` without its local-only columns."""
    dropped = LOCAL_ONLY_COLUMNS.get(table, ())
    return {k: v for k, v in row.items() if k not in dropped}


def file_name(value: Any) -> Any:
    """The last part of a path (``str`` or ``Path``); any other value as it is.

    Text without ``/`` or ``\\`` (``camera:0``, ``puppet``, a level name) is not a path.
    """
    if isinstance(value, PurePath):
        return value.name
    if isinstance(value, str) and ("/" in value or "\\" in value):
        return PureWindowsPath(value).name  # splits at both / and \
    return value


def without_paths(value: Any) -> Any:
    """``value`` with every path in it (nested in mappings and lists) cut to its file name."""
    if isinstance(value, Mapping):
        return {k: without_paths(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_paths(v) for v in value]
    return file_name(value)
