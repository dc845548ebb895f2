"""Frame sources: newest-frame slot, video files (paced and fast), errors."""

import threading

import cv2
import numpy as np
import pytest

from balancegame.capture.base import LatestFrameSlot, SourceEnded, SourceError
from balancegame.capture.video_file import VideoFileSource
from balancegame.clock import FakeClock, MonotonicClock
from balancegame.messages import Frame


def frame(t, i=0):
    return Frame(np.zeros((2, 2, 3), np.uint8), t, i)


def test_slot_keeps_only_the_newest_and_counts_drops():
    slot = LatestFrameSlot()
    for i in range(5):
        slot.put(frame(float(i), i))
    assert slot.take(0.0).index == 4
    assert slot.dropped == 4
    assert slot.take(0.0) is None


def test_slot_rejects_non_monotonic_stamps():
    slot = LatestFrameSlot()
    slot.put(frame(2.0))
    slot.put(frame(1.0))
    slot.put(frame(2.0))
    assert slot.rejected_non_monotonic == 2
    assert slot.take(0.0).t_capture_s == 2.0


def test_slot_wakes_a_waiting_consumer_and_signals_the_end():
    slot = LatestFrameSlot()
    threading.Timer(0.05, lambda: slot.put(frame(1.0))).start()
    assert slot.take(2.0) is not None
    slot.end()
    with pytest.raises(SourceEnded):
        slot.take(0.0)


@pytest.fixture
def video(tmp_path):
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, (64, 48))
    for i in range(20):
        img = np.full((48, 64, 3), i * 10, np.uint8)
        writer.write(img)
    writer.release()
    return path


def test_video_as_fast_as_possible_uses_file_time(video):
    src = VideoFileSource(video, MonotonicClock(), paced=False)
    src.start()
    frames = []
    with pytest.raises(SourceEnded):
        while True:
            frames.append(src.next_frame(1.0))
    src.close()
    assert len(frames) == 20
    assert np.allclose([f.t_capture_s for f in frames], np.arange(20) / 25.0)
    assert int(frames[7].image_bgr.mean()) == pytest.approx(70, abs=3)


def test_video_paced_on_the_clock_like_a_camera(video):
    clock = FakeClock(10.0)
    src = VideoFileSource(video, clock, paced=True)
    src.start()
    seen = []
    try:
        while True:
            f = src.next_frame(1.0)
            if f is not None:
                seen.append(f)
    except SourceEnded:
        pass
    src.close()
    stamps = np.array([f.t_capture_s for f in seen])
    assert np.all(np.diff(stamps) > 0)
    assert np.allclose((stamps - 10.0) * 25.0, [f.index for f in seen], atol=1e-6)
    assert len(seen) + src.frames_dropped == 20


def test_missing_and_broken_video_files_name_the_file(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        VideoFileSource(tmp_path / "nope.mp4", MonotonicClock()).start()
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video")
    with pytest.raises(SourceError) as info:
        VideoFileSource(junk, MonotonicClock()).start()
    assert "junk.mp4" in str(info.value)


def test_video_read_from_a_frame_on_keeps_the_file_index_and_time(video):
    """Each analyze worker reads its own chunk: frame 7 on, numbered and timed as in the file."""
    src = VideoFileSource(video, MonotonicClock(), paced=False, first_frame=7)
    src.start()
    frames = []
    with pytest.raises(SourceEnded):
        while True:
            frames.append(src.next_frame(1.0))
    src.close()
    assert [f.index for f in frames] == list(range(7, 20))
    assert np.allclose([f.t_capture_s for f in frames], np.arange(7, 20) / 25.0)
    assert [int(f.image_bgr.mean()) for f in frames] == pytest.approx(
        [i * 10 for i in range(7, 20)], abs=3)  # the right pictures, not just the numbers


def test_a_first_frame_past_the_end_names_the_file(video):
    with pytest.raises(SourceError, match="has no frame 25"):
        VideoFileSource(video, MonotonicClock(), paced=False, first_frame=25).start()
