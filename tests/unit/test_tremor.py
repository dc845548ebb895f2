"""The tremor detector (body/tremor.py): a 3.5-8 Hz tremor found; sway, camera noise and
every other movement shape not taken for one."""

import numpy as np
import pytest

from balancegame.body.tremor import TremorDetector
from balancegame.demo.movement_shapes import SHAPES, position_share
from tests.helpers.body_noise import sway, tracking_noise

RATE_HZ = 30.0


def weights(x, t=None, detector=None):
    d = detector or TremorDetector()
    t = np.arange(x.size) / RATE_HZ if t is None else t
    return np.array([d.update(float(a), float(b)) for a, b in zip(t, x, strict=True)]), d


@pytest.mark.parametrize("freq_hz", [4.0, 5.0, 6.5])
def test_a_tremor_on_quiet_sway_is_found_with_its_frequency(freq_hz):
    rng = np.random.default_rng(int(freq_hz * 10))
    t = np.arange(0.0, 6.0, 1 / RATE_HZ)
    x = sway(t) + 0.3 * np.sin(2 * np.pi * freq_hz * t) + tracking_noise(rng, t.size, 0.05)
    w, d = weights(x, t)
    assert w[t > 1.0].min() == 1.0  # from one window on, in every sample
    assert abs(d.frequency_hz - freq_hz) <= 0.25
    assert abs(d.amplitude_cm - 0.3) < 0.05


@pytest.mark.parametrize("noise_cm", [0.05, 0.1])  # a webcam's, twice that
def test_quiet_stance_with_a_cameras_noise_is_no_tremor(noise_cm):
    for seed in range(5):
        rng = np.random.default_rng(seed)
        t = np.arange(0.0, 20.0, 1 / RATE_HZ)
        w, _ = weights(sway(t) + tracking_noise(rng, t.size, noise_cm), t)
        assert w.max() == 0.0


@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "tremor"])
def test_no_other_movement_shape_is_taken_for_a_tremor(shape):
    # Reaches of 6-20 cm over 0.4-1.0 s, out, held and back, with a webcam's noise: counter-
    # movements and hesitant starts included, whose single reversals look like half a cycle.
    rng = np.random.default_rng(7)
    t = np.arange(0.0, 5.0, 1 / RATE_HZ)
    for size_cm in (6.0, 12.0, 20.0):
        for duration_s in (0.4, 0.6, 1.0):
            out = position_share(shape, t - 1.0, duration_s)
            back = position_share("minimum-jerk", t - 3.2, duration_s)
            x = sway(t) + size_cm * (out - back) + tracking_noise(rng, t.size, 0.05)
            w, _ = weights(x, t)
            assert w.max() == 0.0, (size_cm, duration_s)


def test_a_tremor_too_small_to_matter_gives_no_weight():
    t = np.arange(0.0, 6.0, 1 / RATE_HZ)
    w, d = weights(sway(t) + 0.05 * np.sin(2 * np.pi * 5.0 * t), t)
    assert d.f_stat > 40  # clear: nothing else moves at 5 Hz
    assert w.max() == 0.0  # but 0.05 cm: below what the prediction would amplify visibly


def test_a_slow_pose_stream_is_not_judged():
    t = np.arange(0.0, 6.0, 1 / 5.0)  # 5 Hz of pose: four samples in a window
    w, d = weights(sway(t) + 0.3 * np.sin(2 * np.pi * 1.3 * t), t)
    assert w.max() == 0.0 and np.isnan(d.frequency_hz)


def test_reset_forgets_the_window():
    t = np.arange(0.0, 3.0, 1 / RATE_HZ)
    w, d = weights(0.3 * np.sin(2 * np.pi * 5.0 * t), t)
    assert w[-1] == 1.0
    d.reset()
    assert d.weight == 0.0 and d.update(3.1, 0.0) == 0.0
