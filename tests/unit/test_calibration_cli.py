"""The calibration's command line: `balancegame calibrate`, the therapist's limit on a
calibration's age (command line or prescription), and bad values refused in words."""

from __future__ import annotations

from balancegame.calibrating.record import DEFAULT_MAX_AGE_DAYS
from balancegame.cli import main
from balancegame.game.calibration_state import CalibrationState
from balancegame.prescription.prescribed import Prescription, words
from balancegame.session.storage import Database


def test_calibrate_needs_the_patient(capsys) -> None:
    assert main(["calibrate", "--source", "puppet", "--headless"]) == 2
    err = capsys.readouterr().err
    assert "calibrate needs the patient" in err and "--patient P017" in err


def test_a_calibration_age_limit_that_is_not_a_number_of_days_is_refused(capsys) -> None:
    for days in ("0", "400", "nan"):
        assert main(["demo", "--headless", "--calibration-days", days]) == 2
        assert "is not a number of days from 1 to 365" in capsys.readouterr().err


def test_a_guest_is_never_calibrated_and_a_patient_is() -> None:
    guest = CalibrationState.for_session([], "anonymous", seated=False, side=None,
                                         max_age_days=None, forced=False)
    assert not guest.enabled and guest.max_age_days == DEFAULT_MAX_AGE_DAYS
    patient = CalibrationState.for_session([], "P017", seated=True, side="left",
                                           max_age_days=7, forced=False)
    assert patient.enabled and patient.mode == "seated" and patient.side_now == "left"
    assert patient.max_age_days == 7


def test_the_prescription_keeps_the_therapists_calibration_age_limit(tmp_path) -> None:
    with Database.open(tmp_path / "f.sqlite3") as db:
        db.add_patient("P017", height_cm=172)
        db.change_prescription("P017", {"program": "home-dodge-intervals",
                                        "calibration_days": 14}, via="command line")
        rx = Prescription.from_record(db.prescription("P017"))
        changes = db.prescription_changes("P017")
    assert rx.calibration_days == 14
    assert "calibration_days" in {c.field for c in changes}
    assert words("calibration_days", 14) == "14 days"
    assert words("calibration_days", None) == "30 days (the default)"
