"""Issue 8, item 2: ``balancegame latency`` runs from the command line with the simulated
mirror camera, stores a result per machine and camera, and stores nothing when it fails."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from balancegame import cli
from balancegame.errors import LatencyCheckError
from balancegame.latency import LatencyOptions, run_latency_check
from balancegame.session.storage import Database


def test_latency_demo_from_the_command_line_measures_and_stores(tmp_path: Path, capsys) -> None:
    db_path = tmp_path / "log.sqlite3"
    # real time, about 14 s: the game loop, its flips and the camera on the real clock
    code = cli.main(["latency", "--demo", "--headless", "--flashes", "12",
                     "--demo-delay-ms", "80", "--seed", "4", "--db", str(db_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    reported_ms = float(re.search(r"Display-to-camera delay: (\d+) ms", out).group(1))
    with Database.open(db_path, read_only=True) as db:
        [row] = db.latency_checks()
        truth_ms = row.detail["simulated_true_latency_ms"]  # 80 ms + half the panel's rise
        assert abs(row.median_ms - truth_ms) < 8.0  # ms; the real loop's flips are late a bit
        assert abs(reported_ms - row.median_ms) <= 0.5
        assert row.n == row.n_flashes == 12 and row.vsync_granted == 0
        assert row.camera_name == "mirror camera (simulated)" and row.machine_id == db.machine_id()
        assert db.display_delay_ms("mirror camera (simulated)") == row.median_ms
    assert "vsync: not available" in out and f"check {row.latency_check_id}" in out


class FastClock:
    """A monotonic clock running ``speed`` times faster than real time."""

    def __init__(self, speed: float) -> None:
        self.speed = speed

    def now_s(self) -> float:
        return time.perf_counter() * self.speed

    def sleep_until(self, t_s: float) -> None:
        delay = (t_s - self.now_s()) / self.speed
        if delay > 0:
            time.sleep(delay)


def test_a_check_that_sees_nothing_says_what_to_try_and_stores_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "log.sqlite3"
    opts = LatencyOptions(demo=True, demo_wall=True, headless=True, db_path=db_path, seed=1)
    started_s = time.perf_counter()
    with pytest.raises(LatencyCheckError, match="did not see the screen flash") as info:
        run_latency_check(opts, clock=FastClock(8.0))
    assert time.perf_counter() - started_s < 10.0  # s: 25 s of check at 8x, bounded
    assert "mirror" in info.value.hint
    with Database.open(db_path, read_only=True) as db:
        assert db.latency_checks() == []


@pytest.mark.parametrize(("args", "words"), [
    (["--headless"], "nothing for the camera to see"),
    (["--demo", "--flashes", "3"], "--flashes 3"),
    (["--source", "clip.mp4"], "needs a live camera"),
])
def test_unusable_options_are_refused_before_anything_opens(args, words, tmp_path, capsys):
    db_path = tmp_path / "log.sqlite3"
    assert cli.main(["latency", *args, "--db", str(db_path)]) == 2
    assert words in capsys.readouterr().err and not db_path.exists()
