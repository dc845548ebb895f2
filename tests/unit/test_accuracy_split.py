"""The accuracy benchmark's tuning and held-out sets do not overlap (benchmarks/sway_cases.py)."""

from __future__ import annotations

import pytest
from accuracy_sets import subsets
from sway_cases import (
    HELD_OUT_FULL,
    HELD_OUT_SMALL,
    SHARED_KIND,
    TUNING_FULL,
    TUNING_SMALL,
    movement_kinds,
)

SIZES = {"full": (TUNING_FULL, HELD_OUT_FULL), "small": (TUNING_SMALL, HELD_OUT_SMALL)}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_no_video_name_or_seed_is_in_both_sets(size: str) -> None:
    tuning, held_out = SIZES[size]
    assert {c.name for c in tuning}.isdisjoint(c.name for c in held_out)
    # The seed drives the random lean and (seed + 1000) the pixel noise.
    assert {c.seed for c in tuning}.isdisjoint(c.seed for c in held_out)
    assert len({c.seed for c in tuning + held_out}) == len(tuning + held_out)
    assert all(0 <= c.seed < 1000 for c in tuning + held_out)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_held_out_set_has_movement_kinds_the_tuning_set_lacks(size: str) -> None:
    tuning, held_out = SIZES[size]
    tuning_kinds = frozenset().union(*(movement_kinds(c) for c in tuning))
    new = frozenset().union(*(movement_kinds(c) for c in held_out)) - tuning_kinds
    assert "hip strategy (trunk against the legs)" in new
    assert any(k.startswith("arm raise") for k in new)


def test_the_full_held_out_set_repeats_the_tuning_kinds_with_other_seeds() -> None:
    tuning_kinds = frozenset().union(*(movement_kinds(c) for c in TUNING_FULL))
    held_kinds = frozenset().union(*(movement_kinds(c) for c in HELD_OUT_FULL))
    assert tuning_kinds <= held_kinds


def test_subsets_put_each_held_out_video_in_exactly_one_part() -> None:
    tuning_kinds = frozenset(["sinusoidal ankle lean", "random ankle lean"])
    results = {
        "t": {"set": "tuning", "kinds": ["sinusoidal ankle lean"]},
        "h_same": {"set": "held-out", "kinds": ["random ankle lean"]},
        "h_new": {"set": "held-out", "kinds": ["random ankle lean", "arm raise (right)"]},
        "shared:x": {"set": "held-out", "kinds": [SHARED_KIND]},
    }
    sets = subsets(results, tuning_kinds)
    assert sets["tuning"] == ["t"]
    assert sets["held-out"] == ["h_same", "h_new", "shared:x"]
    parts = ("held-out, kinds also in tuning", "held-out, new kinds",
             "held-out, shared recordings")
    assert [sets[p] for p in parts] == [["h_same"], ["h_new"], ["shared:x"]]
