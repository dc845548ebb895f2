"""The therapist PIN (issue 11, part 2): a salted scrypt hash compared in constant time, a
growing wait after wrong PINs and a lock-out that survives closing the program.

No test sleeps: the wall clock is injected, and moved by hand.  Hashes in tests use cheap
scrypt parameters (``FAST``); the default ones are checked once, by their numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from balancegame.errors import TherapistError
from balancegame.session.storage import Database
from balancegame.therapist import pin as pins
from balancegame.therapist.desk import TherapistDesk

FAST = pins.ScryptParams(n=2**8, r=8, p=1)  # tests only: the stored hash keeps its own
PIN = "482916"


class WallClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> WallClock:
    return WallClock()


@pytest.fixture
def desk(tmp_path: Path, clock: WallClock) -> TherapistDesk:
    made = TherapistDesk(tmp_path / "log.sqlite3", utc_now=clock, params=FAST)
    made.set_pin(PIN)
    return made


def test_the_default_parameters_are_owasps_scrypt_minimum() -> None:
    assert pins.ScryptParams(n=2**17, r=8, p=1) == pins.DEFAULT_PARAMS
    assert pins.DEFAULT_PARAMS.maxmem >= 128 * 8 * 2**17  # scrypt needs 128 MiB


def test_a_hash_is_salted_scrypt_and_checks_the_pin() -> None:
    made = pins.hash_pin(PIN, FAST)
    again = pins.hash_pin(PIN, FAST)
    assert len(made.salt) == 16 and made.salt != again.salt and made.digest != again.digest
    assert made.digest == hashlib.scrypt(PIN.encode(), salt=made.salt, n=FAST.n, r=FAST.r,
                                         p=FAST.p, dklen=32)
    assert pins.pin_matches(PIN, made)
    for wrong in ("482917", "4829160", "", "48291a", "４８２９１６"):
        assert not pins.pin_matches(wrong, made)


def test_hashes_are_compared_in_constant_time(monkeypatch) -> None:
    seen = []
    real = hmac.compare_digest
    monkeypatch.setattr(pins.hmac, "compare_digest", lambda a, b: seen.append(1) or real(a, b))
    assert pins.pin_matches(PIN, pins.hash_pin(PIN, FAST)) and seen == [1]


@pytest.mark.parametrize(("pin", "words"), [
    ("12345", "6 to 12 digits"), ("1234567890123", "6 to 12 digits"), ("12a456", "digits only"),
    ("000000", "One digit repeated"), ("123456", "straight run"), ("987654", "straight run"),
    ("890123", "straight run"), ("48 2916", "digits only")])
def test_weak_or_malformed_pins_are_refused(pin, words) -> None:
    assert words in pins.pin_problem(pin)
    with pytest.raises(ValueError):
        pins.hash_pin(pin, FAST)


def test_good_pins_are_accepted() -> None:
    for pin in ("482916", "135792", "112233", "004815162342"):
        assert pins.pin_problem(pin) is None


def test_the_wait_grows_then_five_wrong_pins_lock_for_15_minutes(desk, clock) -> None:
    waits = []
    for k in range(1, 5):
        check = desk.check_pin("111222")
        assert check.outcome == "wrong" and not check.ok and check.tries_left == 5 - k
        waits.append(check.wait_s)
        assert desk.check_pin(PIN).outcome == "wait"  # refused unchecked, not counted
        clock.advance(check.wait_s)
    assert waits == [1.0, 2.0, 4.0, 8.0]
    fifth = desk.check_pin("111222")
    assert fifth.outcome == "wrong" and fifth.tries_left == 0 and fifth.wait_s == 15 * 60
    assert "locked" in fifth.sentence() and "15 min" in fifth.sentence()
    clock.advance(14 * 60)
    still = desk.check_pin(PIN)  # the right PIN does not open a lock-out early
    assert still.outcome == "locked" and not still.ok and "1 min" in still.sentence()
    clock.advance(60)
    assert desk.check_pin(PIN).ok


def test_the_lock_out_survives_closing_and_reopening_the_database(tmp_path, clock) -> None:
    path = tmp_path / "log.sqlite3"
    TherapistDesk(path, utc_now=clock, params=FAST).set_pin(PIN)
    for _ in range(5):
        desk = TherapistDesk(path, utc_now=clock, params=FAST)  # a new program run each time
        desk.check_pin("999111")
        clock.advance(10)
    with Database.open(path) as db:  # as the next session opens it, crash recovery and all
        record = db.therapist_pin()
    assert record.failed_in_row == 5 and record.locked_until_utc is not None
    assert TherapistDesk(path, utc_now=clock, params=FAST).check_pin(PIN).outcome == "locked"
    clock.advance(15 * 60)
    assert TherapistDesk(path, utc_now=clock, params=FAST).check_pin(PIN).ok


def test_after_a_lock_out_each_wrong_pin_locks_again_and_a_right_one_resets(desk, clock):
    for _ in range(5):
        clock.advance(desk.check_pin("999111").wait_s)
    again = desk.check_pin("999111")
    assert again.outcome == "wrong" and again.wait_s == 15 * 60
    clock.advance(15 * 60)
    assert desk.check_pin(PIN).ok
    first = desk.check_pin("999111")
    assert first.tries_left == 4 and first.wait_s == 1.0


def test_a_clock_set_back_does_not_stretch_the_wait(desk, clock) -> None:
    for _ in range(3):
        clock.advance(desk.check_pin("999111").wait_s)
    desk.check_pin("999111")  # the 4th: 8 s to wait
    clock.advance(3)
    clock.now -= timedelta(days=2)  # someone sets the clock back two days
    check = desk.check_pin(PIN)
    assert check.outcome == "wait" and check.wait_s == pytest.approx(8.0)
    clock.advance(8)
    assert desk.check_pin(PIN).ok


def test_the_file_keeps_only_a_salted_hash_and_its_parameters(desk, tmp_path) -> None:
    con = sqlite3.connect(tmp_path / "log.sqlite3")
    row = con.execute("SELECT algorithm, salt_hex, hash_hex, n, r, p FROM therapist_pin").fetchone()
    dump = "\n".join(con.iterdump())
    con.close()
    assert row[0] == "scrypt" and (row[3], row[4], row[5]) == (FAST.n, FAST.r, FAST.p)
    assert len(bytes.fromhex(row[1])) == 16 and len(bytes.fromhex(row[2])) == 32
    assert PIN not in dump


def test_a_pin_with_weaker_parameters_is_hashed_again_when_it_is_right(desk, tmp_path, clock):
    stronger = pins.ScryptParams(n=2**9, r=8, p=1)
    TherapistDesk(desk.db_path, utc_now=clock, params=stronger).check_pin(PIN)
    with Database.open(desk.db_path) as db:
        assert db.therapist_pin().n == 2**9
    assert TherapistDesk(desk.db_path, utc_now=clock, params=stronger).check_pin(PIN).ok


def test_changing_the_pin_needs_the_current_one(desk) -> None:
    with pytest.raises(TherapistError, match="needs the therapist PIN"):
        desk.set_pin("735194")
    with pytest.raises(TherapistError, match="straight run"):
        desk.set_pin("123456", desk.check_pin(PIN).unlocked)
    desk.set_pin("735194", desk.check_pin(PIN).unlocked)
    assert not desk.check_pin(PIN).ok and desk.check_pin("735194").outcome == "wait"


def test_an_unlocked_proof_from_another_desk_does_not_count(desk, tmp_path, clock) -> None:
    other = TherapistDesk(tmp_path / "other.sqlite3", utc_now=clock, params=FAST)
    other.set_pin(PIN)
    with pytest.raises(TherapistError):
        desk.set_pin("735194", other.check_pin(PIN).unlocked)


def test_no_pin_set_says_so_and_creates_no_file(tmp_path, clock) -> None:
    desk = TherapistDesk(tmp_path / "none.sqlite3", utc_now=clock, params=FAST)
    check = desk.check_pin(PIN)
    assert check.outcome == "no_pin" and not check.ok and not desk.has_pin()
    assert not (tmp_path / "none.sqlite3").exists()
