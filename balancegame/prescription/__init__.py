"""What the therapist prescribes: level and program files, their parameters with units and safe
ranges, presets, adaptive difficulty and the session dose.
"""
