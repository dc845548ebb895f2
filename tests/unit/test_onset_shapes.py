"""The onset detector against movement shapes other than the one it was first built around.

The target of the timing-truth issue, at the detector's own level (synthetic trajectories at
30 Hz with sway and camera-like noise, 30 movements per shape, benchmarks/onset_shapes.py):
median error within one camera frame (34 ms), 90th percentile within two (68 ms).  Shapes the
detector does not yet meet are strict xfails: they document the gap (figures in the
benchmark), and the test fails as soon as one of them starts to pass, so the list stays true.
"""

import numpy as np
import pytest
from onset_shapes import errors_ms

from balancegame.demo.movement_shapes import HELD_OUT_SHAPES, SHAPES

NOT_YET = {
    "late-peak": "a start slower than t^4 stays under the noise for 150 ms or more",
    "hesitant": "the small first movement is about the size of the sway; the fit takes "
                "the main movement, 0.6 s later",
    "counter": "the small movement the other way is not searched for; the main one is found",
    "gaussian-velocity": "p90 about 90 ms: a start between the family's shapes",
    "constant-speed": "p90 about 160 ms for the slowest ramps",
    "cosine": "about 70 ms early: fitted with a faster start than it has",
}


@pytest.mark.parametrize("shape", [
    pytest.param(s, marks=pytest.mark.xfail(reason=NOT_YET[s], strict=True)) if s in NOT_YET
    else s for s in SHAPES + HELD_OUT_SHAPES])
def test_onset_within_a_frame_for_each_shape(shape):
    e = errors_ms(shape, 30)
    assert np.isfinite(e).all()
    assert abs(np.median(e)) <= 34 and np.percentile(np.abs(e), 90) <= 68
