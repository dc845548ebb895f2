"""balancegame: webcam balance training for neurological rehabilitation."""

import os as _os

# pygame prints a banner on import; a clinic screen and CI logs do not need it.
_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

__version__ = "0.1.0"
