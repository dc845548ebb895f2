"""From landmarks to body signals: centre of mass, scale to cm, filters on real timestamps, base of
support, head and feet, safety.
"""
