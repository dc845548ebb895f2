"""A slow disk for the real-time benchmark: an SQLite connection class whose every COMMIT
takes longer, and the runs and table that compare the game with and without it.

Injected through ``Database.open(path, connection_factory=...)`` (sqlite3's own
``factory`` hook), so production code is not patched: a spinning laptop drive, an
antivirus scanning each write or a network home folder make ``synchronous = FULL``
commits take 100 ms and more; the sleep stands for that wait (it releases the GIL,
as SQLite's fsync does).
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from collections.abc import Callable

import numpy as np

TARGET_P99_RISE_MS = 2.0  # slow commits may raise the game's flip period p99 this much


def slow_commits(delay_ms: float) -> type[sqlite3.Connection]:
    """A connection class that sleeps ``delay_ms`` in every COMMIT and counts them
    (``.commits``, ``.game_thread_commits``: those made on the thread that built it)."""
    delay_s = delay_ms / 1e3
    game_thread = threading.get_ident()

    class SlowCommits(sqlite3.Connection):
        commits = 0
        game_thread_commits = 0

        def execute(self, sql: str, *args):
            if sql == "COMMIT":
                cls = type(self)
                cls.commits += 1
                cls.game_thread_commits += threading.get_ident() == game_thread
                time.sleep(delay_s)
            return super().execute(sql, *args)

    return SlowCommits


def disk_runs(run: Callable[[float, str], dict], delay_ms: float, repeats: int, *,
              only_slow: bool = False) -> list[dict]:
    """Runs of the game as it is and with commits slowed by ``delay_ms``, ``repeats`` times
    each in the order A B B A A B ... (drift in the machine's load cancels out), pooled:
    ``frame_ms_p99`` over every frame of the runs of one kind, ``frame_ms_p99_runs`` each
    run's own.  ``run(delay_ms, name)`` plays one run and returns its figures with
    ``periods_s``.  ``only_slow``: the slowed runs only."""
    kinds = [delay_ms] if only_slow else [0.0, delay_ms]
    order = [kinds[(i + i // 2) % len(kinds)] for i in range(len(kinds) * repeats)]
    runs: dict[float, list[dict]] = {kind: [] for kind in kinds}
    for i, kind in enumerate(order):
        runs[kind].append(run(kind, f"disk{i}"))
    return [_pooled(runs[kind]) for kind in kinds]


def _pooled(runs: list[dict]) -> dict:
    periods = np.concatenate([np.asarray(r["periods_s"] or [math.nan]) for r in runs])
    return {"frame_ms_p99": float(np.percentile(periods, 99) * 1e3),
            "frame_ms_p99_runs": [r["frame_ms_p99"] for r in runs],
            "frame_ms_max": float(np.max(periods) * 1e3),
            "game_fps": 1.0 / float(np.mean(periods)),
            "commits": sum(r["commits"] for r in runs),
            "game_thread_commits": sum(r["game_thread_commits"] for r in runs),
            "queued_max": max(r["queued_max"] for r in runs), "runs": len(runs)}


def print_disk_table(fast: dict, slow: dict, on_game_thread: dict | None, delay_ms: float,
                     seconds: float) -> None:
    columns = [("disk as is", fast), (f"+{delay_ms:g} ms/commit", slow)]
    columns += [("same, game thread", on_game_thread)] if on_game_thread else []
    print(f"\nthe log on a slow disk: from the level's start, {fast['runs']} x {seconds:g} s "
          "per column (frames pooled)")
    print(f"{'figure':<26}" + "".join(f"{name:>20}" for name, _ in columns))
    for key, label in [("frame_ms_p99", "flip period p99 ms"),
                       ("frame_ms_max", "longest flip ms"), ("game_fps", "display frames/s"),
                       ("commits", "commits"), ("game_thread_commits", "... on the game thread"),
                       ("queued_max", "writer queue high-water")]:
        print(f"{label:<26}" + "".join(f"{run[key]:20.1f}" for _, run in columns))
    print(f"{'p99 of each run ms':<26}" + "".join(
        f"{' '.join(f'{v:.1f}' for v in run['frame_ms_p99_runs']):>20}" for _, run in columns))
    rise_ms = slow["frame_ms_p99"] - fast["frame_ms_p99"]
    ok = rise_ms <= TARGET_P99_RISE_MS and slow["commits"] > 0
    print(f"  {'ok  ' if ok else 'MISS'} slow commits raise the flip period p99 by "
          f"{rise_ms:+.1f} ms (target <= {TARGET_P99_RISE_MS:g} ms; run to run it moves "
          "by about as much on a busy machine)")
