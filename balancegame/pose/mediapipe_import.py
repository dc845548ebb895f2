"""Importing MediaPipe without the plotting library it loads for a function we never call.

``import mediapipe`` runs ``mediapipe.solutions.drawing_utils``, whose first lines import
``matplotlib.pyplot`` for one function (``plot_landmarks``) that balancegame never calls.
Measured here (``python -X importtime -c "import mediapipe"``): 0.45 s in all, of which
matplotlib is 0.24 s, paid by the game's tracker at start-up and by every ``analyze`` worker
process, where it sits on the critical path of a short recording.

:func:`import_mediapipe` puts two stand-in modules under ``matplotlib`` and
``matplotlib.pyplot`` for the length of that one import and removes them afterwards, so any
later ``import matplotlib`` is the real one.  The name ``plt`` inside drawing_utils keeps a
stand-in that imports the real pyplot on first use: nothing changes for a caller of
``plot_landmarks``, it only starts later.  When matplotlib is already imported, nothing is
stood in.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types

_LOCK = threading.RLock()  # one import at a time; a stand-in used meanwhile waits for it


class _Deferred(types.ModuleType):
    """A module that imports the real one of its name on the first attribute asked of it."""

    def __getattr__(self, attribute: str):
        name = object.__getattribute__(self, "__name__")
        with _LOCK:
            if sys.modules.get(name) is self:  # still standing in: step aside for the real one
                del sys.modules[name]
            real = importlib.import_module(name)
        return getattr(real, attribute)


def import_mediapipe() -> types.ModuleType:
    """The ``mediapipe`` module, imported without matplotlib if matplotlib is not loaded."""
    with _LOCK:
        if "mediapipe" in sys.modules:
            return sys.modules["mediapipe"]
        placed: dict[str, types.ModuleType] = {}
        if "matplotlib" not in sys.modules and "matplotlib.pyplot" not in sys.modules:
            pyplot = _Deferred("matplotlib.pyplot")
            package = _Deferred("matplotlib")
            package.__dict__["pyplot"] = pyplot  # `import matplotlib.pyplot as plt` reads it
            placed = {"matplotlib": package, "matplotlib.pyplot": pyplot}
            sys.modules.update(placed)
        try:
            import mediapipe
        finally:
            for name, module in placed.items():
                if sys.modules.get(name) is module:
                    del sys.modules[name]
        return mediapipe
