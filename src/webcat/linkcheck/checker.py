"""One check run's requests: host gates, one request, a redirect chain, the verdict, and
the page checks (sign-in walls, soft 404s with their folder probes).

The scheduling of links over workers is :mod:`webcat.linkcheck.engine`'s; this module says
how one link is asked and judged.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import random
import secrets
import ssl
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
from yarl import URL

from webcat.linkcheck.addresses import NonPublicAddress, host_refusal
from webcat.linkcheck.config import CheckConfig, HostSettings
from webcat.linkcheck.pages import Page, is_html, read_page, same_page
from webcat.linkcheck.providers import Provider
from webcat.linkcheck.results import (
    TRANSIENT_STATUSES,
    LinkResult,
    Outcome,
    Reason,
    http_reason,
    redact,
)
from webcat.linkcheck.signin import is_signin_url
from webcat.linkcheck.targets import Target, clean, short, target_for

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
#: Answers that say "not now" rather than "not here": worth another try after a pause.
RETRY_STATUSES = TRANSIENT_STATUSES
#: Status codes some sites send only to clients they take for bots.
BOT_WALL_STATUSES = frozenset({999})
#: Asked of every server: a compressed body could not be read a few KiB at a time.
IDENTITY_ENCODING = {"Accept-Encoding": "identity"}


@dataclass(slots=True)
class _Reply:
    """The little of a response the verdict needs; the response itself is closed already."""

    status: int
    location: str | None
    retry_after: str | None
    cf_mitigated: str | None
    content_type: str | None = None
    #: The start of an HTML body (GET only), else None.
    body: bytes | None = None


@dataclass(slots=True)
class _End:
    """Where one try through a redirect chain ended."""

    reply: _Reply
    url: URL
    hops: int
    permanent: bool
    downgrade: bool


class _Failure(Exception):
    """A request that got no HTTP answer (or may not be made), already classified."""

    def __init__(self, outcome: Outcome, reason: str, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.reason = reason
        self.message = message
        self.retry = retry
        #: Where in a redirect chain it happened (set by the chain follower).
        self.hops = 0
        self.url: URL | None = None


class _ChainStop(Exception):
    """A redirect chain that cannot go on (loop, too long, bad target)."""

    def __init__(self, status: int, url: URL, message: str, reason: str, hops: int) -> None:
        super().__init__(message)
        self.status = status
        self.url = url
        self.message = message
        self.reason = reason
        self.hops = hops


class _Host:
    """Politeness state of one host (or origin with its own table)."""

    __slots__ = (
        "head_refused",
        "interval",
        "last_start",
        "on_wire",
        "paused_until",
        "rate_limited",
        "sem",
    )

    def __init__(self, concurrency: int, interval: float) -> None:
        self.sem = asyncio.Semaphore(concurrency)
        #: The host said 405 or 501 to a HEAD: its other links go straight to GET.
        self.head_refused = False
        #: The host answered 429 to every try of a link: it is not asked again this run.
        self.rate_limited = False
        self.interval = interval
        self.last_start = -1e18
        self.paused_until = 0.0
        #: Set while no request of this host is between its start and the wire.
        self.on_wire = asyncio.Event()
        self.on_wire.set()

    def ready_at(self) -> float:
        return max(self.last_start + self.interval, self.paused_until)


class _Start:
    """One request's start at its host's gate, until its bytes are handed to the socket.

    Why: a request is started at the gate, but sent only once its connection is made; on a
    starved machine (or a slow connect) that took longer than the interval, and the next
    request, on a connection already open, went out with it: the host saw two requests at
    once (measured: 0.2 ms apart for a 100 ms interval, 2 runs in 80 under load). So while
    a request is on its way out the host's next one waits (up to one more interval: see
    :meth:`Checker._held_for`), and the interval counts from the moment it went out."""

    __slots__ = ("host", "loop", "pending")

    def __init__(self, host: _Host, loop: asyncio.AbstractEventLoop) -> None:
        self.host = host
        self.loop = loop
        self.pending = host.interval > 0
        if self.pending:
            host.on_wire.clear()

    def sent(self) -> None:
        if self.pending:
            self.pending = False
            self.host.last_start = max(self.host.last_start, self.loop.time())
            self.host.on_wire.set()


#: The start of the request being sent from this task (read by :class:`GatedRequest`).
_start: contextvars.ContextVar[_Start | None] = contextvars.ContextVar("_start", default=None)


class GatedRequest(aiohttp.ClientRequest):
    """aiohttp's request, telling its host's gate when its bytes have gone to the socket."""

    async def send(self, conn: Any) -> aiohttp.ClientResponse:
        response = await super().send(conn)
        start = _start.get()
        if start is not None:
            start.sent()
        return response


@dataclass(slots=True)
class _Link:
    """Per-link state carried across attempts."""

    url: str
    #: What is requested: the URL without userinfo (or a provider's probe URL).
    parsed: URL
    use_get: bool
    deadline: float
    attempts: int = 0
    provider: Provider | None = None
    #: ``Authorization`` from the URL's userinfo, for its own origin only (when configured).
    basic_auth: str | None = None
    #: The host (gate key) whose 429 the last try ended on.
    throttled_by: str | None = None


@dataclass(frozen=True, slots=True)
class _ProbePage:
    """The site's answer for a URL that cannot exist: where it ended and what it showed."""

    url: URL
    hops: int
    page: Page


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


def _origin(url: URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host or "", url.port)


class Checker:
    """One check run: the session, the host gates, the global limit and the folder probes."""

    def __init__(self, config: CheckConfig, session: aiohttp.ClientSession) -> None:
        self.config = config
        self.session = session
        self.loop = asyncio.get_running_loop()
        self.global_sem = asyncio.Semaphore(config.max_concurrency)
        self.hosts: dict[str, _Host] = {}
        self.folder_probes: dict[tuple[str, str, int | None, str], asyncio.Task[Any]] = {}
        self._rng = random.Random()

    # -- politeness ------------------------------------------------------------------------

    def gate_key(self, url: URL) -> str:
        return self.config.gate_key(url.scheme, url.host or "", url.port)

    def _host(self, key: str) -> _Host:
        state = self.hosts.get(key)
        if state is None:
            state = _Host(self.config.concurrency_for(key), self.config.interval_for(key))
            self.hosts[key] = state
        return state

    def _held_for(self, host: _Host) -> float:
        """How long the host's next request still waits for the one on its way out: until it
        went out, but no longer than one more interval. A request still not out by then waits
        for the host (a slow or dead one, that saw its connection attempt at its start), not
        for this machine, and the host's other links do not queue behind its connect timeout.
        """
        if host.on_wire.is_set():
            return 0.0
        return host.last_start + 2 * host.interval - self.loop.time()

    async def _acquire_start(self, host: _Host, link: _Link) -> _Start:
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
            held = self._held_for(host)
            if held > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(host.on_wire.wait(), held)
                continue
            await self.global_sem.acquire()
            now = self.loop.time()
            if host.ready_at() > now or self._held_for(host) > 0:
                self.global_sem.release()
                continue
            host.last_start = now
            link.deadline += now - began
            return _Start(host, self.loop)

    # -- one request -----------------------------------------------------------------------

    def _settings(self, url: URL) -> HostSettings:
        return self.config.settings_for(url.scheme, url.host or "", url.port)

    def _headers(self, url: URL, link: _Link) -> dict[str, str] | None:
        """This origin's credentials (None for most requests: the session's headers do)."""
        headers = self.config.credentials_for(url.scheme, url.host or "", url.port)
        if link.basic_auth is not None and _origin(url) == _origin(link.parsed):
            headers["Authorization"] = link.basic_auth
        return headers or None

    async def _send(self, method: str, url: URL, link: _Link) -> _Reply:
        host_name = url.host or ""
        refused = host_refusal(host_name, self.config.public_only)
        if refused is not None:
            raise _Failure(
                Outcome.EXCLUDED, Reason.NON_PUBLIC_ADDRESS, f"not checked: {refused}", retry=False
            )
        host = self._host(self.gate_key(url))
        self._refuse_if_rate_limited(host, url)
        async with host.sem:
            start = await self._acquire_start(host, link)
            token = _start.set(start)
            try:
                self._refuse_if_rate_limited(host, url)
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
                try:
                    async with self.session.request(
                        method,
                        url,
                        allow_redirects=False,
                        headers=self._headers(url, link),
                        timeout=timeout,
                    ) as resp:
                        headers = resp.headers
                        reply = _Reply(
                            resp.status,
                            headers.get("Location"),
                            headers.get("Retry-After"),
                            headers.get("cf-mitigated"),
                            headers.get("Content-Type"),
                        )
                        if method == "GET":
                            reply.body = await self._read_start(resp, reply)
                except Exception as err:
                    raise _classify(err, host_name, self.config) from None
            finally:
                start.sent()  # (one that never went out, refused or timed out, frees it too)
                _start.reset(token)
                self.global_sem.release()
        return reply

    @staticmethod
    def _refuse_if_rate_limited(host: _Host, url: URL) -> None:
        """A host that answered 429 to every try of a link is busy for this run: its other
        links are blocked (and checked first next run) rather than each asking again after
        pauses of up to ``max_retry_after``, which on a large catalogue takes hours."""
        if host.rate_limited:
            raise _Failure(
                Outcome.BLOCKED,
                Reason.RATE_LIMITED,
                f"rate limited: not asked, {url.host} answered 429 to every try of another link",
                retry=False,
            )

    async def _read_start(self, resp: aiohttp.ClientResponse, reply: _Reply) -> bytes | None:
        """The start of an HTML body (at most ``max_body_bytes``); other bodies are read only
        when short enough to keep the connection, else the connection is closed."""
        budget = self.config.max_body_bytes
        length = resp.content_length
        html = (
            200 <= reply.status < 300
            and is_html(reply.content_type)
            and resp.headers.get("Content-Encoding", "identity").lower() == "identity"
        )
        if length is not None and length > budget and not html:
            resp.close()
            return None
        if length is not None and length <= budget:
            body = await resp.read()  # all of it, in one call: the connection stays open
            return body if html else None
        chunks: list[bytes] = []
        while budget > 0:
            chunk = await resp.content.read(budget)
            if not chunk:
                break
            if html:
                chunks.append(chunk)
            budget -= len(chunk)
        if not resp.content.at_eof():
            resp.close()
        return b"".join(chunks) if html else None

    def _timeout_message(self) -> str:
        return f"no answer within the {self.config.timeout:g} s deadline"

    def _method(self, url: URL) -> str:
        return self._settings(url).method or self.config.method

    async def _fetch(self, url: URL, link: _Link) -> _Reply:
        """One request as configured: a GET, or HEAD with a GET when HEAD is refused or fails."""
        if self._method(url) == "get" or link.use_get:
            return await self._send("GET", url, link)
        gate = self._host(self.gate_key(url))
        if gate.head_refused:
            return await self._send("GET", url, link)
        reply = await self._send("HEAD", url, link)
        if reply.status < 400 or self._accepted(reply.status, url):
            return reply
        if reply.status == 429 or (reply.status == 503 and reply.retry_after):
            return reply
        link.use_get = True
        if reply.status in (405, 501):
            gate.head_refused = True
        return await self._send("GET", url, link)

    def _accepted(self, status: int, url: URL) -> bool:
        return status in self.config.accept or status in self._settings(url).accept

    # -- one try through the redirect chain ------------------------------------------------

    async def _follow(self, link: _Link) -> _End:
        """Follow the chain from ``link.parsed`` to an answer that is not a redirect."""
        current = link.parsed
        seen = {str(current)}
        permanent = downgrade = False
        hops = 0
        while True:
            try:
                reply = await self._fetch(current, link)
            except _Failure as failure:
                failure.hops, failure.url = hops, current
                raise
            if reply.status not in REDIRECT_STATUSES or not reply.location:
                return _End(reply, current, hops, permanent, downgrade)
            if hops == 0:
                permanent = reply.status in PERMANENT_REDIRECTS
            hops += 1
            try:
                target = current.join(URL(reply.location))
                target.explicit_port  # noqa: B018 - raises for a port out of range
            except (ValueError, TypeError):
                raise _ChainStop(
                    reply.status,
                    current,
                    f"invalid redirect target {clean(redact(reply.location))!r}",
                    Reason.INVALID_REDIRECT,
                    hops,
                ) from None
            if target.raw_user is not None:
                target = target.with_user(None)
            if target.scheme not in ("http", "https") or not target.host:
                raise _ChainStop(
                    reply.status,
                    target,
                    "redirect to a non-HTTP URL",
                    Reason.INVALID_REDIRECT,
                    hops,
                )
            if str(target) in seen:
                raise _ChainStop(reply.status, target, "redirect loop", Reason.REDIRECT_LOOP, hops)
            if hops > self.config.max_redirects:
                raise _ChainStop(
                    reply.status,
                    target,
                    f"too many redirects (more than {self.config.max_redirects})",
                    Reason.TOO_MANY_REDIRECTS,
                    hops,
                )
            if current.scheme == "https" and target.scheme == "http":
                downgrade = True
            seen.add(str(target))
            current = target

    async def _attempt(self, link: _Link) -> tuple[LinkResult, float | None, _End | None]:
        """One try: the verdict, the wait before a retry (None when a retry would not help),
        and where the chain ended when it ended well enough for the page checks."""
        try:
            end = await self._follow(link)
        except _Failure as failure:
            final = failure.url if failure.hops else None
            result = self._result(
                link, failure.outcome, None, final, failure.message, failure.reason
            )
            if final is not None:
                result.redirect_cross_host = final.host != link.parsed.host
            return result, (self._backoff(link) if failure.retry else None), None
        except _ChainStop as stop:
            result = self._result(
                link, Outcome.ERROR, stop.status, stop.url, stop.message, stop.reason
            )
            return result, None, None
        result, wait = self._verdict(link, end)
        if end.hops and link.provider is None:
            result.redirect_downgrade = end.downgrade
            result.redirect_cross_host = end.url.host != link.parsed.host
        return result, wait, end

    def _verdict(self, link: _Link, end: _End) -> tuple[LinkResult, float | None]:
        reply, current = end.reply, end.url
        status = reply.status
        # A provider's probe URL is an implementation detail, never a URL to update to.
        final = current if end.hops and link.provider is None else None
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
        if link.provider is not None and status in link.provider.unavailable:
            return self._result(
                link,
                Outcome.BROKEN,
                status,
                None,
                f"video unavailable ({link.provider.name} answered {status})",
                Reason.VIDEO_UNAVAILABLE,
            ), None
        if 200 <= status < 300 or self._accepted(status, current):
            outcome = Outcome.REDIRECTED if end.permanent and final else Outcome.OK
            if outcome is Outcome.REDIRECTED:
                reason: str = Reason.PERMANENT_REDIRECT
            else:
                reason = Reason.OK if 200 <= status < 300 else Reason.ACCEPTED
            return self._result(link, outcome, status, final, None, reason), None
        if status in RETRY_STATUSES:
            wait = parse_retry_after(reply.retry_after) if status in (429, 503) else None
            if wait is not None:
                # The pause is waited out at the host's gate, which does not count it
                # against the link's deadline.
                self._pause(self.gate_key(current), min(wait, self.config.max_retry_after))
                retry_wait: float | None = 0.0
            else:
                retry_wait = self._backoff(link)
                if status == 429:
                    self._pause(self.gate_key(current), retry_wait)
            if status == 429:
                # Still 429 after the retries: the site is busy, not the link dead.
                link.throttled_by = self.gate_key(current)
                return self._result(
                    link, Outcome.BLOCKED, status, final, "rate limited", Reason.RATE_LIMITED
                ), retry_wait
            return self._result(
                link,
                Outcome.BROKEN,
                status,
                final,
                f"server answered {status}",
                http_reason(status),
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

    def _pause(self, key: str, seconds: float) -> None:
        host = self._host(key)
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
        final: URL | None,
        error: str | None,
        reason: str,
    ) -> LinkResult:
        return LinkResult(
            link.url,
            outcome,
            status,
            None if final is None else str(final),
            error,
            link.attempts,
            reason=reason,
        )

    # -- what the page says ----------------------------------------------------------------

    def _page_checks(
        self, link: _Link, end: _End, result: LinkResult
    ) -> LinkResult | Coroutine[Any, Any, LinkResult]:
        """Sign-in walls and soft 404s, for an answer that is ok so far. Returns the result,
        or a coroutine finishing it once the folder's probe has answered."""
        reply = end.reply
        page: Page | None = None
        if reply.body is not None:
            page = read_page(reply.body, reply.content_type, str(end.url))
        start = link.parsed
        signin = end.hops > 0 and is_signin_url(end.url.host or "", end.url.path)
        if not signin and page is not None and page.has_password_field:
            signin = True
        if signin and not is_signin_url(start.host or "", start.path):
            if self._settings(start).login_wall_ok or self._settings(end.url).login_wall_ok:
                result.reason = Reason.LOGIN_WALL_ACCEPTED
                return result
            result.outcome = Outcome.BROKEN
            result.reason = Reason.LOGIN_WALL
            result.error = f"ends on a sign-in page ({clean(str(end.url))})"
            return result
        if page is None:
            return result
        said = page.says_not_found
        if said is not None:
            return self._soft_404(result, f"the page says {clean(said)!r}")
        if not self.config.soft_404 or start.path in ("", "/"):
            return result
        task = self._folder_probe(start)
        if task.done():
            return self._compare(result, end, page, task.result())
        return self._compare_later(result, end, page, task)

    async def _compare_later(
        self, result: LinkResult, end: _End, page: Page, task: asyncio.Task[Any]
    ) -> LinkResult:
        return self._compare(result, end, page, await task)

    def _compare(
        self, result: LinkResult, end: _End, page: Page, probe: _ProbePage | None
    ) -> LinkResult:
        if probe is None:
            return result
        if end.hops and probe.hops and probe.url == end.url:
            return self._soft_404(result, "redirects where the site sends URLs that do not exist")
        if same_page(page, probe.page):
            return self._soft_404(
                result, "the same page as the site's answer for a URL that does not exist"
            )
        return result

    @staticmethod
    def _soft_404(result: LinkResult, message: str) -> LinkResult:
        result.outcome = Outcome.BROKEN
        result.reason = Reason.SOFT_404
        result.error = f"soft 404: {message}"
        return result

    def _folder_probe(self, url: URL) -> asyncio.Task[Any]:
        """The run's one probe of ``url``'s folder: a URL there that cannot exist."""
        path = url.path
        # /a/b/ is the page b/ of the folder /a/: its probe is /a/webcat-.../
        slash = "/" if path.endswith("/") else ""
        folder = path.rstrip("/").rsplit("/", 1)[0] + "/"
        key = (url.scheme, url.host or "", url.port, folder + ("*/" if slash else ""))
        task = self.folder_probes.get(key)
        if task is None:
            name = "webcat-" + secrets.token_hex(8) + slash
            probe_url = url.with_path(folder + name, encoded=False)
            task = self.loop.create_task(self._probe(probe_url, url))
            self.folder_probes[key] = task
        return task

    async def _probe(self, probe_url: URL, like: URL) -> _ProbePage | None:
        """What the site answers for ``probe_url``; None when it is not a 2xx HTML page (a
        real 404: nothing to compare with) or the probe failed."""
        link = _Link(
            str(probe_url),
            probe_url,
            use_get=True,
            deadline=self.loop.time() + self.config.timeout,
        )
        try:
            end = await self._follow(link)
        except (_Failure, _ChainStop):
            return None
        except Exception:  # a probe is a hint: never let it break the run
            return None
        reply = end.reply
        if not 200 <= reply.status < 300 or reply.body is None:
            return None
        return _ProbePage(
            end.url, end.hops, read_page(reply.body, reply.content_type, str(end.url))
        )

    # -- one link --------------------------------------------------------------------------

    def new_link(self, url: str, target: Target) -> _Link:
        return _Link(
            url,
            target.request,
            use_get=False,
            deadline=self.loop.time() + self.config.timeout,
            provider=target.provider,
            basic_auth=target.basic_auth,
        )

    async def start(self, url: str, target: Target) -> LinkResult | Coroutine[Any, Any, LinkResult]:
        """Check one URL with retries within its deadline; the result, or a coroutine that
        finishes it once its folder's soft-404 probe has answered (so the caller's worker
        need not wait for that)."""
        started = self.loop.time()
        link = self.new_link(url, target)
        while True:
            link.attempts += 1
            result, wait, end = await self._attempt(link)
            if wait is None or link.attempts > self.config.retries:
                break
            if self.loop.time() + wait >= link.deadline:
                break
            if wait > 0:
                await asyncio.sleep(wait)
        if result.reason == Reason.RATE_LIMITED and link.throttled_by and result.http_status:
            self._host(link.throttled_by).rate_limited = True
        if (
            end is not None
            and link.provider is None
            and result.outcome in (Outcome.OK, Outcome.REDIRECTED)
            and result.reason != Reason.ACCEPTED
        ):
            checked = self._page_checks(link, end, result)
            if not isinstance(checked, LinkResult):
                return self._timed(checked, started)
            result = checked
        result.elapsed_ms = round((self.loop.time() - started) * 1000)
        return result

    async def _timed(self, pending: Coroutine[Any, Any, LinkResult], started: float) -> LinkResult:
        result = await pending
        result.elapsed_ms = round((self.loop.time() - started) * 1000)
        return result

    async def check(self, url: str, parsed: URL | None = None) -> LinkResult:
        """Check one URL (as :func:`precheck` parsed it), waiting for its page checks."""
        parsed = URL(url) if parsed is None else parsed
        outcome = await self.start(url, target_for(parsed, self.config))
        return outcome if isinstance(outcome, LinkResult) else await outcome

    def close_probes(self) -> None:
        for task in self.folder_probes.values():
            if not task.done():
                task.cancel()


def _classify(err: Exception, hostname: str, config: CheckConfig) -> Exception:
    """A request that got no HTTP answer, as a :class:`_Failure` (other errors unchanged).

    Unknown hosts, TLS failures and malformed answers will not change on a retry; timeouts,
    refusals and resets often do.
    """
    if isinstance(err, _Failure):
        return err
    if isinstance(err, aiohttp.ClientConnectorError) and isinstance(err.os_error, NonPublicAddress):
        message = f"not checked: {err.os_error}"
        return _Failure(Outcome.EXCLUDED, Reason.NON_PUBLIC_ADDRESS, message, retry=False)
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
        return _Failure(Outcome.ERROR, Reason.TLS, f"TLS failure: {short(err)}", retry=False)
    if isinstance(err, aiohttp.ClientConnectorError):
        errno = err.os_error.errno
        reason = os.strerror(errno) if errno else str(err.os_error)
        message = f"cannot connect: {reason}".lower()
        return _Failure(Outcome.ERROR, Reason.CONNECTION, message, retry=True)
    if isinstance(err, aiohttp.ServerDisconnectedError):
        message = "connection closed without an answer"
        return _Failure(Outcome.ERROR, Reason.CONNECTION, message, retry=True)
    if isinstance(err, aiohttp.ClientOSError | aiohttp.ClientPayloadError | ConnectionError):
        message = f"connection failed: {short(err)}"
        return _Failure(Outcome.ERROR, Reason.CONNECTION, message, retry=True)
    if isinstance(err, aiohttp.ClientResponseError):
        message = f"invalid HTTP answer: {short(Exception(err.message))}"
        return _Failure(Outcome.ERROR, Reason.INVALID_RESPONSE, message, retry=False)
    if isinstance(err, aiohttp.ClientError | ValueError):
        return _Failure(Outcome.ERROR, Reason.INVALID_RESPONSE, short(err), retry=False)
    return err
