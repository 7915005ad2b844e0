"""Splicing one block: only the key concerned changes; what webcat cannot be sure of is refused."""

from __future__ import annotations

import tomllib

import pytest

from webcat.catalogue.blocks import Locator
from webcat.catalogue.splice import Unsafe, insertion, removal, set_key, top_level_key

ORDER = ["series", "title", "date", "description"]
BLOCK = '[webinars.w]  # head\n  series = "s"   # the series\n# about the date\ndate = 2024-01-01\n'


def _set(block: str, name: str, line: str | None, present: bool = False) -> str:
    return set_key(block, "webinars", "w", name, line, order=ORDER, present=present)


def test_a_value_is_replaced_keeping_indent_and_end_of_line_comment() -> None:
    new = _set(BLOCK, "series", 'series = "t"', present=True)
    assert new == BLOCK.replace('series = "s"', 'series = "t"')


def test_a_new_key_goes_after_the_key_before_it_in_the_format_s_order() -> None:
    new = _set(BLOCK, "title", 'title = "T"')
    assert new == BLOCK.replace("# the series\n", '# the series\n  title = "T"\n')
    assert tomllib.loads(new)["webinars"]["w"]["title"] == "T"
    # A key that comes first goes before the first key, above the comments glued to it.
    block = "[webinars.w]\n# about the date\ndate = 2024-01-01\n"
    assert _set(block, "series", 'series = "s"') == block.replace("#", 'series = "s"\n#', 1)


def test_unset_removes_the_line_only() -> None:
    new = _set(BLOCK, "date", None, present=True)
    assert new == BLOCK.replace("date = 2024-01-01\n", "")


def test_crlf_lines_keep_their_ending() -> None:
    block = '[webinars.w]\r\ntitle = "a"  # c\r\n'
    new = set_key(block, "webinars", "w", "title", 'title = "b"', order=ORDER, present=True)
    assert new == '[webinars.w]\r\ntitle = "b"  # c\r\n'


@pytest.mark.parametrize(
    ("block", "name"),
    [
        ('[webinars.w]\ntitle.nb = "x"\n', "title"),  # dotted key
        ('[webinars.w]\nseries = "s"\n[webinars.w.title]\nnb = "x"\n', "title"),  # sub-table
        ('[webinars.w]\n[webinars.w.title]\nnb = "x"\n', "title"),
    ],
)
def test_keys_that_are_not_plain_lines_are_refused(block: str, name: str) -> None:
    with pytest.raises(Unsafe):
        _set(block, name, 'title = "y"', present=True)


def test_a_new_key_is_placed_before_sub_tables() -> None:
    block = '[webinars.w]\nseries = "s"\n[webinars.w.extra]\nx = 1\n'
    new = _set(block, "date", "date = 2024-01-01")
    assert new == block.replace("[webinars.w.extra]", "date = 2024-01-01\n[webinars.w.extra]")


TEXT = '# top\ntitle = "T"\n\n[series.a]\nt = 1\n\n# B\n[series.b]\nt = 2\n\n[people.p]\nn = 1\n'


def _without(text: str, table: str, id: str) -> str:
    block = Locator(text).block(table, id)
    assert block is not None
    start, end = removal(text, block)
    return text[:start] + text[end:]


def test_removal_keeps_the_comment_above_for_the_entry_below_and_one_blank_line() -> None:
    assert _without(TEXT, "series", "a") == TEXT.replace("[series.a]\nt = 1\n\n", "")
    assert _without(TEXT, "people", "p") == TEXT.replace("\n\n[people.p]\nn = 1\n", "\n")


def _insert(text: str, table: str, chunk: str, earlier: list[str]) -> str:
    start, end, new = insertion(
        Locator(text), table, chunk, earlier, frozenset({"series", "people", "tags"}), "\n"
    )
    return text[:start] + new + text[end:]


def test_new_entries_go_after_the_last_of_their_table_or_the_table_before() -> None:
    new = _insert(TEXT, "series", "[series.c]\nt = 3\n", [])
    assert new == TEXT.replace("t = 2\n", "t = 2\n\n[series.c]\nt = 3\n")
    new = _insert(TEXT, "tags", "[tags.x]\n", ["series", "people"])
    assert new == TEXT + "\n[tags.x]\n"
    # No entry of this kind or any before it: before the first entry's comments.
    new = _insert(TEXT, "series", "[series.0]\n", [])
    assert tomllib.loads(new)["series"]["0"] == {}


def test_insertion_into_a_file_without_entries() -> None:
    assert (
        _insert('title = "T"\n\n\n', "series", "[series.a]\n", []) == 'title = "T"\n\n[series.a]\n'
    )
    assert _insert("", "series", "[series.a]\n", []) == "[series.a]\n"


def test_top_level_keys_are_replaced_or_added_before_the_first_table() -> None:
    def apply(text: str, key: str, line: str) -> str:
        start, end, new = top_level_key(Locator(text), key, line, "\n")
        return text[:start] + new + text[end:]

    assert apply(TEXT, "title", 'title = "U"') == TEXT.replace('"T"', '"U"')
    assert apply(TEXT, "language", 'language = "nn"') == TEXT.replace(
        'title = "T"\n', 'title = "T"\nlanguage = "nn"\n'
    )
    assert apply("[series.a]\n", "title", 'title = "T"') == 'title = "T"\n[series.a]\n'
    crlf = 'title = "T"\r\n\r\n[series.a]\r\n'
    assert apply(crlf, "title", 'title = "U"') == crlf.replace('"T"', '"U"')
