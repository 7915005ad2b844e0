"""Writing TOML values: whatever webcat writes reads back as the same value, on one line."""

from __future__ import annotations

import math
import tomllib
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from webcat.catalogue.tomlwrite import NotTomlValue, render_entry, render_key, render_value

from .strategies import INT_MAX, INT_MIN, text, values


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types; aware datetimes also keep their offset."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, datetime | time):
        return type(a) is type(b) and a == b and a.utcoffset() == b.utcoffset()
    return type(a) is type(b) and a == b


@settings(max_examples=300)
@given(values)
def test_every_value_reads_back_the_same_in_rtoml_and_tomllib(value: Any) -> None:
    rendered = render_value(value)
    assert "\n" not in rendered and "\r" not in rendered
    doc = f"v = {rendered}\n"
    assert same(rtoml.loads(doc)["v"], value), doc
    assert same(tomllib.loads(doc)["v"], value), doc


@settings(max_examples=200)
@given(text, text)
def test_keys_and_strings_read_back_and_never_break_a_line(key: str, value: str) -> None:
    doc = f"{render_key(key)} = {render_value(value)}\n"
    assert tomllib.loads(doc) == {key: value}
    # Nothing that an editor or Python's splitlines() takes for a line break is written raw.
    assert len(doc.splitlines()) == 1


@settings(max_examples=100)
@given(text, st.dictionaries(text, values, max_size=4))
def test_entries_read_back(id: str, fields: dict[str, Any]) -> None:
    doc = render_entry("webinars", id, fields, "\r\n")
    assert same(rtoml.loads(doc), {"webinars": {id: fields}})
    assert doc.endswith("\r\n") and "\n" not in doc.replace("\r\n", "")


def test_floats_keep_their_kind() -> None:
    assert render_value(1.0) == "1.0"
    assert render_value(1e16) == "1e+16"
    assert render_value(-math.inf) == "-inf"
    assert math.isnan(tomllib.loads(f"v = {render_value(math.nan)}")["v"])
    assert render_value(True) == "true"  # a bool is not written as the int it also is


def test_strings_escape_line_breaks_and_bidi_controls_but_keep_other_text() -> None:
    assert render_value("a\u2028b\u2029c\x85d") == r'"a\u2028b\u2029c\u0085d"'
    assert render_value("\u202eevil\u2066") == r'"\u202eevil\u2066"'
    assert render_value("æøå \U0001f600 e\u0301 \u200f") == '"æøå \U0001f600 e\u0301 \u200f"'
    assert render_value('"""\\') == r'"\"\"\"\\"'


@pytest.mark.parametrize(
    "value",
    [
        INT_MAX + 1,
        INT_MIN - 1,
        "\ud800",
        time(10, 0, tzinfo=UTC),
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(seconds=30))),
        None,
        [1, None],
    ],
)
def test_what_toml_cannot_hold_is_refused(value: Any) -> None:
    with pytest.raises(NotTomlValue):
        render_value(value)


def test_bounds_of_64_bit_integers_are_written() -> None:
    assert tomllib.loads(f"v = {render_value(INT_MIN)}")["v"] == INT_MIN
    assert tomllib.loads(f"v = {render_value(INT_MAX)}")["v"] == INT_MAX
