"""Video platforms asked through their own endpoint. The built-in probes are pointed at local
servers, and the stub network refuses anything but loopback and resolves no name, so the real
platforms are never contacted."""

from __future__ import annotations

import re
from typing import Any

import pytest

from linkcheck.conftest import Serve, Stub, TestServer, too_soon
from webcat.linkcheck import CheckConfig, ConfigError, Outcome, check_urls, config_from_table
from webcat.linkcheck.providers import BUILTIN, find_probe

YT_OK, YT_GONE = "okVideo0001", "goneVideo01"


def local_providers(srv: TestServer, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    table: dict[str, Any] = {
        "youtube": {"probe": srv.url("/vi/{id}/0.jpg")},
        "vimeo": {"probe": srv.url("/oembed?url={url}")},
    }
    table.update(extra or {})
    return {"providers": table}


def test_youtube_is_asked_by_its_thumbnail(serve: Serve, quick: CheckConfig, stub: Stub) -> None:
    srv = serve()
    config = config_from_table(local_providers(srv), quick)
    urls = [
        f"https://www.youtube.com/watch?v={YT_OK}",
        f"https://youtu.be/{YT_GONE}",
        f"https://www.youtube.com/embed/{YT_GONE}?start=10",
        f"https://www.youtube-nocookie.com/embed/{YT_OK}",
    ]
    results = check_urls(urls, config, network=stub.network)
    assert [(r.outcome, r.reason) for r in results] == [
        (Outcome.OK, "ok"),
        (Outcome.BROKEN, "video-unavailable"),
        (Outcome.BROKEN, "video-unavailable"),
        (Outcome.OK, "ok"),
    ]
    assert [r.url for r in results] == urls
    # the probe URL is never offered as the link's new address
    assert all(r.final_url is None for r in results)
    assert "youtube answered 404" in (results[1].error or "")
    # only the probe server was asked; no name was resolved, nothing else was connected to
    assert sorted(srv.record.paths()) == [f"/vi/{YT_GONE}/0.jpg"] * 2 + [f"/vi/{YT_OK}/0.jpg"] * 2
    assert set(stub.connects) == {"127.0.0.2"}


def test_vimeo_is_asked_by_oembed_with_the_url_percent_encoded(
    serve: Serve, quick: CheckConfig, stub: Stub
) -> None:
    srv = serve()
    config = config_from_table(local_providers(srv), quick)
    urls = [
        "https://vimeo.com/76979871",
        "https://vimeo.com/1",
        "https://player.vimeo.com/video/403",
    ]
    results = check_urls(urls, config, network=stub.network)
    assert [(r.outcome, r.reason) for r in results] == [
        (Outcome.OK, "ok"),
        (Outcome.BROKEN, "video-unavailable"),
        (Outcome.BROKEN, "video-unavailable"),  # private
    ]
    queries = sorted(r.query for r in srv.record.requests)
    assert "url=https%3A%2F%2Fvimeo.com%2F76979871" in queries


def test_users_add_their_own_platform(serve: Serve, quick: CheckConfig, stub: Stub) -> None:
    srv = serve()
    panopto = {
        "panopto": {
            "match": r"^https://media\.example\.org/Panopto/Pages/Viewer\.aspx\?id=(?P<id>[\w-]+)",
            "probe": srv.url("/vi/{id}/0.jpg"),
        }
    }
    config = config_from_table(local_providers(srv, panopto), quick)
    base = "https://media.example.org/Panopto/Pages/Viewer.aspx?id="
    results = check_urls([base + "ok-1234", base + "deleted-99"], config, network=stub.network)
    assert [r.reason for r in results] == ["ok", "video-unavailable"]
    assert "panopto answered 404" in (results[1].error or "")


def test_a_provider_says_which_answers_mean_unavailable(
    serve: Serve, quick: CheckConfig, stub: Stub
) -> None:
    srv = serve()
    extra = {
        "mine": {
            "match": r"^https://tv\.example\.org/v/(?P<id>\d+)",
            "probe": srv.url("/status/{id}"),
            "unavailable": [451],
        }
    }
    config = config_from_table(local_providers(srv, extra), quick)
    urls = ["https://tv.example.org/v/451", "https://tv.example.org/v/404"]
    results = check_urls(urls, config, network=stub.network)
    assert [r.reason for r in results] == ["video-unavailable", "http-404"]


def test_the_probe_host_has_its_own_politeness_queue(
    serve: Serve, quick: CheckConfig, stub: Stub
) -> None:
    srv, probe = serve("127.0.0.2"), serve("127.0.0.3")
    table = local_providers(probe)
    table["hosts"] = {"127.0.0.3": {"concurrency": 1, "interval": 0.1}}
    config = config_from_table(table, quick)
    videos = [f"https://youtu.be/okVideo{n:04d}" for n in range(6)]
    # Each page is answered only once all four are open at the same time.
    pages = [srv.url(f"/together/pages/4?n={n}") for n in range(4)]
    results = check_urls(videos + pages, config, network=stub.network)
    assert all(r.outcome is Outcome.OK for r in results)
    assert len(probe.record.requests) == 6 and probe.record.max_in_flight == 1
    # One at a time over one kept-alive connection, each an interval after the one before
    # as the probe host saw them (the first opens the connection; see conftest.too_soon).
    assert too_soon(probe.record.requests, 0.1) == (4, [])
    # the pages' host was not held to the probe host's pace: its four ran side by side
    assert srv.record.max_in_flight == 4


def test_a_builtin_provider_can_be_switched_off() -> None:
    config = config_from_table({"providers": {"youtube": {"enabled": False}}})
    assert [p.name for p in config.providers] == ["vimeo"]
    assert find_probe("https://youtu.be/okVideo0001", config.providers) is None


@pytest.mark.parametrize(
    ("url", "probe"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://img.youtube.com/vi/dQw4w9WgXcQ/0.jpg",
        ),
        (
            "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ#t=3",
            "https://img.youtube.com/vi/dQw4w9WgXcQ/0.jpg",
        ),
        ("https://youtube.com/shorts/dQw4w9WgXcQ", "https://img.youtube.com/vi/dQw4w9WgXcQ/0.jpg"),
        (
            "https://www.youtube.com/live/dQw4w9WgXcQ?si=x",
            "https://img.youtube.com/vi/dQw4w9WgXcQ/0.jpg",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2Fchannels%2Fstaffpicks%2F76979871",
        ),
        ("https://www.youtube.com/playlist?list=PL123", None),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://vimeo.com/about", None),
        ("https://notyoutube.com/watch?v=dQw4w9WgXcQ", None),
    ],
)
def test_builtin_matches(url: str, probe: str | None) -> None:
    found = find_probe(url, tuple(BUILTIN.values()))
    assert (found[1] if found else None) == probe


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"x": {"match": "^https://a/(\\d+)", "probe": "https://p/{id}"}}, "named group"),
        ({"x": {"match": "^https://a/(?P<id>\\d+)"}}, "needs both"),
        ({"x": {"match": "(", "probe": "https://p/{id}"}}, "not a valid regex"),
        ({"x": {"match": "(?P<id>.)", "probe": "file:///etc/{id}"}}, "http"),
        ({"youtube": {"colour": "red"}}, "colour"),
        ({"youtube": {"unavailable": [[1]]}}, "unavailable"),
        ({"youtube": "yes"}, "must be a table"),
        # a typo in the template would probe one wrong URL for every video, silently
        ({"x": {"match": "(?P<id>.)", "probe": "https://p/{idd}"}}, "{idd}"),
        ({"x": {"match": "(?P<id>.)", "probe": "https://p/v?id={ id }"}}, "{ id }"),
        ({"x": {"match": "(?P<id>.)", "probe": "https://p/static.jpg"}}, "{id} or {url}"),
        ({"youtube": {"probe": "https://p/vi/{ID}/0.jpg"}}, "{ID}"),
    ],
)
def test_bad_provider_tables_name_the_setting(table: dict[str, Any], needle: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(needle)):
        config_from_table({"providers": table})
