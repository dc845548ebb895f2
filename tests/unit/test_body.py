"""Centre of mass, presence check, filter and safety monitor on constructed poses."""

import numpy as np
import pytest

from balancegame.body.filters import (
    OneEuroFilter,
    can_filter,
    filtfilt_uniform,
    zero_phase_lowpass,
)
from balancegame.body.safety import Alert, SafetyMonitor
from balancegame.body.scale import LiveScale, compare_scales, trunk_px, world_cm_per_px
from balancegame.body.segments import SEGMENTS, centre_of_mass, centre_of_mass_world
from balancegame.body.signals import BodySignalExtractor
from balancegame.body.support import feet_px, support_ml
from balancegame.messages import BodySignals, PoseSample, Presence
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
    assert m.alert(0.0) is Alert.NO_RESULTS  # no pose result yet: not the patient's doing
    m.observe(signals(1.0))
    assert m.alert(1.2) is Alert.NONE
    m.observe(signals(1.3, present=False))
    assert m.alert(1.4) is Alert.NONE  # nobody for 0.4 s only
    assert m.alert(1.6) is Alert.NOT_IN_VIEW


def test_slow_tracking_with_the_person_in_every_result_is_not_out_of_view():
    """4 Hz pose, each result 0.3 s late (a busy laptop): the person is in view."""
    m = SafetyMonitor()
    for i in range(40):
        t_capture = i / 4
        m.observe(signals(t_capture))
        for now in np.arange(t_capture + 0.3, t_capture + 0.55, 0.01):  # until the next result
            assert m.alert(float(now)) is Alert.NONE, now


def test_no_results_at_all_is_said_as_such():
    m = SafetyMonitor()
    m.observe(signals(1.0))
    assert m.alert(1.9) is Alert.NONE
    assert m.alert(2.1) is Alert.NO_RESULTS  # a camera that stopped, or pose stalled


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


# ------------------------------------------------------------ segment table
def test_segment_table_uses_the_de_leva_rows_matching_the_landmarks():
    by_name = {s.name: s for s in SEGMENTS}
    # Trunk from the shoulder-landmark midpoint (MIDS) to the hip midpoint (MIDH):
    # de Leva's MIDS-MIDH row, 37.82 % (female) and 43.10 % (male) from MIDS.
    assert by_name["trunk"].com_from_proximal == pytest.approx((37.82 + 43.10) / 200)
    assert by_name["left shank"].com_from_proximal == pytest.approx((43.52 + 43.95) / 200)
    assert by_name["left thigh"].mass_fraction == pytest.approx((14.78 + 14.16) / 2)


def test_world_com_is_the_image_com_for_a_scaled_copy_of_the_body():
    lm = standing()
    world = np.column_stack([(lm[:, 0] - 320) / 200, (lm[:, 1] - 250) / 200, np.zeros(33)])
    com_w = centre_of_mass_world(world, lm[:, 3])
    com_px = centre_of_mass(lm).com_px
    assert com_w[0] * 200 + 320 == pytest.approx(com_px[0], abs=1e-9)
    assert com_w[1] * 200 + 250 == pytest.approx(com_px[1], abs=1e-9)
    assert com_w[2] == pytest.approx(0.0)


# ------------------------------------------------------------ base of support
def test_feet_need_all_six_landmarks():
    lm = standing()
    assert feet_px(lm, W, H, trunk_px(lm)) is not None
    lm[Joint.LEFT_HEEL, 3] = 0.2
    assert feet_px(lm, W, H, trunk_px(lm)) is None


def test_base_of_support_borders_width_and_margin():
    feet = feet_px(standing(), W, H, 120.0)
    # standing(): feet landmarks at x = 320 -/+ 28..30 px; the patient's right foot is image -x.
    assert feet.right_outer_x_px == pytest.approx(290.0)
    assert feet.left_outer_x_px == pytest.approx(350.0)
    assert feet.stance == "both"
    half_foot_cm = 0.055 * 170 / 2  # 4.675 cm
    bos = support_ml(30.0, -30.0, 0.0, height_cm=170.0)  # 1 cm per px about x = 320
    assert bos.width_cm == pytest.approx(60 + 2 * half_foot_cm)
    assert bos.margin_cm == pytest.approx(30 + half_foot_cm)
    leaning = support_ml(30.0, -30.0, 40.0, height_cm=170.0)  # CoM beyond the right foot
    assert leaning.margin_cm == pytest.approx(30 + half_foot_cm - 40.0) and leaning.margin_cm < 0


def test_a_lifted_foot_is_not_part_of_the_base():
    lm = standing()  # trunk 120 px: a foot 18 px (~7 cm) higher than the other is lifted
    for j in (Joint.LEFT_ANKLE, Joint.LEFT_HEEL, Joint.LEFT_FOOT_INDEX):
        lm[j, 1] -= 40.0  # the patient's left foot (image +x) up 40 px
    feet = feet_px(lm, W, H, trunk_px(lm))
    assert feet.stance == "right"
    assert (feet.right_outer_x_px, feet.left_outer_x_px) == pytest.approx((290.0, 292.0))
    heel_up = standing()
    heel_up[Joint.LEFT_HEEL, 1] -= 40.0  # a raised heel, toes down: still on both feet
    assert feet_px(heel_up, W, H, trunk_px(heel_up)).stance == "both"


def pose(lm, t_s=0.0, index=0, world=None):
    return PoseSample(t_s, t_s, index, (W, H), lm, world, assess_presence(lm, W, H))


def test_extractor_reports_base_of_support_and_margin():
    ext = BodySignalExtractor(170.0)
    s = ext.update(pose(standing()), 0.0)
    assert s.present
    assert s.bos_width_cm > 0 and s.bos_margin_cm == pytest.approx(s.bos_width_cm / 2)
    lm = standing()
    lm[Joint.RIGHT_FOOT_INDEX, 3] = 0.1  # a foot not fully seen: no base, no margin
    s = ext.update(pose(lm, 1 / 30, 1), 1 / 30)
    assert s.present and np.isnan(s.bos_width_cm) and np.isnan(s.bos_margin_cm)


# ------------------------------------------------------------ scale
def test_height_scale_and_world_scale():
    lm = standing()
    trunk = trunk_px(lm)
    assert trunk == pytest.approx(120.0)  # shoulders y=130, hips y=250 in standing()
    cmp_ = compare_scales(np.full(10, trunk), np.full(10, 0.5), 170.0)
    assert cmp_.cm_per_px == pytest.approx(0.288 * 170 / 120)
    assert cmp_.world_to_height_ratio == pytest.approx(0.5 / cmp_.cm_per_px)
    assert "patient height 170 cm" in cmp_.method
    assert "default height" in compare_scales(np.full(3, trunk), np.full(3, np.nan), None).method
    world = np.column_stack([lm[:, 0] / 250, lm[:, 1] / 250, np.zeros(33)])  # 0.4 cm per px
    assert world_cm_per_px(lm, world) == pytest.approx(0.4)
    assert np.isnan(world_cm_per_px(lm, None))


def test_live_scale_freezes_after_its_samples():
    live = LiveScale(170.0, samples=3)
    for trunk in (100.0, 110.0, 120.0):
        live.update(trunk)
    assert live.frozen_cm_per_px == pytest.approx(0.288 * 170 / 110)
    assert live.update(50.0) == live.frozen_cm_per_px  # no rescaling mid-level
    live.reset()
    assert live.frozen_cm_per_px is None


# ------------------------------------------------------------ zero-phase filter
def test_zero_phase_filter_matches_scipy_filtfilt():
    signal = pytest.importorskip("scipy.signal")
    rng = np.random.default_rng(1)
    x = np.cumsum(rng.normal(size=400))
    cutoff_hz, fs = 3.0, 30.0
    per_pass_hz = cutoff_hz / (np.sqrt(2) - 1) ** 0.25  # Winter's two-pass correction
    b, a = signal.butter(2, per_pass_hz, fs=fs)
    expected = signal.filtfilt(b, a, x, padlen=round(fs / cutoff_hz))
    assert np.allclose(filtfilt_uniform(x, cutoff_hz, fs), expected, atol=1e-9)


@pytest.mark.parametrize("f_hz, gain_min, gain_max", [(0.1, 0.999, 1.0), (1.0, 0.985, 1.0),
                                                      (3.0, 0.68, 0.73), (8.0, 0.0, 0.05)])
def test_zero_phase_filter_gain_and_no_lag(f_hz, gain_min, gain_max):
    t = np.arange(0, 30, 1 / 30)
    x = np.sin(2 * np.pi * f_hz * t)
    y = zero_phase_lowpass(t, x, 3.0)
    mid = slice(150, -150)  # away from the ends
    gain = (y[mid] @ x[mid]) / (x[mid] @ x[mid])
    assert gain_min <= gain <= gain_max
    quad = np.cos(2 * np.pi * f_hz * t)
    assert abs(y[mid] @ quad[mid]) / (x[mid] @ x[mid]) < 1e-3  # no phase shift: no lag


def test_zero_phase_filter_on_uneven_timestamps_with_a_gap():
    rng = np.random.default_rng(2)
    t = np.sort(rng.uniform(0, 20, 500))
    x = np.sin(2 * np.pi * 0.3 * t)
    x[(t > 8) & (t < 10)] = np.nan  # out of view for 2 s: filtered as two stretches
    y = zero_phase_lowpass(t, x, 3.0)
    assert np.array_equal(np.isnan(y), np.isnan(x))
    assert np.nanmax(np.abs(y - x)) < 0.02


def test_zero_phase_filter_leaves_too_slow_sampling_alone():
    t = np.arange(0, 10, 1 / 5)  # 5 fps: a 3 Hz cut-off is above Nyquist
    x = np.sin(t)
    assert np.array_equal(zero_phase_lowpass(t, x, 3.0), x)


def test_can_filter_needs_a_rate_well_above_twice_the_cutoff():
    assert can_filter(2.25, 30.0) and can_filter(2.25, 7.0)
    assert not can_filter(2.25, 5.0)  # 5 fps: the per-pass cut-off is above Nyquist
