"""Start-up of webcat's commands under two installs, e.g. two Typer versions (dependencies).

A dependency's version can change every command's start-up (Typer 0.29 builds a pydantic
``TypeAdapter`` for each parameter and so imports pydantic in every command that has one).
This runs the same commands with this interpreter and with ``--against``, another
virtual environment's interpreter where webcat is installed (``pip install -e .`` of the same
tree) with the other versions, interleaved, as subprocesses started the way a shell starts
them, and prints this install's medians as ratios against the other's. No packet leaves the
machine: ``check`` reads an empty list, or one URL that it is told to exclude.

    python -m venv /tmp/other && /tmp/other/bin/pip install -e . 'typer==0.29.2'
    python benchmarks/bench_startup_installs.py --against /tmp/other/bin/python [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def once(cmd: list[str], env: dict[str, str], stdin: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, input=stdin, text=True, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{cmd} failed: {done.stderr[-500:]}")
    return elapsed


def versions(py: str) -> str:
    probe = (
        "from importlib.metadata import version, PackageNotFoundError\n"
        "def v(n):\n"
        "    try: return version(n)\n"
        "    except PackageNotFoundError: return '-'\n"
        "print(f\"typer {v('typer')}, pydantic {v('pydantic')}\")"
    )
    return subprocess.run([py, "-c", probe], capture_output=True, text=True).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", required=True, help="the other install's python")
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    installs = {"this": sys.executable, "other": args.against}
    base = {k: v for k, v in os.environ.items() if not k.startswith(("WEBCAT_", "_WEBCAT"))}
    env = {**base, "WEBCAT_CATALOGUE": str(ROOT / "data" / "catalogue.toml")}
    complete = {
        **env,
        "_WEBCAT_COMPLETE": "complete_bash",
        "COMP_WORDS": "webcat show ",
        "COMP_CWORD": "2",
    }
    commands = {
        "webcat --version": (["--version"], env, ""),
        "webcat list --format ids": (["list", "--format", "ids"], env, ""),
        "webcat show <Tab> (bash)": ([], complete, ""),
        "webcat check - (empty)": (["check", "-"], env, ""),
        "webcat check - (one URL)": (  # excluded: loads the engine, sends nothing
            ["check", "-", "--exclude", "."],
            env,
            "Se https://example.org/side.\n",
        ),
    }
    cases = {
        (name, which): ([py, "-m", "webcat", *argv], e, stdin)
        for name, (argv, e, stdin) in commands.items()
        for which, py in installs.items()
    }
    for cmd, e, stdin in cases.values():  # warm the file cache and the bytecode
        once(cmd, e, stdin)
    times: dict[tuple[str, str], list[float]] = {key: [] for key in cases}
    for _ in range(args.runs):  # interleaved, so load changes hit both installs alike
        for key, (cmd, e, stdin) in cases.items():
            times[key].append(once(cmd, e, stdin))
    print(f"this:  {versions(installs['this'])}")
    print(f"other: {versions(installs['other'])}")
    print(f"median of {args.runs} runs each, interleaved")
    for name in commands:
        this = statistics.median(times[(name, "this")])
        other = statistics.median(times[(name, "other")])
        print(
            f"{name:26} this {this:.3f} s  other {other:.3f} s  "
            f"({this / other:.2f}x, {1000 * (this - other):+.0f} ms)"
        )


if __name__ == "__main__":
    main()
