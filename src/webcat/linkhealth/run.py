"""One calm link-check run: reuse fresh successes, check the rest (rate-limited first, then
the stalest, within a budget), give transient failures a second pass at the end, record the
history, and decide for each URL whether it fails the build.

It knows URLs and a state, not catalogues; the checking itself is passed in, so this module
stays free of the HTTP client and its start-up cost. Results are recorded as they are
decided, so an interrupted run (Ctrl-C) still leaves what it learnt in the state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from webcat.gcpause import no_gc
from webcat.linkcheck.results import FAILING, LinkResult, Outcome, is_transient
from webcat.linkhealth.reports import Item, Status
from webcat.linkhealth.state import FailAfter, State, UrlState

#: Called with each result as soon as the engine has decided it.
OnResult = Callable[[LinkResult], None]
#: check(urls, stop_starting_after, on_result) -> results (URLs never started are left out)
CheckFn = Callable[[Sequence[str], float | None, OnResult], list[LinkResult]]


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


class Interrupted(Exception):
    """The run was interrupted (Ctrl-C); ``items`` has what was decided before, the rest as
    ``not-checked``, and the state holds every decided result."""

    def __init__(self, items: list[Item], stats: RunStats, decided: int) -> None:
        super().__init__("interrupted")
        self.items = items
        self.stats = stats
        #: URLs this run asked about and got a verdict for before it was stopped
        self.decided = decided


def _status(outcome: str, entry: UrlState | None, rule: FailAfter, now: datetime) -> Status:
    if outcome in FAILING:
        if entry is None or rule.broken(entry, now):
            return Status.BROKEN
        return Status.FAILING
    if outcome == Outcome.REDIRECTED:
        return Status.NOTICE
    return Status.PASS


def _one_line(text: str | None) -> str | None:
    """Error texts are documented as one line; an exception message may not be."""
    return " ".join(text.split()) if text and ("\n" in text or "\r" in text) else text


def run_checks(
    urls: Sequence[str],
    check: CheckFn,
    state: State,
    options: RunOptions,
    now: datetime,
) -> tuple[list[Item], RunStats]:
    """Verdicts for ``urls`` (in their order); ``state`` is updated with what was checked.

    Raises :class:`Interrupted` on KeyboardInterrupt, after recording what was decided.
    """
    started = time.monotonic()
    urls = list(dict.fromkeys(urls))
    stats = RunStats()
    reused: dict[str, UrlState] = {}
    results: dict[str, LinkResult] = {}
    second: dict[str, LinkResult] = {}

    recorded: set[int] = set()

    def record(r: LinkResult) -> None:
        if id(r) in recorded:
            return
        recorded.add(id(r))
        first = results.get(r.url)
        if first is None:
            results[r.url] = r
        else:  # the second pass: the attempts of both count
            r.attempts += first.attempts
            second[r.url] = r
        state.record(
            r.url,
            r.outcome.value,
            now,
            http_status=r.http_status,
            final_url=r.final_url,
            error=_one_line(r.error),
            reason=r.reason,
        )

    def run(batch: Sequence[str], stop_after: float | None) -> None:
        for r in check(batch, stop_after, record):
            record(r)  # any the engine did not report as it went

    try:
        if not options.offline:
            for url in urls:
                fresh = state.reusable(url, now, options.max_age)
                if fresh is not None:
                    reused[url] = fresh
            todo = state.stalest_first(u for u in urls if u not in reused)
            stats.requested = len(todo)
            if todo:
                run(todo, options.budget)
            again = [r.url for r in results.values() if is_transient(r)]
            remaining = None
            if options.budget is not None:
                remaining = max(0.0, options.budget - (time.monotonic() - started))
            if options.second_pass and again and (remaining is None or remaining > 0):
                stats.second_pass = len(again)
                run(again, remaining)
    except KeyboardInterrupt:
        results.update(second)
        items = _items(urls, results, reused, state, options, now, stats)
        stats.seconds = time.monotonic() - started
        raise Interrupted(items, stats, len(results)) from None
    results.update(second)
    with no_gc():  # 10^4 items, no cycles: a collection would only rescan them
        items = _items(urls, results, reused, state, options, now, stats)
    stats.seconds = time.monotonic() - started
    return items, stats


def _items(
    urls: list[str],
    results: dict[str, LinkResult],
    reused: dict[str, UrlState],
    state: State,
    options: RunOptions,
    now: datetime,
    stats: RunStats,
) -> list[Item]:
    items: list[Item] = []
    rule = options.fail_after
    for url in urls:
        if url in results:
            r = results[url]
            entry = state.urls.get(url)
            items.append(
                Item(
                    url=url,
                    outcome=r.outcome,
                    status=_status(r.outcome.value, entry, rule, now),
                    http_status=r.http_status,
                    final_url=r.final_url,
                    error=_one_line(r.error),
                    attempts=r.attempts,
                    elapsed_ms=r.elapsed_ms,
                    failures=entry.failures if entry else 0,
                    failing_since=entry.failing_since if entry else None,
                    reason=r.reason,
                    redirect_downgrade=r.redirect_downgrade,
                    redirect_cross_host=r.redirect_cross_host,
                )
            )
            continue
        entry = reused.get(url) or (state.urls.get(url) if options.offline else None)
        if entry is None:
            stats.not_checked += 1
            items.append(
                Item(url=url, outcome=Outcome.NOT_CHECKED, status=Status.PASS, reason="not-checked")
            )
            continue
        if url in reused:
            stats.reused += 1
        items.append(
            Item(
                url=url,
                outcome=Outcome(entry.outcome),
                status=_status(entry.outcome, entry, rule, now),
                http_status=entry.http_status,
                final_url=entry.final_url,
                error=entry.error,
                cached=True,
                failures=entry.failures,
                failing_since=entry.failing_since,
                reason=entry.reason or "",
            )
        )
    return items
