"""Getting one page (and its oEmbed answer) politely, as the link checker would.

The same User-Agent, timeouts and per-host headers as ``webcat check`` (one ``[check]``
table configures both), a cap on how much is read, and failures turned into one line that
says what was missing. aiohttp is imported only when a page is actually fetched.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from webcat.linkcheck.config import CheckConfig
from webcat.pagemeta.facts import Facts, facts_from_file, facts_from_html, media_type
from webcat.pagemeta.html import read_html
from webcat.pagemeta.pdf import read_pdf

#: How much of an answer is read: enough for any page's head and body metadata, and for
#: the PDFs that slide decks and reports are; a longer answer is cut, never downloaded.
MAX_HTML_BYTES = 4 * 1024 * 1024
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_OEMBED_BYTES = 256 * 1024

#: oEmbed endpoints of the platforms most recordings are on, for pages that do not
#: advertise their own (``{url}`` is the page's address, percent-encoded).
OEMBED_PROVIDERS: dict[str, tuple[re.Pattern[str], str]] = {
    "youtube": (
        re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch|live/|shorts/)|youtu\.be/)"),
        "https://www.youtube.com/oembed?format=json&url={url}",
    ),
    "vimeo": (
        re.compile(r"^https?://(?:www\.|player\.)?vimeo\.com/"),
        "https://vimeo.com/api/oembed.json?url={url}",
    ),
}


class FetchError(Exception):
    """The page could not be read; the message is one line that says why."""


@dataclass(frozen=True, slots=True)
class Answer:
    url: str
    status: int
    content_type: str | None
    body: bytes
    charset: str | None


def oembed_endpoint(
    url: str, providers: Mapping[str, tuple[re.Pattern[str], str]] = OEMBED_PROVIDERS
) -> str | None:
    """The oEmbed URL a known platform answers for ``url``, if it is on one."""
    for pattern, template in providers.values():
        if pattern.search(url):
            return template.replace("{url}", quote(url, safe=""))
    return None


def check_fetchable(url: str) -> None:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"cannot read {url!r}: only http and https addresses can be fetched")


def read_url(
    url: str,
    config: CheckConfig | None = None,
    *,
    providers: Mapping[str, tuple[re.Pattern[str], str]] = OEMBED_PROVIDERS,
) -> Facts:
    """Fetch ``url`` once (plus its oEmbed answer, for video pages) and read its facts."""
    check_fetchable(url)
    return asyncio.run(_read(url.strip(), config or CheckConfig(), providers))


async def read_many(
    urls: list[str],
    config: CheckConfig | None = None,
    *,
    providers: Mapping[str, tuple[re.Pattern[str], str]] = OEMBED_PROVIDERS,
    concurrency: int = 4,
) -> list[Facts | FetchError]:
    """The facts of each URL, in order; a failure is returned in its place, not raised."""
    gate = asyncio.Semaphore(concurrency)
    cfg = config or CheckConfig()

    async def one(url: str) -> Facts | FetchError:
        async with gate:
            try:
                check_fetchable(url)
                return await _read(url.strip(), cfg, providers)
            except FetchError as err:
                return err

    return list(await asyncio.gather(*(one(u) for u in urls)))


async def _read(
    url: str, config: CheckConfig, providers: Mapping[str, tuple[re.Pattern[str], str]]
) -> Facts:
    import aiohttp

    timeout = aiohttp.ClientTimeout(
        total=config.timeout, sock_connect=config.connect_timeout, sock_read=config.read_timeout
    )
    async with aiohttp.ClientSession(
        headers={"User-Agent": config.user_agent},
        cookie_jar=aiohttp.DummyCookieJar(),
        trust_env=False,
        timeout=timeout,
        connector=_connector(config),
    ) as session:
        answer = await _get(session, url, config, MAX_FILE_BYTES)
        kind = media_type(answer.content_type)
        if kind in ("text/html", "application/xhtml+xml") or (
            not kind and answer.body.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
        ):
            page = read_html(_decode(answer), answer.url)
            endpoint = page.oembed_url or oembed_endpoint(answer.url, providers)
            oembed = await _oembed(session, endpoint, config) if endpoint else None
            facts = facts_from_html(answer.url, page, oembed, answer.content_type)
        else:
            pdf = None
            if kind == "application/pdf" or answer.body[:5] == b"%PDF-":
                pdf = read_pdf(answer.body)
            facts = facts_from_file(answer.url, answer.content_type, pdf)
    if not facts.found_anything and facts.what == "page" and not facts.format:
        raise FetchError(
            f"{url}: the page says nothing usable about itself "
            "(no JSON-LD, OpenGraph, oEmbed or title)"
        )
    return facts


def _connector(config: CheckConfig) -> Any:
    """A connector with the link checker's address policy (docs/link-checking.md): the
    address each connection really goes to is checked, at every redirect, so a page can
    never make webcat fetch from link-local (cloud metadata), unspecified or multicast
    addresses, nor, with ``public_only``, from loopback or private ones."""
    import aiohttp

    from webcat.linkcheck.network import policy_layers

    resolver, socket_factory = policy_layers(config.public_only, None)
    return aiohttp.TCPConnector(
        limit=8, ttl_dns_cache=60, resolver=resolver, socket_factory=socket_factory
    )


async def _get(session: Any, url: str, config: CheckConfig, cap: int) -> Answer:
    """GET ``url``, following redirects here so that each hop gets only its own host's
    headers (a token for one host never travels to another, nor over plain http)."""
    import aiohttp
    from yarl import URL

    from webcat.linkcheck.addresses import NonPublicAddress

    current = URL(url, encoded=False)
    first_scheme = current.scheme
    for _ in range(config.max_redirects + 1):
        host = (current.host or "").lower()
        headers = {}
        if current.scheme == "https" or first_scheme == "http":
            headers = config.host(host).request_headers()
        try:
            async with session.get(current, headers=headers, allow_redirects=False) as resp:
                if resp.status in (301, 302, 303, 307, 308) and "Location" in resp.headers:
                    current = current.join(URL(resp.headers["Location"]))
                    if current.scheme not in ("http", "https"):
                        raise FetchError(f"{url}: redirected to a non-web address")
                    continue
                if resp.status >= 400:
                    raise FetchError(f"{url}: HTTP {resp.status} {resp.reason or ''}".rstrip())
                body = await resp.content.read(cap)
                return Answer(
                    url=str(resp.url),
                    status=resp.status,
                    content_type=resp.headers.get("Content-Type"),
                    body=body,
                    charset=resp.charset,
                )
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(f"{url}: no answer within {config.timeout:g} s") from None
        except NonPublicAddress as err:
            raise FetchError(f"{url}: refused: {_short(err)} (not a public address)") from None
        except aiohttp.ClientConnectorError as err:
            if isinstance(err.os_error, NonPublicAddress):
                raise FetchError(
                    f"{url}: refused: {_short(err.os_error)} (not a public address)"
                ) from None
            raise FetchError(f"{url}: could not connect to {host} ({_short(err)})") from None
        except (aiohttp.ClientError, OSError, ValueError) as err:
            raise FetchError(f"{url}: {_short(err)}") from None
    raise FetchError(f"{url}: more than {config.max_redirects} redirects")


async def _oembed(session: Any, endpoint: str, config: CheckConfig) -> dict[str, Any] | None:
    """The oEmbed answer, or ``None``: oEmbed adds facts, its failure loses none."""
    try:
        answer = await _get(session, endpoint, config, MAX_OEMBED_BYTES)
        data = json.loads(_decode(answer))
    except (FetchError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _decode(answer: Answer) -> str:
    for charset in (answer.charset, _meta_charset(answer.body), "utf-8"):
        if charset:
            try:
                return answer.body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return answer.body.decode("utf-8", errors="replace")


_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


def _short(err: BaseException) -> str:
    text = " ".join(str(err).split()) or type(err).__name__
    return text[:200]
