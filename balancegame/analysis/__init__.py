"""Offline analysis of a recording: the same pipeline as the game, run over a video file
(``balancegame analyze``), and the files and plots it writes.
"""
