"""`webcat validate --format github|junit|sarif`: each catalogue problem at its file and line,
as a pull request shows it; exit codes as with every other format."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, WriteCatalogue

BODY = """\
[series.s]
title = "Serie"

[webinars.w1]
series = "serie"
title = "En"
date = 2024-01-10
url = "https://example.org/a"

[webinars.w2]
series = "s"
title = "To"
date = 2024-02-10
url = "https://example.org/a"
"\\u001b]52;c;aGk=\\u0007nøkkel\\u202e" = "x\\n::error file=x,line=1::injected"
"""

ANNOTATION = re.compile(
    r"^::(error|warning|notice) (?:file=([^,]*),line=(\d+),(?:col=(\d+),)?)?title=([^:]*)::(.*)$"
)
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


@pytest.fixture
def broken(write_catalogue: WriteCatalogue) -> Path:
    return write_catalogue(BODY)


def _expected(invoke: Invoke, path: Path) -> list[dict[str, Any]]:
    """The problems as `--format json` gives them (the reference for the CI formats)."""
    problems: list[dict[str, Any]] = json.loads(
        invoke("validate", "-c", str(path), "--format", "json").stdout
    )["problems"]
    return problems


def test_github_annotations_point_at_each_problem(invoke: Invoke, broken: Path) -> None:
    result = invoke("validate", "-c", str(broken), "--format", "github")
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    expected = _expected(invoke, broken)
    assert len(lines) == len(expected) + 1  # no injected command line
    got = []
    for line in lines[:-1]:
        m = ANNOTATION.match(line)
        assert m, line
        level, file, row, col, title, message = m.groups()
        assert file == str(broken)
        where = message.split(": ", 1)[0]
        got.append((level, int(row), col and int(col), title.replace("%3A", ":"), where))
    assert got == [
        (
            p["severity"],
            p["line"],
            p["column"],
            f"webcat validate: {p['code']}",
            # the entity and field, control characters escaped
            f"{p['entity']}.{p['field']}".replace("\x1b", "\\x1b")
            .replace("\x07", "\\x07")
            .replace("\u202e", "\\u202e"),
        )
        for p in expected
    ]
    assert {p["code"] for p in expected} == {"dangling-reference", "unknown-key", "duplicate-url"}
    assert "::error file=" in result.stdout and "::warning file=" in result.stdout
    assert lines[-1] == f"::notice title=webcat validate::{broken}: 2 errors, 1 warning"
    assert not RAW_CONTROL.search(result.stdout)


def test_junit_fails_a_test_per_error(invoke: Invoke, broken: Path) -> None:
    result = invoke("validate", "-c", str(broken), "--format", "junit")
    assert result.exit_code == 1
    assert not RAW_CONTROL.search(result.stdout)
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
    cases = suite.findall("testcase")
    failures = [c.find("failure") for c in cases if c.find("failure") is not None]
    assert sorted(f.get("type", "") for f in failures if f is not None) == [
        "dangling-reference",
        "unknown-key",
    ]
    dangling = next(c for c in cases if "dangling-reference" in c.get("name", ""))
    failure = dangling.find("failure")
    assert failure is not None and failure.text == f"{broken}:8:10"  # after the 3-line header
    assert "(add [series.serie] or fix the id)" in failure.get("message", "")
    warning = next(c for c in cases if "duplicate-url" in c.get("name", ""))
    out = warning.find("system-out")
    assert out is not None and out.text and out.text.startswith("warning: ")

    strict = invoke("validate", "-c", str(broken), "--format", "junit", "--strict")
    suite = ET.fromstring(strict.stdout).find("testsuite")
    assert strict.exit_code == 1 and suite is not None and suite.get("failures") == "3"


def test_sarif_is_2_1_0_with_a_located_result_per_problem(invoke: Invoke, broken: Path) -> None:
    result = invoke("validate", "-c", str(broken), "--format", "sarif")
    assert result.exit_code == 1
    assert not RAW_CONTROL.search(result.stdout)
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
    expected = _expected(invoke, broken)
    assert len(run["results"]) == len(expected)
    for r, p in zip(run["results"], expected, strict=True):
        assert r["ruleId"] == p["code"] and r["ruleId"] in rules
        assert r["level"] == p["severity"]
        physical = r["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == broken.as_uri()
        assert physical["region"]["startLine"] == p["line"]
        assert physical["region"].get("startColumn") == p["column"]
        assert r["message"]["text"].startswith(f"{p['entity']}.{p['field']}: ")
    key = next(r for r in run["results"] if r["ruleId"] == "unknown-key")
    assert "\x1b]52" in key["message"]["text"]  # exact text, escaped only as JSON


def test_a_relative_path_is_a_relative_uri(
    invoke: Invoke, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken.parent)
    log = json.loads(invoke("validate", "-c", broken.name, "--format", "sarif").stdout)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "catalogue.toml"}
    lines = invoke("validate", "-c", broken.name, "--format", "github").stdout.splitlines()
    assert lines[0].startswith("::error file=catalogue.toml,line=")


@pytest.mark.parametrize("fmt", ["github", "junit", "sarif"])
def test_warnings_alone_pass_unless_strict(
    invoke: Invoke, write_catalogue: WriteCatalogue, fmt: str
) -> None:
    path = write_catalogue(BODY.replace('series = "serie"', 'series = "s"').split('"\\u001b')[0])
    result = invoke("validate", "-c", str(path), "--format", fmt)
    assert result.exit_code == 0, result.stdout
    assert invoke("validate", "-c", str(path), "--format", fmt, "--strict").exit_code == 1
    if fmt == "github":
        assert result.stdout.splitlines()[0].startswith("::warning file=")
        assert result.stdout.splitlines()[-1].endswith(": valid, with 1 warning")
    elif fmt == "sarif":
        levels = {r["level"] for r in json.loads(result.stdout)["runs"][0]["results"]}
        assert levels == {"warning"}
    else:
        suite = ET.fromstring(result.stdout).find("testsuite")
        assert suite is not None and suite.get("failures") == "0"


@pytest.mark.parametrize("fmt", ["github", "junit", "sarif"])
def test_a_valid_catalogue(invoke: Invoke, write_catalogue: WriteCatalogue, fmt: str) -> None:
    path = write_catalogue('[series.s]\ntitle = "Serie"\n')
    result = invoke("validate", "-c", str(path), "--format", fmt)
    assert result.exit_code == 0
    if fmt == "github":
        assert result.stdout == f"::notice title=webcat validate::{path}: valid\n"
    elif fmt == "sarif":
        assert json.loads(result.stdout)["runs"][0]["results"] == []
    else:
        suite = ET.fromstring(result.stdout).find("testsuite")
        assert suite is not None and (suite.get("tests"), suite.get("failures")) == ("1", "0")


def test_an_unreadable_catalogue_is_annotated_at_its_line(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = write_catalogue('[series.s]\ntitle = "Serie\n')
    result = invoke("validate", "-c", str(path), "--format", "github")
    assert result.exit_code == 3
    m = ANNOTATION.match(result.stdout.splitlines()[0])
    assert m and m.group(1) == "error" and m.group(2) == str(path) and m.group(3) == "5"
    log = json.loads(invoke("validate", "-c", str(path), "--format", "sarif").stdout)
    assert log["runs"][0]["results"][0]["ruleId"] == "unreadable"


def test_a_catalogue_from_stdin_has_no_file_to_point_at(invoke: Invoke) -> None:
    text = 'schema_version = 1\n\n[webinars.w]\nseries = "x"\ntitle = "T"\n'
    github = invoke("validate", "-c", "-", "--format", "github", input=text)
    assert github.exit_code == 1
    assert github.stdout.startswith("::error title=webcat validate%3A dangling-reference::")
    sarif = invoke("validate", "-c", "-", "--format", "sarif", input=text)
    (result,) = json.loads(sarif.stdout)["runs"][0]["results"]
    assert result["ruleId"] == "dangling-reference" and result["locations"] == []
