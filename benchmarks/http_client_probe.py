"""Probe: CPU cost of an HTTP client for 2,000 HEAD requests at 128 at once, on loopback.

Used to choose the link checker's client (docs/dependencies.md). Each client runs in its own
child process against the benchmark's 50 ms server (benchmarks/linkcheck_bench.py), with one
shared client/session and 128 workers; the child's CPU time comes from wait4().

    python benchmarks/http_client_probe.py        # needs aiohttp; httpx if installed
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkcheck_bench import HOSTS, PER_HOST, free_port, run_child

CONCURRENCY = 128


async def _aiohttp(urls: list[str]) -> None:
    import aiohttp

    it = iter(urls)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def work() -> None:
            for url in it:
                async with session.head(url, allow_redirects=False) as resp:
                    assert resp.status == 200

        await asyncio.gather(*(work() for _ in range(CONCURRENCY)))


async def _httpx(urls: list[str]) -> None:
    import httpx

    it = iter(urls)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def work() -> None:
            for url in it:
                resp = await client.head(url)
                assert resp.status_code == 200

        await asyncio.gather(*(work() for _ in range(CONCURRENCY)))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        port, client = int(sys.argv[2]), sys.argv[3]
        urls = [f"http://{h}:{port}/p/{i}" for i in range(PER_HOST) for h in HOSTS]
        started = time.perf_counter()
        asyncio.run(_aiohttp(urls) if client == "aiohttp" else _httpx(urls))
        print(f"{time.perf_counter() - started:.3f}")
        return
    port = free_port()
    bench = Path(__file__).resolve().parent / "linkcheck_bench.py"
    server = subprocess.Popen([sys.executable, str(bench), "--serve", str(port)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        for client in ("aiohttp", "httpx"):
            try:
                version = __import__(client).__version__
            except ImportError:
                print(f"{client}: not installed")
                continue
            _, rss, cpu, out = run_child([sys.executable, __file__, "--child", str(port), client])
            print(f"{client} {version}: 2000 HEAD at {CONCURRENCY} at once: requests took "
                  f"{out.strip()} s, process CPU {cpu:.2f} s (start-up included), "
                  f"peak RSS {rss:.0f} MB")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
