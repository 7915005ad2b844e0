"""The checking engine: a polite, host-aware scheduler around one shared aiohttp session.
(How one link is asked and judged is :mod:`webcat.linkcheck.checker`'s; what to ask for a
URL, :mod:`webcat.linkcheck.targets`'.)

Why it is shaped this way:

* URLs are queued per host and a fixed pool of workers (``max_concurrency``) is handed hosts
  in turn by :class:`_Dispatcher`, so the order of the input does not matter: a list grouped
  by host keeps every host busy at once instead of pacing through one host after another.
  A worker keeps to its host while it can, so kept-alive connections are reused.
* Every request passes its host's gate (concurrency semaphore, minimum interval between
  request starts, a pause set by ``Retry-After``) and then the global semaphore.
* Slots are taken per request, not per link: a backoff sleep or a redirect to another host
  holds nothing, and a redirect to another host respects that host's limits too.
* Redirects are followed here, not by aiohttp, so loops are detected, the chain's first hop
  decides permanent against temporary, and per-origin headers (tokens) never reach another
  origin (host, port or scheme).
* A link is one GET that reads at most ``max_body_bytes`` and closes the connection if more
  was coming: one round trip decides it, and an HTML answer's first KiB show a soft 404 or a
  sign-in form. (HEAD first then GET would ask a broken link twice; measured in
  docs/benchmarks.md.) A link to a 1 GiB recording still costs a few kilobytes.
* A soft 404 is found by comparing a page with the site's answer for a URL that cannot
  exist in the same folder: one probe per folder and origin, shared by the run. A link
  waiting for that probe does not hold its worker: the worker goes on with other links.
* Video platforms are asked through their own endpoint (:mod:`providers`), queued under the
  endpoint's host.
* Addresses are judged where sockets are made (:mod:`network`), after resolution, at every
  hop; IP literals are judged before any request.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import replace
from typing import Any

import aiohttp
from yarl import URL

from webcat.linkcheck.checker import (
    IDENTITY_ENCODING,
    Checker,
    GatedRequest,
    parse_retry_after,
)
from webcat.linkcheck.config import CheckConfig
from webcat.linkcheck.network import Network, policy_layers
from webcat.linkcheck.results import LinkResult
from webcat.linkcheck.targets import Target, precheck, target_for

Progress = Callable[[LinkResult], None]


def new_session(config: CheckConfig, network: Network | None = None) -> aiohttp.ClientSession:
    """The one session a check run shares.

    Limits are left to the host gates, so the connector has none of its own; idle
    connections are kept briefly, since after a host's queue is done they are only open
    file descriptors. The address policy sits in the connector's resolver and socket factory.
    """
    resolver, socket_factory = policy_layers(config.public_only, network)
    connector = aiohttp.TCPConnector(
        limit=0,
        limit_per_host=0,
        ttl_dns_cache=300,
        keepalive_timeout=3.0,
        resolver=resolver,
        socket_factory=socket_factory,
    )
    return aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": config.user_agent, **IDENTITY_ENCODING},
        cookie_jar=aiohttp.DummyCookieJar(),
        request_class=GatedRequest,
        auto_decompress=False,
        trust_env=False,
        max_line_size=16 * 1024,
        max_field_size=32 * 1024,
        timeout=aiohttp.ClientTimeout(total=None),
    )


class _Dispatcher:
    """Hands hosts to workers in turn.

    There are at most ``max_concurrency`` workers. A worker keeps to its host while the host
    has URLs and may start a request now, so its kept-alive connection is reused (opening a
    connection per request slot cost ~20 ms each in the benchmark); otherwise it moves to the
    next host in the ring that has work, room under its concurrency limit and is ready
    (interval elapsed, not paused), or failing that the one that will be ready first.
    """

    def __init__(self, checker: Checker, queues: dict[str, deque[tuple[str, Target]]]) -> None:
        self.checker = checker
        self.queues = queues
        self.ring = deque(queues)
        self.active = dict.fromkeys(queues, 0)

    def capacity(self) -> int:
        config = self.checker.config
        room = sum(min(len(q), config.concurrency_for(h)) for h, q in self.queues.items())
        return min(config.max_concurrency, room)

    def _has_room(self, host: str) -> bool:
        return self.active[host] < self.checker.config.concurrency_for(host)

    def next_host(self, current: str | None) -> str | None:
        now = self.checker.loop.time()
        if current is not None:
            if self.queues[current] and self.checker._host(current).ready_at() <= now:
                return current
            self.active[current] -= 1
        fallback: str | None = None
        fallback_at = float("inf")
        for _ in range(len(self.ring)):
            host = self.ring.popleft()
            if not self.queues[host]:
                continue  # done: leaves the ring for good
            self.ring.append(host)
            if not self._has_room(host):
                continue
            ready_at = self.checker._host(host).ready_at()
            if ready_at <= now:
                self.active[host] += 1
                return host
            if ready_at < fallback_at:
                fallback, fallback_at = host, ready_at
        if fallback is not None:
            self.active[fallback] += 1
        return fallback


async def check_urls_async(
    urls: Iterable[str],
    config: CheckConfig | None = None,
    progress: Progress | None = None,
    stop_starting_after: float | None = None,
    *,
    network: Network | None = None,
) -> list[LinkResult]:
    """Check each distinct URL once; results come back in first-seen input order.

    URLs that differ only in their ``#fragment`` name the same page, so it is requested once
    and each of them gets its verdict. With ``stop_starting_after`` (seconds), no new link is
    started once that much time has passed; links already under way finish, and the URLs
    never started are left out of the results, so the caller can say they were not checked.
    ``network`` replaces the resolver and socket layers under the address policy (tests).
    """
    config = config or CheckConfig()
    distinct = list(dict.fromkeys(urls))
    results: dict[str, LinkResult] = {}
    queues: dict[str, deque[tuple[str, Target]]] = {}
    aliases: dict[str, list[str]] = {}  # first URL of a page -> the others
    page_first: dict[str, str] = {}
    pending: list[tuple[str, URL]] = []
    for url in distinct:
        early = precheck(url, config)
        if isinstance(early, LinkResult):
            results[url] = early
            if progress is not None:
                progress(early)
            continue
        page = str(early.with_fragment(None)) if early.raw_fragment else url
        if page in page_first:
            aliases[page_first[page]].append(url)
            continue
        page_first[page] = url
        aliases[url] = []
        pending.append((url, early))
    if pending:
        async with new_session(config, network) as session:
            checker = Checker(config, session)
            for url, parsed in pending:
                target = target_for(parsed.with_fragment(None), config)
                queues.setdefault(checker.gate_key(target.request), deque()).append((url, target))
            dispatcher = _Dispatcher(checker, queues)
            stop_at = (
                None if stop_starting_after is None else checker.loop.time() + stop_starting_after
            )

            def record(result: LinkResult) -> None:
                for each in [result] + [replace(result, url=u) for u in aliases[result.url]]:
                    results[each.url] = each
                    if progress is not None:
                        progress(each)

            async def finish(later: Coroutine[Any, Any, LinkResult]) -> None:
                record(await later)

            try:
                async with asyncio.TaskGroup() as group:

                    async def worker() -> None:
                        host = dispatcher.next_host(None)
                        while host is not None:
                            if stop_at is not None and checker.loop.time() >= stop_at:
                                return
                            url, target = queues[host].popleft()
                            outcome = await checker.start(url, target)
                            if isinstance(outcome, LinkResult):
                                record(outcome)
                            else:
                                group.create_task(finish(outcome))
                            host = dispatcher.next_host(host)

                    for _ in range(dispatcher.capacity()):
                        group.create_task(worker())
            finally:
                checker.close_probes()
    return [results[url] for url in distinct if url in results]


def check_urls(
    urls: Iterable[str],
    config: CheckConfig | None = None,
    progress: Progress | None = None,
    stop_starting_after: float | None = None,
    *,
    network: Network | None = None,
) -> list[LinkResult]:
    """Synchronous :func:`check_urls_async` for callers without an event loop."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(
            check_urls_async(urls, config, progress, stop_starting_after, network=network)
        )


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (a default dependency on Linux and macOS),
    else None: the standard loop.

    Why: a check is one thread driving hundreds of connections, and most of its CPU goes to
    the event loop and aiohttp's callbacks; uvloop cut that CPU by about a fifth in the
    10,000-URL benchmark (docs/benchmarks.md). On a loaded machine that CPU, not the network,
    sets the pace. Nothing depends on it: without uvloop (Windows, PyPy) the standard loop
    gives the same results.
    """
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


__all__ = [
    "Checker",
    "check_urls",
    "check_urls_async",
    "loop_factory",
    "parse_retry_after",
    "precheck",
]
