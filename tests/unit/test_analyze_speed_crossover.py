"""benchmarks/analyze_speed.py's fit of wall time against recording length, on known lines."""

import argparse
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from analyze_speed import TARGET_FORMAT, _lengths, crossover  # noqa: E402


def _summary(fixed_s: float, per_s: float, long_s: list[float], other_format: str = "") -> dict:
    wall = lambda length: fixed_s + per_s * length  # noqa: E731
    return {"slowest": {"format": TARGET_FORMAT, "runs": [
                {"jobs": 2, "duration_s": 10.0, "wall_s": wall(10.0) - 0.1},
                {"jobs": 2, "duration_s": 10.0, "wall_s": wall(10.0) + 0.1},
                {"jobs": 1, "duration_s": 10.0, "wall_s": 99.0}]},  # another --jobs: not fitted
            "long": [{"format": TARGET_FORMAT, "jobs": 2, "duration_s": x, "wall_s": wall(x)}
                     for x in long_s]
            + [{"format": TARGET_FORMAT, "jobs": 1, "duration_s": 60.0, "wall_s": 500.0}]
            + ([{"format": other_format, "jobs": 2, "duration_s": 40.0, "wall_s": 500.0}]
               if other_format else [])}


def test_the_fitted_line_and_the_length_from_which_3x_is_reached():
    c = crossover(_summary(1.5, 0.25, [20.0, 30.0, 60.0], other_format="1280x720 30 fps"), 2)
    assert c["fixed_s"] == pytest.approx(1.5, abs=1e-6)
    assert c["per_video_s"] == pytest.approx(0.25, abs=1e-6)
    assert c["lengths_s"] == [10, 20, 30, 60]
    # L / (1.5 + 0.25 L) = 3  <=>  L = 4.5 / 0.25 = 18 s
    assert c["target_from_s"] == pytest.approx(18.0, abs=1e-4)


def test_no_length_reaches_3x_when_a_video_second_costs_a_third_of_a_second_or_more():
    c = crossover(_summary(2.2, 0.344, [20.0, 60.0]), 2)
    assert c["target_from_s"] is None
    assert c["per_video_s"] == pytest.approx(0.344, abs=1e-6)


def test_one_length_alone_gives_no_line():
    assert crossover(_summary(1.5, 0.25, []), 2) is None


@pytest.mark.parametrize("text", ["5", "20,x", "", "20,700"])
def test_long_s_rejects_lengths_out_of_range_or_not_numbers(text):
    with pytest.raises(argparse.ArgumentTypeError, match="lengths of 11 to 600 s"):
        _lengths(text)


def test_long_s_reads_a_list():
    assert _lengths("20,30.5,60") == (20.0, 30.5, 60.0)
