"""Export figures for issue 6: HTML and Markdown export of the 20,000-webinar catalogue.

    python benchmarks/bench_export.py [--webinars 20000] [--runs 5]

Runs ``webcat export FORMAT -c CATALOGUE -o FILE`` as a subprocess (start-up, loading and
writing included, as a user would), prints the median wall time of each format against the
3 s bar, and the output size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate

BAR = 3.0


def timed(cmd: list[str], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--webinars", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cat = Path(tmp) / "big.toml"
        cat.write_text(generate(args.webinars), encoding="utf-8")
        size = cat.stat().st_size / 1048576
        print(f"catalogue: {args.webinars} webinars, {size:.1f} MiB; median of {args.runs} runs")
        missed = False
        for fmt in ("html", "markdown"):
            out = Path(tmp) / f"out.{fmt}"
            cmd = [sys.executable, "-m", "webcat", "export", fmt, "-c", str(cat), "-o", str(out)]
            median, times = timed(cmd, args.runs)
            ok = median <= BAR
            missed |= not ok
            runs = " ".join(f"{t:.2f}" for t in times)
            print(
                f"webcat export {fmt:<9} {median:6.3f} s  (bar {BAR} s: {'ok' if ok else 'MISSED'})"
                f"  output {out.stat().st_size / 1048576:5.1f} MiB  runs: {runs}"
            )
        sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
