"""The canonical layout (`webcat fmt`): same data, same comments, and a fixed point."""

from __future__ import annotations

from typing import Any

import rtoml
from hypothesis import given, settings

from webcat.catalogue.canonical import canonical_text, full_line_comments

from .strategies import catalogues


def _fmt(text: str) -> str:
    return canonical_text(text, rtoml.loads(text), "c.toml")


@settings(max_examples=150)
@given(catalogues())
def test_formatting_keeps_data_and_comments_and_is_idempotent(case: tuple[str, Any]) -> None:
    text = case[0].replace("\r\n", "\n")  # the store formats CRLF files as LF
    once = _fmt(text)
    assert rtoml.loads(once) == rtoml.loads(text)
    assert full_line_comments(once) == full_line_comments(text)
    assert _fmt(once) == once


def test_lines_of_multi_line_strings_are_data_not_layout() -> None:
    text = (
        'title = """x  \n\n\n# not a comment  \n"""\n\n\n\n'
        "[check]\nnote = '''a\t\n\n\n[webinars.w]'''   \n"
    )
    once = _fmt(text)
    assert once == (
        'title = """x  \n\n\n# not a comment  \n"""\n\n'
        "[check]\nnote = '''a\t\n\n\n[webinars.w]'''\n"
    )
    assert full_line_comments(text) == []


def test_comments_keep_characters_python_calls_white_space() -> None:
    text = '# heading\u2028\n[series.s]  # eol\x85\ntitle = "S"\n'
    assert _fmt(text) == text
