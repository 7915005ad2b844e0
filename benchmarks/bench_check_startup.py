"""Start-up of ``webcat check`` on an empty list, against a bare Typer app (issue 11).

Bar: ``webcat check -`` with nothing on stdin takes at most 2x a bare Typer app that parses
one argument, reads stdin and prints one line, both measured in this run, interleaved, as
subprocesses started the way a shell starts them. No packet leaves the machine: there is no
URL to check. Also shown for reference: ``webcat --version`` and ``webcat check -`` with one
line of prose (which loads the link extractor).

    python benchmarks/bench_check_startup.py [--runs 21]
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
from linkcheck_bench import byte_compile_webcat

BARE = '''\
import sys

import typer

app = typer.Typer(add_completion=False)


@app.command()
def main(source: str = typer.Argument("-")) -> None:
    text = sys.stdin.read()
    print(f"{len(text.split())} links checked")


app()
'''


def once(cmd: list[str], stdin: str) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, input=stdin, text=True, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    py = sys.executable
    byte_compile_webcat()  # as installed; the bare app's libraries are compiled already
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE)
        cases = {
            "bare typer app": ([py, str(bare), "-"], ""),
            "webcat check - (empty)": ([py, "-m", "webcat", "check", "-"], ""),
            "webcat --version": ([py, "-m", "webcat", "--version"], ""),
            "webcat check - (one sentence)": (
                [py, "-m", "webcat", "check", "-", "--exclude", "."],
                "Se https://example.org/side.\n",
            ),
        }
        for cmd, stdin in cases.values():  # warm the file cache
            once(cmd, stdin)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):  # interleaved, so load changes hit every case alike
            for name, (cmd, stdin) in cases.items():
                times[name].append(once(cmd, stdin))
    base = statistics.median(times["bare typer app"])
    print(f"median of {args.runs} runs each, interleaved")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:32} {median:.3f} s  ({median / base:.2f}x bare)  min {min(values):.3f} s")
    ratio = statistics.median(times["webcat check - (empty)"]) / base
    print(f"webcat check - (empty) / bare typer app: {ratio:.2f}x (bar: at most 2.0x)")


if __name__ == "__main__":
    main()
