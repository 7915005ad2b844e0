"""The engine against real servers on loopback addresses; one behaviour per test."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from linkcheck.conftest import Stub, too_soon
from webcat.linkcheck import CheckConfig, LinkResult, Outcome, check_urls
from webcat.linkcheck.config import DEFAULT_USER_AGENT, HostSettings
from webcat.linkcheck.engine import parse_retry_after


def one(url: str, config: CheckConfig) -> LinkResult:
    [result] = check_urls([url], config)
    return result


@pytest.mark.parametrize("status", [404, 410])
def test_client_errors_are_broken_without_retries(serve, quick, status):
    srv = serve()
    result = one(srv.url(f"/status/{status}"), quick)
    assert result.outcome is Outcome.BROKEN
    assert result.reason == f"http-{status}"
    assert result.http_status == status
    assert result.attempts == 1
    # one GET decided it: a broken link is asked once
    assert [r.method for r in srv.record.requests] == ["GET"]


@pytest.mark.parametrize("status", [404, 410])
def test_with_head_a_failing_head_is_confirmed_by_get(serve, quick, status):
    srv = serve()
    result = one(srv.url(f"/status/{status}"), replace(quick, method="head"))
    assert (result.outcome, result.reason) == (Outcome.BROKEN, f"http-{status}")
    assert [r.method for r in srv.record.requests] == ["HEAD", "GET"]


def test_server_error_is_retried_then_broken(serve, quick):
    srv = serve()
    result = one(srv.url("/status/500"), quick)
    assert (result.outcome, result.reason) == (Outcome.BROKEN, "http-500")
    assert result.http_status == 500
    assert result.attempts == 3  # 1 + retries=2
    assert result.outcome.failing


def test_ok_is_one_get_and_sends_user_agent(serve, quick):
    srv = serve()
    result = one(srv.url("/ok"), quick)
    assert (result.outcome, result.http_status, result.final_url) == (Outcome.OK, 200, None)
    assert result.reason == "ok"
    assert [r.method for r in srv.record.requests] == ["GET"]
    assert srv.record.requests[0].user_agent == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("webcat/") and "(+https://" in DEFAULT_USER_AGENT


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (301, Outcome.REDIRECTED),
        (308, Outcome.REDIRECTED),
        (302, Outcome.OK),
        (303, Outcome.OK),
        (307, Outcome.OK),
    ],
)
def test_permanent_redirect_reports_final_url_temporary_is_ok(serve, quick, status, outcome):
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    target = b.url("/ok")
    result = one(a.url(f"/redirect/{status}?to={target}"), quick)
    assert result.outcome is outcome
    assert result.final_url == target
    assert result.http_status == 200
    assert b.record.paths() == ["/ok"]


def test_permanent_redirect_to_broken_page_is_broken(serve, quick):
    srv = serve()
    result = one(srv.url("/redirect/301?to=/status/404"), quick)
    assert result.outcome is Outcome.BROKEN
    assert result.final_url == srv.url("/status/404")


def test_chain_within_limit_is_followed(serve, quick):
    srv = serve()
    result = one(srv.url("/chain/10"), quick)
    assert result.outcome is Outcome.OK
    assert result.final_url == srv.url("/chain/0")


def test_chain_longer_than_limit_is_an_error(serve, quick):
    srv = serve()
    result = one(srv.url("/chain/11"), quick)
    assert (result.outcome, result.reason) == (Outcome.ERROR, "too-many-redirects")
    assert "too many redirects" in (result.error or "")
    assert len(srv.record.requests) == 11  # stopped at the limit, did not go on


def test_redirect_loop_is_detected(serve, quick):
    srv = serve()
    result = one(srv.url("/loop/a"), quick)
    assert (result.outcome, result.reason) == (Outcome.ERROR, "redirect-loop")
    assert result.error == "redirect loop"
    assert srv.record.paths() == ["/loop/a", "/loop/b"]


@pytest.mark.parametrize("head_status", [405, 404, 501])
def test_get_when_head_refused(serve, quick, head_status):
    srv = serve()
    result = one(srv.url(f"/head/{head_status}"), replace(quick, method="head"))
    assert result.outcome is Outcome.OK
    assert result.http_status == 200
    assert [r.method for r in srv.record.requests] == ["HEAD", "GET"]


def test_host_that_refuses_head_gets_get_for_its_other_links(serve, quick):
    srv = serve()
    config = replace(quick, host_concurrency=1, method="head")
    results = check_urls([srv.url(f"/head/405?n={i}") for i in range(3)], config)
    assert all(r.outcome is Outcome.OK for r in results)
    assert [r.method for r in srv.record.requests] == ["HEAD", "GET", "GET", "GET"]


def test_tls_failure_is_an_error(serve, quick):
    srv = serve()  # speaks plain HTTP: the TLS handshake gets an HTTP answer
    result = one(f"https://{srv.host}:{srv.port}/ok", quick)
    assert (result.outcome, result.reason) == (Outcome.ERROR, "tls")
    assert (result.error or "").startswith("TLS failure")
    assert result.attempts == 1


def test_429_retry_after_pauses_the_whole_host(serve, quick):
    srv = serve()
    config = replace(quick, host_concurrency=1, max_retry_after=5.0)
    urls = [srv.url("/flaky/rl/1/429?ra=1"), srv.url("/ok")]
    started = time.monotonic()
    results = check_urls(urls, config)
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.OK]
    assert results[0].attempts == 2
    reqs = srv.record.requests
    assert [r.path for r in reqs] == ["/flaky/rl/1/429", "/flaky/rl/1/429", "/ok"]
    # the retry and the other URL on the host both waited the second the server asked for
    assert reqs[1].start - reqs[0].start >= 0.95
    assert reqs[2].start - reqs[0].start >= 0.95
    assert time.monotonic() - started < 3


def test_waiting_for_a_paused_host_does_not_eat_the_deadline(serve, quick):
    srv = serve()
    # the first link makes the host pause for 1 s; the others wait that out although their
    # deadline is 0.5 s, and are ok, not timed out
    config = replace(quick, host_concurrency=1, timeout=0.5, max_retry_after=5.0)
    urls = [srv.url("/flaky/p/1/429?ra=1"), srv.url("/ok?a"), srv.url("/ok?b")]
    results = check_urls(urls, config)
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.OK, Outcome.OK]


def test_retry_after_is_capped(serve, quick):
    srv = serve()
    result = one(srv.url("/flaky/cap/1/429?ra=3600"), quick)  # cap is 0.3 s
    assert result.outcome is Outcome.OK
    reqs = srv.record.requests
    assert 0.25 <= reqs[1].start - reqs[0].start < 1.5


def test_429_after_all_retries_is_blocked_not_failing(serve, quick):
    srv = serve()
    result = one(srv.url("/flaky/never/99/429"), quick)
    assert (result.outcome, result.reason) == (Outcome.BLOCKED, "rate-limited")
    assert not result.failing
    assert result.http_status == 429
    assert result.attempts == 3


def test_a_host_that_rate_limits_every_try_is_not_asked_again_this_run(serve, quick):
    # one link answered 429 on every try is enough to know the site is throttling us; the
    # host's other links are blocked (checked first next run) instead of each asking three
    # more times with a pause of up to a minute each: hours on a large catalogue
    busy, other = serve(), serve("127.0.0.3")
    config = replace(quick, host_concurrency=1)
    urls = [busy.url(f"/flaky/always{i}/99/429") for i in range(6)] + [other.url("/ok")]
    results = check_urls(urls, config)
    assert [(r.outcome, r.reason) for r in results[:6]] == [(Outcome.BLOCKED, "rate-limited")] * 6
    assert len(busy.record.requests) == 3  # the first link's tries, and no more
    assert results[0].http_status == 429
    assert "not asked" in (results[1].error or "")
    assert results[6].outcome is Outcome.OK


def test_retry_after_http_date_and_seconds():
    now = 1_700_000_000.0
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Tue, 14 Nov 2023 22:15:20 GMT", now) == pytest.approx(120)
    assert parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now) == 0  # in the past
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_503_then_200_is_ok(serve, quick):
    srv = serve()
    result = one(srv.url("/flaky/unavail/2/503"), quick)
    assert result.outcome is Outcome.OK
    assert result.http_status == 200
    assert srv.record.flaky["unavail"] == 3


def test_server_slower_than_deadline_times_out(serve, quick):
    srv = serve()
    config = replace(quick, timeout=0.4, read_timeout=5.0)
    started = time.monotonic()
    result = one(srv.url("/slow/10"), config)
    elapsed = time.monotonic() - started
    assert (result.outcome, result.reason) == (Outcome.TIMEOUT, "timeout")
    assert result.error == "no answer within the 0.4 s deadline"
    assert result.outcome.failing
    # the deadline covers the retries too
    assert 0.35 <= elapsed < 1.2
    assert result.elapsed_ms < 1200


def test_read_timeout_is_retried_within_deadline(serve, quick):
    srv = serve()
    config = replace(quick, timeout=3.0, read_timeout=0.2, retries=1)
    result = one(srv.url("/slow/10"), config)
    assert result.outcome is Outcome.TIMEOUT
    assert result.error == "no data for 0.2 s (read timeout)"
    assert result.attempts == 2
    assert result.elapsed_ms < 1500


def test_connection_reset_is_an_error(serve, quick):
    srv = serve()
    result = one(srv.url("/reset"), quick)
    assert (result.outcome, result.reason) == (Outcome.ERROR, "connection")
    assert result.attempts == 3
    assert result.http_status is None


def test_refused_port_is_an_error(quick, free_port):
    port = free_port("127.0.0.4")
    result = one(f"http://127.0.0.4:{port}/", quick)
    assert (result.outcome, result.reason) == (Outcome.ERROR, "connection")
    assert result.error == "cannot connect: connection refused"
    assert result.attempts == 3


def test_unknown_host_is_broken_and_fails_fast(quick, stub):
    started = time.monotonic()
    # the stub resolver knows no names, so no DNS query leaves the machine
    [result] = check_urls(
        ["http://no-such-host.webcat-test.invalid/page"], quick, network=stub.network
    )
    assert (result.outcome, result.reason) == (Outcome.BROKEN, "dns")
    assert result.error == "unknown host no-such-host.webcat-test.invalid"
    assert result.attempts == 1
    assert time.monotonic() - started < 1.0


# Run in a fresh process: ru_maxrss is a peak that only rises, so in the test process it
# would mostly measure earlier tests. The warm-up (same code path, small body) puts imports,
# the event loop and the client session under the baseline.
_MEMORY_PROBE = """
import resource, sys
from webcat.linkcheck import CheckConfig, check_urls
from webcat.linkcheck.config import HostSettings
host = sys.argv[1].split("/")[2].split(":")[0]
config = CheckConfig(timeout=5.0, retries=0, hosts={host: HostSettings(method="get")})
[warm] = check_urls([sys.argv[2]], config)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
[result] = check_urls([sys.argv[1]], config)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(warm.outcome.value, result.outcome.value, after - before)
"""


def test_huge_body_is_not_downloaded(serve, quick):
    srv = serve()
    # HEAD says 405 so the client must GET the 1 GiB "recording"
    config = replace(quick, hosts={"127.0.0.2": HostSettings(method="get")})
    started = time.monotonic()
    result = one(srv.url("/huge"), config)
    assert result.outcome is Outcome.OK
    assert result.http_status == 200
    assert [r.method for r in srv.record.requests] == ["GET"]
    assert time.monotonic() - started < 2
    srv.stop()  # stops the streaming loop, so the count is final
    # what the server managed to push into socket buffers before the client closed; far
    # from 1 GiB
    assert srv.record.huge_bytes_sent < 32 * 1024 * 1024


def test_huge_body_is_not_held_in_memory(serve):
    srv = serve("127.0.0.3")
    probe = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, srv.url("/huge"), srv.url("/ok")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    warm, outcome, growth_kib = probe.stdout.split()
    assert (warm, outcome) == ("ok", "ok")
    assert int(growth_kib) < 64 * 1024  # KiB: a buffered body would be 1 GiB


def test_bot_walls_are_blocked_not_broken(serve, quick):
    srv = serve()
    results = check_urls([srv.url("/status/999"), srv.url("/cf")], quick)
    assert [r.outcome for r in results] == [Outcome.BLOCKED, Outcome.BLOCKED]
    assert [r.reason for r in results] == ["bot-wall", "bot-wall"]
    assert not any(r.outcome.failing for r in results)


def test_accept_codes_global_and_per_host(serve, quick):
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    urls = [a.url("/status/403"), b.url("/status/403"), b.url("/status/418")]
    config = replace(
        quick, accept=frozenset({418}), hosts={"127.0.0.3": HostSettings(accept=frozenset({403}))}
    )
    results = check_urls(urls, config)
    assert [r.outcome for r in results] == [Outcome.BROKEN, Outcome.OK, Outcome.OK]


def test_token_goes_only_to_its_host(serve, quick):
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    config = replace(quick, hosts={a.base: HostSettings(token="s3cret", headers={"X-Env": "ci"})})
    url = a.url(f"/redirect/302?to={b.url('/whoami')}")
    assert one(url, config).outcome is Outcome.OK
    assert a.record.requests[0].authorization == "Bearer s3cret"
    assert [r.authorization for r in b.record.requests] == [None]


def test_skipped_excluded_and_invalid_need_no_request(quick):
    config = replace(quick, exclude=(re.compile(r"example\.org/private"),))
    urls = [
        "mailto:someone@example.org",
        "mailto:not-an-address",
        "ftp://example.org/f",
        "https://example.org/private/x",
        "http:///nohost",
        "no scheme here",
    ]
    results = check_urls(urls, config)
    assert [r.outcome for r in results] == [
        Outcome.SKIPPED,
        Outcome.ERROR,
        Outcome.SKIPPED,
        Outcome.EXCLUDED,
        Outcome.ERROR,
        Outcome.ERROR,
    ]
    assert [r.reason for r in results] == [
        "mailto",
        "invalid-url",
        "unsupported-scheme",
        "excluded-pattern",
        "invalid-url",
        "invalid-url",
    ]
    assert all(r.attempts == 0 for r in results)


def test_each_distinct_url_checked_once_in_input_order(serve, quick):
    srv = serve()
    urls = [srv.url("/ok"), srv.url("/status/404"), srv.url("/ok")]
    results = check_urls(urls, quick)
    assert [r.url for r in results] == [srv.url("/ok"), srv.url("/status/404")]
    assert srv.record.paths().count("/ok") == 1


def test_urls_differing_only_in_fragment_are_one_request(serve, quick):
    srv = serve()
    urls = [srv.url("/ok#intro"), srv.url("/ok#summary"), srv.url("/ok")]
    results = check_urls(urls, quick)
    assert [r.url for r in results] == urls
    assert all(r.outcome is Outcome.OK for r in results)
    assert srv.record.paths() == ["/ok"]


def test_progress_is_called_once_per_distinct_url(serve, quick):
    srv = serve()
    seen: list[str] = []
    urls = [srv.url("/ok"), "mailto:a@b.org", srv.url("/ok"), srv.url("/status/404")]
    check_urls(urls, quick, progress=lambda r: seen.append(r.url))
    assert sorted(seen) == sorted(set(urls))


def test_host_concurrency_is_never_exceeded(serve, quick):
    hosts = [serve(f"127.0.0.{n}") for n in (2, 3, 4)]
    urls = [h.url(f"/delay/0.05?n={i}") for i in range(12) for h in hosts]
    config = replace(quick, host_concurrency=3, max_concurrency=32)
    results = check_urls(urls, config)
    assert all(r.outcome is Outcome.OK for r in results)
    for h in hosts:
        assert h.record.max_in_flight == 3  # reached, never exceeded
        assert h.record.max_connections <= 3


def test_host_limit_holds_when_workers_move_between_hosts(serve, quick):
    busy, small = serve("127.0.0.2"), serve("127.0.0.3")
    # the small host is done after one round; its workers must not pile onto the busy one
    urls = [small.url(f"/delay/0.05?n={i}") for i in range(3)]
    urls += [busy.url(f"/delay/0.05?n={i}") for i in range(15)]
    config = replace(quick, host_concurrency=3, max_concurrency=32)
    check_urls(urls, config)
    assert busy.record.max_in_flight == 3
    assert len(busy.record.requests) == 15


def test_host_limit_holds_for_redirects_from_other_hosts(serve, quick):
    target = serve("127.0.0.2")
    sources = [serve(f"127.0.0.{n}") for n in (3, 4, 5)]
    urls = [
        s.url(f"/redirect/302?to={target.url(f'/delay/0.05?n={s.host}-{i}')}")
        for s in sources
        for i in range(4)
    ]
    config = replace(quick, host_concurrency=2, max_concurrency=32)
    results = check_urls(urls, config)
    assert all(r.outcome is Outcome.OK for r in results)
    assert len(target.record.requests) == 12
    assert target.record.max_in_flight == 2  # six redirects could have arrived at once


def test_global_concurrency_is_never_exceeded(serve, quick, overlap):
    hosts = [serve(f"127.0.0.{n}") for n in (2, 3, 4)]
    urls = [h.url(f"/delay/0.05?n={i}") for h in hosts for i in range(8)]
    config = replace(quick, host_concurrency=4, max_concurrency=5)
    check_urls(urls, config)
    every = [r for h in hosts for r in h.record.requests]
    assert len(every) == 24
    assert overlap(every) == 5  # reached, never exceeded
    assert max(h.record.max_in_flight for h in hosts) <= 4


def test_host_interval_between_request_starts(serve, quick):
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    # The first request to a host opens the connection; the five after it are paced on it.
    urls = [a.url(f"/ok?n={i}") for i in range(6)] + [b.url(f"/ok?n={i}") for i in range(6)]
    config = replace(quick, host_concurrency=4, host_interval=0.1)
    check_urls(urls, config)
    spans = []
    for h in (a, b):
        assert len(h.record.requests) == 6
        # As the host saw them (kernel stamps), an interval apart, less 10 ms for the event
        # loop's millisecond clock; without the interval the four would arrive together.
        # (Four gaps judged when all came over one connection; a loaded machine may open two.)
        judged, early = too_soon(h.record.requests, 0.1)
        assert judged >= 3 and early == [], [r.arrived for r in h.record.requests]
        arrived = sorted(r.arrived for r in h.record.requests)
        spans.append((arrived[0], arrived[-1]))
    # The two hosts were paced side by side, not one after the other: each host's half second
    # of requests overlaps the other's by most of its length (one after the other: not at all).
    (a_first, a_last), (b_first, b_last) = spans
    assert min(a_last, b_last) - max(a_first, b_first) >= 0.25


def test_a_request_late_to_go_out_holds_back_the_next(serve, quick):
    """A request that reaches the wire late (here its connection took 150 ms to make, as a
    starved machine can take between the start and the send) still has the next one wait an
    interval after it, not after its start: else the host gets the two at once."""
    srv = serve("127.0.0.2")

    stall = [0.15]

    class SlowFirstConnection(Stub):
        def socket(self, addr_info):
            if stall:
                time.sleep(stall.pop())  # the whole event loop stands still
            return super().socket(addr_info)

    urls = [srv.url(f"/ok?n={i}") for i in range(3)]
    config = replace(quick, host_concurrency=4, host_interval=0.1)
    results = check_urls(urls, config, network=SlowFirstConnection().network)
    assert all(r.outcome is Outcome.OK for r in results)
    arrived = sorted(r.arrived for r in srv.record.requests)
    assert len(arrived) == 3
    assert min(b - a for a, b in itertools.pairwise(arrived)) >= 0.09, arrived


def test_input_order_does_not_matter(serve, overlap, quick):
    hosts = [serve(f"127.0.0.{n}") for n in (2, 3, 4, 5)]
    # Grouped by host, and the first eight requests are answered only once all eight are
    # open at the same time: two per host (its limit) on all four hosts at once. Taking the
    # hosts one after the other, only two would ever be open and the eight never meet.
    grouped = [h.url(f"/together/first/8?n={i}") for h in hosts for i in range(8)]
    config = replace(quick, host_concurrency=2, max_concurrency=8)
    results = check_urls(grouped, config)
    assert all(r.outcome is Outcome.OK and r.attempts == 1 for r in results)
    assert overlap([r for h in hosts for r in h.record.requests]) == 8
    assert all(h.record.max_in_flight == 2 for h in hosts)


def _verdicts_and_loop(srv, quick) -> tuple[list[tuple[str, str, str]], set[str]]:
    import asyncio

    loops: set[str] = set()

    def progress(_result: LinkResult) -> None:
        loops.add(type(asyncio.get_running_loop()).__module__.split(".")[0])

    paths = [
        "/ok",
        "/status/404",
        "/redirect/301?to=/ok",
        "/soft/talks/gone",
        "/reset",
        "/chain/3",
        "/huge",
    ]
    results = check_urls([srv.url(p) for p in paths], quick, progress=progress)
    return [(r.url, r.outcome.value, r.reason) for r in results], loops


def test_uvloop_is_the_default_loop_where_installed(serve, quick):
    pytest.importorskip("uvloop")
    verdicts, loops = _verdicts_and_loop(serve(), quick)
    assert loops == {"uvloop"}
    assert [v[1:] for v in verdicts] == [
        ("ok", "ok"),
        ("broken", "http-404"),
        ("redirected", "permanent-redirect"),
        ("broken", "soft-404"),
        ("error", "connection"),
        ("ok", "ok"),
        ("ok", "ok"),
    ]


def test_without_uvloop_the_standard_loop_gives_the_same_verdicts(serve, quick, monkeypatch):
    srv = serve()
    with_default, _ = _verdicts_and_loop(srv, quick)
    monkeypatch.setitem(sys.modules, "uvloop", None)  # as on Windows: import fails
    without, loops = _verdicts_and_loop(srv, quick)
    assert loops == {"asyncio"}
    assert without == with_default
    assert ("broken", "soft-404") in [v[1:] for v in without]
