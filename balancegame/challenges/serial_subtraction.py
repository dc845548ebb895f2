"""Serial subtraction, the counting task of the dual-task levels (../shared/CLINICAL.md).

By 3 from a random start of 90-100, by 7 from 100 (the clinical custom), or by
either from a random start of 300-900 (not learnt by heart); wrong answers
offered in gate mode are plausible slips.
"""

from __future__ import annotations

import numpy as np

SUBTRACT_BY = {"3s": 3, "7s": 7}
DISTRACTOR_OFFSETS = (-10, -1, 1, 10)  # plausible slips: a unit or a ten out


def start_number(series: str, start: str, rng: np.random.Generator) -> int:
    """A series' first number, by the clinical conventions."""
    if start == "random_300_900":
        return int(rng.integers(300, 901))
    return int(rng.integers(90, 101)) if series == "3s" else 100


def distractor(answer: int, rng: np.random.Generator) -> int:
    """A wrong but plausible answer: never the answer, never negative."""
    offsets = [d for d in DISTRACTOR_OFFSETS if answer + d >= 0]
    return answer + offsets[int(rng.integers(len(offsets)))]
