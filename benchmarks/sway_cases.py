"""The accuracy benchmark's videos, split into a tuning set and a held-out set.

Tuning set: the videos the filter parameters may be chosen on
(accuracy_figures.select_filters).  They are the 13 synthetic videos the
filters were originally chosen on (same names, seeds and movements) plus one
trunk lean at the hips.

Held-out set: never used to choose anything; every figure is reported on it.
Different seeds (101-111: other random lean, other pixel noise) and other
amplitudes and frequencies for the kinds of movement the tuning set has, plus
kinds it does not have at all: arm raises, a hip strategy (trunk against
legs) and a mixture; and the two recordings in ../shared/data/sway, which show
another person (a woman, another photograph, another renderer).

``movement_kinds`` names what a case contains; tests/unit/test_accuracy_split.py
checks that the sets share no name and no seed and that the held-out set has
kinds the tuning set lacks.
"""

from __future__ import annotations

from sway_videos import SwayCase

SHARED_KIND = "another person (shared recording)"

TUNING_FULL = (
    SwayCase("a0.5_f0.2", 0.5, 0.2, noise_deg=0.1, seed=1),
    SwayCase("a0.5_f1", 0.5, 1.0, seed=2),
    SwayCase("a1_f0.1", 1.0, 0.1, duration_s=20.0, seed=3),
    SwayCase("a1_f0.5", 1.0, 0.5, seed=4),
    SwayCase("a1_f1_noise", 1.0, 1.0, noise_deg=0.2, seed=5),
    SwayCase("a2_f0.2_noise", 2.0, 0.2, noise_deg=0.3, seed=6),
    SwayCase("a2_f1", 2.0, 1.0, seed=7),
    SwayCase("a5_f0.25_lat10", 5.0, 0.25, noise_deg=0.5, lateral_cm=10.0, seed=8),
    SwayCase("a5_f0.5", 5.0, 0.5, seed=9),
    SwayCase("steps15_a0.5", 0.5, 0.3, duration_s=12.0, step_cm=15.0, seed=10),
    # A person further away (half the frame height) in a noisier image: more jitter.
    SwayCase("far_a0.5_f0.2", 0.5, 0.2, noise_deg=0.1, person_fraction=0.5,
             pixel_noise_sd=5.0, seed=11),
    SwayCase("far_a1_f0.5", 1.0, 0.5, person_fraction=0.5, pixel_noise_sd=5.0, seed=12),
    # One minute of random quiet-stance sway (no sinusoid): windows and speed.
    SwayCase("quiet60_random", 0.0, 0.2, duration_s=60.0, noise_deg=0.5, noise_band_hz=0.7,
             seed=13),
    SwayCase("trunk4_f0.3", 0.5, 0.2, noise_deg=0.1, trunk_deg=4.0, trunk_freq_hz=0.3, seed=14),
)
HELD_OUT_FULL = (
    SwayCase("h_a0.7_f0.3", 0.7, 0.3, noise_deg=0.15, seed=101),
    SwayCase("h_a1.5_f0.7", 1.5, 0.7, seed=102),
    SwayCase("h_a3_f0.15_lat6", 3.0, 0.15, noise_deg=0.3, lateral_cm=6.0, lateral_freq_hz=0.07,
             seed=103),
    SwayCase("h_steps10_a1", 1.0, 0.25, duration_s=12.0, step_cm=10.0, step_every_s=3.5,
             seed=104),
    SwayCase("h_far_a2_f0.3", 2.0, 0.3, person_fraction=0.55, pixel_noise_sd=4.0, seed=105),
    SwayCase("h_quiet30_random", 0.0, 0.2, duration_s=30.0, noise_deg=0.4, noise_band_hz=0.6,
             seed=106),
    SwayCase("h_trunk6_f0.4", 0.0, 0.2, noise_deg=0.1, trunk_deg=6.0, trunk_freq_hz=0.4,
             seed=107),
    SwayCase("h_arm_right60", 0.0, 0.2, noise_deg=0.1, arm_deg=60.0, arm_freq_hz=0.2, seed=108),
    SwayCase("h_arms_alt45", 0.0, 0.2, noise_deg=0.1, arm_deg=45.0, arm_freq_hz=0.3,
             arm_side="alternate", seed=109),
    SwayCase("h_hip_strategy", 2.0, 0.3, noise_deg=0.1, counter_lean=2.0, seed=110),
    SwayCase("h_mixed", 1.0, 0.25, noise_deg=0.3, trunk_deg=3.0, trunk_freq_hz=0.45,
             arm_deg=30.0, arm_freq_hz=0.15, arm_side="both", seed=111),
)
# CI size (--small): two tuning and two held-out videos of 6 s.
TUNING_SMALL = (
    SwayCase("a1_f0.5", 1.0, 0.5, duration_s=6.0, seed=4),
    SwayCase("a2_f0.2_noise", 2.0, 0.2, duration_s=6.0, noise_deg=0.3, seed=6),
)
HELD_OUT_SMALL = (
    SwayCase("h_hip_strategy", 2.0, 0.3, duration_s=6.0, noise_deg=0.1, counter_lean=2.0,
             seed=110),
    SwayCase("h_arm_right60", 0.0, 0.2, duration_s=6.0, noise_deg=0.1, arm_deg=60.0,
             arm_freq_hz=0.3, seed=108),
)


def movement_kinds(case: SwayCase) -> frozenset[str]:
    """What a case shows, in words (a case may show several kinds)."""
    kinds = set()
    if case.amp_deg > 0:
        kinds.add("sinusoidal ankle lean")
    if case.noise_deg > 0:
        kinds.add("random ankle lean")
    if case.lateral_cm > 0:
        kinds.add("sideways shift")
    if case.step_cm > 0:
        kinds.add("side steps")
    if case.person_fraction < 0.7 or case.pixel_noise_sd > 3.0:
        kinds.add("far person, noisy image")
    if case.trunk_deg > 0:
        kinds.add("trunk lean at the hips")
    if case.counter_lean > 0:
        kinds.add("hip strategy (trunk against the legs)")
    if case.arm_deg > 0:
        kinds.add(f"arm raise ({case.arm_side})")
    return frozenset(kinds)


def main_freq_hz(case: SwayCase) -> float:
    """The frequency of the case's largest commanded movement (for the 'quiet' rule)."""
    if case.amp_deg > 0 or not case.jointed:
        return case.freq_hz
    return case.trunk_freq_hz if case.trunk_deg > 0 else case.arm_freq_hz
