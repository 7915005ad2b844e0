"""CI reports: annotations point at the right line and catalogue text cannot inject."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from markdown_it import MarkdownIt

from webcat.linkcheck.results import Outcome
from webcat.linkhealth.reports import Item, Status, Use, github, junit, markdown, sarif

EVIL_TITLE = "Hei\n::error file=x.toml,line=1::injected"


def _items() -> list[Item]:
    return [
        Item(
            url="https://a.example/x",
            outcome=Outcome.BROKEN,
            status=Status.BROKEN,
            http_status=404,
            reason="http-404",
            uses=[Use("webinars.w1", "url", EVIL_TITLE, "data/catalogue.toml", 12, 7)],
        ),
        Item(
            url="https://b.example/",
            outcome=Outcome.TIMEOUT,
            status=Status.FAILING,
            failures=1,
            uses=[Use("resources.r1", "url", "Opptak", "data/catalogue.toml", 30, 7)],
        ),
        Item(
            url="https://c.example/old",
            outcome=Outcome.REDIRECTED,
            status=Status.NOTICE,
            http_status=301,
            final_url="https://c.example/new",
            uses=[Use("series.s", "url", "", "data/catalogue.toml", 5, 7)],
        ),
        Item(url="https://ok.example/", outcome=Outcome.OK, status=Status.PASS),
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


HOSTILE = "https://x.example/\x1b]52;c;cHduZWQ=\x07\x9b31m\u202eevil\n##[error]boom\r"


def _hostile() -> list[Item]:
    return [
        Item(
            url=HOSTILE,
            outcome=Outcome.BROKEN,
            status=Status.BROKEN,
            http_status=404,
            reason="http-404",
            error="line one\nline two",
            uses=[Use("webinars.w\x1b[31m", "url", "Tittel\x9b\u2066", "c.toml", 3, 7)],
        )
    ]


def test_no_report_line_carries_a_raw_control_character() -> None:
    from webcat.linkhealth.reports import json as json_report
    from webcat.linkhealth.reports import text

    raw = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    for rendered in (
        github.render(_hostile()),
        text.render(_hostile()),
        json_report.render(_hostile()),
        markdown.render(_hostile()),
        junit.render(_hostile()),
        sarif.render(_hostile()),
    ):
        assert not raw.search(rendered), rendered
    lines = github.render(_hostile()).splitlines()
    assert len(lines) == 2 and not any(line.startswith("##[") for line in lines)
    assert len(text.render(_hostile()).splitlines()) == 2
    # the JSON reads back as the same data
    data = json.loads(json_report.render(_hostile()))
    assert data["results"][0]["url"] == HOSTILE
    assert data["results"][0]["places"][0]["entity"] == "webinars.w\x1b[31m"
    sarif_data = json.loads(sarif.render(_hostile()))
    assert sarif_data["runs"][0]["results"][0]["partialFingerprints"]["url"] == HOSTILE


def test_reason_is_beside_the_human_text_in_every_format() -> None:
    from webcat.linkhealth.reports import json as json_report
    from webcat.linkhealth.reports import text

    items = _items()
    assert "title=link broken (http-404)" in github.render(items)
    assert json.loads(json_report.render(items))["results"][0]["reason"] == "http-404"
    assert json.loads(sarif.render(items))["runs"][0]["results"][0]["properties"] == {
        "reason": "http-404"
    }
    failure = ET.fromstring(junit.render(items)).find("testsuite/testcase/failure")
    assert failure is not None and failure.get("type") == "http-404"
    assert "`http-404`" in markdown.render(items)
    soft = Item(
        "https://a.example/", Outcome.BROKEN, Status.BROKEN, 200, reason="soft-404", error="x"
    )
    assert text.render([soft]).splitlines()[0] == "broken\thttps://a.example/\t200 [soft-404] x"


def test_every_outcome_of_the_vocabulary_has_its_place_in_the_reports() -> None:
    from webcat.linkhealth.reports import GROUP_ORDER

    assert sorted(GROUP_ORDER) == sorted(Outcome)
    with pytest.raises(ValueError):
        # not a word of the vocabulary: what a hand-written item may hold, and the type forbids
        Item("https://x.example/", "gone", Status.BROKEN)  # type: ignore[arg-type]


def test_blocked_links_are_reported_apart_in_every_ci_format() -> None:
    busy = Item(
        "https://busy.example/",
        Outcome.BLOCKED,
        Status.PASS,
        429,
        reason="rate-limited",
        uses=[Use("webinars.w", "url", "", "c.toml", 4, 7)],
    )
    items = [*_items(), busy]
    assert "::notice file=c.toml,line=4,col=7,title=link blocked (rate-limited)::" in github.render(
        items
    )
    assert "### Blocked or rate-limited" in markdown.render(items)
    results = json.loads(sarif.render(items))["runs"][0]["results"]
    assert (results[-1]["ruleId"], results[-1]["level"]) == ("link-blocked", "note")
    suite = ET.fromstring(junit.render(items)).find("testsuite")
    assert suite is not None and suite.get("failures") == "1" and suite.get("skipped") == "1"
