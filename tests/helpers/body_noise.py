"""A quiet-standing body and a camera's tracking noise, for tests of the marker's estimators
(body/prediction.py, body/tremor.py)."""

import math

import numpy as np


def sway(t):
    return 0.3 * np.sin(2 * np.pi * 0.3 * t)  # ~0.6 cm/s: quiet stance # cm


def tracking_noise(rng, n, rms_cm, cutoff_hz=4.0, rate_hz=30.0):
    """Noise like MediaPipe's on a person: its landmark smoothing leaves little above a few
    Hz (../shared/data's sway videos: 88 % of the error power below 4 Hz), so white noise
    through a one-pole low-pass at ``cutoff_hz``, scaled to ``rms_cm``."""
    a = 1.0 - math.exp(-2 * math.pi * cutoff_hz / rate_hz)
    white, out, y = rng.normal(0, 1, n), np.empty(n), 0.0
    for i in range(n):
        y += a * (white[i] - y)
        out[i] = y
    return out * rms_cm / out.std()
