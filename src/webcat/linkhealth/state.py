"""The state file: what each URL did last time, so that a nightly check is fast and calm.

A success is reused for ``max_age`` instead of asking the server again; a failure is never
reused, so a failing URL is checked on every run and its consecutive failures counted. A
URL is only *broken* (fails the build) after ``fail_after`` consecutive failed runs or after
failing for ``fail_after`` time, so one flaky night does not turn CI red.

The file is JSON with sorted keys, written atomically, so CI can cache it and a person can
read a diff of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from webcat.files import write_atomically

STATE_VERSION = 1

#: Outcomes whose result may be reused until it is ``max_age`` old.
REUSABLE = frozenset({"ok", "redirected"})
#: Outcomes that count as a failed run for the URL.
FAILED = frozenset({"broken", "timeout", "error"})


class StateError(ValueError):
    """The state file exists but cannot be used; the message says why."""


@dataclass(slots=True)
class UrlState:
    outcome: str
    checked_at: str  # ISO 8601, UTC
    http_status: int | None = None
    final_url: str | None = None
    error: str | None = None
    last_success: str | None = None
    failures: int = 0  # consecutive failed runs, this one included
    failing_since: str | None = None

    def checked(self) -> datetime:
        return parse_time(self.checked_at)


@dataclass(slots=True)
class State:
    urls: dict[str, UrlState] = field(default_factory=dict)

    def reusable(self, url: str, now: datetime, max_age: timedelta) -> UrlState | None:
        """The stored result for ``url`` if it is a success younger than ``max_age``."""
        entry = self.urls.get(url)
        if entry is None or entry.outcome not in REUSABLE or entry.last_success is None:
            return None
        if now - parse_time(entry.last_success) > max_age:
            return None
        return entry

    def stalest_first(self, urls: Iterable[str]) -> list[str]:
        """Never-checked URLs first (in input order), then the longest unchecked."""
        never = [u for u in urls if u not in self.urls]
        seen = [u for u in urls if u in self.urls]
        seen.sort(key=lambda u: self.urls[u].checked_at)
        return never + seen

    def record(
        self,
        url: str,
        outcome: str,
        now: datetime,
        *,
        http_status: int | None = None,
        final_url: str | None = None,
        error: str | None = None,
    ) -> UrlState:
        """Store this run's result for ``url``, carrying the failure history forward."""
        stamp = format_time(now)
        before = self.urls.get(url)
        entry = UrlState(
            outcome=outcome,
            checked_at=stamp,
            http_status=http_status,
            final_url=final_url,
            error=error,
            last_success=before.last_success if before else None,
        )
        if outcome in FAILED:
            entry.failures = (before.failures if before and before.outcome in FAILED else 0) + 1
            entry.failing_since = (
                before.failing_since
                if before and before.failing_since and entry.failures > 1
                else stamp
            )
        elif outcome in REUSABLE:
            entry.last_success = stamp
        self.urls[url] = entry
        return entry

    def prune(self, keep: Iterable[str]) -> None:
        """Forget URLs that are no longer in the catalogue, so the file does not grow."""
        wanted = set(keep)
        for url in [u for u in self.urls if u not in wanted]:
            del self.urls[url]


@dataclass(frozen=True, slots=True)
class FailAfter:
    """When a failing URL starts to fail the build: after N runs, or after a duration."""

    runs: int = 1
    duration: timedelta | None = None

    def broken(self, entry: UrlState, now: datetime) -> bool:
        if entry.outcome not in FAILED:
            return False
        if self.duration is not None:
            since = parse_time(entry.failing_since or entry.checked_at)
            return now - since >= self.duration
        return entry.failures >= self.runs


def parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_state(path: Path) -> State:
    """The state in ``path``; an empty state when the file does not exist yet."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return State()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise StateError(f"{path}: cannot read link state: {err}") from None
    if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
        raise StateError(f"{path}: not a webcat link state file (version {STATE_VERSION})")
    state = State()
    names = set(UrlState.__dataclass_fields__)
    try:
        for url, entry in raw.get("urls", {}).items():
            state.urls[url] = UrlState(**{k: v for k, v in entry.items() if k in names})
    except (TypeError, AttributeError) as err:
        raise StateError(f"{path}: malformed link state: {err}") from None
    return state


def save_state(state: State, path: Path) -> None:
    """Write ``state`` atomically: a reader sees the old file or the new one, never half."""
    data: dict[str, Any] = {
        "version": STATE_VERSION,
        "urls": {url: asdict(state.urls[url]) for url in sorted(state.urls)},
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"))


def parse_duration(text: str) -> timedelta:
    """``"7d"``, ``"12h"``, ``"30m"``, ``"90s"``, ``"1w"`` or ISO 8601 ``"P7D"``/``"PT12H"``."""
    import re

    value = text.strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhdw])", value, re.I)
    if m:
        n = float(m.group(1))
        unit = m.group(2).lower()
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
        return timedelta(seconds=n * seconds)
    m = re.fullmatch(
        r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", value, re.I
    )
    if m and any(m.groups()):
        w, d, h, mi, s = (float(g) if g else 0.0 for g in m.groups())
        return timedelta(weeks=w, days=d, hours=h, minutes=mi, seconds=s)
    raise ValueError(f"{text!r} is not a duration (use e.g. 7d, 12h, 30m or P7D)")
