"""The shipped level and program files: data, no code.

This file makes the folder the package ``balancegame.shipped_levels`` of the installed program
(pyproject.toml maps it there), so the levels travel inside the wheel and are read with
importlib.resources.  Without it, setuptools' editable install cannot import the folder (a
namespace package mapped below a regular one); see balancegame/prescription/library.py.
Your own levels go in the user folder or a --levels-dir folder (balancegame levels list).
"""
