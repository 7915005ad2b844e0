"""`webcat validate`: every problem at once, each with file:line, entity and field."""

from __future__ import annotations

import json

from conftest import HEADER, SEED, Invoke, WriteCatalogue

BROKEN = """\
[series.s]
title = "Serie"
organiser = "telemarksforskning"

[webinars.w1]
series = "s"
titel = "Skrivefeil i nøkkelen"

[webinars.w2]
series = "s"
title = "To"
date = 2024-03-01T10:00:00
duration = "1 time"
speakers = "p"
url = "ftp://example.no/x"

[resources.r1]
kind = "slide"
title = "Lysark"
url = "https://example.no/a"
webinar = "w2"
language = "norsk!"

[resources.r2]
kind = "slides"
title = { nb = "Lysark", "x y" = "bad" }
url = "https://example.no/a"
webinar = "w2"

[organisations.telemarksforsking]
name = "Telemarksforsking"

[people.p]
name = 42

[resources.r3]
kind = "slides"
title = "Lysark igjen"
url = "https://example.no/a"
webinar = "w2"

[resources.r4]
kind = "slides"
title = "Lysark en gang til"
url = "https://example.no/a"
"""


def test_seed_is_valid(invoke: Invoke) -> None:
    result = invoke("validate", "-c", str(SEED))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "valid" in result.stderr


def test_every_problem_is_reported_with_its_line(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BROKEN)
    result = invoke("validate", "-c", str(path), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    got = {(p["code"], p["entity"], p["field"], p["line"]) for p in data["problems"]}
    h = HEADER.count("\n")  # body lines start after the header
    expected = {
        ("dangling-reference", "series.s", "organiser", h + 3),
        ("unknown-key", "webinars.w1", "titel", h + 7),
        ("missing-field", "webinars.w1", "title", h + 5),
        ("datetime-without-offset", "webinars.w2", "date", h + 12),
        ("bad-duration", "webinars.w2", "duration", h + 13),
        ("wrong-type", "webinars.w2", "speakers", h + 14),
        ("bad-url", "webinars.w2", "url", h + 15),
        ("bad-choice", "resources.r1", "kind", h + 18),
        ("bad-language-tag", "resources.r1", "language", h + 22),
        ("bad-language-tag", "resources.r2", "title", h + 26),
        ("duplicate-url", "resources.r4", "url", h + 45),
        ("wrong-type", "people.p", "name", h + 34),
    }
    assert expected <= got, expected - got
    hints = {p["field"]: p["hint"] for p in data["problems"]}
    assert hints["titel"] == "did you mean 'title'?"
    assert hints["kind"] == "did you mean 'slides'?"
    assert hints["organiser"] == "did you mean 'telemarksforsking'?"
    assert "+01:00" in hints["date"]


def test_problems_come_in_file_order_and_an_unknown_key_is_pointed_at_itself(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = write_catalogue(BROKEN)
    result = invoke("validate", "-c", str(path), "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    places = [(p["line"], p["column"] or 0) for p in problems]
    # The checks run kind by kind and cross-entry checks last; an editor walks the file.
    assert places == sorted(places)
    assert problems[0]["code"] == "dangling-reference"
    key = next(p for p in problems if p["code"] == "unknown-key")
    assert key["column"] == 1  # `titel = ...`: the key is the mistake, not its value
    date = next(p for p in problems if p["field"] == "date")
    assert date["column"] == len("date = ") + 1


def test_text_report_names_file_line_entity_field(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BROKEN)
    result = invoke("validate", "-c", str(path))
    assert result.exit_code == 1
    line = next(x for x in result.stdout.splitlines() if "titel" in x)
    assert line.startswith(f"{path}:{HEADER.count(chr(10)) + 7}:")
    assert "webinars.w1.titel: unknown field 'titel' in a webinar" in line
    assert "did you mean 'title'?" in line
    assert "problems in" in result.stderr


def test_missing_schema_version_and_unknown_top_level_key(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue('titel = "x"\n', header="")
    data = json.loads(invoke("validate", "-c", str(path), "-f", "json").stdout)
    codes = {(p["code"], p["field"]) for p in data["problems"]}
    assert ("missing-field", "schema_version") in codes
    assert ("unknown-key", "titel") in codes


def test_newer_schema_version_is_refused(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue("", header="schema_version = 9\n")
    result = invoke("validate", "-c", str(path))
    assert result.exit_code == 1
    assert "newer than this webcat reads" in result.stdout


def test_json_report_for_unreadable_file(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue('[series.s]\ntitle = "unterminated\n')
    result = invoke("validate", "-c", str(path), "-f", "json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["problems"][0]["code"] == "unreadable"
    assert data["problems"][0]["line"] == 5


def test_blank_titles_and_urls_that_parsers_disagree_on_are_errors(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = write_catalogue(
        """\
        [series.s]
        title = "   "

        [webinars.a]
        series = "s"
        title = "\\u200b"
        url = "http://a\\\\@b/"

        [webinars.b]
        series = "s"
        title = { nb = "" }
        url = "http://example.org:99999/"

        [webinars.c]
        series = "s"
        title = "Møte om samskaping"
        url = "https://example.org/møte?a=1#x"

        [people.p]
        name = "Kari"
        url = "http://user:pw@example.org/"

        [people.q]
        name = "Ola"
        url = "https://example.org/\\u202eexe.txt"
        """
    )
    result = invoke("validate", "--format", "json", "-c", str(path))
    assert result.exit_code == 1
    found = {(p["entity"], p["field"]) for p in json.loads(result.stdout)["problems"]}
    assert found == {
        ("series.s", "title"),
        ("webinars.a", "title"),
        ("webinars.a", "url"),
        ("webinars.b", "title"),
        ("webinars.b", "url"),
        ("people.p", "url"),
        ("people.q", "url"),
    }
