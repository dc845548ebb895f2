"""Frame sources: a webcam, a video file (paced like a camera or as fast as possible); each frame
stamped with its capture time.
"""
