"""The Pygame side: the frame loop, the session flow, scenes (one screen each) and views (drawing
only).
"""
