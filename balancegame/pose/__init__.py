"""Pose estimation: MediaPipe Pose, the landmark enum, and the presence check."""
