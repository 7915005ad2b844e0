"""Real HTTP servers on loopback addresses that stand in for the hosts of the web.

Each server runs in a thread and records what it saw: every request with its start time, the
most connections and the most requests it had open at once, and the body bytes it sent. The
behaviour is chosen by the path, so a test only writes URLs:

    /ok                         200
    /status/NNN                 NNN for HEAD and GET
    /head/NNN                   NNN for HEAD, 200 for GET
    /redirect/NNN?to=TARGET     NNN with Location: TARGET
    /chain/N                    302 to /chain/N-1 ... /chain/0 answers 200
    /loop/a, /loop/b            301 to each other
    /flaky/KEY/N/STATUS?ra=S    STATUS (with Retry-After: S if given) N times, then 200
    /slow/SECONDS               answers after SECONDS (woken early when the server stops)
    /delay/SECONDS              same as /slow, for politeness tests
    /reset                      resets the connection without answering
    /huge                       announces a 1 GiB body and streams zeros until the client goes
    /cf                         403 with "cf-mitigated: challenge", as Cloudflare's bot wall
    /auth                       200; the Authorization header is recorded
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from webcat.linkcheck import CheckConfig

GIB = 1024**3


@dataclass
class Seen:
    method: str
    path: str
    start: float
    authorization: str | None
    user_agent: str | None
    end: float = 0.0


@dataclass
class Record:
    requests: list[Seen] = field(default_factory=list)
    connections: int = 0
    max_connections: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    huge_bytes_sent: int = 0
    flaky: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256
    record: Record
    stopping: threading.Event


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        rec = self.server.record
        with rec.lock:
            rec.connections += 1
            rec.max_connections = max(rec.max_connections, rec.connections)

    def finish(self) -> None:
        rec = self.server.record
        with rec.lock:
            rec.connections -= 1
        with contextlib.suppress(OSError):
            super().finish()

    def do_HEAD(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        self._handle()

    def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        body = b"" if self.command == "HEAD" or status in (204, 304) else b"x" * 10
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _handle(self) -> None:
        rec = self.server.record
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        segments = parts.path.strip("/").split("/")
        seen = Seen(
            self.command,
            parts.path,
            time.monotonic(),
            self.headers.get("Authorization"),
            self.headers.get("User-Agent"),
        )
        with rec.lock:
            rec.requests.append(seen)
            rec.in_flight += 1
            rec.max_in_flight = max(rec.max_in_flight, rec.in_flight)
        try:
            self._route(segments, query)
        finally:
            seen.end = time.monotonic()
            with rec.lock:
                rec.in_flight -= 1

    def _route(self, seg: list[str], query: dict[str, list[str]]) -> None:
        head = seg[0]
        if head in ("ok", "auth"):
            self._answer(200)
        elif head == "status":
            self._answer(int(seg[1]))
        elif head == "head":
            self._answer(int(seg[1]) if self.command == "HEAD" else 200)
        elif head == "redirect":
            self._answer(int(seg[1]), {"Location": query["to"][0]})
        elif head == "chain":
            n = int(seg[1])
            self._answer(200) if n == 0 else self._answer(302, {"Location": f"/chain/{n - 1}"})
        elif head == "loop":
            self._answer(301, {"Location": "/loop/b" if seg[1] == "a" else "/loop/a"})
        elif head == "flaky":
            key, times, status = seg[1], int(seg[2]), int(seg[3])
            rec = self.server.record
            with rec.lock:
                rec.flaky[key] += 1
                count = rec.flaky[key]
            if count <= times:
                extra = {"Retry-After": query["ra"][0]} if "ra" in query else {}
                self._answer(status, extra)
            else:
                self._answer(200)
        elif head in ("slow", "delay"):
            self.server.stopping.wait(float(seg[1]))
            self._answer(200)
        elif head == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif head == "huge":
            self._huge()
        elif head == "cf":
            self._answer(403, {"cf-mitigated": "challenge", "Server": "cloudflare"})
        else:
            self._answer(404)

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", str(GIB))
        self.end_headers()
        if self.command == "HEAD":
            return
        chunk = b"\0" * 65536
        rec = self.server.record
        try:
            while rec.huge_bytes_sent < GIB and not self.server.stopping.is_set():
                self.wfile.write(chunk)
                with rec.lock:
                    rec.huge_bytes_sent += len(chunk)
        except OSError:
            pass
        self.close_connection = True


class TestServer:
    """A running server on ``host``; ``url(path)`` builds URLs to it."""

    __test__ = False

    def __init__(self, host: str) -> None:
        self.httpd = _Server((host, 0), _Handler)
        self.httpd.record = Record()
        self.httpd.stopping = threading.Event()
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()

    @property
    def record(self) -> Record:
        return self.httpd.record

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def stop(self) -> None:
        self.httpd.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def max_overlap(requests: list[Seen]) -> int:
    """The most requests that were open at one instant, seen from the servers' side."""
    events = sorted([(r.start, 1) for r in requests] + [(r.end, -1) for r in requests])
    most = current = 0
    for _, step in events:
        current += step
        most = max(most, current)
    return most


@pytest.fixture
def overlap() -> Callable[[list[Seen]], int]:
    return max_overlap


def unused_port(host: str) -> int:
    """A port on ``host`` that nothing listens on (connections to it are refused)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def free_port() -> Callable[[str], int]:
    return unused_port


@pytest.fixture
def serve() -> Iterator[Callable[[str], TestServer]]:
    """Start a server on a loopback address (127.0.0.2, 127.0.0.3, ... stand in for hosts)."""
    started: list[TestServer] = []

    def start(host: str = "127.0.0.2") -> TestServer:
        server = TestServer(host)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def quick() -> CheckConfig:
    """Small timeouts and backoffs so every failure path finishes in well under a second."""
    return CheckConfig(
        max_concurrency=16,
        host_concurrency=4,
        host_interval=0.0,
        timeout=2.0,
        connect_timeout=1.0,
        read_timeout=1.0,
        retries=2,
        backoff_base=0.01,
        backoff_max=0.05,
        max_retry_after=0.3,
    )
