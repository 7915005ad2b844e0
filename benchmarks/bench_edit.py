"""Edit-path figures for issue 3: `webcat add webinar` and `webcat set` on 20,000 webinars.

    python benchmarks/bench_edit.py [--webinars 20000] [--runs 5]

Each command runs as a subprocess (start-up, lock, read, edit, strict re-parse, validation,
atomic write: everything a user waits for); the median of ``--runs`` is printed (bar: 2 s).
In the same run, the naive approach - tomlkit parsing the whole file and dumping it again -
is timed once as a baseline, and the ratios are printed.
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


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall time; ``{n}`` in an argument becomes the run number, so that every run
    really changes the file (a set to the value already there writes nothing)."""
    times, cpu = [], []
    for n in range(runs):
        args = [a.replace("{n}", str(n)) for a in cmd]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--webinars", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-baseline", action="store_true", help="skip the ~30 s tomlkit baseline")
    args = ap.parse_args()
    webcat = [sys.executable, "-m", "webcat"]
    with tempfile.TemporaryDirectory() as tmp:
        cat = Path(tmp) / "big.toml"
        cat.write_text(generate(args.webinars), encoding="utf-8")
        size = cat.stat().st_size / 1048576
        print(f"catalogue: {args.webinars} webinars, {size:.1f} MiB; median of {args.runs} runs")
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print("                             wall     cpu (user+sys)")
        add = [
            *webcat, "add", "webinar", "-c", str(cat), "--series", "serie-3",
            "--title", "Nytt webinar om samskaping", "--date", "2024-01-01",
            "--speaker", "person-1", "--tag", "samskaping",
        ]  # fmt: skip
        t_add = timed(add, args.runs)
        print(f"webcat add webinar          {t_add[0]:6.2f} s  {t_add[1]:6.2f} s")
        mid = f"webinar-{args.webinars // 2}"
        t_set = timed([*webcat, "set", mid, "title", "Ny tittel {n}", "-c", str(cat)], args.runs)
        print(f"webcat set ID title VALUE   {t_set[0]:6.2f} s  {t_set[1]:6.2f} s")
        t_unset = timed(
            [
                *webcat,
                "set",
                "webinar-{n}",
                "--unset",
                "topic",
                "-c",
                str(cat),
            ],
            args.runs,
        )
        print(f"webcat set ID --unset FIELD {t_unset[0]:6.2f} s  {t_unset[1]:6.2f} s")
        if args.no_baseline:
            return
        import tomlkit

        text = cat.read_text("utf-8")
        start = time.perf_counter()
        cpu0 = time.process_time()
        out = tomlkit.dumps(tomlkit.parse(text))
        t_naive = time.perf_counter() - start
        c_naive = time.process_time() - cpu0
        assert out == text
        print(
            f"tomlkit parse + dump (naive) {t_naive:5.2f} s  {c_naive:6.2f} s  (in-process, once)"
        )
        print(
            f"naive / add: {t_naive / t_add[0]:.0f}x   naive / set: {t_naive / t_set[0]:.0f}x"
            f"   (wall-clock ratios)"
        )
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
