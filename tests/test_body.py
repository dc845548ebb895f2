"""Centre of mass, presence check, filter and safety monitor on constructed poses."""

import numpy as np
import pytest

from balancegame.body.filters import OneEuroFilter
from balancegame.body.safety import Alert, SafetyMonitor
from balancegame.body.segments import SEGMENTS, centre_of_mass
from balancegame.messages import BodySignals, Presence
from balancegame.pose.landmarks import N_LANDMARKS, Joint
from balancegame.pose.presence import assess_presence

W, H = 640, 480


def standing(dx_px=0.0, height_px=380.0, visibility=1.0):
    """A symmetric upright body, 33 x 4 landmarks, centred at x = 320 + dx."""
    s = height_px / 380.0
    cx = 320 + dx_px
    pos = {
        "NOSE": (0, 60), "EYE": (8, 54), "EAR": (16, 58), "MOUTH": (6, 70),
        "SHOULDER": (40, 110), "ELBOW": (50, 180), "WRIST": (55, 240), "PINKY": (57, 255),
        "INDEX": (55, 258), "THUMB": (50, 250), "HIP": (25, 230), "KNEE": (27, 320),
        "ANKLE": (28, 405), "HEEL": (30, 415), "FOOT_INDEX": (30, 425),
    }
    lm = np.zeros((N_LANDMARKS, 4))
    for j in Joint:
        side, _, part = j.name.partition("_")
        if side not in ("LEFT", "RIGHT"):
            part, sign = j.name, 0
        else:
            sign = 1 if side == "LEFT" else -1  # subject's left is image +x
        key = next(k for k in pos if part.startswith(k) or part == k)
        ox, oy = pos[key]
        lm[j] = (cx + sign * ox * s, 20 + oy * s, 0.0, visibility)
    return lm


def test_mass_fractions_sum_to_about_one_hundred_percent():
    assert sum(s.mass_fraction for s in SEGMENTS) == pytest.approx(100.0, abs=0.5)


def test_symmetric_body_com_on_midline_between_hips_and_shoulders():
    est = centre_of_mass(standing())
    assert est.com_px[0] == pytest.approx(320.0, abs=1e-6)
    assert est.shoulder_mid_px[1] < est.com_px[1] < est.hip_mid_px[1] + 30
    assert est.lower_body_visible


def test_com_follows_a_shift_exactly():
    a = centre_of_mass(standing()).com_px
    b = centre_of_mass(standing(dx_px=37.0)).com_px
    assert b[0] - a[0] == pytest.approx(37.0, abs=1e-9)


def test_hidden_legs_hang_below_hips_without_a_jump():
    lm = standing()
    full = centre_of_mass(lm).com_px
    hidden = lm.copy()
    for j in (Joint.LEFT_KNEE, Joint.RIGHT_KNEE, Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE,
              Joint.LEFT_HEEL, Joint.RIGHT_HEEL, Joint.LEFT_FOOT_INDEX, Joint.RIGHT_FOOT_INDEX):
        hidden[j, 3] = 0.1
    est = centre_of_mass(hidden)
    assert not est.lower_body_visible
    assert est.com_px[0] == pytest.approx(full[0], abs=1.0)
    assert est.com_px[1] == pytest.approx(full[1], abs=15.0)  # px, of a 380 px body


def test_presence_accepts_a_whole_body():
    p = assess_presence(standing(), W, H)
    assert p.ok and p.feet_visible and p.advice == ""


def test_presence_rejects_a_tiny_person_with_full_visibility():
    # The Intel empty-room case: a ~50 px "person" with visibility 1.0.
    p = assess_presence(standing(height_px=50.0), W, H)
    assert not p.ok and "Come closer" in p.advice


def test_presence_asks_to_step_back_when_feet_are_cut():
    lm = standing()
    lm[[Joint.LEFT_ANKLE, Joint.RIGHT_ANKLE], 1] = H + 20
    p = assess_presence(lm, W, H)
    assert p.ok and not p.feet_visible and "feet" in p.advice


def test_presence_guides_to_the_centre_in_the_patients_terms():
    p = assess_presence(standing(dx_px=-250.0), W, H)  # image-left = patient's right
    assert not p.ok and p.advice == "Move a little to your left"


def test_presence_rejects_nothing_and_upside_down():
    assert not assess_presence(None, W, H).ok
    lm = standing()
    lm[:, 1] = H - lm[:, 1]
    assert not assess_presence(lm, W, H).ok


def test_one_euro_smooths_jitter_and_follows_steps():
    rng = np.random.default_rng(0)
    f = OneEuroFilter(min_cutoff_hz=1.0, beta=0.05)
    t = np.arange(0, 4, 1 / 30)
    x = np.where(t < 2, 0.0, 10.0) + rng.normal(0, 0.3, t.size)
    y = np.array([f(v, ti) for v, ti in zip(x, t, strict=True)])
    assert np.std(y[30:60]) < 0.5 * np.std(x[30:60])  # jitter reduced
    assert abs(y[t > 2.5].mean() - 10.0) < 0.3  # cm; settles within 0.5 s


def test_one_euro_uses_timestamps_not_sample_count():
    a, b = OneEuroFilter(), OneEuroFilter()
    for i in range(60):
        a(float(i > 30), i / 30)
    for i in range(120):
        b(float(i > 60), i / 60)
    assert a(1.0, 60 / 30) == pytest.approx(b(1.0, 120 / 60), abs=0.02)


def signals(t, present=True, vertical_cm=100.0):
    return BodySignals(t, t, 0, present, Presence(present), com_vertical_cm=vertical_cm)


def test_safety_not_in_view_after_half_a_second():
    m = SafetyMonitor()
    assert m.alert(0.0) is Alert.NOT_IN_VIEW  # nobody yet
    m.observe(signals(1.0))
    assert m.alert(1.2) is Alert.NONE
    m.observe(signals(1.3, present=False))
    assert m.alert(1.6) is Alert.NOT_IN_VIEW


def test_safety_sudden_drop_latches_until_acknowledged():
    m = SafetyMonitor()
    for i in range(60):
        m.observe(signals(i / 30))
    for i in range(10):  # 40 cm in 0.33 s
        m.observe(signals(2 + i / 30, vertical_cm=100 - 4.0 * (i + 1)))
    assert m.alert(2.4) is Alert.FALL_SUSPECTED
    m.observe(signals(2.5))
    assert m.alert(2.5) is Alert.FALL_SUSPECTED
    m.acknowledge()
    assert m.alert(2.5) is Alert.NONE


def test_safety_slow_sit_down_is_not_a_fall():
    m = SafetyMonitor()
    for i in range(60):
        m.observe(signals(i / 30))
    for i in range(90):  # 30 cm over 3 s
        m.observe(signals(2 + i / 30, vertical_cm=100 - i / 3))
    assert m.alert(5.0) is Alert.NONE
