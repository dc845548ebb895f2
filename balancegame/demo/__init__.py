"""The built-in demo person: a real photograph moved by a simulated body with known truth, rendered
as camera frames for the real pose pipeline (no camera needed).
"""
