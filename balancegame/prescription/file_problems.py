"""Problems in a level or program file, in a therapist's words, with line numbers.

The loaders say what is wrong with each field; this module says *where*: it
finds the line each problem is about (``line 12: [difficulty] rest_s = "60":
...``), shows the value as the therapist wrote it (``true``, not Python's
``True``), and turns TOML's syntax messages into sentences about quotes,
units and one value per line.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata

_PROBLEM = re.compile(
    r"^(?P<head>\[\[(?P<array>[a-z_]+)\]\] number (?P<n>\d+): |\[(?P<section>[a-z_]+)\] )?"
    r"(?P<key>[a-z_]+)(?P<rest> = .*|: .*| is .*)$")
_TOML_HINTS = (
    ("Illegal character '\\n'", "a text value is missing its closing quote (\")"),
    ("Expected newline or end of document after a statement",
     "only one name = value per line, and numbers without units: write duration_s = 30, "
     "not duration_s = 30 s"),
    ("Invalid value", "this value is not a number, true/false or text in quotes: put text in "
                      "quotes, e.g. mode = \"gate\""),
    ("Cannot overwrite a value", "this name is given twice: keep one of the two lines"),
    ("Cannot declare", "this [section] is given twice: keep one"),
    ("Unclosed array", "a list is missing its closing ]"),
    ("Expected '=' after a key", "each line needs name = value"),
)


def toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    """A syntax error as a sentence, with its line."""
    message = str(exc)
    where = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line = f"line {where.group(1)}: " if where else ""
    for pattern, words in _TOML_HINTS:
        if pattern in message:
            return f"{line}{words} (the file reader said: {message})."
    return (f"{line}not valid TOML ({message}). Check quotes, '=' signs and [section] headers "
            "on that line.")


def _lines(text: str) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """(section, key) -> [(line number, the value as written)], one per [[array]] entry."""
    found: dict[tuple[str, str], list[tuple[int, str]]] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if header := re.match(r"^\[\[?\s*([A-Za-z_]+)\s*\]?\]$", line):
            section = header.group(1)
            continue
        if m := re.match(r"^([A-Za-z_]+)\s*=\s*(.*)$", line):
            value = re.sub(r"\s+#[^\"']*$", "", m.group(2)).strip()
            found.setdefault((section, m.group(1)), []).append((number, value))
    return found


def located(problems: list[str], text: str) -> list[str]:
    """Each problem prefixed with its line and showing the value as written, where found."""
    lines = _lines(text)
    out = []
    for problem in problems:
        m = _PROBLEM.match(problem)
        if m is None:
            out.append(problem)
            continue
        key, section = m.group("key"), m.group("section") or m.group("array") or ""
        places = lines.get((section, key), [])
        index = int(m.group("n")) - 1 if m.group("n") else 0
        if index >= len(places):
            out.append(problem)
            continue
        number, written = places[index]
        rest = m.group("rest")
        if rest.startswith(" = ") and ": " in rest:  # replace the program's echo of the value
            rest = f" = {written}: " + rest.split(": ", 1)[1]
        out.append(f"line {number}: {m.group('head') or ''}{key}{rest}")
    return out


def closest(word: object, known: list[str]) -> str | None:
    """The known name a misspelt one most likely meant, or None."""
    if not isinstance(word, str):
        return None
    match = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return match[0] if match else None


def type_of_difficulty(doc: dict, types: dict) -> str | None:
    """The type whose parameters the [difficulty] table names most, if it names any."""
    keys = set(doc.get("difficulty", {})) if isinstance(doc.get("difficulty"), dict) else set()
    keys -= {"duration_s", "countdown_s"}
    score = {name: len(keys & {p.name for p in t.params}) for name, t in types.items()}
    best = max(score, key=score.get, default=None)
    return best if best and score[best] else None


def control_character_problem(key: str, text: str) -> str | None:
    """A control character (NUL, escape, ...) cannot be shown on screen: it would stop the
    program when the text is drawn.  Line breaks and tabs are allowed."""
    for i, c in enumerate(text):
        if unicodedata.category(c) == "Cc" and c not in "\n\t":
            name = {"\0": "NUL", "\x1b": "ESC", "\r": "carriage return"}.get(c, "control")
            return (f"{key} contains the invisible character U+{ord(c):04X} ({name}) at "
                    f"position {i + 1}: remove it; only ordinary text can be shown on screen.")
    return None
