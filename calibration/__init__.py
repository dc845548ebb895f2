"""The shipped calibration protocols: data, no code.

This file makes the folder the package ``balancegame.shipped_calibration`` of the installed
program (pyproject.toml maps it there), so the protocols travel inside the wheel and are read
with importlib.resources; see levels/__init__.py for why a file is needed at all.
"""
