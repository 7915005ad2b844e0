"""The realistic generator makes what it promises: the shape of a real catalogue, exactly the
flaws it records, and the same data as TOML (LF or CRLF) and as import JSON."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest


def _plain(value: Any) -> Any:
    """TOML values as the JSON form writes them (dates as ISO strings)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def test_same_seed_same_catalogue_other_seed_other(realistic: Any) -> None:
    a, b, c = (
        realistic.generate(300, seed=3),
        realistic.generate(300, seed=3),
        realistic.generate(300, seed=4),
    )
    assert a.to_toml() == b.to_toml() and a.flaws == b.flaws
    assert a.to_toml() != c.to_toml()


@pytest.mark.parametrize("crlf", [False, True])
def test_toml_and_json_hold_the_same_data(small: Any, crlf: bool) -> None:
    text = small.to_toml(crlf=crlf)
    assert ("\r\n" in text) is crlf
    if crlf:
        assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    assert _plain(tomllib.loads(text)) == json.loads(small.to_json())


def test_shape_of_a_real_catalogue(realistic: Any) -> None:
    cat = realistic.generate(2000, seed=1)
    counts = cat.counts()
    assert counts["webinars"] == 2000
    assert 1.9 <= counts["resources"] / counts["webinars"] <= 2.25
    assert counts["series"] >= 40 and counts["people"] >= 1000
    recordings = [r["url"] for r in cat.data["resources"].values() if r["kind"] == "recording"]
    hosts = Counter(urlsplit(u.strip()).hostname for u in recordings)
    main_share = hosts["www.youtube.com"] / len(recordings)
    assert 0.55 <= main_share <= 0.65
    assert len(hosts) - 1 >= 50  # the long tail (1,500 hosts at the default size)
    uses = Counter(
        e["url"] for t in ("webinars", "resources") for e in cat.data[t].values() if "url" in e
    )
    assert max(uses.values()) >= 100  # licence and event pages shared by hundreds
    text = cat.to_toml()
    for needle in ("Ł", "Đ", "Þ", "ễ", "Γ", "Д", "山田", "김", "م", "ד", "🐍", "\u0301", "\u2028"):
        assert needle in text, needle
    descriptions = [w["description"] for w in cat.data["webinars"].values() if "description" in w]
    assert sum("\n\n" in d for d in descriptions) > len(descriptions) / 2  # paragraphs
    assert any("\n[tool.ruff]\n" in d for d in descriptions)  # a header-like line inside
    assert '"""' in "".join(descriptions)


def test_flaws_are_about_one_percent_and_of_every_kind(realistic: Any) -> None:
    cat = realistic.generate(3000, seed=2)
    counts = cat.counts()
    rate = len(cat.flaws) / (counts["webinars"] + counts["resources"])
    assert 0.007 <= rate <= 0.013
    assert {f.kind for f in cat.flaws} == {"relative", "carriage-return", "whitespace", "dangling"}
    relative = next(f for f in cat.flaws if f.kind == "relative")
    assert cat.data[relative.table][relative.id][relative.field].startswith("/media/")
    cr = next(f for f in cat.flaws if f.kind == "carriage-return")
    assert cat.data[cr.table][cr.id][cr.field].endswith("\r")


def test_webcat_reports_exactly_the_recorded_flaws(small: Any, tmp_path: Path, invoke: Any) -> None:
    path = tmp_path / "real.toml"
    path.write_bytes(small.to_toml(crlf=True).encode())
    result = invoke("validate", "-c", str(path), "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    found = {
        (p["code"], p["entity"], p["field"])
        for p in problems
        if p["code"] != "duplicate-url"  # shared URLs are expected, and not flaws
    }
    assert found == {(f.code, f"{f.table}.{f.id}", f.field) for f in small.flaws}
    assert all(p["line"] for p in problems)


def test_without_flaws_leaves_out_what_would_dangle(small: Any) -> None:
    clean = small.without_flaws()
    assert not clean.flaws
    webinars = clean.data["webinars"]
    assert all(r.get("webinar") in webinars for r in clean.data["resources"].values())
    people = clean.data["people"]
    assert all(s in people for w in webinars.values() for s in w.get("speakers", []))


@pytest.mark.parametrize("crlf", [False, True])
def test_every_problem_points_at_its_line_and_value(
    small: Any, tmp_path: Path, invoke: Any, crlf: bool
) -> None:
    # The descriptions hold U+2028, U+2029, U+0085 and \f: only LF ends a line in TOML.
    path = tmp_path / "real.toml"
    path.write_bytes(small.to_toml(crlf=crlf).encode())
    problems = json.loads(invoke("validate", "-c", str(path), "-f", "json").stdout)["problems"]
    lines = path.read_bytes().decode().split("\n")
    assert len(problems) > len(small.flaws)
    for p in problems:
        line = lines[p["line"] - 1].rstrip("\r")
        assert line.lstrip().startswith(p["field"] + " ="), (p, line)
        value = line[p["column"] - 1 :]
        assert value[:1] in ('"', "["), (p, line)
