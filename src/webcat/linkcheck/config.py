"""Options of the link checker, and reading them from a ``[check]`` table.

The options are one frozen dataclass so a check can be described, compared and logged as a
value. Reading the TOML table lives here rather than in the CLI because the same table may
come from the catalogue or from a ``webcat.toml`` beside it, and scripts using the library
should read it the same way. Nothing here knows what a catalogue is.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import webcat
from webcat.linkcheck.providers import BUILTIN, DEFAULT_UNAVAILABLE, Provider

DEFAULT_USER_AGENT = f"webcat/{webcat.__version__} (+{webcat.PROJECT_URL})"

#: Per-host settings a ``[check.hosts."name"]`` table may hold.
HOST_KEYS = frozenset(
    {
        "accept",
        "method",
        "headers",
        "token",
        "token_env",
        "concurrency",
        "interval",
        "exclude",
        "login_wall",
        "url_credentials",
    }
)
#: Settings a ``[check.providers.NAME]`` table may hold.
PROVIDER_KEYS = frozenset({"match", "probe", "unavailable", "enabled"})
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
        "method",
        "soft_404",
        "public_only",
        "hosts",
        "providers",
    }
)

#: The range each number may take: finite, and small enough that no setting can stall a
#: run for days or overflow a timer. (low, high, low is allowed)
LIMITS: dict[str, tuple[float, float, bool]] = {
    "max_concurrency": (1, 10_000, True),
    "host_concurrency": (1, 1_000, True),
    "concurrency": (1, 1_000, True),
    "host_interval": (0, 3_600, True),
    "interval": (0, 3_600, True),
    "timeout": (0, 3_600, False),
    "connect_timeout": (0, 3_600, False),
    "read_timeout": (0, 3_600, False),
    "retries": (0, 20, True),
    "max_redirects": (1, 100, True),
    "max_retry_after": (0, 3_600, True),
    "backoff_base": (0, 600, True),
    "backoff_max": (0, 3_600, True),
    "max_body_bytes": (0, 16 * 1024 * 1024, True),
}

_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
#: C0 controls except tab, DEL and C1 controls: a CR or LF in a header would let a value
#: add headers (or a whole request) of its own.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


class ConfigError(ValueError):
    """A check option has a value that cannot be used; the message names the option."""


def check_number(name: str, value: Any, where: str = "") -> None:
    """Raise :class:`ConfigError` unless ``value`` is a finite number in ``name``'s range."""
    low, high, low_ok = LIMITS[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where}{name} must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ConfigError(f"{where}{name} must be a finite number, not {value!r}")
    if value < low or (value == low and not low_ok) or value > high:
        bound = f"at least {low:g}" if low_ok else f"greater than {low:g}"
        raise ConfigError(f"{where}{name} must be {bound} and at most {high:g}, not {value!r}")


def check_header_text(what: str, value: str) -> None:
    """Header values, tokens and the user agent: no control characters (CR/LF above all)."""
    if _CONTROL.search(value):
        raise ConfigError(f"{what} must not contain control characters (such as CR or LF)")


@dataclass(frozen=True, slots=True)
class HostSettings:
    """Settings for one host name (exact match, case-insensitive) or one origin.

    A table keyed by a host name (``"example.org"``) sets how that host is asked, on every
    scheme and port; its ``headers`` and ``token`` go only to ``https://example.org`` on port
    443. A table keyed by an origin (``"http://intranet.example.org:8080"``) applies to that
    scheme, host and port only, credentials included. Redirects are followed by the engine,
    so a redirect to another origin (another host, another port, https to http) never
    carries them.
    """

    accept: frozenset[int] = frozenset()
    method: str | None = None  # "head" or "get"; None: the run's method
    headers: Mapping[str, str] = field(default_factory=dict)
    token: str | None = field(default=None, repr=False)
    concurrency: int | None = None
    interval: float | None = None
    exclude: bool = False
    #: A redirect to a sign-in page is fine here (an intranet that needs a session).
    login_wall_ok: bool = False
    #: Send ``user:password@`` from a URL as Basic auth (never without this).
    url_credentials: bool = False

    def __post_init__(self) -> None:
        if self.method not in (None, "head", "get"):
            raise ConfigError(f'method must be "head" or "get", not {self.method!r}')
        if self.concurrency is not None:
            check_number("concurrency", self.concurrency)
        if self.interval is not None:
            check_number("interval", self.interval)
        for name, value in self.headers.items():
            if not _HEADER_NAME.match(name):
                raise ConfigError(f"header name {name!r} is not a valid HTTP header name")
            check_header_text(f"header {name}", value)
        if self.token is not None:
            check_header_text("token", self.token)

    def request_headers(self) -> dict[str, str]:
        out = dict(self.headers)
        if self.token:
            out["Authorization"] = f"Bearer {self.token}"
        return out


def origin_key(scheme: str, host: str, port: int | None) -> str:
    """``scheme://host:port`` with the port always written, lower case."""
    scheme = scheme.lower()
    if port is None:
        port = 443 if scheme == "https" else 80
    host = host.lower()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}"


def _normalise_host_key(key: str) -> str:
    """A host table's key as it is looked up: a lower-case host name, or an origin."""
    if "://" not in key:
        return key.strip().lower().rstrip(".")
    parts = urlsplit(key.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or port == -1
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        raise ConfigError(
            f"check.hosts key {key!r} must be a host name or an origin such as "
            '"https://example.org:8443"'
        )
    return origin_key(parts.scheme, parts.hostname, port)


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Everything that decides how links are checked.

    Defaults are polite for the open web (a few requests per host at a time, a short pause
    between their starts) and patient with slow servers (30 s per link including retries).
    Every number is checked against :data:`LIMITS` when a config is made, flags included.
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
    max_body_bytes: int = 64 * 1024
    #: "get": one request that also reads the start of the page (soft 404s, sign-in forms);
    #: "head": HEAD first, a GET only when HEAD fails (no page checks).
    method: str = "get"
    #: Compare HTML answers with the site's answer for a URL that cannot exist.
    soft_404: bool = True
    #: Refuse loopback and private addresses too, not only link-local and multicast.
    public_only: bool = False
    #: Video platforms asked through their own endpoint (built-in ones first).
    providers: tuple[Provider, ...] = tuple(BUILTIN.values())

    def __post_init__(self) -> None:
        # Host names are matched lower-case, as URLs carry them.
        object.__setattr__(
            self, "hosts", {_normalise_host_key(k): v for k, v in self.hosts.items()}
        )
        for name in LIMITS:
            if hasattr(self, name):
                check_number(name, getattr(self, name))
        for name in ("max_concurrency", "host_concurrency", "retries", "max_redirects"):
            if not isinstance(getattr(self, name), int):
                raise ConfigError(f"{name} must be a whole number, not {getattr(self, name)!r}")
        if self.method not in ("head", "get"):
            raise ConfigError(f'method must be "head" or "get", not {self.method!r}')
        check_header_text("user_agent", self.user_agent)

    def host(self, hostname: str) -> HostSettings:
        """The settings of a host name's table (not of an origin table)."""
        return self.hosts.get(hostname.lower(), _NO_HOST_SETTINGS)

    def settings_for(self, scheme: str, hostname: str, port: int | None) -> HostSettings:
        """The table that applies to a request: its origin's if there is one, else its host's."""
        if not self.hosts:
            return _NO_HOST_SETTINGS
        found = self.hosts.get(origin_key(scheme, hostname, port))
        return found if found is not None else self.host(hostname)

    def credentials_for(self, scheme: str, hostname: str, port: int | None) -> dict[str, str]:
        """Headers and token for exactly this origin. A host-name table's go only to https on
        port 443, so neither a plain-http nor another port's request ever carries them."""
        if not self.hosts:
            return {}
        origin = origin_key(scheme, hostname, port)
        found = self.hosts.get(origin)
        if found is None and origin == origin_key("https", hostname, 443):
            found = self.hosts.get(hostname.lower())
        return found.request_headers() if found is not None else {}

    def gate_key(self, scheme: str, hostname: str, port: int | None) -> str:
        """Which politeness queue a request joins: its origin's when that has a table."""
        if self.hosts:
            origin = origin_key(scheme, hostname, port)
            if origin in self.hosts:
                return origin
        return hostname

    def gate_settings(self, key: str) -> HostSettings:
        return self.hosts.get(key, _NO_HOST_SETTINGS)

    def concurrency_for(self, key: str) -> int:
        return self.gate_settings(key).concurrency or self.host_concurrency

    def interval_for(self, key: str) -> float:
        interval = self.gate_settings(key).interval
        return self.host_interval if interval is None else interval

    def with_options(self, **changes: Any) -> CheckConfig:
        """A copy with the given options replaced; ``None`` values are ignored (unset flags)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_NO_HOST_SETTINGS = HostSettings()

_CODE_RANGE = re.compile(r"^\s*(\d{3})\s*(?:(?:-|\.\.)\s*(\d{3})\s*)?$")


def parse_codes(spec: Any) -> frozenset[int]:
    """Status codes from ``"200,403"``, ``"200-299"``, ``403`` or a list of those."""
    if isinstance(spec, bool):
        raise ConfigError(f"not a status code: {spec!r}")
    if isinstance(spec, int):
        parts: list[str] = [str(spec)]
    elif isinstance(spec, str):
        parts = [p for p in spec.split(",") if p.strip()]
    elif isinstance(spec, list | tuple | set | frozenset):
        parts = []
        for item in spec:
            if isinstance(item, int) and not isinstance(item, bool):
                parts.append(str(item))
            elif isinstance(item, str):
                parts.extend(p for p in item.split(",") if p.strip())
            else:
                raise ConfigError(f'not a status code or range: {item!r} (e.g. 403, "500-599")')
    else:
        raise ConfigError(f"not a status code or list of codes: {spec!r}")
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
    check_number(key, value, where)
    return kind(value)


def _bool(table: Mapping[str, Any], key: str, where: str) -> bool:
    value = table[key]
    if not isinstance(value, bool):
        raise ConfigError(f"{where}{key} must be true or false, not {value!r}")
    return value


def _string(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table[key]
    if not isinstance(value, str):
        raise ConfigError(f"{where}{key} must be a string, not {value!r}")
    return value


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
    try:
        if "accept" in table:
            kwargs["accept"] = parse_codes(table["accept"])
        if "method" in table:
            method = _string(table, "method", where).lower()
            if method not in ("head", "get"):
                raise ConfigError(f'method must be "head" or "get", not {method!r}')
            kwargs["method"] = method
        if "headers" in table:
            headers = table["headers"]
            if not isinstance(headers, Mapping) or not all(
                isinstance(v, str) for v in headers.values()
            ):
                raise ConfigError("headers must be a table of strings")
            kwargs["headers"] = {str(k): v for k, v in headers.items()}
        if "token" in table:
            kwargs["token"] = _string(table, "token", where)
        if "token_env" in table:
            var = _string(table, "token_env", where)
            if var not in environ:
                raise ConfigError(f"token_env names ${var}, which is not set")
            kwargs["token"] = environ[var]
        if "concurrency" in table:
            kwargs["concurrency"] = _number(table, "concurrency", "", int)
        if "interval" in table:
            kwargs["interval"] = _number(table, "interval", "")
        if "exclude" in table:
            kwargs["exclude"] = _bool(table, "exclude", "")
        if "login_wall" in table:
            value = table["login_wall"]
            if value not in ("accept", "fail"):
                raise ConfigError(f'login_wall must be "accept" or "fail", not {value!r}')
            kwargs["login_wall_ok"] = value == "accept"
        if "url_credentials" in table:
            kwargs["url_credentials"] = _bool(table, "url_credentials", "")
        return HostSettings(**kwargs)
    except ConfigError as error:
        message = str(error)
        if message.startswith(where):
            raise
        raise ConfigError(f"{where}{message}") from None


def _provider(name: str, table: Any, base: Mapping[str, Provider]) -> Provider | None:
    where = f"check.providers.{name}."
    if not isinstance(table, Mapping):
        raise ConfigError(f"check.providers.{name} must be a table")
    unknown = set(table) - PROVIDER_KEYS
    if unknown:
        raise ConfigError(
            f"unknown setting {where}{sorted(unknown)[0]} "
            f"(known: {', '.join(sorted(PROVIDER_KEYS))})"
        )
    if "enabled" in table and not _bool(table, "enabled", where):
        return None
    known = base.get(name)
    if known is None and not {"match", "probe"} <= set(table):
        raise ConfigError(f"check.providers.{name} needs both match and probe")
    match = known.match if known else None
    if "match" in table:
        try:
            match = re.compile(_string(table, "match", where))
        except re.error as err:
            raise ConfigError(f"{where}match is not a valid regex: {err}") from None
        if "id" not in match.groupindex:
            raise ConfigError(f"{where}match needs a named group (?P<id>...) for the video id")
    probe = _string(table, "probe", where) if "probe" in table else known.probe if known else ""
    if not probe.lower().startswith(("http://", "https://")):
        raise ConfigError(f"{where}probe must be an http:// or https:// URL template")
    # A typo in a placeholder would send every video of the platform to one wrong URL.
    for placeholder in re.findall(r"\{[^{}]*\}", probe):
        if placeholder not in ("{id}", "{url}"):
            raise ConfigError(
                f"{where}probe has an unknown placeholder {placeholder} (known: {{id}}, {{url}})"
            )
    if "{id}" not in probe and "{url}" not in probe:
        raise ConfigError(f"{where}probe needs {{id}} or {{url}} (else one URL for every video)")
    unavailable = known.unavailable if known else DEFAULT_UNAVAILABLE
    if "unavailable" in table:
        try:
            unavailable = parse_codes(table["unavailable"])
        except ConfigError as error:
            raise ConfigError(f"{where}unavailable: {error}") from None
    assert match is not None
    return Provider(name, match, probe, unavailable)


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
        try:
            changes["accept"] = parse_codes(table["accept"])
        except ConfigError as error:
            raise ConfigError(f"check.accept: {error}") from None
    if "exclude" in table:
        patterns = table["exclude"]
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ConfigError("check.exclude must be a regex or a list of regexes")
        changes["exclude"] = compile_excludes(patterns)
    if "user_agent" in table:
        changes["user_agent"] = _string(table, "user_agent", "check.")
        check_header_text("check.user_agent", changes["user_agent"])
    if "method" in table:
        method = _string(table, "method", "check.").lower()
        if method not in ("head", "get"):
            raise ConfigError(f'check.method must be "head" or "get", not {method!r}')
        changes["method"] = method
    for key in ("soft_404", "public_only"):
        if key in table:
            changes[key] = _bool(table, key, "check.")
    if "hosts" in table:
        hosts = table["hosts"]
        if not isinstance(hosts, Mapping):
            raise ConfigError("check.hosts must be a table of host names")
        changes["hosts"] = {
            _normalise_host_key(str(name)): _host_settings(str(name), value, environ)
            for name, value in hosts.items()
        }
    if "providers" in table:
        providers = table["providers"]
        if not isinstance(providers, Mapping):
            raise ConfigError("check.providers must be a table of provider names")
        current = {p.name: p for p in base.providers}
        known = {**BUILTIN, **current}
        for name, value in providers.items():
            made = _provider(str(name), value, known)
            if made is None:
                current.pop(str(name), None)
            else:
                current[str(name)] = made
        changes["providers"] = tuple(current.values())
    try:
        return replace(base, **changes)
    except ConfigError as error:
        raise ConfigError(f"check.{error}") from None
