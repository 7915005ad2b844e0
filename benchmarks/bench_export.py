"""Export figures for issue 6: HTML and Markdown export of the 20,000-webinar catalogue.

    python benchmarks/bench_export.py [--webinars 20000] [--runs 5] [--baseline SRC]

Runs ``webcat export FORMAT -c CATALOGUE -o FILE`` as a subprocess (start-up, loading and
writing included, as a user would), prints the median wall time of each format against the
3 s bar, the CPU time (user + system) of the process, and the output size.

``--baseline SRC`` also runs another webcat (``SRC`` is its ``src`` folder, e.g. from
``git archive``) in the same run, alternating with this one, and prints this one's median
CPU time as a ratio of the baseline's: on a shared, loaded machine the CPU time of the
process moves far less than the wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate

BAR = 3.0


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--webinars", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline", metavar="SRC", help="another webcat's src folder to compare")
    args = ap.parse_args()
    base_env = None
    if args.baseline:
        base_env = {**os.environ, "PYTHONPATH": str(Path(args.baseline).resolve())}
    with tempfile.TemporaryDirectory() as tmp:
        cat = Path(tmp) / "big.toml"
        cat.write_text(generate(args.webinars), encoding="utf-8")
        size = cat.stat().st_size / 1048576
        print(f"catalogue: {args.webinars} webinars, {size:.1f} MiB; median of {args.runs} runs")
        missed = False
        for fmt in ("html", "markdown"):
            out = Path(tmp) / f"out.{fmt}"
            cmd = [sys.executable, "-m", "webcat", "export", fmt, "-c", str(cat), "-o", str(out)]
            walls, cpus, base_cpus = [], [], []
            for _ in range(args.runs):
                if base_env is not None:
                    base_cpus.append(run_once(cmd, base_env)[1])
                wall, cpu = run_once(cmd)
                walls.append(wall)
                cpus.append(cpu)
            median = statistics.median(walls)
            ok = median <= BAR
            missed |= not ok
            runs = " ".join(f"{t:.2f}" for t in walls)
            print(
                f"webcat export {fmt:<9} {median:6.3f} s  (bar {BAR} s: {'ok' if ok else 'MISSED'})"
                f"  cpu {statistics.median(cpus):6.3f} s"
                f"  output {out.stat().st_size / 1048576:5.1f} MiB  runs: {runs}"
            )
            if base_cpus:
                base = statistics.median(base_cpus)
                print(
                    f"  baseline cpu {base:6.3f} s; this one {statistics.median(cpus) / base:.3f}x"
                    f"  (baseline runs: {' '.join(f'{t:.2f}' for t in base_cpus)};"
                    f" this: {' '.join(f'{t:.2f}' for t in cpus)})"
                )
        sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
