"""Someone else in view: which detections count, the 2-of-3 vote, the tracker's jumps, the
spans left out of the measures, and which pause is told."""

import numpy as np
import pytest

from balancegame.body.identity import IdentityGuard
from balancegame.body.safety import Alert
from balancegame.game.scenes.pause_causes import pause_cause
from balancegame.game.scenes.someone_else import OthersInView
from balancegame.messages import TrackerHealth
from balancegame.people_watch import Vote
from balancegame.pose.people import Person, other_people, patient_box, strips_beside
from tests.helpers.scripted_tracker import signals

H = 480  # frame height # px
PATIENT_BOX = (250.0, 40.0, 410.0, 460.0)


def test_the_patient_and_weak_or_implausible_detections_are_not_someone_else():
    found = [Person(0.98, (330, 250), 170),  # the patient: hips inside the box
             Person(0.95, (540, 230), 200),  # another person beside her
             Person(0.55, (100, 240), 150),  # an empty room's best score
             Person(0.90, (120, 200), 10),  # a 20 px "body": a pattern on the wall
             Person(0.93, (541, 228), 198)]  # the same man again, found on a strip
    others = other_people(found, PATIENT_BOX, H)
    assert [p.hip_px for p in others] == [(540, 230)]


def test_without_a_tracked_patient_all_but_the_best_detection_are_others():
    found = [Person(0.9, (100, 240), 150), Person(0.97, (500, 240), 150)]
    assert [p.score for p in other_people(found, None, H)] == [0.9]
    assert other_people(found[:1], None, H) == []


def test_the_strips_beside_the_patient_are_searched_when_wide_enough():
    assert strips_beside(PATIENT_BOX, 640) == [(0, 240), (420, 640)]
    assert strips_beside((20.0, 0.0, 600.0, 480.0), 640) == []  # she fills the picture
    assert strips_beside(None, 640) == []


def test_the_patient_box_is_her_landmarks_widened():
    lm = np.zeros((33, 4))
    lm[:, 0] = np.linspace(300, 400, 33)
    lm[:, 1] = np.linspace(100, 400, 33)
    lm[:, 3] = 1.0
    lm[0, 3] = 0.0  # an unseen landmark does not count
    x0, y0, x1, y1 = patient_box(lm, margin=0.1)
    assert x1 - x0 == pytest.approx(1.2 * (400 - lm[1, 0]))
    assert y1 == pytest.approx(400 + 0.1 * (400 - lm[1, 1]))
    assert patient_box(None) is None


def test_two_of_three_checks_report_and_two_of_three_clear():
    vote = Vote()
    assert [vote.add(x) for x in (True, False, True, True, False, False, True)] == [
        False, False, True, True, True, False, False]


def test_a_jump_in_trunk_length_or_an_impossible_hip_speed_is_another_person():
    guard = IdentityGuard()
    base = dict(cm_per_px=0.5, hip_mid_px=(320.0, 240.0), trunk_px=150.0)
    assert not guard.observe(signals(0.0, **base))
    assert not guard.observe(signals(1 / 30, **{**base, "trunk_px": 156.0}))  # a lean: 4 %
    assert guard.observe(signals(2 / 30, **{**base, "trunk_px": 90.0}))  # someone farther
    assert not guard.observe(signals(3 / 30, **{**base, "trunk_px": 91.0}))
    # 40 px in 1/30 s at 0.5 cm/px = 600 cm/s: no one shifts their hips that fast.
    assert guard.observe(signals(4 / 30, **{**base, "trunk_px": 91.0,
                                            "hip_mid_px": (360.0, 240.0)}))
    assert not guard.observe(signals(2.0, **base))  # after a gap nothing can be said
    assert guard.switched == pytest.approx([2 / 30, 4 / 30])


def test_samples_during_someone_else_are_left_out_and_listed():
    spans = OthersInView()
    samples = [signals(t) for t in np.arange(0.0, 10.0, 0.5)]
    spans.begin(2.0)
    spans.end(3.5)
    spans.begin(8.0)  # still in view when the level ends
    kept = [s.t_capture_s for s in spans.keep(samples)]
    assert 2.5 not in kept and 8.5 not in kept and 1.5 in kept and 4.0 in kept
    assert spans.figures(1.0, 9.0) == {"n_second_person": 2, "second_person_s": 2.5,
                                       "second_person_spans_s": [[1.0, 2.5], [7.0, 8.0]]}


@pytest.mark.parametrize(("alert", "source_ok", "someone", "expected"), [
    (Alert.NONE, True, False, None),
    (Alert.NONE, True, True, "second_person"),
    (Alert.NOT_IN_VIEW, True, True, "second_person"),  # the tracker may follow the other
    (Alert.FALL_SUSPECTED, True, True, "fall_suspected"),  # a fall comes first
    (Alert.NOT_IN_VIEW, False, False, "camera_lost"),
    (Alert.NOT_IN_VIEW, True, False, "tracking_lost"),
])
def test_the_pause_told_is_the_true_cause(alert, source_ok, someone, expected):
    assert pause_cause(alert, TrackerHealth(source_ok=source_ok), someone) == expected


def test_no_results_at_all_is_the_computer_not_the_patient():
    alerts = [a for a in Alert if a not in (Alert.NONE, Alert.NOT_IN_VIEW,
                                            Alert.FALL_SUSPECTED)]
    for alert in alerts:
        assert pause_cause(alert, TrackerHealth(source_ok=True), False) == "tracking_slow"
    assert alerts == [Alert.NO_RESULTS]
