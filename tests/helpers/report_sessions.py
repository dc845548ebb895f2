"""Three sessions of one patient over two weeks, played by the demo puppet's body, for
the report tests (tests/unit/test_report.py) and for looking at a report by hand:

* Monday 2 March 2026: dodge-gentle, stance-tandem (no program);
* Wednesday 4 March: the two-hour rule answered yes; the same levels, with the person
  out of view for 3 s during the walls (the level pauses and goes on);
* Monday 9 March, 3 sessions a week prescribed: answered no, so every level is lighter
  (prescription/dose.py); dodge-gentle, then the three levels of the spoken dual-task
  cost (the game logs it when all three have been played; the supervisor's Y and N keys
  mark the answers).

``python tests/helpers/report_sessions.py DB`` writes them to DB.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from balancegame.clock import FakeClock
from balancegame.prescription.dose import lighter_session
from balancegame.prescription.library import LevelLibrary
from balancegame.session.storage import Database
from helpers.puppet_play import play_session

PATIENT = "P017"
DAYS = (datetime(2026, 3, 2, 9, 30, tzinfo=UTC), datetime(2026, 3, 4, 16, 5, tzinfo=UTC),
        datetime(2026, 3, 9, 10, 15, tzinfo=UTC))
DUAL = ("stance-feet-together", "counting-seated", "dual-task-spoken-3s")
ABSENT_S = ((25.0, 28.0),)  # nobody in view: during the walls of session 2


def _answer(word: str, notes: list[str]):
    def before(log, clock) -> None:
        log.event("two_hour_rule", clock.now_s(), {
            "felt_same_or_better": {"yes": True, "no": False}[word], "answer": word,
            "changes": notes})
    return before


def make_sessions(path: Path | str) -> list[int]:
    """The three sessions in ``path`` (a new database); their session ids."""
    library = LevelLibrary.shipped()
    plan = [
        ([library.level("dodge-gentle"), library.level("stance-tandem")], None, (), {}),
        ([library.level("dodge-gentle"), library.level("stance-tandem")], "yes", ABSENT_S,
         {}),
        ([library.level(n) for n in ("dodge-gentle", *DUAL)], "no", (),
         {"prescription": {"sessions_per_week": 3}}),
    ]
    ids = []
    for seed, (start, (levels, answer, absent, stored)) in enumerate(zip(DAYS, plan,
                                                                         strict=True)):
        clock = FakeClock(0.0)
        notes: list[str] = []
        if answer == "no":
            levels, _, notes = lighter_session(levels, [])
        with Database.open(path, utc_now=lambda s=start, c=clock: s + timedelta(
                seconds=c.now_s())) as db:
            if seed == 0:
                db.add_patient(PATIENT, height_cm=172)
            sid = play_session(levels, db, seed, PATIENT, absent=absent, clock=clock,
                               before=_answer(answer, notes) if answer else None,
                               settings={"source": "puppet", "program": None,
                                         "levels": [lv.name for lv in levels],
                                         "speak": False, "vsync": True, **stored})
            db.end_session(sid, "completed", "finished")
            ids.append(sid)
    return ids


if __name__ == "__main__":
    print(make_sessions(sys.argv[1]))
