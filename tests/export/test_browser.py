"""The HTML export in a real browser: Debian's chromium, headless, driven by Playwright with
the browser's own executable (nothing is downloaded).

In CI (``CI=true``) a missing browser fails these tests; on a developer's machine it skips
them. ``WEBCAT_SCREENSHOTS=1`` also refreshes docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, SEED, Invoke

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from webcat.cli import app

    path = tmp_path_factory.mktemp("html") / "webinarer.html"
    result = CliRunner().invoke(app, ["export", "html", "-c", str(SEED), "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


class Watched:
    """A page with every console message, page error and request recorded."""

    def __init__(self, browser: object, url: str, **context: object) -> None:
        self.context = browser.new_context(**context)  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def visible_webinars(self) -> list[str]:
        ids: list[str] = self.page.eval_on_selector_all(
            "li.webinar",
            "els => els.filter(e => !e.hidden && e.offsetParent !== null).map(e => e.id)",
        )
        return [i.removeprefix("webinar-") for i in ids]

    def count(self) -> str:
        return str(self.page.inner_text("#count"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: object, page_file: Path) -> Iterator[Watched]:
    w = Watched(browser, page_file.as_uri())
    yield w
    w.close()


def test_page_loads_cleanly(watched: Watched) -> None:
    assert watched.console == [] and watched.errors == []
    assert watched.failed == []
    assert watched.requests == [watched.page.url]  # the file itself, nothing else
    assert watched.page.is_visible("#filters")
    assert watched.count() == "Viser 4 av 4 webinarer"
    assert watched.page.get_attribute("html", "lang") == "nb"
    assert watched.page.get_attribute("#count", "aria-live") == "polite"


def _listed(invoke: Invoke, words: str) -> list[str]:
    return invoke("list", "--search", words, "-f", "ids", "-c", str(SEED)).stdout.split()


@pytest.mark.parametrize(
    "words", ["politikerrollen", "Nordre Follo", "TORFING", "holde gang", "plattformer"]
)
def test_search_shows_exactly_the_matching_webinars(
    watched: Watched, invoke: Invoke, words: str
) -> None:
    watched.page.fill("#f-search", words)
    expected = _listed(invoke, words)
    assert expected, words
    assert watched.visible_webinars() == expected
    assert watched.count() == f"Viser {len(expected)} av 4 webinarer"


def test_search_without_matches_says_so(watched: Watched) -> None:
    watched.page.fill("#f-search", "finnesikke")
    assert watched.visible_webinars() == []
    assert watched.page.is_visible("#empty")
    assert watched.count() == "Viser 0 av 4 webinarer"
    watched.page.click("button[type=reset]")
    # The form's reset event fires before the fields are cleared; the page re-filters next tick.
    # (polled from here: the page's CSP forbids the eval that wait_for_function uses)
    for _ in range(100):
        if len(watched.visible_webinars()) == 4:
            break
        watched.page.wait_for_timeout(20)
    assert len(watched.visible_webinars()) == 4
    assert not watched.page.is_visible("#empty")


def test_filters_combine_and_only_those_with_choices_are_shown(watched: Watched) -> None:
    page = watched.page
    # One series and one speaker: filters with a single choice would only take room.
    assert page.query_selector("#f-series") is None
    assert page.query_selector("#f-speaker") is None
    page.select_option("#f-tag", "ledelse")
    assert watched.visible_webinars() == [
        "samskaping-hvorfor-hva-og-hvordan",
        "samskapende-prosesser-holde-i-gang",
    ]
    page.fill("#f-search", "holde")
    assert watched.visible_webinars() == ["samskapende-prosesser-holde-i-gang"]
    page.select_option("#f-tag", "kommuneloven")
    assert watched.visible_webinars() == []
    assert watched.count() == "Viser 0 av 4 webinarer"


def test_first_webinar_is_above_the_fold(browser: object, page_file: Path) -> None:
    for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        w = Watched(browser, page_file.as_uri(), viewport=viewport)
        try:
            top = w.page.evaluate(
                "() => document.querySelector('li.webinar h3').getBoundingClientRect().top"
            )
            assert top < viewport["height"], (viewport, top)
        finally:
            w.close()


def test_works_without_scripts(browser: object, page_file: Path) -> None:
    w = Watched(browser, page_file.as_uri(), java_script_enabled=False)
    try:
        assert not w.page.is_visible("#filters")
        assert len(w.page.query_selector_all("li.webinar")) == 4
        assert all(e.is_visible() for e in w.page.query_selector_all("li.webinar"))
        assert w.console == [] and w.failed == []
    finally:
        w.close()


def test_light_and_dark_schemes_and_screenshots(browser: object, page_file: Path) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        w = Watched(
            browser,
            page_file.as_uri(),
            color_scheme=scheme,
            viewport={"width": 1280, "height": 900},
        )
        try:
            colours[scheme] = w.page.evaluate(
                "() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
            )
            assert w.console == []
            if os.environ.get("WEBCAT_SCREENSHOTS"):
                out = ROOT / "docs" / "screenshots" / f"export-{scheme}.png"
                out.parent.mkdir(exist_ok=True)
                w.page.screenshot(path=str(out), full_page=True)
        finally:
            w.close()
    assert colours["light"] != colours["dark"]
    assert colours["dark"][0] == "rgb(15, 21, 19)"


def test_narrow_screen_has_no_horizontal_scroll(browser: object, page_file: Path) -> None:
    w = Watched(browser, page_file.as_uri(), viewport={"width": 360, "height": 800})
    try:
        assert w.page.evaluate("() => document.documentElement.scrollWidth") <= 360
    finally:
        w.close()


def test_keyboard_focus_is_visible(watched: Watched) -> None:
    page = watched.page
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    assert page.is_visible(".skip")
    page.keyboard.press("Tab")
    style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert style == "solid"


CONTRAST_JS = """
() => {
  function parse(c) {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function ratio(a, b) {
    const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function backgrounds(el) {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage !== "none") {
        // A gradient: the text must hold against each of its colours.
        return (s.backgroundImage.match(/rgba?\\([^)]+\\)/g) || []).map(parse);
      }
      const c = parse(s.backgroundColor);
      if (c && c.a > 0.99) return [c];
    }
    return [parse(getComputedStyle(document.documentElement).backgroundColor) || {r: 255, g: 255, b: 255, a: 1}];
  }
  const low = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode;
    if (!t.data.trim()) continue;
    const el = t.parentElement;
    if (el.closest("[hidden]") || el.getClientRects().length === 0) continue;
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    for (const bg of backgrounds(el)) {
      const r = ratio(parse(s.color), bg);
      if (r < need) low.push(t.data.trim().slice(0, 40) + " " + r.toFixed(2));
    }
  }
  return low;
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa(browser: object, page_file: Path, scheme: str) -> None:
    w = Watched(browser, page_file.as_uri(), color_scheme=scheme)
    try:
        assert w.page.evaluate(CONTRAST_JS) == []
        w.page.focus("#f-search")  # the focus ring must also stand out
        ring = w.page.evaluate("() => getComputedStyle(document.activeElement).outlineColor")
        assert ring in ("rgb(194, 65, 12)", "rgb(251, 191, 36)")
    finally:
        w.close()


def test_print_hides_the_search_form(browser: object, page_file: Path) -> None:
    w = Watched(browser, page_file.as_uri())
    try:
        w.page.fill("#f-search", "politikerrollen")
        w.page.emulate_media(media="print")
        assert not w.page.is_visible("#filters")
        # Printing shows every webinar, whatever was filtered on screen.
        shown = w.page.eval_on_selector_all(
            "li.webinar", "els => els.filter(e => e.getClientRects().length > 0).length"
        )
        assert shown == 4
    finally:
        w.close()
