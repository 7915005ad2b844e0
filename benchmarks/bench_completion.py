"""Shell completion of entry ids against ``webcat list --format ids`` (issue 10).

Bar: completing an id (``webcat show <Tab>``, through Typer's completion protocol as bash,
zsh and fish call it) costs no more than ``webcat list --format ids`` on the same catalogue,
both measured in this run, interleaved, as subprocesses started the way a shell starts them.
Sizes: the embedded catalogue and synthetic ones of 2,000 and 20,000 webinars
(benchmarks/synthetic.py). Also shown: ``webcat --version`` (start-up alone) and completing
a command name.

    python benchmarks/bench_completion.py [--runs 15] [--sizes 2000,20000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent


def once(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{cmd} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--sizes", default="2000,20000")
    args = ap.parse_args()
    py = sys.executable
    base = {k: v for k, v in os.environ.items() if not k.startswith(("WEBCAT_", "_WEBCAT"))}
    with tempfile.TemporaryDirectory() as tmp:
        catalogues = {"embedded": ROOT / "data" / "catalogue.toml"}
        for n in (int(s) for s in args.sizes.split(",") if s):
            path = Path(tmp) / f"synthetic-{n}.toml"
            path.write_text(generate(n), encoding="utf-8")
            catalogues[f"{n:,} webinars"] = path
        print(f"median of {args.runs} runs each, interleaved")
        for label, path in catalogues.items():
            env = {**base, "WEBCAT_CATALOGUE": str(path)}
            complete_env = {
                **env,
                "_WEBCAT_COMPLETE": "complete_bash",
                "COMP_WORDS": "webcat show ",
                "COMP_CWORD": "2",
            }
            command_env = {**complete_env, "COMP_WORDS": "webcat l", "COMP_CWORD": "1"}
            zsh_env = {
                **env,
                "_WEBCAT_COMPLETE": "complete_zsh",
                "_TYPER_COMPLETE_ARGS": "webcat show ",
            }
            fish_env = {
                **zsh_env,
                "_WEBCAT_COMPLETE": "complete_fish",
                "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            }
            cases = {
                "list --format ids": ([py, "-m", "webcat", "list", "--format", "ids"], env),
                "complete an id": ([py, "-m", "webcat"], complete_env),
                "complete an id (zsh)": ([py, "-m", "webcat"], zsh_env),
                "complete an id (fish)": ([py, "-m", "webcat"], fish_env),
                "complete a command": ([py, "-m", "webcat"], command_env),
                "--version": ([py, "-m", "webcat", "--version"], env),
            }
            for cmd, e in cases.values():  # warm the file cache
                once(cmd, e)
            times: dict[str, list[float]] = {name: [] for name in cases}
            for _ in range(args.runs):  # interleaved, so load changes hit every case alike
                for name, (cmd, e) in cases.items():
                    times[name].append(once(cmd, e))
            bar = statistics.median(times["list --format ids"])
            print(f"\n{label} ({path.stat().st_size / 1048576:.1f} MiB)")
            for name, values in times.items():
                median = statistics.median(values)
                print(f"  {name:22} {median:.3f} s  ({median / bar:.2f}x list --format ids)")
            for case in ("complete an id", "complete an id (zsh)", "complete an id (fish)"):
                ratio = statistics.median(times[case]) / bar
                print(f"  {case} / list --format ids: {ratio:.2f}x (bar: at most 1.0x)")


if __name__ == "__main__":
    main()
