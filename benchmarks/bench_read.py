"""Read-path figures for issue 2: list/validate on 20,000 webinars, and start-up time.

    python benchmarks/bench_read.py [--webinars 20000] [--runs 5]

Prints the median wall time of each command (bar: 1.5 s) and ``webcat --version`` against a
bare Typer app that prints one line, measured in the same run (bar: 1.2x).
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

BARE = """
import typer
app = typer.Typer()
@app.command()
def main() -> None:
    print("bare 0.0")
app()
"""


def timed(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--webinars", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        cat = Path(tmp) / "big.toml"
        cat.write_text(generate(args.webinars), encoding="utf-8")
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE)
        size = cat.stat().st_size / 1048576
        print(f"catalogue: {args.webinars} webinars, {size:.1f} MiB; median of {args.runs} runs")
        webcat = [py, "-m", "webcat"]
        for name, cmd in [
            ("list --format json", [*webcat, "list", "-c", str(cat), "--format", "json"]),
            ("validate", [*webcat, "validate", "-c", str(cat)]),
        ]:
            t = timed(cmd, args.runs)
            print(f"webcat {name:<20} {t:6.3f} s   (bar 1.5 s: {'ok' if t <= 1.5 else 'MISSED'})")
        runs = args.runs * 4
        t_bare = timed([py, str(bare)], runs)
        t_version = timed([*webcat, "--version"], runs)
        ratio = t_version / t_bare
        print(
            f"bare typer app {t_bare:.3f} s, webcat --version {t_version:.3f} s, "
            f"ratio {ratio:.2f} (bar 1.2: {'ok' if ratio <= 1.2 else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
