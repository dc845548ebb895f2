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

# Evidence for each: benchmarks/onset_bounds.py (results/onset_bounds-2026-12-02.txt).  "Look-
# alike": a rise of the beta family starting 136 ms earlier or later that comes within noise
# of the trial (Le Cam's two-point bound over 10 %): no detector meets the target for both.
NOT_YET = {
    "late-peak": "not identifiable without knowing the shape: every trial has a look-alike "
                 "(median 0.8 noise SDs away); Cramér-Rao SD 116-391 ms with a, b free "
                 "(8-32 ms known); a fit told the shape: -4/41 ms",
    "hesitant": "a first movement the size of the sway: accepted only on very strong "
                "evidence (BIC > 10 by the fit's residuals), else the main movement, 0.6 s "
                "later; identifiable (no look-alike; 3.8-9.5 SDs from sway with a known "
                "spectrum; a fit told the shape: -1/32 ms); counting the evidence by the "
                "baseline's noise gives +27/203 but takes the demo body's sway for first "
                "movements (docs/onset_detection.md)",
    "counter": "as hesitant: the movement the other way is often not accepted (fit told the "
               "shape: +1/11 ms; baseline-noise evidence +30/146, same demo-body cost)",
    "gaussian-velocity": "the minimum-jerk preference puts it ~50 ms late; a third of its "
                         "trials have a look-alike, a fit told the shape: -2/38 ms",
    "constant-speed": "p90 about 170 ms for the slowest ramps: no look-alike (identifiable; "
                      "fit told the shape +2/15), the detector's prior misses it",
    "cosine": "about 60 ms early; 29 of 30 trials have a look-alike (fit told the shape "
              "-3/27 ms)",
}


# With the sway model learnt from 5-10 s of quiet standing before each trial (a level's
# countdown; measures/sway_model.py), the first-movement test is a likelihood ratio under it.
NOT_YET_WITH_SWAY_MODEL = {
    **{s: NOT_YET[s] for s in ("late-peak", "gaussian-velocity", "constant-speed", "cosine")},
    "hesitant": "+26/190 ms (was +70/604): the first step is found in 27 or more of 30 "
                "trials (a missed one is ~600 ms late), but its start is not precise: "
                "with its duration free the Cramér-Rao SD of "
                "the start of a 0.5-1.2 cm rise in 0.3 s is 41-101 ms at 0.15 cm of white "
                "noise alone (11-28 ms with the duration known); even under the true sway "
                "covariance and no threshold: +24/87",
    "counter": "+15/146 ms (was +123/150): the movement the other way is accepted in about "
               "two thirds of the trials (the rest give the main movement, 150 ms late); "
               "under the true sway covariance and no threshold: -12/81",
}


def _case(shape, not_yet):
    if shape in not_yet:
        return pytest.param(shape, marks=pytest.mark.xfail(reason=not_yet[shape], strict=True))
    return shape


@pytest.mark.parametrize("shape", [_case(s, NOT_YET) for s in SHAPES + HELD_OUT_SHAPES])
def test_onset_within_a_frame_for_each_shape(shape):
    e = errors_ms(shape, 30)
    assert np.isfinite(e).all()
    assert abs(np.median(e)) <= 34 and np.percentile(np.abs(e), 90) <= 68


@pytest.mark.parametrize("shape", [_case(s, NOT_YET_WITH_SWAY_MODEL)
                                   for s in SHAPES + HELD_OUT_SHAPES])
def test_onset_within_a_frame_for_each_shape_with_a_sway_model(shape):
    e = errors_ms(shape, 30, learn=True)
    assert np.isfinite(e).all()
    assert abs(np.median(e)) <= 34 and np.percentile(np.abs(e), 90) <= 68
