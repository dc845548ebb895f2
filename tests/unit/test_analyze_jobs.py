"""``analyze``'s split into chunks, its --jobs option and its progress bar (no model)."""

from __future__ import annotations

import io

import pytest

from balancegame.analysis.progress import MIN_DURATION_S, ProgressBar, progress_bar
from balancegame.analysis.span import OVERLAP_S, plan_spans
from balancegame.analysis.video import MAX_JOBS, MIN_PARALLEL_FRAMES, chunks_for
from balancegame.cli import main


@pytest.mark.parametrize(("n_frames", "chunks"), [(1800, 2), (1801, 3), (301, 4), (10, 2)])
def test_spans_cover_every_frame_once_each_warmed_up_on_the_frames_before(n_frames, chunks):
    fps = 30.0
    spans = plan_spans(n_frames, fps, chunks)
    assert len(spans) == chunks
    assert spans[0].first_frame == spans[0].keep_from == 0
    assert spans[-1].stop is None  # the last runs to the file's real end
    kept = []
    for span in spans:
        stop = n_frames if span.stop is None else span.stop
        kept.extend(range(span.keep_from, stop))
        if span.keep_from > 0:
            assert span.keep_from - span.first_frame == min(span.keep_from, round(OVERLAP_S * fps))
    assert kept == list(range(n_frames))


def test_short_recordings_and_one_job_stay_in_one_process():
    assert chunks_for(MIN_PARALLEL_FRAMES - 1, jobs=2) == 1
    assert chunks_for(MIN_PARALLEL_FRAMES, jobs=2) == 2
    assert chunks_for(65, jobs=2) == 2  # 13 s at 5 fps: frames count, not seconds
    assert chunks_for(3600, jobs=1) == 1
    assert chunks_for(3600, jobs=2, smooth_landmarks=True) == 1  # MediaPipe's filter
    # No chunk under MIN_CHUNK_FRAMES (30): 8 jobs on 90 frames use 3 processes.
    assert chunks_for(90, jobs=8) == 3
    assert chunks_for(3600, jobs=8) == 8
    assert chunks_for(10, jobs=2, min_parallel_frames=0) == 2  # forced (benchmarks)


@pytest.mark.parametrize("value", ["0", "-2", str(MAX_JOBS + 1)])
def test_jobs_out_of_range_is_refused_before_the_video_is_opened(value, tmp_path, capsys):
    rc = main(["analyze", str(tmp_path / "absent.mp4"), "--out", str(tmp_path / "o"),
               "--jobs", value])
    err = capsys.readouterr().err
    assert rc == 2
    assert f"--jobs {value} is not a number of processes: give 1 to {MAX_JOBS}" in err
    assert "Traceback" not in err and "not found" not in err


def test_jobs_must_be_a_whole_number(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["analyze", "x.mp4", "--out", str(tmp_path), "--jobs", "two"])
    assert info.value.code == 2
    assert "--jobs: invalid int value: 'two'" in capsys.readouterr().err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.t_s = 100.0

    def __call__(self) -> float:
        return self.t_s


def test_progress_bar_shows_percent_frames_elapsed_and_remaining():
    stream, clock = _Tty(), _Clock()
    bar = ProgressBar("analyze: pose", 1000, stream, min_interval_s=0.0, clock=clock)
    clock.t_s += 2.0  # model start-up: no rate yet
    bar(100)
    assert stream.getvalue().endswith("10% 100/1000 frames, 0:02 elapsed, --:-- left")
    clock.t_s += 10.0  # 300 frames in 10 s: 600 left take 20 s
    bar(400)
    assert stream.getvalue().endswith("40% 400/1000 frames, 0:12 elapsed, 0:20 left")
    bar(1000, final=True)
    assert stream.getvalue().endswith("100% 1000/1000 frames, 0:12 elapsed, 0:00 left\n")
    assert stream.getvalue().count("\r") == 3 and stream.getvalue().count("\n") == 1


def test_progress_bar_redraws_at_most_every_interval():
    stream, clock = _Tty(), _Clock()
    bar = ProgressBar("p", 100, stream, min_interval_s=0.25, clock=clock)
    for done in range(1, 50):
        clock.t_s += 0.01
        bar(done)
    assert stream.getvalue().count("\r") == 2  # 0.49 s: at 0.01 and at 0.26
    bar(50, final=True)  # the last state is always written
    assert stream.getvalue().endswith("50/100 frames, 0:00 elapsed, 0:00 left\n")


def test_a_bar_cut_short_ends_its_line_for_the_error_message():
    stream = _Tty()
    bar = ProgressBar("p", 100, stream, min_interval_s=0.0, clock=_Clock())
    bar(10)
    bar.close()
    bar.close()
    assert stream.getvalue().endswith("left\n") and stream.getvalue().count("\n") == 1
    finished = ProgressBar("p", 100, _Tty(), min_interval_s=0.0, clock=_Clock())
    finished(100, final=True)
    finished.close()  # already ended: nothing more
    assert finished.stream.getvalue().count("\n") == 1


def test_no_progress_bar_unless_a_terminal_and_a_long_recording():
    assert progress_bar("p", 900, 30.0, stream=io.StringIO()) is None  # a pipe or a log file
    assert progress_bar("p", 300, MIN_DURATION_S, stream=_Tty()) is None  # 10 s: quiet
    assert isinstance(progress_bar("p", 330, MIN_DURATION_S + 1, stream=_Tty()), ProgressBar)


@pytest.mark.parametrize(("n_frames", "chunks"), [(300, 2), (1800, 2), (1801, 3), (301, 4)])
def test_every_process_tracks_the_same_number_of_frames_warm_up_included(n_frames, chunks):
    """The first chunk has no warm-up, so it keeps more frames; otherwise the last process
    finishes a warm-up's worth of frames after the first, with a core idle meanwhile."""
    spans = plan_spans(n_frames, 30.0, chunks)
    tracked = [(n_frames if s.stop is None else s.stop) - s.first_frame for s in spans]
    assert max(tracked) - min(tracked) <= 1, tracked
    assert spans[1].keep_from > n_frames / chunks  # the first keeps more than its share
