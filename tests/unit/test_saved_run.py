"""benchmarks/machine_info.saved_run: a second saved run never overwrites the first."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from machine_info import saved_run  # noqa: E402


def test_a_second_run_on_the_same_day_is_saved_beside_the_first(tmp_path):
    def bench(figure):
        def main(argv):
            print(f"figure {figure}")
            return 0
        return main

    assert saved_run("demo_bench", bench(1), ["--save", str(tmp_path)]) == 0
    assert saved_run("demo_bench", bench(2), ["--save", str(tmp_path)]) == 0
    files = sorted(tmp_path.glob("demo_bench-*.txt"))
    assert len(files) == 2
    texts = sorted(f.read_text() for f in files)
    assert "figure 1" in texts[0] and "figure 2" in texts[1]
