"""What the session log and its exports keep of file paths: the file name only.

A full path (``/home/jane.doe/Videos/visit.mp4``, ``C:\\Users\\jdoe\\levels``) names the
user, and an export travels to other people.  The name is enough to tell files
apart; the level's full text is stored anyway (``level_definition``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath, PureWindowsPath
from typing import Any


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
