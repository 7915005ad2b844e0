"""A preview server for a built site on 127.0.0.1, as ``mkdocs serve`` gives one.

Only for looking at the site while working on it: it serves the folder's files with the
standard library's HTTP server and, when given a rebuild function, rebuilds the site when
the catalogue file changes. It never listens on anything but a loopback address.
"""

from __future__ import annotations

import http.server
import ipaddress
import os
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

from webcat.errors import UsageError

TYPES = {
    ".atom": "application/atom+xml; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".avif": "image/avif",
    ".webp": "image/webp",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path: str | os.PathLike[str]) -> str:
        found = TYPES.get(os.path.splitext(str(path))[1].lower())
        return found or super().guess_type(path)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a preview needs no access log on the terminal."""

    def end_headers(self) -> None:
        # A preview shows the latest build, never a cached page.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class PreviewServer:
    """The server, started on a thread; ``url`` is where it listens."""

    def __init__(self, directory: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise UsageError(
                f"{host} is not a loopback address", hint="the preview listens on 127.0.0.1 only"
            )
        if not directory.is_dir():
            raise UsageError(
                f"{directory} is not a folder", hint="build it with webcat export site"
            )
        handler = partial(_Handler, directory=str(directory))
        try:
            self.httpd = http.server.ThreadingHTTPServer((host, port), handler)
        except OSError as e:
            raise UsageError(
                f"cannot listen on {host}:{port}: {e.strerror or e}",
                hint="choose another port with --port (0 picks a free one)",
            ) from None
        self.httpd.daemon_threads = True
        bound_port = self.httpd.server_address[1]
        self.url = f"http://{host}:{bound_port}/"
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def watch(
    path: Path, rebuild: Callable[[], None], stop: threading.Event, every: float = 0.5
) -> threading.Thread:
    """Start a thread that calls ``rebuild`` whenever ``path``'s modification time or size
    changes, until ``stop`` is set.

    The first look at the file is taken here, before the thread starts: taken on the thread,
    it could come after the server has said where it listens and the catalogue has been
    edited (a thread waits for the CPU on a loaded machine), and that edit was never built.
    """

    def stamp() -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def run(last: tuple[int, int] | None) -> None:
        while not stop.wait(every):
            now = stamp()
            if now is not None and now != last:
                last = now
                rebuild()

    thread = threading.Thread(target=run, args=(stamp(),), daemon=True)
    thread.start()
    return thread
