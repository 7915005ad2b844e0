"""A real HTTP server on loopback that serves fixed answers by path, for reading pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Site:
    """Answers by path: ``(status, headers, body)``; records each request's path and headers."""

    base: str = ""
    other_base: str = ""  # the same site on 127.0.0.2, standing in for another host
    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
             status: int = 200, **headers: str) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": content_type, **headers}, data)
        return self.base + path

    def paths(self) -> list[str]:
        return [p for p, _ in self.seen]


@pytest.fixture
def site() -> Iterator[Site]:
    record = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            record.seen.append((self.path, dict(self.headers.items())))
            status, headers, body = record.pages.get(
                self.path, (404, {"Content-Type": "text/html"}, b"<title>Not found</title>")
            )
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = [ThreadingHTTPServer((ip, 0), Handler) for ip in ("127.0.0.1", "127.0.0.2")]
    record.base, record.other_base = (
        f"http://{s.server_address[0]!s}:{s.server_address[1]}" for s in servers
    )
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield record
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
