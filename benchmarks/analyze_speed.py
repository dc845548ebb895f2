"""Speed of ``balancegame analyze``: one process against parallel processes, in x real time.

Every run is the command as a user types it, in a fresh interpreter:
``python -m balancegame analyze VIDEO --out DIR --jobs N``; its wall clock runs
from the start of that interpreter to its exit (imports, model start-up, the
worker processes, the three files: everything).  x real time = the video's
duration / that wall time.  CPU s per video s (the command and its workers,
user + system) does not depend on other processes; the share of the machine
that OTHER processes used during the run is printed beside it, and on a
virtual machine the CPU the host took for other machines (steal; Linux).

Runs, one at a time:
1. every real recording in ../shared/data with --jobs 1 and --jobs J (default:
   the cores; with --small: the 640x480 30 fps sway recordings only); the
   slowest with --jobs J, among the 640x480 30 fps ones (the target's kind), is
2. (full size) run again A B B A: --jobs 1, J, J, 1 (--repeats 2: each twice);
   its figures are the medians of its runs;
3. full size only: longer recordings (the two sway recordings end to end, cut at
   each of --long-s, default 20, 30 and 60 s, written to a temporary folder), --jobs 1
   and J; then wall = a + b x length fitted to the --jobs J runs (the slowest's median
   among them): a is the fixed cost (start-up, the files), b the cost per video second,
   and 3a / (1 - 3b) the length from which the target is met;
4. --lengths: the first 2-10 s of a sway recording, one process against
   J processes forced below the threshold (``analyze_video(min_parallel_frames=0)``),
   for choosing balancegame.analysis.video.MIN_PARALLEL_FRAMES.
Without ../shared/data (a clean clone), a 12 s synthetic 640x480 30 fps sway
video (benchmarks/sway_videos.py) stands in for the real recordings.

Usage: python benchmarks/analyze_speed.py [--small] [--jobs J] [--repeats R]
[--long-s S,S,...] [--lengths] [--quiet-wait-s S].  Before each run it waits up to
--quiet-wait-s (60) for other processes to use under 0.2 cores: on a shared
machine, read the "other processes" column.  Last line of stdout: one JSON object.  Figures only;
the target (3x real time on 2 cores, on 640x480 30 fps video) does not gate.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
TARGET_X = 3.0
TARGET_FORMAT = "640x480 30 fps"  # the kind of recording the target is set on
FORCED = ("import sys; from balancegame.analysis.video import analyze_video; "
          "analyze_video(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]), min_parallel_frames=0)")


def machine() -> dict:
    import cv2
    import mediapipe

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from balancegame.analysis.video import default_jobs

    return {"cpu": model, "cores_usable": default_jobs(), "cores_machine": os.cpu_count(),
            "platform": platform.platform(), "python": platform.python_version(),
            "mediapipe": mediapipe.__version__, "opencv": cv2.__version__}


def _cpu_ticks() -> tuple[float, float] | None:
    """(CPU s used by every process here, CPU s stolen by the hypervisor) so far, or None.

    Linux /proc/stat: user nice system idle iowait irq softirq steal ...; steal is time
    a virtual machine's CPU was taken by the host for other machines."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return None
    ticks, hz = [int(v) for v in fields], os.sysconf("SC_CLK_TCK")
    return (sum(ticks[:3]) + sum(ticks[5:7])) / hz, ticks[7] / hz


def _busy_s() -> float | None:
    ticks = _cpu_ticks()
    return None if ticks is None else ticks[0]


def wait_until_quiet(max_s: float) -> None:
    """Wait (at most ``max_s``) for 2 s in which other processes use under 0.2 cores."""
    t_end = time.monotonic() + max_s
    while time.monotonic() < t_end:
        busy0 = _busy_s()
        if busy0 is None:
            return
        time.sleep(2.0)
        if (_busy_s() - busy0) / 2.0 < 0.2:
            return


def video_info(path: Path) -> tuple[float, str]:
    import cv2

    cap = cv2.VideoCapture(str(path))
    fps, n = cap.get(cv2.CAP_PROP_FPS), cap.get(cv2.CAP_PROP_FRAME_COUNT)
    size = f"{int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))}x{int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))}"
    cap.release()
    return n / fps, f"{size} {fps:g} fps"


QUIET_WAIT_S = [60.0]  # set from --quiet-wait-s


def run(path: Path, jobs: int, work: Path, forced: bool = False) -> dict:
    """One ``analyze`` in a fresh interpreter: wall, x real time, CPU, others' CPU."""
    wait_until_quiet(QUIET_WAIT_S[0])
    out = work / f"out_{path.stem}_{jobs}"
    cmd = ([sys.executable, "-c", FORCED, str(path), str(out), str(jobs)] if forced else
           [sys.executable, "-m", "balancegame", "analyze", str(path), "--out", str(out),
            "--jobs", str(jobs)])
    duration_s, _ = video_info(path)
    load0 = os.getloadavg()[0]
    before, ticks0 = resource.getrusage(resource.RUSAGE_CHILDREN), _cpu_ticks()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall_s = time.perf_counter() - t0
    after, ticks1 = resource.getrusage(resource.RUSAGE_CHILDREN), _cpu_ticks()
    if proc.returncode != 0:
        raise SystemExit(f"analyze failed on {path}:\n{proc.stderr[-2000:]}")
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    processes = json.loads((out / "metrics.json").read_text()).get("processing", {}).get(
        "processes") if (out / "metrics.json").exists() else None
    others = steal = None
    if ticks0 is not None:
        others = max(0.0, (ticks1[0] - ticks0[0] - cpu_s) / wall_s)
        steal = (ticks1[1] - ticks0[1]) / wall_s
    return {"video": path.name, "jobs": jobs, "processes": processes, "wall_s": wall_s,
            "duration_s": duration_s, "x_real_time": duration_s / wall_s,
            "cpu_s_per_video_s": cpu_s / duration_s, "others_cores_busy": others,
            "steal_cores": steal,
            "load_1min_before": load0}


def show(r: dict) -> None:
    busy, steal = r["others_cores_busy"], r["steal_cores"]
    others = "" if busy is None else f"  others {busy:.2f}, stolen {steal:.2f} cores"
    print(f"  {r['video']:40s} --jobs {r['jobs']} ({r['processes']} proc)  "
          f"{r['wall_s']:6.2f} s  {r['x_real_time']:5.2f}x  "
          f"CPU {r['cpu_s_per_video_s']:.3f} s/s{others}", flush=True)


def candidates(small: bool, work: Path) -> list[Path]:
    if SHARED.is_dir():
        sway = sorted((SHARED / "sway").glob("*.mp4"))
        return sway if small else sway + sorted(SHARED.glob("*.mp4"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from sway_videos import SwayCase, write_case_video

    path = work / "synthetic_sway_12s.mp4"
    write_case_video(SwayCase("speed", 2.0, 0.3, duration_s=12.0, noise_deg=0.2, seed=5), path)
    return [path]


def concatenated(sources: list[Path], seconds: float, path: Path) -> Path:
    """``sources`` end to end (repeated as needed), cut at ``seconds``."""
    import cv2

    writer, written, k = None, 0, 0
    while True:
        cap = cv2.VideoCapture(str(sources[k % len(sources)]))
        fps = cap.get(cv2.CAP_PROP_FPS)
        while written < seconds * fps:
            ok, image = cap.read()
            if not ok:
                break
            if writer is None:
                writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps,
                                         (image.shape[1], image.shape[0]))
            writer.write(image)
            written += 1
        cap.release()
        k += 1
        if written >= seconds * fps:
            writer.release()
            return path


def _lengths(text: str) -> tuple[float, ...]:
    """--long-s: comma-separated lengths in seconds, each 11 to 600."""
    try:
        values = tuple(float(x) for x in text.split(","))
    except ValueError:
        values = ()
    if not values or not all(11.0 <= v <= 600.0 for v in values):
        raise argparse.ArgumentTypeError(
            f"{text!r}: give lengths of 11 to 600 s separated by commas, e.g. 20,30,60")
    return values


def crossover(summary: dict, jobs: int) -> dict | None:
    """wall = a + b x length, least squares over the --jobs ``jobs`` runs on 640x480 30 fps
    video (the slowest recording's median, each longer one), and the length from which
    x real time reaches the target: L / (a + b L) >= X  <=>  L >= X a / (1 - X b)."""
    slowest = summary["slowest"]
    points = [(r["duration_s"], r["wall_s"]) for r in summary.get("long", [])
              if r["jobs"] == jobs and r["format"] == TARGET_FORMAT]
    walls = [r["wall_s"] for r in slowest["runs"] if r["jobs"] == jobs]
    if walls and slowest["format"] == TARGET_FORMAT:
        points.append((slowest["runs"][0]["duration_s"], statistics.median(walls)))
    if len({length for length, _ in points}) < 2:
        return None
    b, a = (float(v) for v in np.polyfit([p[0] for p in points], [p[1] for p in points], 1))
    reach = TARGET_X * a / (1 - TARGET_X * b) if TARGET_X * b < 1 else None
    return {"jobs": jobs, "fixed_s": a, "per_video_s": b,
            "lengths_s": sorted({round(length) for length, _ in points}),
            "target_from_s": reach}


def main(argv: list[str] | None = None) -> int:
    from balancegame.analysis.video import default_jobs

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", action="store_true", help="CI size: the sway recordings only")
    ap.add_argument("--jobs", type=int, default=default_jobs(), help="parallel processes")
    ap.add_argument("--repeats", type=int, default=2, help="A B B A pairs on the slowest")
    ap.add_argument("--long-s", type=_lengths, default=(20.0, 30.0, 60.0),
                    help="lengths of the long recordings, s (default 20,30,60)")
    ap.add_argument("--lengths", action="store_true", help="also the short-clip threshold sweep")
    ap.add_argument("--quiet-wait-s", type=float, default=60.0,
                    help="before each run, wait up to this long for other processes to calm down")
    args = ap.parse_args(argv)
    QUIET_WAIT_S[0] = args.quiet_wait_s
    work = Path(tempfile.mkdtemp(prefix="bg_analyze_speed_"))
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores_usable']} usable cores "
          f"({info['cores_machine']} in the machine), {info['platform']}; python "
          f"{info['python']}, mediapipe {info['mediapipe']}, opencv {info['opencv']}; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    videos = candidates(args.small, work)
    print(f"1. every recording, --jobs 1 and --jobs {args.jobs}:")
    screen = []
    for path in videos:
        for jobs in (1, args.jobs):
            screen.append({"format": video_info(path)[1], **run(path, jobs, work)})
            show(screen[-1])
    # The slowest at the default --jobs, among recordings of the target's kind if any.
    parallel = [r for r in screen if r["jobs"] == args.jobs]
    kind = [r for r in parallel if r["format"] == TARGET_FORMAT] or parallel
    slowest = min(kind, key=lambda r: r["x_real_time"])
    path = next(p for p in videos if p.name == slowest["video"])
    runs = [r for r in screen if r["video"] == path.name]
    if not args.small:
        print(f"2. the slowest {TARGET_FORMAT} one, {path.name}, A B B A:")
        for jobs in ([1, args.jobs, args.jobs, 1] * args.repeats)[: 2 * args.repeats]:
            runs.append(run(path, jobs, work))
            show(runs[-1])
    summary = {"machine": info, "target_x_real_time": TARGET_X, "screen": screen,
               "slowest": {"video": path.name, "format": slowest["format"], "runs": runs}}
    for jobs in (1, args.jobs):
        xs = [r["x_real_time"] for r in runs if r["jobs"] == jobs]
        summary["slowest"][f"x_real_time_jobs{jobs}_median"] = statistics.median(xs)
    if not args.small and SHARED.is_dir():
        sway = sorted((SHARED / "sway").glob("*.mp4"))
        print(f"3. longer recordings, {' s, '.join(f'{x:g}' for x in args.long_s)} s "
              "(the sway recordings end to end):")
        summary["long"] = []
        for long_s in args.long_s:
            long_path = concatenated(sway, long_s, work / f"sway_end_to_end_{long_s:g}s.mp4")
            fmt = video_info(long_path)[1]
            for jobs in (1, args.jobs):
                summary["long"].append({"format": fmt, **run(long_path, jobs, work)})
                show(summary["long"][-1])
        c = summary["crossover"] = crossover(summary, args.jobs)
        if c is not None:
            reach = (f"{TARGET_X:g}x real time from about {c['target_from_s']:.0f} s"
                     if c["target_from_s"] is not None else
                     f"{TARGET_X:g}x is out of reach at any length (at most "
                     f"{1 / c['per_video_s']:.2f}x)")
            print(f"   --jobs {args.jobs}: wall = {c['fixed_s']:.2f} s + {c['per_video_s']:.3f} "
                  f"x length (fitted over {c['lengths_s']} s); {reach}")
    if args.lengths and SHARED.is_dir():
        source = sorted((SHARED / "sway").glob("*.mp4"))[0]
        print(f"4. the first seconds of {source.name}, one process against {args.jobs} "
              "(forced below the threshold):")
        summary["lengths"] = []
        for clip_s in (2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
            clip = concatenated([source], clip_s, work / f"clip_{clip_s:g}s.mp4")
            for jobs in (1, args.jobs):
                summary["lengths"].append({"clip_s": clip_s, **run(clip, jobs, work, forced=True)})
                show(summary["lengths"][-1])
    reach = (summary.get("crossover") or {}).get("target_from_s")
    one = summary["slowest"]["x_real_time_jobs1_median"]
    par = summary["slowest"][f"x_real_time_jobs{args.jobs}_median"]
    print(f"slowest recording {path.name} ({slowest['format']}, {slowest['duration_s']:.0f} s): "
          f"{one:.2f}x with one process, {par:.2f}x with "
          f"--jobs {args.jobs} (target {TARGET_X:g}x: {'ok' if par >= TARGET_X else 'MISS'})"
          + (f"; {TARGET_X:g}x from about {reach:.0f} s" if reach is not None else "")
          + f"; load average {os.getloadavg()[0]:.2f}")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
