"""Patient codes: the pseudonymous key of every row about a person.

A code is 1 to 32 ASCII letters, digits, ``-`` or ``_`` (``P017``, ``ms-clinic_04``):
it can name a file or a folder on any system, and it cannot hold a full name with a
space between first and last name, an e-mail address or a birth date written with
dots or slashes.  The command line refuses any other value before anything starts;
the database refuses it too.
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
