"""Every problem code is registered with a level and documented with that level; the
`[validate]` table parser accepts what the docs show and names every mistake."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from webcat.catalogue.levels import Levels, parse_levels
from webcat.catalogue.problems import CODES

SRC = ROOT / "src" / "webcat"
# A problem is made as problem("code", ...) / Problem("code", ...), the code first.
_MADE = re.compile(r"""\b[Pp]roblem\(\s*["']([a-z][a-z-]*)["']""")


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found |= set(_MADE.findall(path.read_text("utf-8")))
    return found


def test_every_code_made_in_the_source_is_registered_and_every_registered_one_is_made() -> None:
    made = _codes_in_source()
    assert "duplicate-url" in made and "bad-url" in made  # the scan finds them
    assert made == set(CODES)


def test_every_code_is_documented_with_its_default_level() -> None:
    doc = (ROOT / "docs" / "problems.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning|ignore)\b", doc, re.M))
    assert rows == {code: info.level for code, info in CODES.items()}
    for code, info in CODES.items():
        if info.fixed:
            assert re.search(rf"^\| `{code}` \| {info.level} \(fixed\)", doc, re.M), code


def test_defaults_and_overrides() -> None:
    assert Levels().of("duplicate-url") == "warning"
    assert Levels().of("bad-url") == "error"
    levels, mistakes = parse_levels(
        {"error": ["duplicate-url"], "warning": ["bad-url"], "ignore": ["duplicate-item"]}
    )
    assert mistakes == []
    assert (levels.of("duplicate-url"), levels.of("bad-url"), levels.of("duplicate-item")) == (
        "error",
        "warning",
        "ignore",
    )
    assert Levels({"bad-url": "ignore"}).over(levels).of("bad-url") == "warning"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("warning", "[validate] must be a table"),
        ({"warnings": []}, "'warnings' is not a level"),
        ({"warning": "duplicate-url"}, "warning must be a list of problem codes"),
        ({"ignore": ["dupe-url"]}, "'dupe-url' is not a problem code"),
        ({"ignore": ["bad-url"], "warning": ["bad-url"]}, "listed under both ignore and warning"),
        ({"warning": ["unsupported-version"]}, "the level of 'unsupported-version' cannot be"),
    ],
)
def test_every_mistake_is_named(table: object, message: str) -> None:
    _, mistakes = parse_levels(table)
    assert len(mistakes) == 1 and message in mistakes[0].message
