"""The minimum-jerk movement profile (Flash & Hogan 1985), written once.

Used by the reaction-time onset fit (:mod:`balancegame.measures.reaction`) and
by the demo person's reactions (:mod:`balancegame.demo.puppet`).
"""

from __future__ import annotations

import numpy as np


def minimum_jerk(tau: float | np.ndarray) -> float | np.ndarray:
    """Position share 10τ³ - 15τ⁴ + 6τ⁵ at normalised time τ, clipped to [0, 1].

    0 at τ=0, 1 at τ=1, zero velocity and acceleration at both ends.  A float
    in gives a float out; an array gives an array.
    """
    t = np.clip(tau, 0.0, 1.0)
    x = t**3 * (10.0 + t * (-15.0 + 6.0 * t))
    return float(x) if np.ndim(x) == 0 else x
