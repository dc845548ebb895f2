"""MediaPipe's start-up log lines never reach the user's terminal.

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
                          env={k: v for k, v in os.environ.items()
                               if k != "BALANCEGAME_NATIVE_LOGS"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert done.stderr == "", done.stderr
