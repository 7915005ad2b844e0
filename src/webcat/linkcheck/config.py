"""Options of the link checker, and reading them from a ``[check]`` table.

The options are one frozen dataclass so a check can be described, compared and logged as a
value. Reading the TOML table lives here rather than in the CLI because the same table may
come from the catalogue or from a ``webcat.toml`` beside it, and scripts using the library
should read it the same way. Nothing here knows what a catalogue is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import webcat

DEFAULT_USER_AGENT = f"webcat/{webcat.__version__} (+{webcat.PROJECT_URL})"

#: Per-host settings a ``[check.hosts."name"]`` table may hold.
HOST_KEYS = frozenset(
    {"accept", "method", "headers", "token", "token_env", "concurrency", "interval", "exclude"}
)
#: Settings the top level of the ``[check]`` table may hold.
TOP_KEYS = frozenset(
    {
        "max_concurrency",
        "host_concurrency",
        "host_interval",
        "timeout",
        "connect_timeout",
        "read_timeout",
        "retries",
        "accept",
        "exclude",
        "user_agent",
        "max_retry_after",
        "hosts",
    }
)


class ConfigError(ValueError):
    """A check option has a value that cannot be used; the message names the option."""


@dataclass(frozen=True, slots=True)
class HostSettings:
    """Settings for one host name (exact match, case-insensitive).

    A token is turned into an ``Authorization: Bearer`` header that is attached only to
    requests whose host is this one, and redirects are followed by the engine itself, so a
    redirect to another host never carries it.
    """

    accept: frozenset[int] = frozenset()
    method: str | None = None  # "head" (default behaviour) or "get" (skip HEAD)
    headers: Mapping[str, str] = field(default_factory=dict)
    token: str | None = field(default=None, repr=False)
    concurrency: int | None = None
    interval: float | None = None
    exclude: bool = False

    def request_headers(self) -> dict[str, str]:
        out = dict(self.headers)
        if self.token:
            out["Authorization"] = f"Bearer {self.token}"
        return out


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Everything that decides how links are checked.

    Defaults are polite for the open web (a few requests per host at a time, a short pause
    between their starts) and patient with slow servers (30 s per link including retries).
    """

    max_concurrency: int = 64
    host_concurrency: int = 4
    host_interval: float = 0.1
    timeout: float = 30.0
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    retries: int = 2
    accept: frozenset[int] = frozenset()
    exclude: tuple[re.Pattern[str], ...] = ()
    user_agent: str = DEFAULT_USER_AGENT
    hosts: Mapping[str, HostSettings] = field(default_factory=dict)
    max_redirects: int = 10
    #: A Retry-After longer than this is shortened to it: a host asking for an hour must not
    #: stall a nightly check for an hour.
    max_retry_after: float = 60.0
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    #: A GET reads at most this many body bytes; the rest is never downloaded.
    max_body_bytes: int = 16 * 1024

    def __post_init__(self) -> None:
        # Host names are matched lower-case, as URLs carry them.
        object.__setattr__(self, "hosts", {k.lower(): v for k, v in self.hosts.items()})
        positive = {
            "max_concurrency": self.max_concurrency,
            "host_concurrency": self.host_concurrency,
            "timeout": self.timeout,
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "max_redirects": self.max_redirects,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ConfigError(f"{name} must be greater than 0, not {value}")
        non_negative = {
            "host_interval": self.host_interval,
            "retries": self.retries,
            "max_retry_after": self.max_retry_after,
            "backoff_base": self.backoff_base,
            "max_body_bytes": self.max_body_bytes,
        }
        for name, value in non_negative.items():
            if value < 0:
                raise ConfigError(f"{name} must not be negative, not {value}")

    def host(self, hostname: str) -> HostSettings:
        return self.hosts.get(hostname.lower(), _NO_HOST_SETTINGS)

    def concurrency_for(self, hostname: str) -> int:
        return self.host(hostname).concurrency or self.host_concurrency

    def interval_for(self, hostname: str) -> float:
        interval = self.host(hostname).interval
        return self.host_interval if interval is None else interval

    def with_options(self, **changes: Any) -> CheckConfig:
        """A copy with the given options replaced; ``None`` values are ignored (unset flags)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_NO_HOST_SETTINGS = HostSettings()

_CODE_RANGE = re.compile(r"^\s*(\d{3})\s*(?:(?:-|\.\.)\s*(\d{3})\s*)?$")


def parse_codes(spec: str | int | Iterable[str | int]) -> frozenset[int]:
    """Status codes from ``"200,403"``, ``"200-299"``, ``403`` or a list of those."""
    if isinstance(spec, bool):
        raise ConfigError(f"not a status code: {spec!r}")
    if isinstance(spec, int):
        parts: list[str] = [str(spec)]
    elif isinstance(spec, str):
        parts = [p for p in spec.split(",") if p.strip()]
    else:
        parts = []
        for item in spec:
            parts.extend(str(p) for p in ([item] if isinstance(item, int) else item.split(",")))
    codes: set[int] = set()
    for part in parts:
        m = _CODE_RANGE.match(part)
        if not m:
            raise ConfigError(
                f"not a status code or range: {part.strip()!r} (e.g. 200,403,500-599)"
            )
        low = int(m.group(1))
        high = int(m.group(2) or low)
        if not 100 <= low <= high <= 999:
            raise ConfigError(f"not a valid status range: {part.strip()!r}")
        codes.update(range(low, high + 1))
    return frozenset(codes)


def compile_excludes(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    out = []
    for pattern in patterns:
        try:
            out.append(re.compile(pattern))
        except re.error as err:
            raise ConfigError(f"exclude pattern {pattern!r} is not a valid regex: {err}") from None
    return tuple(out)


def _number(table: Mapping[str, Any], key: str, where: str, kind: type = float) -> Any:
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}{key} must be a number, not {value!r}")
    if kind is int and not isinstance(value, int):
        raise ConfigError(f"{where}{key} must be a whole number, not {value!r}")
    return kind(value)


def _host_settings(name: str, table: Any, environ: Mapping[str, str]) -> HostSettings:
    where = f'check.hosts."{name}".'
    if not isinstance(table, Mapping):
        raise ConfigError(f'check.hosts."{name}" must be a table')
    unknown = set(table) - HOST_KEYS
    if unknown:
        raise ConfigError(
            f"unknown setting {where}{sorted(unknown)[0]} (known: {', '.join(sorted(HOST_KEYS))})"
        )
    kwargs: dict[str, Any] = {}
    if "accept" in table:
        kwargs["accept"] = parse_codes(table["accept"])
    if "method" in table:
        method = str(table["method"]).lower()
        if method not in ("head", "get"):
            raise ConfigError(f'{where}method must be "head" or "get", not {method!r}')
        kwargs["method"] = method
    if "headers" in table:
        headers = table["headers"]
        if not isinstance(headers, Mapping) or not all(
            isinstance(v, str) for v in headers.values()
        ):
            raise ConfigError(f"{where}headers must be a table of strings")
        kwargs["headers"] = {str(k): v for k, v in headers.items()}
    if "token" in table:
        kwargs["token"] = str(table["token"])
    if "token_env" in table:
        var = str(table["token_env"])
        if var not in environ:
            raise ConfigError(f"{where}token_env names ${var}, which is not set")
        kwargs["token"] = environ[var]
    if "concurrency" in table:
        kwargs["concurrency"] = _number(table, "concurrency", where, int)
        if kwargs["concurrency"] < 1:
            raise ConfigError(f"{where}concurrency must be at least 1")
    if "interval" in table:
        kwargs["interval"] = _number(table, "interval", where)
        if kwargs["interval"] < 0:
            raise ConfigError(f"{where}interval must not be negative")
    if "exclude" in table:
        if not isinstance(table["exclude"], bool):
            raise ConfigError(f"{where}exclude must be true or false")
        kwargs["exclude"] = table["exclude"]
    return HostSettings(**kwargs)


def config_from_table(
    table: Mapping[str, Any],
    base: CheckConfig | None = None,
    environ: Mapping[str, str] | None = None,
) -> CheckConfig:
    """A config from a ``[check]`` TOML table (see docs/link-checking.md for the keys)."""
    base = base or CheckConfig()
    environ = os.environ if environ is None else environ
    unknown = set(table) - TOP_KEYS
    if unknown:
        raise ConfigError(
            f"unknown setting check.{sorted(unknown)[0]} (known: {', '.join(sorted(TOP_KEYS))})"
        )
    changes: dict[str, Any] = {}
    for key in ("max_concurrency", "host_concurrency", "retries"):
        if key in table:
            changes[key] = _number(table, key, "check.", int)
    for key in ("host_interval", "timeout", "connect_timeout", "read_timeout", "max_retry_after"):
        if key in table:
            changes[key] = _number(table, key, "check.")
    if "accept" in table:
        changes["accept"] = parse_codes(table["accept"])
    if "exclude" in table:
        patterns = table["exclude"]
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ConfigError("check.exclude must be a regex or a list of regexes")
        changes["exclude"] = compile_excludes(patterns)
    if "user_agent" in table:
        changes["user_agent"] = str(table["user_agent"])
    if "hosts" in table:
        hosts = table["hosts"]
        if not isinstance(hosts, Mapping):
            raise ConfigError("check.hosts must be a table of host names")
        changes["hosts"] = {
            str(name).lower(): _host_settings(str(name), value, environ)
            for name, value in hosts.items()
        }
    return replace(base, **changes)
