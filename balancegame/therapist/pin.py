"""The therapist PIN: how it is hashed and compared, and what wrong PINs cost.

* **The PIN** is 6 to 12 digits.  Six identical digits or a straight run (123456,
  987654) are refused: they are the first ones anybody tries.
* **The hash** is ``hashlib.scrypt`` over the PIN with 16 random bytes of salt,
  ``n = 2**17, r = 8, p = 1`` (128 MiB, about 0.3 s on a 2-core laptop): OWASP's
  minimum for scrypt (Password Storage Cheat Sheet).  The parameters are stored with
  the hash; a PIN that matches a hash made with weaker ones is hashed again
  (:func:`needs_rehash`), so the parameters can be raised later without anybody
  choosing a new PIN.  Hashes are compared with ``hmac.compare_digest``.
  Six digits are a million possibilities: a stolen database file can be searched
  offline in days whatever the hash costs.  The PIN keeps the prescription from being
  changed by accident or on a whim at the keyboard, and every change is logged with
  its time (:mod:`balancegame.session.storage.therapist`); it is not a guard against
  someone who controls the computer, who can edit the file itself.
* **Wrong PINs** (:func:`after_wrong`, :func:`wait_s`): after the k-th wrong PIN in a
  row (k = 1 to 4) the next attempt is accepted only 2**(k-1) s later (1, 2, 4, 8 s);
  the 5th locks therapist mode for 15 minutes, and after a lock-out every further wrong
  PIN locks it again for 15 minutes.  A right PIN resets the count.  An attempt made
  while a wait runs is refused without being checked or counted.
* **Times** are wall-clock UTC, stored in the database, so a restart changes nothing.
  A clock set back would push a wait into the future: :func:`settled` moves the stored
  times back with it, so the wait left is what it was.  A clock set forward shortens a
  lock-out; see the paragraph on what the PIN is for.

Pure: no database, no clock of its own (``now`` is passed in), no sleeping.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

MIN_DIGITS, MAX_DIGITS = 6, 12
SALT_BYTES = 16
DIGEST_BYTES = 32
LOCK_AFTER = 5  # wrong PINs in a row that lock therapist mode
LOCK_S = 15 * 60.0
ALGORITHM = "scrypt"


@dataclass(frozen=True)
class ScryptParams:
    n: int = 2**17  # CPU and memory cost (128 * r * n bytes: 128 MiB)
    r: int = 8
    p: int = 1

    def weaker_than(self, other: ScryptParams) -> bool:
        return self.n < other.n or self.r < other.r or self.p < other.p

    @property
    def maxmem(self) -> int:
        """The memory scrypt may use: twice what the parameters need."""
        return 2 * 128 * self.r * (self.n + self.p + 2)


DEFAULT_PARAMS = ScryptParams()


@dataclass(frozen=True)
class PinHash:
    salt: bytes
    digest: bytes
    params: ScryptParams


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be the therapist PIN (a sentence), or None if it can."""
    if not pin.isascii() or not pin.isdigit():
        return "A PIN is digits only (0-9)."
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        return f"A PIN has {MIN_DIGITS} to {MAX_DIGITS} digits; this one has {len(pin)}."
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({0}, {1}, {9}):
        return ("One digit repeated or a straight run (123456, 987654) is guessed first: "
                "choose another.")
    return None


def _derive(pin: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=params.n, r=params.r,
                          p=params.p, maxmem=params.maxmem, dklen=DIGEST_BYTES)


def hash_pin(pin: str, params: ScryptParams = DEFAULT_PARAMS,
             salt: bytes | None = None) -> PinHash:
    """A new hash of a valid PIN (``pin_problem`` is None), with a fresh random salt."""
    problem = pin_problem(pin)
    if problem is not None:
        raise ValueError(problem)
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    return PinHash(salt, _derive(pin, salt, params), params)


def pin_matches(pin: str, stored: PinHash) -> bool:
    """Whether ``pin`` is the PIN ``stored`` was made from (constant-time comparison)."""
    if not pin.isascii() or not pin.isdigit() or len(pin) > MAX_DIGITS:
        pin = ""  # still hashed, so a wrong form takes as long as a wrong PIN
    return hmac.compare_digest(_derive(pin, stored.salt, stored.params), stored.digest)


def needs_rehash(stored: PinHash, params: ScryptParams = DEFAULT_PARAMS) -> bool:
    return stored.params.weaker_than(params)


@dataclass(frozen=True)
class Attempts:
    """Wrong PINs in a row, when the last one was, and the lock-out they set (UTC)."""

    failed_in_row: int = 0
    last_failed: datetime | None = None
    locked_until: datetime | None = None

    @property
    def tries_left(self) -> int:
        """Wrong PINs left before the next one locks therapist mode (0 after a lock-out)."""
        return max(0, LOCK_AFTER - self.failed_in_row)


def delay_after_s(failed_in_row: int) -> float:
    """The wait before the next attempt after this many wrong PINs in a row (no lock)."""
    return 0.0 if failed_in_row <= 0 else 2.0 ** (failed_in_row - 1)


def after_wrong(state: Attempts, now: datetime) -> Attempts:
    """The state after a wrong PIN at ``now``."""
    n = state.failed_in_row + 1
    locked = now + timedelta(seconds=LOCK_S) if n >= LOCK_AFTER else None
    return Attempts(n, now, locked)


def wait_s(state: Attempts, now: datetime) -> float:
    """Seconds from ``now`` before an attempt is accepted (0: now)."""
    if state.last_failed is None:
        return 0.0
    end = state.locked_until or state.last_failed + timedelta(
        seconds=delay_after_s(state.failed_in_row))
    return max(0.0, (end - now).total_seconds())


def locked(state: Attempts, now: datetime) -> bool:
    """Locked out (not merely waiting a few seconds)."""
    return state.locked_until is not None and wait_s(state, now) > 0


def settled(state: Attempts, now: datetime) -> Attempts:
    """``state`` with its times moved back by as much as the clock went back since the
    last wrong PIN (unchanged when it did not): the wait left stays what it was."""
    if state.last_failed is None or state.last_failed <= now:
        return state
    shift = state.last_failed - now
    return replace(state, last_failed=now,
                   locked_until=None if state.locked_until is None
                   else state.locked_until - shift)
