"""`webcat export` through the real CLI: every format on the seed and on a dated catalogue,
parsed back with the formats' own parsers."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
from markdown_it import MarkdownIt

from conftest import MINIMAL, SEED, Invoke

FORMATS = ("markdown", "html", "json", "csv", "ics", "atom", "jsonld")
ATOM = "{http://www.w3.org/2005/Atom}"

DATED = (
    MINIMAL.replace(
        'title = "Serie"',
        'title = "Serie"\nurl = "https://example.no/serie/"\npublished = 2023-12-01',
    )
    + """
[webinars.w3]
series = "s"
title = "Tredje, med tid; og komma"
date = 2024-03-05T10:00:00+01:00
duration = "PT1H30M"
description = "Første linje og en lang tekst med æøå som må brettes over flere linjer i kalenderen fordi den er lang."

[resources.r1]
kind = "recording"
title = "Opptak"
url = "https://example.no/opptak/3.mp4"
webinar = "w3"
published = 2024-03-06
"""
)


def test_every_format_exports_the_seed(invoke: Invoke) -> None:
    for fmt in FORMATS:
        result = invoke("export", fmt, "-c", str(SEED))
        assert result.exit_code == 0, (fmt, result.stderr)
        assert result.stdout, fmt


def test_json_is_the_canonical_form(invoke: Invoke) -> None:
    from webcat.catalogue import load_catalogue
    from webcat.catalogue.serialize import catalogue_data

    cat, _ = load_catalogue(SEED)
    result = invoke("export", "json", "--with-notes", "-c", str(SEED))
    assert json.loads(result.stdout) == catalogue_data(cat)
    # Without --with-notes the editors' notes stay out, and nothing else does.
    published = json.loads(invoke("export", "json", "-c", str(SEED)).stdout)
    whole = catalogue_data(cat)
    for entry in whole["resources"].values():
        assert entry.pop("note")  # every seed resource has one
    assert published == whole


def test_filters_select_like_list(invoke: Invoke) -> None:
    listed = invoke("list", "--tag", "ledelse", "-f", "ids", "-c", str(SEED)).stdout.split()
    data = json.loads(invoke("export", "json", "--tag", "ledelse", "-c", str(SEED)).stdout)
    assert list(data["webinars"]) == listed
    assert set(data["resources"]) == {"samskabelse-telemark-jt", "prosjektpartnerne-holde-i-gang"}
    assert "jacob-torfing" in data["people"]
    rows = list(
        csv.reader(
            io.StringIO(
                invoke("export", "csv", "--search", "politikerrollen", "-c", str(SEED)).stdout
            )
        )
    )
    assert [r[0] for r in rows[1:]] == ["samskaping-politikerrollen-og-kommuneloven"]


def test_csv_per_webinar_and_per_resource(invoke: Invoke) -> None:
    out = invoke("export", "csv", "-c", str(SEED)).stdout_bytes.decode("utf-8")
    assert out.count("\r\n") == 5
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 4
    assert rows[0]["speaker_names"] == "Jacob Torfing"
    assert rows[0]["series_title"] == "Webinar-serie om samskaping"
    res = list(
        csv.DictReader(
            io.StringIO(invoke("export", "csv", "--per", "resource", "-c", str(SEED)).stdout)
        )
    )
    assert len(res) == 5
    assert res[0]["kind"] == "slides" and res[0]["format"] == "PowerPoint"


def test_markdown_structure_and_anchors(invoke: Invoke) -> None:
    text = invoke("export", "markdown", "-c", str(SEED)).stdout
    tokens = MarkdownIt("commonmark").parse(text)
    h1 = [t for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    assert len(h1) == 1
    hrefs = [
        c.attrs["href"]
        for t in tokens
        if t.type == "inline"
        for c in t.children or []
        if c.type == "link_open"
    ]
    anchors = [h for h in hrefs if isinstance(h, str) and h.startswith("#")]
    html = MarkdownIt("commonmark").render(text)
    for a in anchors:
        assert f'<a id="{a[1:]}"></a>' in html, a
    assert "#webinar-samskaping-hvorfor-hva-og-hvordan" in anchors
    assert "[Lysark (PowerPoint): Samskabelse Telemark JT]" in text


def test_markdown_front_matter(invoke: Invoke) -> None:
    hugo = invoke("export", "markdown", "--front-matter", "hugo", "-c", str(SEED)).stdout
    assert hugo.startswith('+++\ntitle = "Telemarksforsking – webinarer"\n')
    import tomllib

    assert tomllib.loads(hugo.split("+++")[1])["date"].isoformat() == "2022-03-22"
    jekyll = invoke("export", "markdown", "--front-matter", "jekyll", "-c", str(SEED)).stdout
    head = jekyll.split("---\n")[1]
    assert "layout: page\n" in head and "render_with_liquid: false" in head
    assert invoke("export", "html", "--front-matter", "hugo", "-c", str(SEED)).exit_code == 2


def test_ics_parses_with_stable_uids_and_utc(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(DATED)
    out = invoke("export", "ics", "-c", str(path)).stdout_bytes.decode("utf-8")
    for line in out.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert out.endswith("END:VCALENDAR\r\n") and "\n" not in out.replace("\r\n", "")
    cal = icalendar.Calendar.from_ical(out)
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        "webinars-w1@example.no",
        "webinars-w2@example.no",
        "webinars-w3@example.no",
    ]
    w3 = events[2]
    assert str(w3["SUMMARY"]) == "Tredje, med tid; og komma"
    assert w3.decoded("DTSTART").isoformat() == "2024-03-05T09:00:00+00:00"
    assert w3.decoded("DTEND").isoformat() == "2024-03-05T10:30:00+00:00"
    assert "æøå som må brettes" in str(w3["DESCRIPTION"])
    assert str(w3["ATTACH"]) == "https://example.no/opptak/3.mp4"
    assert str(w3["URL"]) == "https://example.no/serie/"
    # DTSTAMP is the latest date in the catalogue, not now.
    assert "DTSTAMP:20240306T000000Z" in out
    assert events[0].decoded("DTSTART").isoformat() == "2024-01-10"


def test_ics_of_undated_seed_has_no_events(invoke: Invoke) -> None:
    out = invoke("export", "ics", "-c", str(SEED)).stdout
    assert "BEGIN:VEVENT" not in out
    assert icalendar.Calendar.from_ical(out)


def test_atom_feed(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(DATED)
    root = ET.fromstring(invoke("export", "atom", "-c", str(path)).stdout)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}updated") == "2024-03-06T00:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert ids[0] == "tag:example.no,2023-12-01:webcat/resources/r1"
    assert ids[1] == "tag:example.no,2023-12-01:webcat/webinars/w3"
    assert len(set(ids)) == len(ids) == 4
    seed = ET.fromstring(invoke("export", "atom", "-c", str(SEED)).stdout)
    assert len(seed.findall(f"{ATOM}entry")) == 9


def test_jsonld_types(invoke: Invoke) -> None:
    data = json.loads(invoke("export", "jsonld", "-c", str(SEED)).stdout)
    types = {n["@type"] for n in data["@graph"]}
    assert {"EventSeries", "EducationEvent", "Person", "Organization", "ResearchProject"} <= types
    nodes = {n["@id"]: n for n in data["@graph"]}
    slides = nodes["#webinar-samskaping-hvorfor-hva-og-hvordan"]["workFeatured"][0]
    assert slides["name"] == {"@value": "Samskabelse Telemark JT", "@language": "da"}
    rec = nodes["#webinar-samskaping-politikerrollen-og-kommuneloven"]["recordedIn"][0]
    assert rec["@type"] == "VideoObject"


def test_output_file_is_written_atomically(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", "utf-8")
    result = invoke("export", "html", "-o", str(target), "-c", str(SEED))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]
    missing = invoke("export", "html", "-o", str(tmp_path / "no" / "x.html"), "-c", str(SEED))
    assert missing.exit_code == 3


def test_custom_template(invoke: Invoke, tmp_path: Path) -> None:
    tpl = tmp_path / "t.html"
    tpl.write_text(
        "{% for s in doc.series %}{% for w in s.webinars %}<p>{{ w.title }}</p>{% endfor %}{% endfor %}{{ '<b>' }}",
        "utf-8",
    )
    out = invoke("export", "html", "--template", str(tpl), "-c", str(SEED)).stdout
    assert out.count("<p>") == 4 and "&lt;b&gt;" in out
    md = tmp_path / "t.md"
    md.write_text("{% for p in doc.people %}* {{ p.name|md }}\n{% endfor %}", "utf-8")
    assert (
        invoke("export", "markdown", "--template", str(md), "-c", str(SEED)).stdout
        == "* Jacob Torfing\n"
    )
    bad = tmp_path / "bad.md"
    bad.write_text("{% for %}", "utf-8")
    result = invoke("export", "markdown", "--template", str(bad), "-c", str(SEED))
    assert result.exit_code == 2 and "template" in result.stderr
    assert invoke("export", "csv", "--template", str(md), "-c", str(SEED)).exit_code == 2


def test_unknown_format_is_a_usage_error(invoke: Invoke) -> None:
    assert invoke("export", "pdf", "-c", str(SEED)).exit_code == 2


def test_page_language_follows_the_catalogue(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    nn = write_catalogue(
        '[series.s]\ntitle = "Serie"\n\n[webinars.w]\nseries = "s"\ntitle = { nn = "Korleis", en = "How" }\n',
        header='schema_version = 1\nlanguage = "nn"\n\n',
    )
    page = invoke("export", "html", "-c", str(nn)).stdout
    assert '<html lang="nn">' in page and "Hopp til innhaldet" in page
    assert "<h3>Korleis</h3>" in page
    en = invoke("export", "html", "--lang", "en", "-c", str(nn)).stdout
    assert '<html lang="en">' in en and "Skip to content" in en
    assert "<h3>How</h3>" in en and '<span lang="nn">Serie</span>' in en
    da = write_catalogue(
        '[series.s]\ntitle = "Serie"\n',
        header='schema_version = 1\nlanguage = "da"\n\n',
        name="da.toml",
    )
    page = invoke("export", "html", "--allow-empty", "-c", str(da)).stdout
    # No Danish words in webcat: the page is English around the catalogue's Danish.
    assert '<html lang="en">' in page and '<span lang="da">Serie</span>' in page
