"""Patient codes: the pseudonymous key of every row about a person; display names.

A code is 1 to 32 ASCII letters, digits, ``-`` or ``_`` (``P017``, ``ms-clinic_04``):
it can name a file or a folder on any system, and it cannot hold a full name with a
space between first and last name, an e-mail address or a birth date written with
dots or slashes.  The command line refuses any other value before anything starts;
the database refuses it too.

A display name (``patients add P017 --name "Anna"``) helps the patient find their tile
and the therapist tell patients apart on this computer.  It identifies the person, so it
is stored in this computer's database only and never leaves it (session/privacy.py).
"""

from __future__ import annotations

import re

PATIENT_CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
PATIENT_CODE_RULE = ("a patient code is 1 to 32 letters (A-Z, a-z), digits, '-' or '_', "
                     "a pseudonymous code such as P017, not a name")


def patient_code_problem(code: object) -> str | None:
    """Why ``code`` is not a patient code (a sentence fragment), or None if it is one."""
    if not isinstance(code, str):
        return f"it is {type(code).__name__}, not text"
    if not code:
        return "it is empty"
    if len(code) > 32:
        return f"it is {len(code)} characters long"
    bad = sorted({c for c in code if not PATIENT_CODE_RE.fullmatch(c)})
    if bad:
        shown = ", ".join("a space" if c == " " else repr(c) for c in bad[:5])
        return f"it contains {shown}"
    return None


DISPLAY_NAME_MAX = 40


def display_name_problem(name: object) -> str | None:
    """Why ``name`` cannot be a display name (a sentence fragment), or None."""
    if not isinstance(name, str):
        return f"it is {type(name).__name__}, not text"
    if not name.strip():
        return "it is empty"
    if len(name) > DISPLAY_NAME_MAX:
        return f"it is {len(name)} characters long (at most {DISPLAY_NAME_MAX})"
    if not name.isprintable():
        return "it contains an invisible character (a tab, a line break or a control code)"
    return None
