"""balancegame: webcam balance training for neurological rehabilitation."""

__version__ = "0.1.0"
