"""The site in real headless Chromium, served over HTTP by a plain static server on
127.0.0.1 (as any static host would serve it), and opened from file://: search, navigation,
keyboard use, axe-core with no violation, no request anywhere else, light and dark; and the
HTML fragment pasted into a page that has its own styles."""

from __future__ import annotations

import http.server
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from test_browser import Watched, browser  # noqa: F401 - the browser fixture
from test_site import make_catalogue

from conftest import SEED


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from webcat.cli import app

    folder = tmp_path_factory.mktemp("browser-site")
    cat = make_catalogue(folder, 300)
    out = folder / "public"
    result = CliRunner().invoke(
        app, ["export", "site", str(out), "-c", str(cat), "--today", "2024-01-01"]
    )
    assert result.exit_code == 0, result.stderr
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    """The site on a plain static server on 127.0.0.1 (the standard library's)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(built)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def _off_site(w: Watched, origin: str) -> list[str]:
    return [u for u in w.requests if not u.startswith(origin)]


def _search(w: Watched, words: str) -> list[str]:
    w.page.fill("#q", words)
    w.page.wait_for_selector("#search-results li a")
    return list(
        w.page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.textContent)")
    )


def test_search_finds_a_webinar_and_leads_to_it(browser: object, served: str) -> None:  # noqa: F811
    w = Watched(browser, served + "index.html")
    try:
        assert w.page.is_visible("#q")
        # Nothing of the search index is loaded before the search is used.
        assert not [u for u in w.requests if "/search/" in u]
        titles = _search(w, "framtida")
        assert titles == ["Et webinar i framtida"]
        assert "1 treff" in w.page.inner_text("#search-status")
        w.page.click("#search-results li a")
        w.page.wait_for_load_state("load")
        assert w.page.url == served + "series/kommende.html#webinar-fremtid"
        assert w.page.is_visible("#webinar-fremtid")
        assert w.errors == [] and w.failed == []
        # Several words must all match; a word may be the start of one.
        many = _search_again(w, served, "samskaping del 29")
        assert many and all(
            t.endswith(
                (
                    "del 29",
                    "del 290",
                    "del 291",
                    "del 292",
                    "del 293",
                    "del 294",
                    "del 295",
                    "del 296",
                    "del 297",
                    "del 298",
                    "del 299",
                )
            )
            for t in many
        )
        assert w.errors == []  # (leaving a page may cancel its requests: not failures)
        assert _off_site(w, served) == []
    finally:
        w.close()


def _search_again(w: Watched, served: str, words: str) -> list[str]:
    w.page.goto(served + "index.html")
    return _search(w, words)


@pytest.mark.parametrize("words", ["ærlig", "NAÏVE", "finans", "straße", "東京", "σοφία", "ΣΟΦ"])
def test_search_folds_like_the_index(browser: object, served: str, words: str) -> None:  # noqa: F811
    """The page folds a query as the index was folded (NFKC, lower case), in any script."""
    w = Watched(browser, served + "index.html")
    try:
        assert _search(w, words) == ["Ærlighet, naïve ﬁnans og Straße i 東京 med ΣΟΦΊΑ"]
    finally:
        w.close()


def test_search_counts_and_shows_more(browser: object, served: str) -> None:  # noqa: F811
    w = Watched(browser, served + "index.html")
    try:
        _search(w, "samskaping")
        status = w.page.inner_text("#search-status")
        assert status.startswith("Viser de 20 første av"), status
        w.page.click("#search-more")
        for _ in range(100):
            if len(w.page.query_selector_all("#search-results li")) > 20:
                break
            w.page.wait_for_timeout(20)
        assert len(w.page.query_selector_all("#search-results li")) == 40
        w.page.fill("#q", "finnesikkeiheletatt")
        for _ in range(100):
            if w.page.inner_text("#search-status") == "Ingen treff.":
                break
            w.page.wait_for_timeout(20)
        assert w.page.inner_text("#search-status") == "Ingen treff."
        assert not w.page.is_visible("#search-results")
    finally:
        w.close()


def test_navigation_between_pages(browser: object, served: str) -> None:  # noqa: F811
    # Each click is followed by waiting for the page it leads to (and its load event): a click
    # returns once the browser has reported the navigation it started, which a loaded
    # machine may report only after the click has returned, so reading page.url at once
    # could still show the page before. Waiting fails the same way if the link leads elsewhere.
    w = Watched(browser, served + "index.html")
    try:
        w.page.click(".site-nav >> text=Emner")
        w.page.wait_for_url(served + "tags/index.html")
        w.page.click("text=Samskaping")
        w.page.wait_for_url(served + "tags/samskaping.html")
        w.page.click(".pager >> text=Neste")
        w.page.wait_for_url(served + "tags/samskaping.2.html")
        w.page.click(".rows a >> nth=0")
        w.page.wait_for_url(re.compile(re.escape(served) + r"series/[^/]+\.html#webinar-"))
        w.page.click("li.webinar .speakers a >> nth=0")
        w.page.wait_for_url(re.compile(re.escape(served) + r"speakers/person-"))
        w.page.click(".site-nav >> text=Forside")
        w.page.wait_for_url(served + "index.html")
        assert w.errors == [] and w.failed == [] and _off_site(w, served) == []
    finally:
        w.close()


def test_keyboard_alone_reaches_search_results(browser: object, served: str) -> None:  # noqa: F811
    w = Watched(browser, served + "index.html")
    try:
        page = w.page
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.id") == "q":
                break
        assert page.evaluate("() => document.activeElement.id") == "q"
        assert (
            page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "solid"
        )
        page.keyboard.type("framtida")
        page.wait_for_selector("#search-results li a")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Et webinar i framtida"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("series/kommende.html#webinar-fremtid")
    finally:
        w.close()


PAGES = [
    "index.html",
    "series/kommende.html",
    "series/serie-0.html",
    "speakers/person-1.html",
    "tags/samskaping.2.html",
    "speakers/index.html",
    "series/index.html",
    "tags/index.html",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(browser: object, served: str, scheme: str) -> None:  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in PAGES:
        w = Watched(browser, served + path, color_scheme=scheme)
        try:
            if path == "index.html":
                _search(w, "samskaping")  # with results on the page
            results = axe.run(w.page)
            assert results.violations_count == 0, (path, results.generate_report())
            assert w.console == [] and _off_site(w, served) == []
        finally:
            w.close()


def test_light_and_dark(browser: object, served: str) -> None:  # noqa: F811
    colours = {}
    for scheme in ("light", "dark"):
        w = Watched(browser, served + "series/kommende.html", color_scheme=scheme)
        try:
            colours[scheme] = w.page.evaluate(
                "() => getComputedStyle(document.body).backgroundColor"
            )
        finally:
            w.close()
    assert colours == {"light": "rgb(245, 246, 243)", "dark": "rgb(15, 21, 19)"}


def test_from_file_navigation_and_search_work(browser: object, built: Path) -> None:  # noqa: F811
    w = Watched(browser, (built / "index.html").as_uri())
    try:
        w.page.click(".series-list >> text=Kommende webinarer om samskaping")
        assert w.page.url == (built / "series" / "kommende.html").as_uri()
        w.page.goto((built / "index.html").as_uri())
        w.page.fill("#q", "framtida")
        for _ in range(200):
            if w.page.is_visible("#search-results li") or w.page.is_visible("#search-hint"):
                break
            w.page.wait_for_timeout(25)
        # The index is script files, so search works from file:// too; where a browser
        # refuses them, the page says how to serve the site instead.
        if w.page.is_visible("#search-hint"):
            assert "webcat serve" in w.page.inner_text("#search-hint")
        else:
            assert w.page.inner_text("#search-results li a") == "Et webinar i framtida"
        assert all(u.startswith("file://") for u in w.requests)
    finally:
        w.close()


def _serving_url(proc: subprocess.Popen[str]) -> str:
    """The address a preview server says it serves at, once it says so (lines before it, such
    as a note, are skipped; an end of its output before it is a failure)."""
    assert proc.stderr is not None
    lines: list[str] = []
    while not any("Serving" in x for x in lines):
        lines.append(proc.stderr.readline())
        assert lines[-1], lines
    found = re.search(r"http://127\.0\.0\.1:\d+/", lines[-1])
    assert found, lines
    return found.group(0)


def _interrupt(proc: subprocess.Popen[str]) -> int:
    """Ctrl-C, as a user stops the preview; its exit code."""
    proc.send_signal(signal.SIGINT)
    return proc.wait(timeout=30)


def test_webcat_serve_previews_the_site(built: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "webcat", "serve", str(built), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _serving_url(proc)
        with urllib.request.urlopen(url + "series/kommende.html", timeout=10) as r:
            assert r.status == 200 and "Et webinar i framtida" in r.read().decode()
            assert r.headers["Cache-Control"] == "no-store"
        with urllib.request.urlopen(url + "feed.atom", timeout=10) as r:
            assert r.headers["Content-Type"].startswith("application/atom+xml")
    except BaseException:
        _interrupt(proc)  # the failure above is the one to see, not the exit code after it
        raise
    # Stopped while it serves, the preview ends cleanly: exit 0, not 130 (interrupted).
    assert _interrupt(proc) == 0


def test_fragment_in_a_host_page_keeps_to_itself(browser: object, tmp_path: Path) -> None:  # noqa: F811
    from typer.testing import CliRunner

    from webcat.cli import app

    fragment = CliRunner().invoke(app, ["export", "html", "--fragment", "-c", str(SEED)]).stdout
    host = tmp_path / "cms.html"
    host.write_text(
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>CMS</title>'
        "<style>body { background: rgb(1, 2, 3); font-family: serif; } p { color: rgb(200, 0, 0); }</style>"
        '</head><body><h1>Institutt</h1><p id="host">Vertens tekst</p>'
        + fragment
        + "</body></html>",
        "utf-8",
    )
    w = Watched(browser, host.as_uri())
    try:
        page = w.page
        styles = page.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.getElementById('host')).color,"
            " getComputedStyle(document.body).fontFamily]"
        )
        assert styles == ["rgb(1, 2, 3)", "rgb(200, 0, 0)", "serif"]
        page.fill(".webcat #f-search", "politikerrollen")
        shown = page.eval_on_selector_all(
            ".webcat li.webinar", "els => els.filter(e => !e.hidden).map(e => e.id)"
        )
        assert shown == ["webinar-samskaping-politikerrollen-og-kommuneloven"]
        assert w.errors == []
    finally:
        w.close()


def test_search_is_quick(browser: object, served: str) -> None:  # noqa: F811
    """Functional timing on the small test site; the 21,500-webinar figure is measured by
    benchmarks/bench_site.py."""
    w = Watched(browser, served + "index.html")
    try:
        start = time.perf_counter()
        _search(w, "samskaping ledelse")
        assert time.perf_counter() - start < 5
    finally:
        w.close()


def test_export_site_serve_rebuilds_when_the_catalogue_changes(tmp_path: Path) -> None:
    cat = tmp_path / "katalog.toml"
    cat.write_text(SEED.read_text("utf-8"), "utf-8")
    out = tmp_path / "public"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "webcat",
            "export",
            "site",
            str(out),
            "-c",
            str(cat),
            "--today",
            "2024-01-01",
            "--serve",
            "--port",
            "0",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = _serving_url(proc)
        assert proc.stderr is not None
        page = url + "series/samskaping-webinarer.html"
        with urllib.request.urlopen(page, timeout=10) as r:
            assert "Samskapende prosesser" in r.read().decode()
        cat.write_text(cat.read_text("utf-8").replace("Samskapende prosesser", "Nye prosesser"))
        line = proc.stderr.readline()  # the rebuild's report
        assert "written" in line and "0 written" not in line, line
        with urllib.request.urlopen(page, timeout=10) as r:
            body = r.read().decode()
        assert "Nye prosesser" in body and "Samskapende prosesser" not in body
    except BaseException:
        _interrupt(proc)
        raise
    assert _interrupt(proc) == 0
