"""Native log lines (MediaPipe's start-up, FFmpeg's on a broken file) never reach the terminal.

TFLite and absl print "Created TensorFlow Lite XNNPACK delegate" and "Feedback manager
requires a model with a single signature inference" when a graph first runs; to a therapist
they read like failures (balancegame/native_logs.py).  The demo's terminal showed the second
one at the people watch's first check, mid-session.  Each case runs in a fresh interpreter,
since the lines come from native code writing to fd 2, once per process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_ENV = {k: v for k, v in os.environ.items() if k != "BALANCEGAME_NATIVE_LOGS"}  # logs hidden

CASES = {
    "pose estimator": (
        "from balancegame.clock import FakeClock\n"
        "from balancegame.pose.estimator import MediaPipePoseEstimator\n"
        "import numpy as np\n"
        "from balancegame.messages import Frame\n"
        "e = MediaPipePoseEstimator(FakeClock())\n"
        "e.estimate(Frame(np.zeros((480, 640, 3), np.uint8), 0.0, 0, 'x'))\n"),
    "person detector": (
        "from balancegame.pose.people import PersonDetector\n"
        "import numpy as np\n"
        "d = PersonDetector()\n"
        "d.detect(np.zeros((480, 640, 3), np.uint8))\n"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_first_images_write_nothing_to_the_terminal(name):
    done = subprocess.run([sys.executable, "-c", CASES[name] + "print('ok')"],
                          capture_output=True, text=True, timeout=120,
                          env=_ENV)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert done.stderr == "", done.stderr


def test_a_file_that_is_not_a_video_gives_our_message_alone(tmp_path):
    """FFmpeg printed "moov atom not found" above our message for a broken .mp4."""
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"junk")
    done = subprocess.run([sys.executable, "-m", "balancegame", "analyze", str(junk), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120,
                          env=_ENV)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"balancegame: Cannot open {junk} as a video.",
        "Give a video file OpenCV can decode (for example .mp4 with H.264, or .avi)."]
