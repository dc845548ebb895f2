"""Measures computed from trajectories with timestamps (pure numpy): sway, reaction time, limits of
stability, the minimum-jerk profile.
"""
