"""Soft 404s and sign-in walls: pages that answer 200 and are dead links to a reader."""

from __future__ import annotations

from dataclasses import replace

import pytest

from linkcheck.conftest import Serve, Stub, TestServer
from webcat.linkcheck import CheckConfig, LinkResult, Outcome, check_urls, config_from_table
from webcat.linkcheck.config import HostSettings
from webcat.linkcheck.pages import NOT_FOUND, read_page, same_page


def probes(server: TestServer) -> list[str]:
    return [p for p in server.record.paths() if "/webcat-" in p]


def by_url(results: list[LinkResult]) -> dict[str, LinkResult]:
    return {r.url: r for r in results}


def test_soft_404_is_broken_and_the_real_page_is_not(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    real, gone, other = (srv.url(f"/soft/talks/{n}") for n in ("real", "gone", "old-talk"))
    results = by_url(check_urls([real, gone, other], quick))
    assert (results[real].outcome, results[real].reason) == (Outcome.OK, "ok")
    for url in (gone, other):
        assert (results[url].outcome, results[url].reason) == (Outcome.BROKEN, "soft-404")
        assert results[url].http_status == 200
        assert "soft 404" in (results[url].error or "")
    # one probe for the folder, whatever the number of links in it
    assert len(probes(srv)) == 1
    assert probes(srv)[0].startswith("/soft/talks/webcat-")


def test_a_short_soft_404_with_a_request_id_and_time_is_a_soft_404(
    serve: Serve, quick: CheckConfig
) -> None:
    # a small site's "nothing here" page: a dozen words, two of which change on every answer
    srv = serve()
    real, gone = srv.url("/stamped/talks/real"), srv.url("/stamped/talks/gone")
    results = by_url(check_urls([real, gone], quick))
    assert (results[gone].outcome, results[gone].reason) == (Outcome.BROKEN, "soft-404")
    assert results[real].outcome is Outcome.OK


def test_a_single_page_application_is_not_a_soft_404(serve: Serve, quick: CheckConfig) -> None:
    # every path answers the same empty shell that a script fills in: the page and the
    # folder's probe are alike because neither says anything, which tells nothing
    srv = serve()
    [result] = check_urls([srv.url("/spa/talks/reproducible-pipelines")], quick)
    assert (result.outcome, result.reason) == (Outcome.OK, "ok")
    assert len(probes(srv)) == 1


def test_one_probe_per_folder_and_host(serve: Serve, quick: CheckConfig) -> None:
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    urls = [
        s.url(f"/soft/{folder}/{n}")
        for s in (a, b)
        for folder in ("talks", "slides")
        for n in range(6)
    ]
    results = check_urls(urls, replace(quick, host_concurrency=4))
    assert all(r.reason == "soft-404" for r in results)
    for s in (a, b):
        assert sorted(p.rsplit("/", 1)[0] for p in probes(s)) == ["/soft/slides", "/soft/talks"]


def test_site_with_real_404s_keeps_its_pages(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    real, gone = srv.url("/hard/talks/real"), srv.url("/hard/talks/gone")
    results = by_url(check_urls([real, gone], quick))
    assert results[real].outcome is Outcome.OK
    assert (results[gone].outcome, results[gone].reason) == (Outcome.BROKEN, "http-404")


def test_moved_to_the_front_page_like_any_missing_url_is_a_soft_404(
    serve: Serve, quick: CheckConfig
) -> None:
    srv = serve()
    real, gone = srv.url("/front/talks/real"), srv.url("/front/talks/gone")
    results = by_url(check_urls([real, gone], quick))
    assert results[real].outcome is Outcome.OK
    assert (results[gone].outcome, results[gone].reason) == (Outcome.BROKEN, "soft-404")
    assert results[gone].final_url == srv.url("/front/")


@pytest.mark.parametrize("key", ["en", "en-h1", "wp", "nb", "nb-finner", "nn"])
def test_a_title_or_heading_saying_not_found_is_a_soft_404(
    serve: Serve, quick: CheckConfig, key: str
) -> None:
    srv = serve()
    [result] = check_urls([srv.url(f"/says/{key}")], replace(quick, soft_404=False))
    assert (result.outcome, result.reason) == (Outcome.BROKEN, "soft-404")
    assert "the page says" in (result.error or "")


def test_a_page_about_404_errors_is_fine(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    [result] = check_urls([srv.url("/says/about")], quick)
    assert result.outcome is Outcome.OK


def test_answers_that_are_not_html_cost_no_extra_request(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    urls = [srv.url("/pdf/a"), srv.url("/pdf/b"), srv.url("/ok")]
    results = check_urls(urls, quick)
    assert all(r.outcome is Outcome.OK for r in results)
    assert sorted(srv.record.paths()) == ["/ok", "/pdf/a", "/pdf/b"]


def test_front_pages_are_never_compared(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    [result] = check_urls([srv.url("/")], replace(quick, accept=frozenset({404})))
    assert result.outcome is Outcome.OK
    assert probes(srv) == []


def test_a_folder_page_is_compared_with_a_folder_that_cannot_exist(
    serve: Serve, quick: CheckConfig
) -> None:
    srv = serve()
    [result] = check_urls([srv.url("/soft/talks/")], quick)
    assert result.reason == "soft-404"
    [probe] = probes(srv)
    assert probe.startswith("/soft/webcat-") and probe.endswith("/")


def test_soft_404_detection_can_be_switched_off(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    config = config_from_table({"soft_404": False}, quick)
    [result] = check_urls([srv.url("/soft/talks/gone")], config)
    assert result.outcome is Outcome.OK
    assert probes(srv) == []


def test_links_waiting_for_a_probe_do_not_hold_up_other_links(
    serve: Serve, quick: CheckConfig
) -> None:
    # one worker: while the soft site's folder probe is slow, the other host's links go on
    slow, other = serve("127.0.0.2"), serve("127.0.0.3")
    config = replace(quick, max_concurrency=1, host_concurrency=1)
    urls = [slow.url("/soft/talks/a"), other.url("/ok?1"), other.url("/ok?2")]
    results = check_urls(urls, config)
    assert [r.reason for r in results] == ["soft-404", "ok", "ok"]


# -- sign-in walls -------------------------------------------------------------------------


def test_redirect_to_a_sign_in_page_is_a_login_wall(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    url = srv.url("/redirect/302?to=/account/login%3Fnext%3D/talks/1")
    [result] = check_urls([url], quick)
    assert (result.outcome, result.reason) == (Outcome.BROKEN, "login-wall")
    assert result.final_url == srv.url("/account/login?next=/talks/1")
    assert result.outcome.failing


def test_redirect_to_a_page_with_a_password_field_is_a_login_wall(
    serve: Serve, quick: CheckConfig
) -> None:
    srv = serve()
    [result] = check_urls([srv.url("/redirect/307?to=/form/login-less")], quick)
    assert (result.outcome, result.reason) == (Outcome.BROKEN, "login-wall")


def test_with_head_only_the_address_of_the_sign_in_page_decides(
    serve: Serve, quick: CheckConfig
) -> None:
    srv = serve()
    config = replace(quick, method="head")
    [wall, form] = check_urls(
        [srv.url("/redirect/302?to=/account/login"), srv.url("/redirect/302?to=/form/x")],
        config,
    )
    assert wall.reason == "login-wall"
    assert form.outcome is Outcome.OK


def test_a_link_to_a_sign_in_page_itself_is_fine(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    [result] = check_urls([srv.url("/account/login")], quick)
    assert result.outcome is Outcome.OK


def test_redirect_to_an_identity_provider_is_a_login_wall(
    serve: Serve, quick: CheckConfig, stub: Stub
) -> None:
    idp = serve("127.0.0.3")
    stub.table["idp.feide.no"] = ["127.0.0.3"]
    start = serve("127.0.0.2")
    url = start.url(f"/redirect/302?to=http://idp.feide.no:{idp.port}/ok")
    [result] = check_urls([url], quick, network=stub.network)
    assert (result.outcome, result.reason) == (Outcome.BROKEN, "login-wall")
    assert idp.record.paths() == ["/ok"]


def test_a_host_may_accept_its_sign_in_wall(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    url = srv.url("/redirect/302?to=/account/login")
    table = {"hosts": {"127.0.0.2": {"login_wall": "accept"}}}
    [result] = check_urls([url], config_from_table(table, quick))
    assert (result.outcome, result.reason) == (Outcome.OK, "login-wall-accepted")
    # and the default is to fail
    assert check_urls([url], quick)[0].reason == "login-wall"
    config = replace(quick, hosts={"127.0.0.2": HostSettings(login_wall_ok=True)})
    assert check_urls([url], config)[0].outcome is Outcome.OK


# -- the page reader -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "404 Not Found",
        "Page not found – Example",
        "Error 404",
        "Sorry, this page can't be found",
        "The page could not be found",
        "Siden finnes ikke",
        "Fant ikke siden",
        "Siden ble ikke funnet",
        "Side ikke funnet",
        "Sida finst ikkje",
        "Fann ikkje sida",
        "Sida vart ikkje funne",
        "Oops! That page can\u2019t be found.",
        "This page doesn\u2019t exist",
        "Sorry, we couldn\u2019t find that page",
        "We can't find the page you asked for",
        "Sorry, this page isn't available.",
        "Vi finner ikke siden du leter etter",
        "Finner ikke siden",
        "Vi finn ikkje sida",
    ],
)
def test_not_found_phrases(text: str) -> None:
    assert NOT_FOUND.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Designing 404 pages that help",
        "Found in translation",
        "Finnes det liv på Mars?",
        "Ikke alle finner fram",
        "Forskeren finner ikke-lineære mønstre",
        "Can't find a venue? Try these tips",
        "Available pages for members",
        "Reproducible pipelines",
    ],
)
def test_ordinary_titles_are_not_not_found(text: str) -> None:
    page = read_page(f"<title>{text}</title>".encode(), "text/html")
    assert page.says_not_found is None


def test_page_reader_title_charset_password_and_likeness() -> None:
    body = (
        b"<html><head><meta charset=iso-8859-1><title>Bl\xe5b\xe6r &amp; s\xf8t</title>"
        b"<script>var x = '<h1>not this</h1>';</script></head><body><h1>Om oss</h1>"
        b"<input TYPE='password'></body></html>"
    )
    page = read_page(body, "text/html")
    assert (page.title, page.heading, page.has_password_field) == ("Blåbær & søt", "Om oss", True)
    missing = b"<title>T</title><p>We found nothing at %s here, sorry.</p>"
    a = read_page(missing % b"/a/bbb", None, "http://h/a/bbb")
    b = read_page(missing % b"/c/dd", None, "http://h/c/dd")
    c = read_page(b"<title>T</title><p>A real talk with real words in it.</p>", None)
    assert same_page(a, b)
    assert not same_page(a, c)


def test_defaults_are_get_with_soft_404_on() -> None:
    config = CheckConfig()
    assert (config.method, config.soft_404, config.public_only) == ("get", True, False)
