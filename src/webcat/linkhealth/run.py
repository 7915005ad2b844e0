"""One calm link-check run: reuse fresh successes, check the rest (stalest first within a
budget), give transient failures a second pass at the end, record the history, and decide
for each URL whether it fails the build.

It knows URLs and a state, not catalogues; the checking itself is passed in, so this module
stays free of the HTTP client and its start-up cost.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from webcat.linkcheck.results import LinkResult
from webcat.linkhealth.reports import Item
from webcat.linkhealth.state import FailAfter, State, UrlState

#: check(urls, stop_starting_after) -> results (URLs never started are left out)
CheckFn = Callable[[Sequence[str], float | None], list[LinkResult]]


@dataclass(frozen=True, slots=True)
class RunOptions:
    max_age: timedelta = timedelta(days=7)
    fail_after: FailAfter = field(default_factory=FailAfter)
    offline: bool = False
    budget: float | None = None  # seconds
    second_pass: bool = True


@dataclass(slots=True)
class RunStats:
    requested: int = 0  # URLs asked of servers in this run (first pass)
    reused: int = 0  # successes taken from the state
    second_pass: int = 0  # transient failures checked again
    not_checked: int = 0
    seconds: float = 0.0


FAILING = frozenset({"broken", "timeout", "error"})


def _status(outcome: str, entry: UrlState | None, rule: FailAfter, now: datetime) -> str:
    if outcome in FAILING:
        if entry is None or rule.broken(entry, now):
            return "broken"
        return "failing"
    if outcome == "redirected":
        return "notice"
    return "pass"


def run_checks(
    urls: Sequence[str],
    check: CheckFn,
    state: State,
    options: RunOptions,
    now: datetime,
    is_transient: Callable[[LinkResult], bool],
) -> tuple[list[Item], RunStats]:
    """Verdicts for ``urls`` (in their order); ``state`` is updated with what was checked."""
    started = time.monotonic()
    urls = list(dict.fromkeys(urls))
    stats = RunStats()
    reused: dict[str, UrlState] = {}
    results: dict[str, LinkResult] = {}
    if not options.offline:
        for url in urls:
            fresh = state.reusable(url, now, options.max_age)
            if fresh is not None:
                reused[url] = fresh
        todo = [u for u in urls if u not in reused]
        if options.budget is not None:
            todo = state.stalest_first(todo)
        stats.requested = len(todo)
        for r in check(todo, options.budget) if todo else []:
            results[r.url] = r
        if options.second_pass:
            again = [r.url for r in results.values() if is_transient(r)]
            remaining = None
            if options.budget is not None:
                remaining = max(0.0, options.budget - (time.monotonic() - started))
            if again and (remaining is None or remaining > 0):
                stats.second_pass = len(again)
                for r in check(again, remaining):
                    r.attempts += results[r.url].attempts
                    results[r.url] = r
        for r in results.values():
            state.record(
                r.url,
                r.outcome.value,
                now,
                http_status=r.http_status,
                final_url=r.final_url,
                error=r.error,
            )
    items: list[Item] = []
    rule = options.fail_after
    for url in urls:
        if url in results:
            r = results[url]
            entry = state.urls.get(url)
            items.append(
                Item(
                    url=url,
                    outcome=r.outcome.value,
                    status=_status(r.outcome.value, entry, rule, now),
                    http_status=r.http_status,
                    final_url=r.final_url,
                    error=r.error,
                    attempts=r.attempts,
                    elapsed_ms=r.elapsed_ms,
                    failures=entry.failures if entry else 0,
                    failing_since=entry.failing_since if entry else None,
                )
            )
            continue
        entry = reused.get(url) or (state.urls.get(url) if options.offline else None)
        if entry is None:
            stats.not_checked += 1
            items.append(Item(url=url, outcome="not-checked", status="pass"))
            continue
        if url in reused:
            stats.reused += 1
        items.append(
            Item(
                url=url,
                outcome=entry.outcome,
                status=_status(entry.outcome, entry, rule, now),
                http_status=entry.http_status,
                final_url=entry.final_url,
                error=entry.error,
                cached=True,
                failures=entry.failures,
                failing_since=entry.failing_since,
            )
        )
    stats.seconds = time.monotonic() - started
    return items, stats
