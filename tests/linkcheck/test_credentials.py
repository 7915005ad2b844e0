"""Credentials go to their origin only; userinfo in a URL is neither sent nor shown."""

from __future__ import annotations

from dataclasses import replace

from webcat.linkcheck import LinkResult, Outcome, check_urls
from webcat.linkcheck.config import HostSettings
from webcat.linkcheck.results import redact


def test_origin_token_is_not_sent_to_the_same_host_on_another_port(serve, quick):
    a = serve("127.0.0.2")
    b = serve("127.0.0.2")  # same host, another port
    config = replace(quick, hosts={a.base: HostSettings(token="s3cret")})
    [result] = check_urls([a.url(f"/redirect/302?to={b.url('/whoami')}")], config)
    assert result.outcome is Outcome.OK
    assert [r.authorization for r in a.record.requests] == ["Bearer s3cret"]
    assert [r.authorization for r in b.record.requests] == [None]


def test_host_name_token_is_not_sent_over_plain_http(serve, quick):
    srv = serve()
    config = replace(quick, hosts={"127.0.0.2": HostSettings(token="s3cret")})
    check_urls([srv.url("/whoami")], config)
    assert [r.authorization for r in srv.record.requests] == [None]


def test_userinfo_is_not_sent_as_basic_auth_nor_shown(serve, quick):
    srv = serve()
    url = f"http://alice:hunter2@{srv.host}:{srv.port}/redirect/302?to=/whoami"
    [result] = check_urls([url], quick)
    assert result.outcome is Outcome.OK
    assert [r.authorization for r in srv.record.requests] == [None, None]
    assert result.url == url  # the caller's key, unchanged
    shown = " ".join(str(v) for v in (result.display_url, result.final_url, result.error))
    assert "hunter2" not in shown and "alice" not in shown
    assert result.display_url == f"http://***@{srv.host}:{srv.port}/redirect/302?to=/whoami"


def test_userinfo_is_sent_where_configured_and_only_to_its_origin(serve, quick):
    a, b = serve("127.0.0.2"), serve("127.0.0.2")
    config = replace(quick, hosts={a.base: HostSettings(url_credentials=True)})
    url = f"http://alice:hunter2@{a.host}:{a.port}/redirect/302?to={b.url('/whoami')}"
    check_urls([url], config)
    assert [r.authorization for r in a.record.requests] == ["Basic YWxpY2U6aHVudGVyMg=="]
    assert [r.authorization for r in b.record.requests] == [None]


def test_redact():
    assert redact("https://u:p@example.org/x") == "https://***@example.org/x"
    assert redact("https://token@example.org/") == "https://***@example.org/"
    assert redact("https://example.org/a@b") == "https://example.org/a@b"
    assert redact("mailto:a@b.org") == "mailto:a@b.org"
    assert LinkResult("https://u:p@h/", Outcome.OK).display_url == "https://***@h/"


def test_redirect_data_for_fixing_links(serve, quick):
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    same = a.url("/redirect/301?to=/ok")
    cross = a.url(f"/redirect/308?to={b.url('/ok')}")
    plain = a.url("/ok")
    results = {r.url: r for r in check_urls([same, cross, plain], quick)}
    assert (results[same].outcome, results[same].redirect_cross_host) == (
        Outcome.REDIRECTED,
        False,
    )
    assert (results[cross].outcome, results[cross].redirect_cross_host) == (
        Outcome.REDIRECTED,
        True,
    )
    assert not any(r.redirect_downgrade for r in results.values())
    assert results[plain].redirect_cross_host is False
