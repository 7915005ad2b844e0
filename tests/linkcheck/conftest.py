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
    /together/KEY/N             answers once N requests for KEY have come, to this server and
                                the test's others (or after 5 s, if they never do): the first
                                N are then open at once or never; later ones answer at once
    /reset                      resets the connection without answering
    /huge                       announces a 1 GiB body and streams zeros until the client goes
    /cf                         403 with "cf-mitigated: challenge", as Cloudflare's bot wall
    /whoami                     200; the Authorization header is recorded

Each request's ``arrived`` is when its first byte reached the server's socket, stamped by the
kernel (``SO_TIMESTAMPNS``), so the gaps between requests are the client's own pacing and not
the server thread's wait for a CPU or the GIL on a loaded machine (measured under load, for
a 100 ms pace: gaps down to 44 ms by the thread's clock, never below 99.2 ms by the kernel's
once the connection was open; see :func:`too_soon`).

Pages (HTML) for the page checks:

    /soft/talks/real            200, a real page; anything else under /soft/ answers 200 with
                                the site's "nothing here" page (a soft 404, echoing the path)
    /hard/talks/real            200, a real page; anything else under /hard/ is a real 404
    /spa/...                    200, the same empty app shell for every path (a single-page
                                application: the browser's script renders the page)
    /stamped/talks/real         200, a real page; anything else under /stamped/ answers 200
                                with a short "nothing here" page carrying a request id and
                                the time, different on every answer
    /front/talks/real           200, a real page; anything else under /front/ redirects (301)
                                to /front/, the front page
    /says/KEY                   200, a page whose title or heading announces "not found" in
                                English, Bokmål or Nynorsk (KEY: en, en-h1, wp, nb,
                                nb-finner, nn), or a
                                normal page about 404 errors (KEY: about)
    /account/login              200, a sign-in form; /form/login-less is one without a
                                sign-in path but with a password field
    /pdf/NAME                   200, 100 KiB of application/pdf
    /vi/ID/0.jpg                200 image/jpeg for an ID starting with "ok", else 404
                                (a video thumbnail, as the YouTube probe asks)
    /oembed?url=U               200 JSON if U ends with /76979871, 403 if with /403, else 404
                                (Vimeo's oEmbed)
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import itertools
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from webcat.linkcheck import CheckConfig
from webcat.linkcheck.network import Network

GIB = 1024**3


@dataclass
class Seen:
    method: str
    path: str
    start: float
    authorization: str | None
    user_agent: str | None
    end: float = 0.0
    query: str = ""
    #: When the request's first byte reached the socket (kernel stamp, ``time.time()`` scale).
    arrived: float = 0.0
    #: The client's port: requests with the same one came over one kept-alive connection.
    peer_port: int = 0


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


#: Requests come for each key of /together/KEY/N, over all servers of a test.
_arrived_for: Counter[str] = Counter()
_together = threading.Condition()

#: ``SO_TIMESTAMPNS`` on Linux (the socket module does not name it).
_SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
_TIMESPEC = struct.Struct("@ll")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    _arrived = 0.0

    def handle_one_request(self) -> None:
        # Peek at the next request's first byte to read the kernel's arrival stamp; the
        # request is then read as usual. (No client here pipelines requests, so nothing is
        # left in the reader's buffer when a request begins.)
        self._arrived = 0.0
        if not isinstance(self.connection, ssl.SSLSocket):
            try:
                _, ancillary, _, _ = self.connection.recvmsg(
                    1, socket.CMSG_SPACE(_TIMESPEC.size), socket.MSG_PEEK
                )
            except OSError:
                ancillary = []
            for level, kind, data in ancillary:
                if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS:
                    sec, nsec = _TIMESPEC.unpack(data[: _TIMESPEC.size])
                    self._arrived = sec + nsec / 1e9
        super().handle_one_request()

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
            query=parts.query,
            arrived=self._arrived or time.time(),
            peer_port=self.client_address[1],
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

    def _html(
        self, status: int, title: str, body: str, headers: dict[str, str] | None = None
    ) -> None:
        page = (
            "<!doctype html><html><head><meta charset=utf-8>"
            f"<title>{title}</title><style>p {{ color: red }}</style></head>"
            f"<body>{body}</body></html>"
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)

    def _pages(self, seg: list[str], query: dict[str, list[str]]) -> bool:
        head, rest = seg[0], "/".join(seg[1:])
        real = (
            "<h1>Reproducible pipelines</h1><p>A talk about workflow managers, containers and "
            "the habits that make an analysis run again next year. Slides and recording "
            "below; questions welcome at the end of the session.</p>"
        )
        nothing = (
            "<h1>Example University</h1><p>We could not find what you asked for: "
            f"/{'/'.join(seg)}. Try the search box, or start from our front page where "
            "every department, course and event is listed.</p><nav>Home About Contact</nav>"
        )
        if head == "soft":
            if rest == "talks/real":
                self._html(200, "Reproducible pipelines - Example University", real)
            else:
                self._html(200, "Example University", nothing)
        elif head == "stamped":
            if rest == "talks/real":
                self._html(200, "Reproducible pipelines", real)
            else:
                stamp = f"{time.strftime('%H:%M:%S')}.{time.monotonic_ns() % 1000:03d}"
                self._html(200, "Example", f"<p>Oops, nothing here. Request {uuid4().int} at {stamp}")
        elif head == "spa":
            shell = (
                '<div id="app"></div><script src="/spa/app.js"></script>'
                "<noscript>You need to enable JavaScript to run this app.</noscript>"
            )
            self._html(200, "Webinars", shell)
        elif head == "hard":
            if rest == "talks/real":
                self._html(200, "Reproducible pipelines", real)
            else:
                self._html(404, "Not found", nothing)
        elif head == "front":
            if rest == "talks/real":
                self._html(200, "Reproducible pipelines", real)
            elif rest == "":
                self._html(200, "Example University", "<h1>Welcome</h1><p>Front page.</p>")
            else:
                self._answer(301, {"Location": "/front/"})
        elif head == "says":
            titles = {
                "en": ("Page not found | Example", "<h1>Example</h1>"),
                "en-h1": ("Example University", "<h1>Sorry, this page can't be found</h1>"),
                "nb": ("Siden finnes ikke - Universitetet", "<h1>Universitetet</h1>"),
                "nn": ("Universitetet", "<h1>Sida finst ikkje</h1>"),
                "about": ("How to write a good error page", "<h1>Designing 404 pages</h1>"),
                # WordPress prints typographic apostrophes, as an entity
                "wp": ("Example University", "<h1>Oops! That page can&#8217;t be found.</h1>"),
                "nb-finner": ("Universitetet", "<h1>Vi finner ikke siden du leter etter</h1>"),
            }
            title, h1 = titles[seg[1]]
            self._html(200, title, h1 + "<p>Some text.</p>")
        elif head == "account" and rest == "login":
            form = '<form method=post><input name=user><input type="password" name=pw></form>'
            self._html(200, "Sign in", form)
        elif head == "form":
            form = "<form method=post><input name=user><input type=password name=pw></form>"
            self._html(200, "Members", form)
        elif head == "pdf":
            body = b"%PDF-1.4" + b"x" * (100 * 1024)
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        elif head == "vi":
            if seg[1].startswith("ok"):
                self._answer(200, {"Content-Type": "image/jpeg"})
            else:
                self._answer(404, {"Content-Type": "image/jpeg"})
        elif head == "oembed":
            target = query.get("url", [""])[0]
            if target.endswith("/76979871"):
                self._answer(200, {"Content-Type": "application/json"})
            elif target.endswith("/403"):
                self._answer(403)
            else:
                self._answer(404)
        else:
            return False
        return True

    def _route(self, seg: list[str], query: dict[str, list[str]]) -> None:
        head = seg[0]
        if self._pages(seg, query):
            return
        if head in ("ok", "whoami"):
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
        elif head == "together":
            key, count = seg[1], int(seg[2])
            with _together:
                _arrived_for[key] += 1
                _together.wait_for(lambda: _arrived_for[key] >= count, timeout=5)
                _together.notify_all()
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

    def __init__(self, host: str, tls: ssl.SSLContext | None = None) -> None:
        self.httpd = _Server((host, 0), _Handler)
        # Accepted connections inherit it: each request's arrival is stamped by the kernel.
        with contextlib.suppress(OSError):
            self.httpd.socket.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)
        self.scheme = "http"
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
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
        return f"{self.scheme}://{self.host}:{self.port}"

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


def too_soon(requests: list[Seen], interval: float, slack: float = 0.01) -> tuple[int, list[float]]:
    """How many gaps between arrivals were judged, and those shorter than ``interval`` (less
    ``slack``) that the client's pacing does not explain.

    A gap is judged from a request that came over a connection already open. A request that
    opens its connection is sent only after the socket is made and connected, so on a
    loaded machine it reaches the host up to ~30 ms after its start (measured) while the
    next one, on the open connection, arrives on time: that short gap is connecting, not
    pacing (the connection came at the start). For the same reason a request that reached
    the host late (its process starved between the start and the write: measured once in 25
    loaded runs, 130 ms) leaves a short gap after it, with the gap before it longer by as
    much; such a short gap is explained when the two add up to two intervals. A request let
    through too soon leaves a short gap after an ordinary one, and is counted.
    """
    ordered = sorted(requests, key=lambda r: r.arrived)
    opened: set[int] = set()
    judged = 0
    early: list[float] = []
    before: float | None = None
    for earlier, later in itertools.pairwise(ordered):
        gap = later.arrived - earlier.arrived
        if earlier.peer_port in opened:
            judged += 1
            late = before is not None and before + gap >= 2 * interval - slack
            if gap < interval - slack and not late:
                early.append(gap)
        opened.add(earlier.peer_port)
        before = gap
    return judged, early


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


class Serve(Protocol):
    """The ``serve`` fixture: start a server on a loopback address."""

    def __call__(self, host: str = "127.0.0.2") -> TestServer: ...


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Start a server on a loopback address (127.0.0.2, 127.0.0.3, ... stand in for hosts)."""
    started: list[TestServer] = []
    with _together:
        _arrived_for.clear()

    def start(host: str = "127.0.0.2") -> TestServer:
        server = TestServer(host)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


class TableResolver(AbstractResolver):
    """Answers names from a table, as /etc/hosts would; any other name does not exist. No
    query ever leaves the process."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            {
                "hostname": host,
                "host": ip,
                "port": port,
                "family": socket.AF_INET6 if ":" in ip else socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
            for ip in self.table[host]
        ]

    async def close(self) -> None:
        pass


@dataclass
class Stub:
    """The network under the engine's address policy: names from ``table``, and sockets
    only to loopback. ``connects`` records every address a socket was asked for, refused or
    not, so a test sees what the policy let through; a socket to any other address is
    refused here, so even a broken policy sends no packet off the machine."""

    table: dict[str, list[str]] = field(default_factory=dict)
    connects: list[str] = field(default_factory=list)

    def socket(self, addr_info: tuple[Any, ...]) -> socket.socket:
        family, kind, proto, _, address = addr_info
        self.connects.append(str(address[0]))
        if not ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback:
            raise OSError(errno.ENETUNREACH, "test stub: only loopback is reachable")
        return socket.socket(family, kind, proto)

    @property
    def network(self) -> Network:
        return Network(resolver=lambda: TableResolver(self.table), socket_factory=self.socket)


@pytest.fixture
def stub() -> Stub:
    return Stub()


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
