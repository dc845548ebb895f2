"""The movement shapes the onset detector is measured against (benchmarks/onset_shapes.py)."""

from __future__ import annotations

import numpy as np
import pytest

from balancegame.demo.movement_shapes import SHAPES, position_share


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_starts_at_rest_and_arrives(shape):
    t = np.array([-0.5, -0.01, 0.0, 3.0])
    x = position_share(shape, t, 0.6)
    assert x[0] == 0.0 and x[1] == 0.0 and abs(x[2]) < 1e-9  # nothing before the start
    assert x[3] == pytest.approx(1.0, abs=0.05)  # there after the movement


def test_the_shapes_differ_where_the_detector_is_fooled():
    t = np.linspace(0, 0.6, 61)
    early, late = (position_share(s, t, 0.6) for s in ("early-peak", "late-peak"))
    assert early[10] > 3 * late[10]  # 0.1 s in: the early peak is well on its way
    assert position_share("counter", np.array([0.15]), 0.6)[0] < -0.05  # the other way first
    hesitant = position_share("hesitant", np.array([0.45]), 0.6)[0]
    assert 0.07 < hesitant < 0.09  # the pause after the slow start


def test_an_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="unknown movement shape"):
        position_share("wobble", np.array([0.0]), 0.6)
