"""`webcat export site DIR`: the pages, feeds, sitemap and search index of a static site;
the same bytes for the same catalogue; only changes written; nothing foreign touched."""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit
from xml.etree import ElementTree

import pytest

from conftest import ROOT, SEED, Invoke, tiny_png

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate  # type: ignore[import-not-found]

EXTRA = """
[series.kommende]
title = "Kommende webinarer om samskaping"
image = "bilder/forside.png"
image_alt = "Et møterom med post-it-lapper"
image_credit = "Foto: Kari"
registration = "https://example.no/meld-pa"
contact = "person-1"
note = "HEMMELIG-NOTAT"

[webinars.fremtid]
series = "kommende"
title = "Et webinar i framtida"
date = 2031-05-04T10:00:00+02:00
registration = "https://example.no/meld-pa/fremtid"
speakers = ["person-1"]
tags = ["samskaping"]

[webinars.unicode]
series = "kommende"
title = "Ærlighet, naïve ﬁnans og Straße i 東京 med ΣΟΦΊΑ"

[resources.fremtid-video]
kind = "recording"
title = "Opptaket"
url = "https://vimeo.com/123456"
webinar = "fremtid"
"""


def make_catalogue(folder: Path, n: int = 400) -> Path:
    path = folder / "katalog.toml"
    path.write_text(generate(n) + EXTRA, "utf-8")
    (folder / "bilder").mkdir(exist_ok=True)
    (folder / "bilder" / "forside.png").write_bytes(tiny_png())
    return path


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_catalogue(tmp_path_factory.mktemp("cat"))


def build(invoke: Invoke, cat: Path, out: Path, *args: str) -> str:
    result = invoke("export", "site", str(out), "-c", str(cat), "--today", "2024-01-01", *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stderr)


@pytest.fixture(scope="module")
def site(catalogue: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from webcat.cli import app

    out = tmp_path_factory.mktemp("site") / "public"
    result = CliRunner().invoke(
        app,
        [
            "export",
            "site",
            str(out),
            "-c",
            str(catalogue),
            "--today",
            "2024-01-01",
            "--base-url",
            "https://example.org/webinarer/",
        ],
    )
    assert result.exit_code == 0, result.stderr
    return out


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.ids: set[str] = set()
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "h1":
            self.h1 += 1
        if tag in ("a", "link") and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag in ("script", "img") and a.get("src"):
            self.srcs.append(str(a["src"]))


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text("utf-8"))
    return p


def test_pages_for_the_catalogue_series_speakers_and_tags(site: Path) -> None:
    for page in (
        "index.html",
        "series/index.html",
        "series/serie-0.html",
        "series/kommende.html",
        "speakers/index.html",
        "speakers/person-1.html",
        "tags/index.html",
        "tags/samskaping.html",
        "tags/samskaping.2.html",  # 401 webinars: paginated
        "feed.atom",
        "series/serie-0.atom",
        "sitemap.xml",
        "search/meta.js",
        "assets/site.css",
        "media/bilder/forside.png",
    ):
        assert (site / page).is_file(), page


def test_every_link_between_pages_is_relative_and_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    parsed = {p: parse(p) for p in pages}
    for page, links in parsed.items():
        assert links.h1 == 1, page
        for href in links.hrefs + links.srcs:
            if href.startswith(("https://", "http://", "mailto:")):
                continue
            assert not href.startswith("/"), (page, href)
            target, fragment = urldefrag(href)
            resolved = (page.parent / target).resolve() if target else page
            assert resolved.is_file(), (page, href)
            if fragment and resolved.suffix == ".html":
                assert fragment in parsed[resolved].ids, (page, href)


def test_no_page_is_over_a_megabyte_and_no_file_is_huge(site: Path) -> None:
    for f in site.rglob("*"):
        if f.is_file():
            assert f.stat().st_size < 1_000_000, f


def test_only_local_assets_and_no_notes(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "HEMMELIG-NOTAT" not in text
        for src in parse(page).srcs:
            assert not urlsplit(src).scheme, (page, src)  # scripts and images are the site's
        assert "default-src 'none'" in text


def test_image_copied_with_alt_credit_and_registration(site: Path) -> None:
    page = (site / "series" / "kommende.html").read_text("utf-8")
    assert '<img src="../media/bilder/forside.png" alt="Et møterom med post-it-lapper"' in page
    assert "Bildekreditering: Foto: Kari" in page
    assert "https://example.no/meld-pa/fremtid" in page and "Kommende webinarer" in page
    assert 'class="watch"' in page and "Se på Vimeo" in page
    assert (site / "media/bilder/forside.png").read_bytes() == tiny_png()
    # The front page shows what is coming up.
    assert "Et webinar i framtida" in (site / "index.html").read_text("utf-8")


def test_feeds_and_sitemap(site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(site / "series" / "serie-0.atom").getroot()
    assert len(feed.findall("a:entry", ns)) > 0
    whole = ElementTree.parse(site / "feed.atom").getroot()
    ids = [e.findtext("a:id", namespaces=ns) or "" for e in whole.findall("a:entry", ns)]
    webinars = [i for i in ids if "/webinars/" in i]
    titles = [e.findtext("a:title", namespaces=ns) for e in whole.findall("a:entry", ns)]
    # The newest 50 webinars of all: the one in 2031 first (its series has no page, so its
    # id is a urn:uuid), then 49 synthetic ones.
    assert titles[0] == "Et webinar i framtida" and len(webinars) == 49
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/webinarer/index.html" in locs
    assert "https://example.org/webinarer/tags/samskaping.2.html" in locs
    assert len(locs) == len(list(site.rglob("*.html")))


def test_search_index_is_sharded_and_finds_every_webinar(site: Path) -> None:
    def call(path: Path) -> list[object]:
        text = path.read_text("utf-8")
        m = re.fullmatch(r"webcatSearch\.\w+\((.*)\);\n", text, re.S)
        assert m is not None, path
        return list(json.loads("[" + m.group(1) + "]"))

    meta = call(site / "search/meta.js")[0]
    assert isinstance(meta, dict)
    docs: list[list[str]] = []
    for n in range((meta["docs"] + meta["per"] - 1) // meta["per"]):
        rows = call(site / f"search/d-{n}.js")[1]
        assert isinstance(rows, list)
        docs += rows
    assert len(docs) == meta["docs"]
    webinar_links = {d[2] for d in docs if d[0] == "webinar"}
    assert len(webinar_links) == 402
    assert "series/kommende.html#webinar-fremtid" in webinar_links
    # The word "framtida" leads to that webinar's id.
    from webcat.export.site.search import shard_key

    terms = call(site / f"search/t-{shard_key('framtida')}.js")[1]
    assert isinstance(terms, dict) and "framtida" in terms
    assert max(f.stat().st_size for f in (site / "search").iterdir()) < 200_000


def test_same_catalogue_same_bytes_and_a_rebuild_writes_nothing(
    invoke: Invoke, catalogue: Path, site: Path, tmp_path: Path
) -> None:
    other = tmp_path / "again"
    build(invoke, catalogue, other, "--base-url", "https://example.org/webinarer/")
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    for f in files:
        assert (site / f).read_bytes() == (other / f).read_bytes(), f
    times = {f: (other / f).stat().st_mtime_ns for f in files}
    err = build(invoke, catalogue, other, "--base-url", "https://example.org/webinarer/")
    assert "0 written" in err and "0 removed" in err
    assert times == {f: (other / f).stat().st_mtime_ns for f in files}


def test_changes_are_written_gone_pages_removed_and_foreign_files_kept(
    invoke: Invoke, tmp_path: Path
) -> None:
    cat = make_catalogue(tmp_path, 60)
    out = tmp_path / "public"
    build(invoke, cat, out)
    (out / "CNAME").write_text("webinarer.example.org\n")  # the publisher's own file
    (out / "series" / "notes.txt").write_text("mine")
    assert (out / "series" / "kommende.html").exists()
    text = cat.read_text("utf-8")
    # One title changes: its pages, the feeds and one search shard or two are written.
    cat.write_text(text.replace('del 7"', 'del sju"'), "utf-8")
    err = build(invoke, cat, out)
    written = int(re.search(r"(\d+) written", err).group(1))  # type: ignore[union-attr]
    total = sum(1 for _ in out.rglob("*") if _.is_file())
    assert 0 < written < total / 4, err
    assert "del sju" in (out / "series" / "serie-1.html").read_text("utf-8")
    # A series (with the only image) goes: its pages go, and so does the emptied media/.
    cat.write_text(text[: text.index("[series.kommende]")], "utf-8")
    err = build(invoke, cat, out)
    assert not (out / "series" / "kommende.html").exists()
    assert not (out / "media").exists()
    assert int(re.search(r"(\d+) removed", err).group(1)) > 0, err  # type: ignore[union-attr]
    # Files that webcat did not write stay, in folders it uses and at the top.
    assert (out / "CNAME").read_text() == "webinarer.example.org\n"
    assert (out / "series" / "notes.txt").read_text() == "mine"


def test_a_file_webcat_did_not_write_is_never_overwritten(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("<p>my own page</p>")
    result = invoke("export", "site", str(out), "-c", str(SEED))
    assert result.exit_code == 2
    assert "index.html" in result.stderr and "not overwriting" in result.stderr
    assert (out / "index.html").read_text() == "<p>my own page</p>"


def test_template_dir_overrides_any_template(invoke: Invoke, tmp_path: Path) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "card.html.j2").write_text(
        '<li class="webinar" id="{{ w.anchor }}">EGET KORT {{ w.title }}</li>\n'
    )
    out = tmp_path / "public"
    build(invoke, SEED, out, "--template-dir", str(templates))
    page = (out / "series" / "samskaping-webinarer.html").read_text("utf-8")
    assert page.count("EGET KORT") == 4
    (templates / "card.html.j2").write_text("{{ w.title ")
    broken = invoke(
        "export", "site", str(tmp_path / "b"), "-c", str(SEED), "--template-dir", str(templates)
    )
    assert broken.exit_code == 2 and "card.html.j2" in broken.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "site"], "needs a folder"),
        (["export", "html", "x"], "DIR works only with site"),
        (["export", "site", "x", "--base-url", "example.org"], "not an http(s) address"),
        (
            ["export", "csv", "--base-url", "https://example.org/"],
            "--base-url works only with site",
        ),
    ],
)
def test_site_options_are_checked(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(*args, "-c", str(SEED))
    assert result.exit_code == 2 and message in result.stderr


def test_big_single_page_points_to_the_site(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webcat.cli import export_cmd

    monkeypatch.setattr(export_cmd, "TOO_BIG_FOR_ONE_PAGE", 10_000)
    result = invoke("export", "html", "-c", str(SEED), "-o", str(tmp_path / "p.html"))
    assert result.exit_code == 0
    assert "export site" in result.stderr
    small = invoke("export", "html", "-c", str(SEED), "-o", str(tmp_path / "q.html"))
    assert small.exit_code == 0


def test_site_built_from_a_catalogue_with_notes_has_none(
    invoke: Invoke, write_catalogue: Callable[..., Path], tmp_path: Path
) -> None:
    from test_reader_view import NOTED

    out = tmp_path / "site"
    build(invoke, write_catalogue(NOTED), out)
    for f in out.rglob("*"):
        if f.is_file():
            assert b"NOTAT" not in f.read_bytes(), f


def test_remote_image_is_allowed_by_the_csp_and_odd_file_names_are_quoted(
    invoke: Invoke, write_catalogue: Callable[..., Path], tmp_path: Path
) -> None:
    path = write_catalogue(
        '[series.s]\ntitle = "S"\nimage = "https://bilder.example.org/s.jpg"\n'
        'image_alt = "Fjell"\n\n[webinars.w]\nseries = "s"\ntitle = "W"\n'
        'image = "bilder/møte #1.png"\nimage_alt = "Et møte"\n'
    )
    (path.parent / "bilder").mkdir()
    (path.parent / "bilder" / "møte #1.png").write_bytes(tiny_png())
    out = tmp_path / "public"
    build(invoke, path, out)
    page = html.unescape((out / "series" / "s.html").read_text("utf-8"))
    assert "img-src 'self' https:;" in page
    assert '<img src="https://bilder.example.org/s.jpg" alt="Fjell"' in page
    assert 'src="../media/bilder/m%C3%B8te%20%231.png"' in page
    assert (out / "media" / "bilder" / "møte #1.png").read_bytes() == tiny_png()
    # Without images, pages allow none from elsewhere.
    plain = tmp_path / "plain"
    build(invoke, SEED, plain)
    assert "img-src 'self';" in html.unescape((plain / "index.html").read_text("utf-8"))


def test_serve_refuses_a_missing_folder(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("serve", str(tmp_path / "finnes-ikke"))
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_serve_says_when_the_port_is_taken(invoke: Invoke, tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = invoke("serve", str(tmp_path), "--port", str(port))
    assert result.exit_code == 2 and "--port" in result.stderr


def test_a_record_naming_files_outside_the_folder_is_refused(
    invoke: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    build(invoke, SEED, out)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    record = json.loads((out / ".webcat-site.json").read_text("utf-8"))
    record["files"]["../precious.txt"] = "0" * 64
    (out / ".webcat-site.json").write_text(json.dumps(record), "utf-8")
    result = invoke("export", "site", str(out), "-c", str(SEED), "--today", "2024-01-01")
    assert result.exit_code == 3 and "not a webcat site record" in result.stderr
    assert precious.read_text() == "keep me"


def test_a_record_nested_too_deeply_is_one_line_not_a_traceback(
    invoke: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    build(invoke, SEED, out)
    (out / ".webcat-site.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    result = invoke("export", "site", str(out), "-c", str(SEED), "--today", "2024-01-01")
    assert result.exit_code == 3, result.output
    assert "nested too deeply" in result.stderr


def test_same_bytes_across_processes_hash_seeds_and_zones(tmp_path: Path) -> None:
    import os
    import subprocess

    trees = []
    for seed, zone in (("1", "UTC"), ("2", "Pacific/Auckland")):
        out = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "webcat",
                "export",
                "site",
                str(out),
                "-c",
                str(SEED),
                "--today",
                "2024-01-01",
                "--base-url",
                "https://example.org/",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]
