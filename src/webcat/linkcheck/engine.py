"""The checking engine: a polite, host-aware scheduler around one shared aiohttp session.

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
  decides permanent against temporary, and per-host headers (tokens) never reach another host.
* A GET never downloads a body: it reads at most ``max_body_bytes`` and closes the connection
  if more was coming, so a link to a 1 GiB recording costs a few kilobytes.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import ssl
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import aiohttp
from yarl import URL

from webcat.linkcheck.config import CheckConfig
from webcat.linkcheck.results import (
    TRANSIENT_STATUSES,
    LinkResult,
    Outcome,
    Reason,
    http_reason,
)

Progress = Callable[[LinkResult], None]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
#: Answers that say "not now" rather than "not here": worth another try after a pause.
RETRY_STATUSES = TRANSIENT_STATUSES
#: Status codes some sites send only to clients they take for bots.
BOT_WALL_STATUSES = frozenset({999})

_WHITESPACE = re.compile(r"\s")
_MAILTO_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


@dataclass(slots=True)
class _Reply:
    """The little of a response the verdict needs; the response itself is closed already."""

    status: int
    location: str | None
    retry_after: str | None
    cf_mitigated: str | None


class _Failure(Exception):
    """A request that got no HTTP answer, already classified."""

    def __init__(self, outcome: Outcome, reason: str, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.reason = reason
        self.message = message
        self.retry = retry


class _Host:
    """Politeness state of one host."""

    __slots__ = ("head_refused", "interval", "last_start", "paused_until", "sem")

    def __init__(self, concurrency: int, interval: float) -> None:
        self.sem = asyncio.Semaphore(concurrency)
        #: The host said 405 or 501 to a HEAD: its other links go straight to GET.
        self.head_refused = False
        self.interval = interval
        self.last_start = -1e18
        self.paused_until = 0.0

    def ready_at(self) -> float:
        return max(self.last_start + self.interval, self.paused_until)


@dataclass(slots=True)
class _Link:
    """Per-link state carried across attempts."""

    url: str
    parsed: URL
    use_get: bool
    deadline: float
    attempts: int = 0


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def precheck(url: str, config: CheckConfig) -> LinkResult | URL:
    """The verdict for a URL that needs no request (excluded, skipped, malformed), else the
    parsed URL to check. Cheap on purpose: it runs for every URL before the first request."""
    for pattern in config.exclude:
        if pattern.search(url):
            return LinkResult(
                url,
                Outcome.EXCLUDED,
                error=f"matches exclude {pattern.pattern!r}",
                reason=Reason.EXCLUDED_PATTERN,
            )
    if _WHITESPACE.search(url):
        return _invalid(url, "invalid URL: contains whitespace")
    try:
        parsed = URL(url)
        port = parsed.explicit_port
    except (ValueError, TypeError) as err:
        return _invalid(url, f"invalid URL: {_short(err)}")
    scheme = parsed.scheme.lower()
    if scheme in ("http", "https"):
        if not parsed.host:
            return _invalid(url, "invalid URL: no host")
        if port == 0:
            return _invalid(url, "invalid URL: port 0")
        if config.hosts and config.host(parsed.host).exclude:
            return LinkResult(
                url,
                Outcome.EXCLUDED,
                error="host excluded by configuration",
                reason=Reason.EXCLUDED_HOST,
            )
        return parsed
    if scheme == "mailto":
        addresses = [a.strip() for a in urlsplit(url).path.split(",")]
        if addresses and all(_MAILTO_ADDRESS.match(a) for a in addresses):
            return LinkResult(
                url, Outcome.SKIPPED, error="mailto: address not checked", reason=Reason.MAILTO
            )
        return _invalid(url, "invalid mailto: address")
    if not scheme:
        return _invalid(url, "invalid URL: no scheme")
    return LinkResult(
        url,
        Outcome.SKIPPED,
        error=f"{scheme}: URLs are not checked",
        reason=Reason.UNSUPPORTED_SCHEME,
    )


def _invalid(url: str, message: str) -> LinkResult:
    return LinkResult(url, Outcome.ERROR, error=message, reason=Reason.INVALID_URL)


class Checker:
    """One check run: the session, the host gates and the global limit."""

    def __init__(self, config: CheckConfig, session: aiohttp.ClientSession) -> None:
        self.config = config
        self.session = session
        self.loop = asyncio.get_running_loop()
        self.global_sem = asyncio.Semaphore(config.max_concurrency)
        self.hosts: dict[str, _Host] = {}
        self._rng = random.Random()

    def _host(self, name: str) -> _Host:
        state = self.hosts.get(name)
        if state is None:
            state = _Host(self.config.concurrency_for(name), self.config.interval_for(name))
            self.hosts[name] = state
        return state

    async def _acquire_start(self, host: _Host, link: _Link) -> None:
        """Wait until this host may start a request, then hold a global slot.

        The host's readiness is checked again after the global slot is won, because another
        request to the host may have started meanwhile; checking and recording the start
        happen with no await between them, so the interval can never be undercut. Time spent
        waiting here (intervals, a Retry-After pause, other hosts' turns) is politeness, not
        slowness of this link, so it moves the link's deadline back.
        """
        began = self.loop.time()
        while True:
            wait = host.ready_at() - self.loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            await self.global_sem.acquire()
            now = self.loop.time()
            if host.ready_at() > now:
                self.global_sem.release()
                continue
            host.last_start = now
            link.deadline += now - began
            return

    async def _send(self, method: str, url: URL, link: _Link) -> _Reply:
        hostname = _hostname(url)
        settings = self.config.host(hostname)
        host = self._host(hostname)
        async with host.sem:
            await self._acquire_start(host, link)
            try:
                remaining = link.deadline - self.loop.time()
                if remaining <= 0:
                    raise _Failure(
                        Outcome.TIMEOUT, Reason.TIMEOUT, self._timeout_message(), retry=False
                    )
                # A connect or read timeout only when it would fire before the deadline, so
                # the error names the limit that was really hit.
                connect, read = self.config.connect_timeout, self.config.read_timeout
                timeout = aiohttp.ClientTimeout(
                    total=remaining,
                    sock_connect=connect if connect < remaining else None,
                    sock_read=read if read < remaining else None,
                )
                headers = settings.request_headers() or None
                try:
                    async with self.session.request(
                        method, url, allow_redirects=False, headers=headers, timeout=timeout
                    ) as resp:
                        reply = _Reply(
                            resp.status,
                            resp.headers.get("Location"),
                            resp.headers.get("Retry-After"),
                            resp.headers.get("cf-mitigated"),
                        )
                        if method == "GET":
                            await self._read_a_little(resp)
                except Exception as err:
                    raise _classify(err, hostname, self.config) from None
            finally:
                self.global_sem.release()
        return reply

    async def _read_a_little(self, resp: aiohttp.ClientResponse) -> None:
        """Read at most ``max_body_bytes``; close the connection if the body goes on."""
        budget = self.config.max_body_bytes
        length = resp.content_length
        if length is not None and length > budget:
            resp.close()
            return
        while budget > 0:
            chunk = await resp.content.read(budget)
            if not chunk:
                return
            budget -= len(chunk)
        if not resp.content.at_eof():
            resp.close()

    def _timeout_message(self) -> str:
        return f"no answer within the {self.config.timeout:g} s deadline"

    async def _fetch(self, url: URL, link: _Link) -> _Reply:
        """HEAD, falling back to a small GET when HEAD is refused or fails."""
        hostname = _hostname(url)
        settings = self.config.host(hostname)
        if not (link.use_get or settings.method == "get" or self._host(hostname).head_refused):
            reply = await self._send("HEAD", url, link)
            if reply.status < 400 or self._accepted(reply.status, hostname):
                return reply
            if reply.status == 429 or (reply.status == 503 and reply.retry_after):
                return reply
            link.use_get = True
            if reply.status in (405, 501):
                self._host(hostname).head_refused = True
        return await self._send("GET", url, link)

    def _accepted(self, status: int, hostname: str) -> bool:
        return status in self.config.accept or status in self.config.host(hostname).accept

    async def _attempt(self, link: _Link) -> tuple[LinkResult, float | None]:
        """One try through the whole redirect chain: the verdict, and the wait before a retry
        (None when a retry would not help)."""
        current = link.parsed
        seen = {str(current)}
        permanent = False
        hops = 0
        try:
            while True:
                reply = await self._fetch(current, link)
                if reply.status in REDIRECT_STATUSES and reply.location:
                    if hops == 0:
                        permanent = reply.status in PERMANENT_REDIRECTS
                    hops += 1
                    try:
                        target = current.join(URL(reply.location))
                    except ValueError:
                        return self._result(
                            link,
                            Outcome.ERROR,
                            reply.status,
                            str(current),
                            f"invalid redirect target {reply.location!r}",
                            Reason.INVALID_REDIRECT,
                        ), None
                    if target.scheme not in ("http", "https") or not target.host:
                        return self._result(
                            link,
                            Outcome.ERROR,
                            reply.status,
                            str(target),
                            "redirect to a non-HTTP URL",
                            Reason.INVALID_REDIRECT,
                        ), None
                    if str(target) in seen:
                        return self._result(
                            link,
                            Outcome.ERROR,
                            reply.status,
                            str(target),
                            "redirect loop",
                            Reason.REDIRECT_LOOP,
                        ), None
                    if hops > self.config.max_redirects:
                        return self._result(
                            link,
                            Outcome.ERROR,
                            reply.status,
                            str(target),
                            f"too many redirects (more than {self.config.max_redirects})",
                            Reason.TOO_MANY_REDIRECTS,
                        ), None
                    seen.add(str(target))
                    current = target
                    continue
                break
        except _Failure as failure:
            final = str(current) if hops else None
            result = self._result(
                link, failure.outcome, None, final, failure.message, failure.reason
            )
            return result, (self._backoff(link) if failure.retry else None)
        return self._verdict(link, reply, current, hops, permanent)

    def _verdict(
        self, link: _Link, reply: _Reply, current: URL, hops: int, permanent: bool
    ) -> tuple[LinkResult, float | None]:
        status = reply.status
        hostname = _hostname(current)
        final = str(current) if hops else None
        if status in BOT_WALL_STATUSES or (
            status == 403 and (reply.cf_mitigated or "").lower() == "challenge"
        ):
            return self._result(
                link,
                Outcome.BLOCKED,
                status,
                final,
                "the site refuses automated checks",
                Reason.BOT_WALL,
            ), None
        if 200 <= status < 300 or self._accepted(status, hostname):
            outcome = Outcome.REDIRECTED if permanent else Outcome.OK
            if permanent:
                reason: str = Reason.PERMANENT_REDIRECT
            else:
                reason = Reason.OK if 200 <= status < 300 else Reason.ACCEPTED
            return self._result(link, outcome, status, final, None, reason), None
        if status in RETRY_STATUSES:
            wait = parse_retry_after(reply.retry_after) if status in (429, 503) else None
            if wait is not None:
                # The pause is waited out at the host's gate, which does not count it
                # against the link's deadline.
                self._pause(hostname, min(wait, self.config.max_retry_after))
                retry_wait: float | None = 0.0
            else:
                retry_wait = self._backoff(link)
                if status == 429:
                    self._pause(hostname, retry_wait)
            if status == 429:
                # Still 429 after the retries: the site is busy, not the link dead.
                return self._result(
                    link, Outcome.BLOCKED, status, final, "rate limited", Reason.RATE_LIMITED
                ), retry_wait
            message = f"server answered {status}"
            return self._result(
                link, Outcome.BROKEN, status, final, message, http_reason(status)
            ), retry_wait
        if status in REDIRECT_STATUSES:
            return self._result(
                link,
                Outcome.ERROR,
                status,
                final,
                "redirect without a Location header",
                Reason.INVALID_REDIRECT,
            ), None
        return self._result(
            link, Outcome.BROKEN, status, final, f"HTTP {status}", http_reason(status)
        ), None

    def _pause(self, hostname: str, seconds: float) -> None:
        host = self._host(hostname)
        host.paused_until = max(host.paused_until, self.loop.time() + seconds)

    def _backoff(self, link: _Link) -> float:
        """Exponential backoff with full jitter around it, so retries do not come in waves."""
        base = self.config.backoff_base * (2.0 ** max(0, link.attempts - 1))
        return min(self.config.backoff_max, base) * (0.5 + self._rng.random())

    def _result(
        self,
        link: _Link,
        outcome: Outcome,
        status: int | None,
        final: str | None,
        error: str | None,
        reason: str,
    ) -> LinkResult:
        return LinkResult(link.url, outcome, status, final, error, link.attempts, reason=reason)

    async def check(self, url: str, parsed: URL | None = None) -> LinkResult:
        """Check one URL (as :func:`precheck` parsed it), with retries, within its deadline."""
        started = self.loop.time()
        parsed = URL(url) if parsed is None else parsed
        link = _Link(url, parsed, use_get=False, deadline=started + self.config.timeout)
        while True:
            link.attempts += 1
            result, wait = await self._attempt(link)
            if wait is None or link.attempts > self.config.retries:
                break
            if self.loop.time() + wait >= link.deadline:
                break
            if wait > 0:
                await asyncio.sleep(wait)
        result.elapsed_ms = round((self.loop.time() - started) * 1000)
        return result


def _classify(err: Exception, hostname: str, config: CheckConfig) -> Exception:
    """A request that got no HTTP answer, as a :class:`_Failure` (other errors unchanged).

    Unknown hosts, TLS failures and malformed answers will not change on a retry; timeouts,
    refusals and resets often do.
    """
    if isinstance(err, _Failure):
        return err
    if isinstance(err, aiohttp.ConnectionTimeoutError):
        message = f"no connection within {config.connect_timeout:g} s"
        return _Failure(Outcome.TIMEOUT, Reason.TIMEOUT, message, retry=True)
    if isinstance(err, aiohttp.SocketTimeoutError):
        message = f"no data for {config.read_timeout:g} s (read timeout)"
        return _Failure(Outcome.TIMEOUT, Reason.TIMEOUT, message, retry=True)
    if isinstance(err, TimeoutError):
        message = f"no answer within the {config.timeout:g} s deadline"
        return _Failure(Outcome.TIMEOUT, Reason.TIMEOUT, message, retry=True)
    if isinstance(err, aiohttp.ClientConnectorDNSError):
        return _Failure(Outcome.BROKEN, Reason.DNS, f"unknown host {hostname}", retry=False)
    if isinstance(err, aiohttp.ClientSSLError | ssl.SSLError):
        return _Failure(Outcome.ERROR, Reason.TLS, f"TLS failure: {_short(err)}", retry=False)
    if isinstance(err, aiohttp.ClientConnectorError):
        errno = err.os_error.errno
        reason = os.strerror(errno) if errno else str(err.os_error)
        message = f"cannot connect: {reason}".lower()
        return _Failure(Outcome.ERROR, Reason.CONNECTION, message, retry=True)
    if isinstance(err, aiohttp.ServerDisconnectedError):
        message = "connection closed without an answer"
        return _Failure(Outcome.ERROR, Reason.CONNECTION, message, retry=True)
    if isinstance(err, aiohttp.ClientOSError | aiohttp.ClientPayloadError | ConnectionError):
        message = f"connection failed: {_short(err)}"
        return _Failure(Outcome.ERROR, Reason.CONNECTION, message, retry=True)
    if isinstance(err, aiohttp.ClientResponseError):
        message = f"invalid HTTP answer: {err.message}"
        return _Failure(Outcome.ERROR, Reason.INVALID_RESPONSE, message, retry=False)
    if isinstance(err, aiohttp.ClientError | ValueError):
        return _Failure(Outcome.ERROR, Reason.INVALID_RESPONSE, _short(err), retry=False)
    return err


def _hostname(url: URL) -> str:
    """The key of a URL's host gate and settings (yarl already lower-cases host names)."""
    return url.host or ""


def _short(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return text.splitlines()[0][:200]


def new_session(config: CheckConfig) -> aiohttp.ClientSession:
    """The one session a check run shares.

    Limits are left to the host gates, so the connector has none of its own; idle
    connections are kept briefly, since after a host's queue is done they are only open
    file descriptors.
    """
    connector = aiohttp.TCPConnector(
        limit=0, limit_per_host=0, ttl_dns_cache=300, keepalive_timeout=3.0
    )
    return aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": config.user_agent},
        cookie_jar=aiohttp.DummyCookieJar(),
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

    def __init__(self, checker: Checker, queues: dict[str, deque[tuple[str, URL]]]) -> None:
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
) -> list[LinkResult]:
    """Check each distinct URL once; results come back in first-seen input order.

    URLs that differ only in their ``#fragment`` name the same page, so it is requested once
    and each of them gets its verdict. With ``stop_starting_after`` (seconds), no new link is
    started once that much time has passed; links already under way finish, and the URLs
    never started are left out of the results, so the caller can say they were not checked.
    """
    config = config or CheckConfig()
    distinct = list(dict.fromkeys(urls))
    results: dict[str, LinkResult] = {}
    queues: dict[str, deque[tuple[str, URL]]] = {}
    same_page: dict[str, list[str]] = {}  # first URL of a page -> the others
    page_first: dict[str, str] = {}
    for url in distinct:
        early = precheck(url, config)
        if isinstance(early, LinkResult):
            results[url] = early
            if progress is not None:
                progress(early)
            continue
        page = str(early.with_fragment(None)) if early.raw_fragment else url
        if page in page_first:
            same_page[page_first[page]].append(url)
            continue
        page_first[page] = url
        same_page[url] = []
        queues.setdefault(_hostname(early), deque()).append((url, early))
    if queues:
        async with new_session(config) as session:
            checker = Checker(config, session)
            dispatcher = _Dispatcher(checker, queues)
            stop_at = (
                None if stop_starting_after is None else checker.loop.time() + stop_starting_after
            )

            async def worker() -> None:
                host = dispatcher.next_host(None)
                while host is not None:
                    if stop_at is not None and checker.loop.time() >= stop_at:
                        return
                    url, parsed = queues[host].popleft()
                    result = await checker.check(url, parsed)
                    for each in [result] + [replace(result, url=u) for u in same_page[url]]:
                        results[each.url] = each
                        if progress is not None:
                            progress(each)
                    host = dispatcher.next_host(host)

            async with asyncio.TaskGroup() as group:
                for _ in range(dispatcher.capacity()):
                    group.create_task(worker())
    return [results[url] for url in distinct if url in results]


def check_urls(
    urls: Iterable[str],
    config: CheckConfig | None = None,
    progress: Progress | None = None,
    stop_starting_after: float | None = None,
) -> list[LinkResult]:
    """Synchronous :func:`check_urls_async` for callers without an event loop."""
    return asyncio.run(check_urls_async(urls, config, progress, stop_starting_after))


__all__ = [
    "Checker",
    "check_urls",
    "check_urls_async",
    "parse_retry_after",
    "precheck",
]
