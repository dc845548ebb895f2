"""MediaPipe imported without matplotlib (pose/mediapipe_import.py), and matplotlib still
whole afterwards.  Each case runs in a fresh interpreter: this one has both loaded already."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_mediapipe_comes_without_matplotlib_and_its_pose_solution_works():
    out = _run(
        "import sys\n"
        "from balancegame.pose.mediapipe_import import import_mediapipe\n"
        "mp = import_mediapipe()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
        "print(callable(mp.solutions.pose.Pose))\n")
    assert out.splitlines() == ["[]", "True"]


@pytest.mark.parametrize("first", ["stand-in", "import"])
def test_matplotlib_is_the_real_one_afterwards_whichever_is_used_first(first):
    """drawing_utils' ``plt`` and a later ``import matplotlib.pyplot`` are the same real
    module, whether the stand-in or the import statement loads it."""
    use = ("du.plt.figure\nimport matplotlib.pyplot as plt\n" if first == "stand-in" else
           "import matplotlib.pyplot as plt\ndu.plt.figure\n")
    out = _run(
        "import sys, types\n"
        "from balancegame.pose.mediapipe_import import import_mediapipe\n"
        "import_mediapipe()\n"
        "import mediapipe.python.solutions.drawing_utils as du\n"
        + use +
        "import matplotlib\n"
        "print(type(matplotlib) is types.ModuleType, type(plt) is types.ModuleType)\n"
        "print(du.plt.figure is plt.figure, hasattr(matplotlib, 'use'))\n")
    assert out.splitlines() == ["True True", "True True"]


def test_nothing_is_stood_in_when_matplotlib_is_already_loaded():
    out = _run(
        "import sys, matplotlib.pyplot as plt\n"
        "from balancegame.pose.mediapipe_import import import_mediapipe\n"
        "import_mediapipe()\n"
        "import mediapipe.python.solutions.drawing_utils as du\n"
        "print(du.plt is plt)\n")
    assert out == "True"
