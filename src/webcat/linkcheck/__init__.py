"""Link checking as a library: give it URLs, get one :class:`LinkResult` per distinct URL.

It knows nothing of catalogues, Typer or rich, so any script can use it::

    from webcat.linkcheck import CheckConfig, check_urls
    for r in check_urls(["https://example.org/"], CheckConfig(host_concurrency=2)):
        print(r.outcome, r.url)

aiohttp is imported only when the engine is, so importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from webcat.linkcheck.config import CheckConfig, ConfigError, HostSettings, config_from_table
from webcat.linkcheck.results import (
    FAILING,
    LinkResult,
    Outcome,
    Reason,
    http_reason,
    is_transient,
    summarise,
)

if TYPE_CHECKING:
    from webcat.linkcheck.engine import check_urls, check_urls_async


def __getattr__(name: str) -> Any:
    if name in ("check_urls", "check_urls_async"):
        from webcat.linkcheck import engine

        return getattr(engine, name)
    raise AttributeError(name)


__all__ = [
    "FAILING",
    "CheckConfig",
    "ConfigError",
    "HostSettings",
    "LinkResult",
    "Outcome",
    "Reason",
    "check_urls",
    "check_urls_async",
    "config_from_table",
    "http_reason",
    "is_transient",
    "summarise",
]
