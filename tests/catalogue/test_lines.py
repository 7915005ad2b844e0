"""The line index: line and column as an editor shows them, whatever the strings hold."""

from __future__ import annotations

from webcat.catalogue.lines import LineIndex

TEXT = (
    'title = "a\u2028b\u2029c\x85d"\r\n'  # line 1: one line, whatever Python's splitlines says
    "\r\n"
    "[webinars.w]\r\n"  # 3
    'description = """\r\n'  # 4
    "[webinars.fake]\r\n"  # 5: inside a string
    'url = "no"\r\n'  # 6: inside a string
    '"""\r\n'  # 7
    '  "url" = "https://æ.example"\r\n'  # 8
    "[[check.rules]]\r\n"  # 9
    "[webinars.'v'.sub]\r\n"  # 10
    "x = 1\r\n"  # 11
)


def test_lines_and_columns_count_lf_only_and_characters() -> None:
    index = LineIndex.build(TEXT)
    assert index.line_of("title") == 1
    assert index.headers[("webinars", "w")] == 3
    assert ("webinars", "fake") not in index.headers
    assert index.position_of("webinars", "w", "description") == (4, 15)
    assert index.position_of("webinars", "w", "url") == (8, 11)
    assert index.line_of("webinars", "v", "sub", "x") == 11
    assert index.line_of("webinars", "v", "sub", "y") == 10  # falls back to the header
    assert index.line_of("check", "rules") is None  # arrays of tables are not indexed


def test_lf_and_crlf_files_give_the_same_positions() -> None:
    lf = LineIndex.build(TEXT.replace("\r\n", "\n"))
    crlf = LineIndex.build(TEXT)
    assert (lf.headers, lf.keys, lf.value_columns) == (crlf.headers, crlf.keys, crlf.value_columns)
