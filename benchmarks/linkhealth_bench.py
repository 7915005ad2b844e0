"""Benchmark for issue 5: a second nightly run over unchanged successes.

A catalogue of 1,000 webinars and 1,000 resources (2,000 URLs over 50 loopback hosts, each
answer delayed 50 ms by the server of linkcheck_bench.py) is checked twice with the same
state file. The second run should ask the servers nothing and take under a tenth of the
first run's time.

    python benchmarks/linkhealth_bench.py [--runs 3]
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
from linkcheck_bench import SCENARIOS, free_port, server_counts

SMALL = SCENARIOS["small"]  # 50 loopback hosts, 50 ms per answer
HOSTS = SMALL.host_ips

# The defaults a nightly run uses: polite to each host (4 at once, 0.1 s apart).
LIMITS: list[str] = []


def catalogue(port: int) -> str:
    lines = ["schema_version = 1", 'language = "nb"', "", "[series.s]", 'title = "Serie"', ""]
    for i in range(1000):
        host = HOSTS[i % len(HOSTS)]
        lines += [
            f"[webinars.w{i}]",
            'series = "s"',
            f'title = "Webinar {i}"',
            f'url = "http://{host}:{port}/p/{i}"',
            "",
            f"[resources.r{i}]",
            'kind = "recording"',
            f'title = "Opptak {i}"',
            f'webinar = "w{i}"',
            f'url = "http://{host}:{port}/p/{1000 + i}"',
            "",
        ]
    return "\n".join(lines)


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    port = free_port(HOSTS)
    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).parent / "linkcheck_bench.py"),
            "--serve",
            str(port),
            str(SMALL.hosts),
            str(SMALL.latency),
        ]
    )
    try:
        for _ in range(100):
            try:
                server_counts(HOSTS[0], port)
                break
            except OSError:
                time.sleep(0.05)
        firsts, seconds, asked = [], [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                cat = Path(tmp) / "catalogue.toml"
                cat.write_text(catalogue(port), encoding="utf-8")
                cmd = [sys.executable, "-m", "webcat", "check", "-c", str(cat), *LIMITS]
                before = sum(server_counts(HOSTS[0], port).values())
                firsts.append(timed(cmd))
                middle = sum(server_counts(HOSTS[0], port).values())
                seconds.append(timed(cmd))
                after = sum(server_counts(HOSTS[0], port).values())
                asked.append((middle - before, after - middle))
        first, second = statistics.median(firsts), statistics.median(seconds)
        print(f"2,000 URLs, 50 hosts, 50 ms per answer; median of {args.runs} runs")
        print(f"first run  {first:6.3f} s   requests {asked[-1][0]}")
        print(f"second run {second:6.3f} s   requests {asked[-1][1]}")
        ratio = second / first
        verdict = "ok" if ratio < 0.1 and all(b == 0 for _, b in asked) else "MISSED"
        print(f"ratio {ratio:.3f} (bar: under 0.1 and no requests: {verdict})")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
