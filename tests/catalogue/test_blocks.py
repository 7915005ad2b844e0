"""Finding entry blocks: the editor's Locator, fmt's Layout and the line index agree.

The texts are generated to be awkward: comments between and inside entries, multi-line
strings holding header lookalikes and triple quotes of the other kind, U+2028 and friends
inside strings, quoted and spaced headers, sub-tables, non-entry tables, CRLF files.
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from webcat.catalogue.blocks import Block, Layout, Locator, gap_start
from webcat.catalogue.fields import KINDS
from webcat.catalogue.lex import is_blank_or_comment
from webcat.catalogue.lines import LineIndex

from .strategies import catalogues


@settings(max_examples=150)
@given(catalogues())
def test_block_finders_agree_with_each_other_and_the_parser(case: tuple[str, set[Any]]) -> None:
    text, entries = case
    data = tomllib.loads(text)
    assert {(t, i) for t in KINDS for i in data.get(t, {})} == entries
    layout = Layout.scan(text, frozenset(KINDS))
    assert set(layout.blocks) == entries and not layout.problems
    locator = Locator(text)
    index = LineIndex.build(text)
    for (table, id), block in layout.blocks.items():
        assert locator.block(table, id) == block
        # The block alone holds all of the entry's data, and nothing else.
        assert rtoml.loads(text[block.start : block.end]) == {table: {id: data[table][id]}}
        gap = text[block.gap_start : block.start]
        assert all(is_blank_or_comment(line) for line in gap.split("\n")), gap
        assert index.headers[(table, id)] == text.count("\n", 0, block.start) + 1
    assert sum(block.end - block.start for block in layout.blocks.values()) <= len(text)


def _block(text: str, table: str, id: str) -> Block:
    found = Locator(text).block(table, id)
    assert found is not None
    return found


def test_a_comment_after_a_blank_line_belongs_to_the_entry_below() -> None:
    text = '[series.a]\ntitle = "A"\n# glued to a\n\n# --- B ---\n[series.b]\ntitle = "B"\n'
    a, b = _block(text, "series", "a"), _block(text, "series", "b")
    assert text[a.start : a.end] == '[series.a]\ntitle = "A"\n# glued to a\n'
    assert text[b.gap_start : b.start] == "\n# --- B ---\n"


def test_crlf_and_header_lookalikes_in_strings() -> None:
    text = (
        '[webinars.w]\r\ndescription = """\r\n[webinars.v]\r\n"""\r\n'
        "note = \"it's ''' \u2028[webinars.u]\"\r\n\r\n[webinars.v]\r\ntitle = 'V'\r\n"
    )
    w = _block(text, "webinars", "w")
    assert text[w.start : w.end].endswith('[webinars.u]"\r\n')
    v = _block(text, "webinars", "v")
    assert text[v.start :] == "[webinars.v]\r\ntitle = 'V'\r\n"
    assert Locator(text).block("webinars", "u") is None


def test_gap_start_stops_at_content() -> None:
    text = "a = 1\n# glued\n\n# own\n[x.y]\n"
    # The blank line and the comment below it; the comment glued to `a = 1` stays above.
    assert gap_start(text, text.index("[x"), 0) == text.index("\n\n# own") + 1


def test_the_last_blocks_and_blank_lines_between_them() -> None:
    text = "[series.a]\nt = 1\n\n\n[series.b]\nt = 2\n\n\n[people.p]\nn = 1\n"
    loc = Locator(text)
    assert [b.id for b in loc.last_blocks("series", 2)] == ["a", "b"]
    assert loc.blank_lines_between("series") == 2
    assert loc.blank_lines_between("people") == 1  # one entry: the default
    assert loc.first_block_among(frozenset({"people", "series"})) == _block(text, "series", "a")


def test_entry_ids_are_the_plain_headers_outside_multi_line_strings() -> None:
    text = '[series.a]\ntitle = """\n[series.fake]\n"""\n\n[webinars.w] # c\r\nseries = "a"\n'
    loc = Locator(text)
    assert loc.entry_ids() == {"a", "w"}
    assert loc.block("series", "fake") is None
    assert _block(text, "webinars", "w").start == text.index("[webinars.w]")
    # A quoted key anywhere: no index of plain headers, and lookups search instead.
    quoted = text + "\n[people.\"p\"]\nname = 'P'\n"
    assert Locator(quoted).entry_ids() is None
    assert _block(quoted, "people", "p").start == quoted.index("[people.")
    assert _block(quoted, "series", "a").start == 0


@settings(max_examples=150)
@given(catalogues(), st.data())
def test_a_spliced_locator_reads_as_a_fresh_one(case: tuple[str, set[Any]], data: Any) -> None:
    """What the editor keeps after a splice (remove, replace or insert an entry) finds the
    same lines, strings and blocks as reading the new text afresh."""
    text, entries = case
    loc = Locator(text)
    assert loc.entry_ids() is not None or True  # builds the header index when it can
    blocks = [b for key in sorted(entries) if (b := loc.block(*key)) is not None]
    piece = data.draw(
        st.sampled_from(
            ["", '[webinars.spliced]\ntitle = "Ny"\n', "[people.q]\nname = '''x\n[a.b]\n'''\n"]
        )
    )
    if blocks:
        block = data.draw(st.sampled_from(blocks))
        start, end = data.draw(st.sampled_from([(block.start, block.end), (block.end, block.end)]))
    else:
        start = end = len(text)
    new_text = text[:start] + piece + text[end:]
    spliced = loc.spliced(new_text, start, end, piece)
    if spliced is None:
        return
    fresh = Locator(new_text)
    assert (spliced.starts, spliced.spans) == (fresh.starts, fresh.spans)
    assert spliced.entry_ids() == fresh.entry_ids()
    for key in sorted(entries | {("webinars", "spliced"), ("people", "q")}):
        assert spliced.block(*key) == fresh.block(*key)
    for table in KINDS:
        assert spliced.last_blocks(table, 2) == fresh.last_blocks(table, 2)


@pytest.mark.parametrize("crlf", [False, True])
def test_spliced_locators_follow_a_realistic_catalogue_through_many_edits(
    small: Any, crlf: bool
) -> None:
    text = small.to_toml(crlf=crlf)
    nl = "\r\n" if crlf else "\n"
    loc: Locator | None = Locator(text)
    assert loc is not None and loc.entry_ids()
    keys = sorted((t, i) for t in ("webinars", "resources", "people") for i in small.data[t])
    done = kept = 0
    for n, key in enumerate(keys[:: max(1, len(keys) // 40)]):
        assert loc is not None
        block = loc.block(*key)
        assert block is not None
        piece = ["", f'[series.new{n}]{nl}title = "N"{nl}{nl}', f"[people.p{n}]{nl}name = 'P'{nl}"][
            n % 3
        ]
        start, end = (block.start, block.end) if n % 2 else (block.end, block.end)
        text = text[:start] + piece + text[end:]
        spliced = loc.spliced(text, start, end, piece)
        kept += spliced is not None
        loc = spliced or Locator(text)
        fresh = Locator(text)
        assert (loc.starts, loc.spans, loc.entry_ids()) == (
            fresh.starts,
            fresh.spans,
            fresh.entry_ids(),
        )
        for table in ("series", "webinars", "resources", "people"):
            assert loc.last_blocks(table, 2) == fresh.last_blocks(table, 2)
        done += 1
    assert done >= 30 and kept >= done * 3 // 4  # the rest cut a multi-line string
