"""The cost of refusing TOML 1.1 syntax (issue 15): the check in
``webcat.catalogue.toml10`` against ``webcat validate`` of the same file, measured in the
same run. Bar: under 3% of ``validate``.

    python benchmarks/bench_toml10.py [--webinars 21500] [--runs 5]

Three files: the realistic catalogue of benchmarks/realistic.py (long Markdown
descriptions with backslashes, braces and code), the synthetic one of
benchmarks/synthetic.py (language tables as inline tables on every entry), and a worst case:
the realistic one with ``Møte, 10:30, {`` opening every description, so that the lexer is
called twice for each of ~17,000 descriptions.
The check is timed in-process (median of ``--runs``), ``validate`` as a subprocess.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from realistic import DEFAULT_WEBINARS
from realistic import generate as realistic
from synthetic import generate as synthetic
from webcat.catalogue.toml10 import toml11_use


def median_seconds(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--webinars", type=int, default=DEFAULT_WEBINARS)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    real = realistic(args.webinars).to_toml()
    texts = {
        "realistic": real,
        "synthetic": synthetic(args.webinars),
        "realistic, worst case": re.sub(
            r'^description = """\n', 'description = """\nMøte, 10:30, {\n', real, flags=re.M
        ),
    }
    print(f"{args.webinars} webinars; median of {args.runs} runs; the machine is shared")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in texts.items():
            assert toml11_use(text) is None, name
            path = Path(tmp) / "c.toml"
            path.write_text(text, encoding="utf-8")
            cmd = [sys.executable, "-m", "webcat", "validate", "-c", str(path)]
            validate = median_seconds(
                lambda cmd=cmd: subprocess.run(
                    cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
                ),
                args.runs,
            )
            check = median_seconds(lambda text=text: toml11_use(text), args.runs)
            share = check / validate
            print(
                f"{name:<40} {len(text) / 1048576:5.1f} MiB  check {check * 1000:6.1f} ms  "
                f"validate {validate:6.2f} s  share {share:6.2%}  "
                f"(bar 3%: {'ok' if share < 0.03 else 'MISSED'})"
            )


if __name__ == "__main__":
    main()
