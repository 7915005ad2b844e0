"""The state file: what each URL did last time, so that a nightly check is fast and calm.

A success is reused for ``max_age`` instead of asking the server again; a failure is never
reused, so a failing URL is checked on every run and its failing days counted. A URL is only
*broken* (fails the build) after failing on ``fail_after`` different days (UTC) in a row, or
for ``fail_after`` time, so one flaky night does not turn CI red, and re-running a failed job
the same morning is not a second strike.

The file is JSON with sorted keys, written atomically, so CI can cache it and a person can
read a diff of it. It lives in a folder of its own that tells git to ignore it (as pytest's,
ruff's and mypy's caches do), so a plain ``webcat check`` never leaves a file to commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from webcat.export.safety import json_text
from webcat.files import write_atomically
from webcat.linkcheck.results import FAILING, Outcome

STATE_VERSION = 1

#: Outcomes whose result may be reused until it is ``max_age`` old.
REUSABLE = frozenset({"ok", "redirected"})
OUTCOMES = frozenset(o.value for o in Outcome)
#: Outcomes that count as a failed run for the URL (the engine's one FAILING set).
FAILED: frozenset[str] = frozenset(FAILING)
#: Outcomes that are neither success nor failure ("try again later"): the failure history is
#: carried through them unchanged, and the next run checks these URLs before any other.
LATER = frozenset({"blocked"})

#: The folder beside a catalogue that holds its link state (and tells git to ignore itself).
STATE_DIR = ".webcat_cache"
#: The state file's name inside :data:`STATE_DIR`, for a catalogue ``NAME.toml``.
STATE_FILE = "{stem}.linkstate.json"
#: A state file holds ~300 bytes a URL: this is room for 500,000 URLs and more.
MAX_STATE_BYTES = 256 * 1024 * 1024
#: Where webcat 0.1 kept the state: beside the catalogue, where ``git add .`` took it in.
LEGACY_STATE_FILE = ".{stem}.linkstate.json"
_GITIGNORE = "# Created by webcat: link state between runs, not for version control.\n*\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by webcat (https://bford.info/cachedir/).\n"
)


class StateError(ValueError):
    """The state file exists but cannot be used; the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str = "delete the file to start afresh") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(slots=True)
class UrlState:
    outcome: str
    checked_at: str  # ISO 8601, UTC
    http_status: int | None = None
    final_url: str | None = None
    error: str | None = None
    last_success: str | None = None
    failures: int = 0  # days (UTC) with a failed run, in a row, this run's included
    failing_since: str | None = None
    reason: str | None = None
    failed_on: str | None = None  # the UTC day (YYYY-MM-DD) of the latest failed run

    def checked(self) -> datetime:
        return parse_time(self.checked_at)


@dataclass(slots=True)
class State:
    urls: dict[str, UrlState] = field(default_factory=dict)
    #: Something was recorded or forgotten since loading: the file needs writing.
    changed: bool = field(default=False, compare=False)

    def reusable(self, url: str, now: datetime, max_age: timedelta) -> UrlState | None:
        """The stored result for ``url`` if it is a success younger than ``max_age``."""
        entry = self.urls.get(url)
        if entry is None or entry.outcome not in REUSABLE or entry.last_success is None:
            return None
        if now - parse_time(entry.last_success) > max_age:
            return None
        return entry

    def stalest_first(self, urls: Iterable[str]) -> list[str]:
        """The order to check ``urls`` in: those a server asked to try later (rate-limited,
        blocked) first, then the never-checked (in input order), then the longest unchecked."""
        urls = list(urls)
        later = [u for u in urls if u in self.urls and self.urls[u].outcome in LATER]
        never = [u for u in urls if u not in self.urls]
        seen = [u for u in urls if u in self.urls and self.urls[u].outcome not in LATER]
        later.sort(key=lambda u: self.urls[u].checked_at)
        seen.sort(key=lambda u: self.urls[u].checked_at)
        return later + never + seen

    def record(
        self,
        url: str,
        outcome: str,
        now: datetime,
        *,
        http_status: int | None = None,
        final_url: str | None = None,
        error: str | None = None,
        reason: str | None = None,
    ) -> UrlState:
        """Store this run's result for ``url``, carrying the failure history forward.

        A failure counts one more failing day unless the streak already has a failure on
        this UTC day (a re-run of a failed job is not a second strike). A ``blocked`` answer
        neither extends nor ends the streak: the server said nothing about the link.
        """
        stamp = format_time(now)
        today = stamp[:10]
        before = self.urls.get(url)
        entry = UrlState(
            outcome=outcome,
            checked_at=stamp,
            http_status=http_status,
            final_url=final_url,
            error=error,
            reason=reason,
            last_success=before.last_success if before else None,
        )
        streak = before if before and before.failures and before.outcome in FAILED | LATER else None
        if outcome in FAILED:
            if streak is None:
                entry.failures, entry.failing_since = 1, stamp
            else:
                last_day = streak.failed_on or streak.checked_at[:10]
                entry.failures = streak.failures + (last_day != today)
                entry.failing_since = streak.failing_since or stamp
            entry.failed_on = today
        elif outcome in LATER and streak is not None:
            entry.failures = streak.failures
            entry.failing_since = streak.failing_since
            entry.failed_on = streak.failed_on or streak.checked_at[:10]
        elif outcome in REUSABLE:
            entry.last_success = stamp
        self.urls[url] = entry
        self.changed = True
        return entry

    def prune(self, keep: Iterable[str]) -> None:
        """Forget URLs that are no longer in the catalogue, so the file does not grow."""
        wanted = set(keep)
        for url in [u for u in self.urls if u not in wanted]:
            del self.urls[url]
            self.changed = True


@dataclass(frozen=True, slots=True)
class FailAfter:
    """When a failing URL starts to fail the build: once it has failed on N different days
    (UTC) in a row, or for a duration since the streak began."""

    days: int = 1
    duration: timedelta | None = None

    def broken(self, entry: UrlState, now: datetime) -> bool:
        if entry.outcome not in FAILED:
            return False
        if self.duration is not None:
            since = parse_time(entry.failing_since or entry.checked_at)
            return now - since >= self.duration
        return entry.failures >= self.days


def parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def format_time(value: datetime) -> str:
    return _format_time(value)


@lru_cache(maxsize=16)
def _format_time(value: datetime) -> str:
    """Cached: a run records every link at the same ``now``; strftime once, not per link."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def state_path_for(catalogue: Path) -> Path:
    """Where the link state of the catalogue ``NAME.toml`` lives by default:
    ``.webcat_cache/NAME.linkstate.json`` in the catalogue's folder."""
    return catalogue.parent / STATE_DIR / STATE_FILE.format(stem=catalogue.stem)


def legacy_state_path_for(catalogue: Path) -> Path:
    return catalogue.parent / LEGACY_STATE_FILE.format(stem=catalogue.stem)


def load_state(path: Path) -> State:
    """The state in ``path``; an empty state when the file does not exist yet.

    The file must be a regular file of at most :data:`MAX_STATE_BYTES`: a FIFO or a device
    given as ``--state`` is refused before a byte is read, never a hang or an endless read.
    """
    from webcat.files import FileTooLarge, NotRegularFile, read_regular_file

    try:
        text = read_regular_file(path, MAX_STATE_BYTES).decode("utf-8")
    except FileNotFoundError:
        return State()
    except NotRegularFile as err:
        raise StateError(
            f"{path}: is {err.kind}, not a link state file",
            hint="give --state a regular file (it is created), or --no-state",
        ) from None
    except FileTooLarge as err:
        raise StateError(
            f"{path}: {err.size / 1048576:.0f} MiB, over the "
            f"{MAX_STATE_BYTES // 1048576} MiB limit for a link state file"
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        raise StateError(f"{path}: cannot read link state: {reason}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise StateError(f"{path}: cannot read link state: {err}") from None
    except RecursionError:
        # The C decoder stops cleanly at the interpreter's depth limit.
        raise StateError(f"{path}: not a webcat link state file (nested too deeply)") from None
    if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
        raise StateError(f"{path}: not a webcat link state file (version {STATE_VERSION})")
    urls = raw.get("urls", {})
    if not isinstance(urls, dict):
        raise StateError(f"{path}: malformed link state: urls must be an object")
    state = State()
    for url, entry in urls.items():
        problem = _entry_problem(entry)
        if problem:
            raise StateError(f"{path}: malformed link state for {url!r}: {problem}")
        state.urls[url] = UrlState(**{k: v for k, v in entry.items() if k in _FIELD_TYPES})
    return state


_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "outcome": str,
    "checked_at": str,
    "http_status": (int, type(None)),
    "final_url": (str, type(None)),
    "error": (str, type(None)),
    "last_success": (str, type(None)),
    "failures": int,
    "failing_since": (str, type(None)),
    "reason": (str, type(None)),
    "failed_on": (str, type(None)),
}


def _entry_problem(entry: Any) -> str | None:
    """Why ``entry`` cannot be a URL's stored state, or None: a file edited by hand or by
    another program must give a clear error now, not a traceback in the middle of a run."""
    if not isinstance(entry, dict):
        return "not an object"
    for key in ("outcome", "checked_at"):
        if key not in entry:
            return f"{key} is missing"
    for key, kind in _FIELD_TYPES.items():
        value = entry.get(key)
        if key in entry and (isinstance(value, bool) or not isinstance(value, kind)):
            return f"{key} has the wrong type"
    if entry["outcome"] not in OUTCOMES:
        return f"outcome {entry['outcome']!r} is not one of webcat's outcomes"
    for key in ("checked_at", "last_success", "failing_since"):
        if entry.get(key) is not None:
            try:
                parse_time(entry[key])
            except ValueError:
                return f"{key} is not a time"
    return None


#: UrlState's fields, all plain values (str, int, None).
_URL_FIELDS = tuple(f.name for f in fields(UrlState))


def _entry_dict(entry: UrlState) -> dict[str, Any]:
    """What :func:`dataclasses.asdict` gives for an entry, without its deep copy of every
    value (a tenth of a second at 10,000 links; the values are immutable anyway)."""
    return {name: getattr(entry, name) for name in _URL_FIELDS}


def save_state(state: State, path: Path) -> None:
    """Write ``state`` atomically: a reader sees the old file or the new one, never half."""
    data: dict[str, Any] = {
        "version": STATE_VERSION,
        "urls": {url: _entry_dict(state.urls[url]) for url in sorted(state.urls)},
    }
    text = json_text(data, indent=1, sort_keys=True) + "\n"
    if path.parent.name == STATE_DIR:
        _make_state_dir(path.parent)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StateError(f"{path.parent}: cannot create the folder: {err.strerror}") from None
    write_atomically(path, text.encode("utf-8"))
    state.changed = False


def _make_state_dir(folder: Path) -> None:
    """Create the state folder with a ``.gitignore`` of ``*`` (git then ignores the folder,
    that file included) and a CACHEDIR.TAG for backup tools, as pytest and ruff do."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            if not (folder / name).exists():
                (folder / name).write_text(text, encoding="utf-8")
    except OSError as err:
        raise StateError(f"{folder}: cannot create the link state folder: {err.strerror}") from None


#: The longest duration a flag may give (``--max-age``, ``--budget``, ``--fail-after``): ten
#: years is already more than any of them means; beyond, datetime arithmetic overflows.
LONGEST = timedelta(days=3650)

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str, longest: timedelta = LONGEST) -> timedelta:
    """``"7d"``, ``"12h"``, ``"30m"``, ``"90s"``, ``"1w"`` or ISO 8601 ``"P7D"``/``"PT12H"``,
    at most ``longest``."""
    import re

    value = text.strip()
    seconds: float | None = None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhdw])", value, re.I)
    if m:
        seconds = float(m.group(1)) * _UNIT_SECONDS[m.group(2).lower()]
    else:
        m = re.fullmatch(
            r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?",
            value,
            re.I,
        )
        if m and any(m.groups()):
            w, d, h, mi, s = (float(g) if g else 0.0 for g in m.groups())
            seconds = w * 604800 + d * 86400 + h * 3600 + mi * 60 + s
    if seconds is None:
        raise ValueError(f"{text!r} is not a duration (use e.g. 7d, 12h, 30m or P7D)")
    if seconds > longest.total_seconds():
        raise ValueError(f"{text!r} is longer than {longest.days} days")
    return timedelta(seconds=seconds)
