"""The real pose detector on two-person recordings made from ../shared/data
(benchmarks/two_person_videos.py) and on single-person recordings: someone else is found
beside, and far behind, the patient; nobody is invented.  Skips without ../shared/data."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))


@pytest.fixture(scope="module")
def detector():
    from balancegame.pose.people import PersonDetector

    d = PersonDetector()
    yield d
    d.close()


def tracked(image, estimator, index):
    from balancegame.messages import Frame, TrackedFrame

    frame = Frame(image, index / 30, index, "recording")
    return TrackedFrame(frame, estimator.estimate(frame), None)


def test_someone_beside_or_far_behind_is_found_and_nobody_is_invented(shared_data, detector):
    from two_person_videos import SINGLE, composites, read_frames

    from balancegame.clock import FakeClock
    from balancegame.people_watch import count_others
    from balancegame.pose.estimator import MediaPipePoseEstimator

    scenes = composites()
    estimator = MediaPipePoseEstimator(FakeClock())
    try:
        for name in ("side-by-side", "far-behind"):
            frames, seen, _ = scenes[name]
            looked = [i for i in range(0, len(frames), 60) if seen[i]]
            found = [len(count_others(detector, tracked(frames[i], estimator, i)))
                     for i in looked]
            assert len(looked) >= 3 and found.count(1) >= len(found) - 1, (name, found)
        for path in SINGLE:
            frames = read_frames(path)
            found = [len(count_others(detector, tracked(frames[i], estimator, i)))
                     for i in range(0, len(frames), 30)]
            assert set(found) == {0}, (path.name, found)
    finally:
        estimator.close()
