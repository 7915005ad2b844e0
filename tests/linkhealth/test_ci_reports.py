"""CI reports: annotations point at the right line and catalogue text cannot inject."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from markdown_it import MarkdownIt

from webcat.linkhealth.reports import Item, Use, github, junit, markdown, sarif

EVIL_TITLE = "Hei\n::error file=x.toml,line=1::injected"


def _items() -> list[Item]:
    return [
        Item(
            url="https://a.example/x",
            outcome="broken",
            status="broken",
            http_status=404,
            reason="http-404",
            uses=[Use("webinars.w1", "url", EVIL_TITLE, "data/catalogue.toml", 12, 7)],
        ),
        Item(
            url="https://b.example/",
            outcome="timeout",
            status="failing",
            failures=1,
            uses=[Use("resources.r1", "url", "Opptak", "data/catalogue.toml", 30, 7)],
        ),
        Item(
            url="https://c.example/old",
            outcome="redirected",
            status="notice",
            http_status=301,
            final_url="https://c.example/new",
            uses=[Use("series.s", "url", "", "data/catalogue.toml", 5, 7)],
        ),
        Item(url="https://ok.example/", outcome="ok", status="pass"),
    ]


def test_github_annotations_have_file_line_and_cannot_be_injected() -> None:
    text = github.render(_items())
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[3] == (
        "::notice title=webcat check::4 links checked: 1 broken, 1 timeout, 1 redirected, "
        "1 ok (1 failing but not yet broken)"
    )
    assert lines[0].startswith(
        "::error file=data/catalogue.toml,line=12,col=7,title=link broken (http-404)::"
    )
    assert lines[1].startswith("::warning file=data/catalogue.toml,line=30,")
    assert lines[2].startswith("::notice file=data/catalogue.toml,line=5,")
    assert "https://c.example/new" in lines[2]
    # the evil title stays inside the first annotation's message, its newline made visible
    assert "\\x0a::error file=x.toml" in lines[0]
    assert sum(line.startswith("::error") for line in lines) == 1


def test_junit_marks_broken_as_failure() -> None:
    root = ET.fromstring(junit.render(_items()))
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "4" and suite.get("failures") == "1"
    failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["https://a.example/x"]
    failure = failed[0].find("failure")
    assert failure is not None and "data/catalogue.toml:12" in (failure.text or "")


def test_sarif_locations_have_line_and_column() -> None:
    log = json.loads(sarif.render(_items()))
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["link-broken", "link-timeout", "link-redirected"]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 12, "startColumn": 7}
    assert [r["level"] for r in results] == ["error", "warning", "note"]


def test_markdown_summary_escapes_catalogue_text() -> None:
    items = _items()
    items[0].uses = [Use("webinars.w|1", "url", "", "f.toml", 1, 1)]
    items[0].url = "https://a.example/x|y"
    text = markdown.render(items)
    assert "❌ 1 broken link" in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<table>" in html
    # the pipe inside the URL did not split the row into extra cells
    broken_table = html.split("<h3>Broken</h3>")[1]
    first_row = broken_table.split("<tbody>")[1].split("</tr>")[0]
    assert first_row.count("<td>") == 4
    assert "https://a.example/x|y" in first_row
