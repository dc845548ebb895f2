"""The generator's true centre of mass: right for known poses, and where the image puts the body."""

from __future__ import annotations

import math

import numpy as np
import pytest

from balancegame.demo.body_image import WALL_BGR, BodyImage, load_person_bgra
from balancegame.demo.body_joints import (
    PHOTO_JOINTS_PX,
    BodyJoints,
    JointPose,
    true_com_px,
)

# de Leva (1996) Table 4, mean of the female and male values: mass % of the body,
# CoM as a fraction of the segment from its proximal end.  Written out here so the
# test does not read the numbers it checks from the code.
ARM = {"upper arm": (2.63, 0.5763), "forearm": (1.50, 0.45665), "hand": (0.585, 0.7687)}


def _symmetric_body(mid_x: float) -> dict[str, np.ndarray]:
    """An upright body, every left joint the mirror image of the right one about mid_x."""
    right = {"shoulder": (-20, 80), "elbow": (-25, 145), "wrist": (-28, 190),
             "hand": (-29, 208), "hip": (-11, 187), "knee": (-14, 281), "ankle": (-12, 372),
             "heel": (-12, 384), "toe": (-12, 391)}
    points = {"head": np.array([mid_x, 33.0])}
    for part, (dx, y) in right.items():
        points[f"right_{part}"] = np.array([mid_x + dx, float(y)])
        points[f"left_{part}"] = np.array([mid_x - dx, float(y)])
    return points


def test_a_symmetric_body_has_its_centre_of_mass_on_the_midline() -> None:
    com = true_com_px(_symmetric_body(100.0))
    assert com[0] == pytest.approx(100.0, abs=1e-9)  # px
    assert 150.0 < com[1] < 200.0  # px: between the hips (187) and the elbows (145), about


def test_raising_one_arm_moves_the_centre_of_mass_by_the_arm_segments_share() -> None:
    joints = BodyJoints((1.0, 1.0))  # the photograph's own pixels
    before = true_com_px(joints.posed_px(JointPose()))
    after = true_com_px(joints.posed_px(JointPose(arm_raise_deg=(0.0, 90.0))))
    # By hand: each right-arm segment's CoM turns 90 deg about the shoulder, hand
    # towards image -x (the patient's right): an offset (dx, dy) becomes (-dy, dx).
    p = {k: np.array(v) for k, v in PHOTO_JOINTS_PX.items()}
    s = p["right_shoulder"]
    ends = (("upper arm", "right_shoulder", "right_elbow"), ("forearm", "right_elbow",
            "right_wrist"), ("hand", "right_wrist", "right_hand"))
    expected = np.zeros(2)
    for name, prox, dist in ends:
        mass_pct, frac = ARM[name]
        dx, dy = p[prox] + frac * (p[dist] - p[prox]) - s
        expected += mass_pct / 100.0 * (np.array([-dy, dx]) - np.array([dx, dy]))
    # rel: de Leva's rounded fractions sum to 100 % within 0.005 %.
    assert after - before == pytest.approx(expected, rel=1e-4)  # px
    # In words: 0.66 % of the standing height sideways (1.1 cm of 170 cm), 0.87 % up.
    assert (after - before) / 385.0 == pytest.approx([-0.0066, -0.0087], abs=0.0002)


def test_the_mirror_arm_moves_it_the_other_way_and_both_arms_lift_it() -> None:
    joints = BodyJoints((1.0, 1.0))
    rest = true_com_px(joints.posed_px(JointPose()))
    right = true_com_px(joints.posed_px(JointPose(arm_raise_deg=(0.0, 90.0)))) - rest
    left = true_com_px(joints.posed_px(JointPose(arm_raise_deg=(90.0, 0.0)))) - rest
    both = true_com_px(joints.posed_px(JointPose(arm_raise_deg=(90.0, 90.0)))) - rest
    assert right[0] < 0 < left[0]  # the patient's right is image -x
    assert both == pytest.approx(right + left, abs=1e-9)  # px: the model is linear
    assert right[1] < 0 and left[1] < 0  # px: up


def test_a_trunk_lean_turns_the_trunk_about_the_hips_only() -> None:
    joints = BodyJoints((1.0, 1.0))
    posed = joints.posed_px(JointPose(trunk_lean_deg=10.0))
    for k in ("right_hip", "left_knee", "right_ankle"):
        assert posed[k] == pytest.approx(joints.rest_px[k])  # the legs stay
    head_dx = posed["head"][0] - joints.rest_px["head"][0]
    lever = joints.hip_mid_px[1] - joints.rest_px["head"][1]
    assert head_dx == pytest.approx(-lever * math.sin(math.radians(10.0)), rel=0.01)  # to -x


@pytest.mark.parametrize("pose", [JointPose(arm_raise_deg=(0.0, 90.0)),
                                  JointPose(arm_raise_deg=(60.0, 0.0)),
                                  JointPose(trunk_lean_deg=10.0, arm_raise_deg=(30.0, 45.0))])
def test_the_image_shows_the_body_where_the_truth_says(pose: JointPose) -> None:
    """The warp (body_bend) and the truth (body_joints) move the same points."""
    image = BodyImage(load_person_bgra(), noise_sd=0.0)
    frame = image.render(0.0, 2.0, joint_pose=pose).astype(int)
    wall = np.array(WALL_BGR)
    for name, (x, y) in image.joints_px(0.0, 2.0, pose).items():
        if name.endswith(("wrist", "elbow", "head", "hand")):
            pixel = frame[int(round(y)), int(round(x))]
            assert np.abs(pixel - wall).max() > 12, (name, x, y, pixel)  # grey levels
    if pose.arm_raise_deg[1] >= 60:  # where the right hand hung is now empty wall
        x, y = image.joints_px(0.0, 2.0)["right_wrist"]
        assert np.abs(frame[int(round(y)), int(round(x))] - wall).max() <= 12


def test_the_rest_pose_renders_as_before() -> None:
    image = BodyImage(load_person_bgra(), noise_sd=0.0)
    assert np.array_equal(image.render(1.0, 1.5), image.render(1.0, 1.5, joint_pose=JointPose()))
