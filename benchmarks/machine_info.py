"""What a benchmark's figures were measured on, and keeping a run's whole output."""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path


def machine() -> str:
    """One line: CPU model, cores, memory, OS, Python."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GB"
    return (f"{cpu}, {os.cpu_count()} CPUs{mem}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


class _Tee:
    def __init__(self, *streams) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def saved_run(name: str, main: Callable[[list[str]], int], argv: list[str]) -> int:
    """``main(argv)``; with ``--save DIR`` in ``argv`` also its output, the command and the
    machine into ``DIR/<name>-<date>[-small].txt`` (``-2``, ``-3``... when that is taken: a
    second run the same day never overwrites the first, which a README may quote)."""
    if "--save" not in argv:
        return main(argv)
    folder = Path(argv[argv.index("--save") + 1])
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{name}-{time.strftime('%Y-%m-%d')}{'-small' * ('--small' in argv)}"
    path, n = folder / f"{stem}.txt", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.txt"
    with path.open("w") as out, contextlib.redirect_stdout(_Tee(sys.stdout, out)):
        print(f"$ python benchmarks/{name}.py {' '.join(argv)}")
        code = main(argv)
    print(f"saved in {path}")
    return code
