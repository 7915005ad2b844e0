"""Hostile catalogue text through every list and export format, asserting the bytes a user's
terminal, spreadsheet or feed reader would get on stdout (issue 15: one cleaning rule per
format, in webcat.export.safety)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Invoke
from webcat.export.safety import csv_cell, json_escape, neutralise_formula, tsv_cell

# Terminal hyperlink (OSC 8), clipboard write (OSC 52), BEL, CSI as C1 U+009B, DEL, and the
# bidi controls of "Trojan Source".
OSC8 = "\x1b]8;;https://evil.example\x07klikk\x1b]8;;\x07"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
HOSTILE = f"A {OSC8} {OSC52} \x9b2J \x7f \u202eesrever\u202c \u2066iso\u2069 \u200f B"

#: What must never appear raw on stdout: C0 but tab/LF/CR, DEL, C1, bidi controls.
RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string for these


CATALOGUE = f"""
title = {_toml("Katalog " + HOSTILE)}

[series.s]
title = {_toml("Serie " + HOSTILE)}

[webinars.w]
series = "s"
title = {_toml("Tittel " + HOSTILE)}
topic = "\\n=HYPERLINK(\\"https://evil.example\\")"
description = {_toml(HOSTILE)}
date = 2024-01-10
speakers = ["p"]

[webinars.f]
series = "s"
title = "-2+3"
topic = "  @SUM(A1)"
date = 2024-01-11

[people.p]
name = {_toml("Navn " + HOSTILE)}
"""


@pytest.fixture
def hostile(write_catalogue) -> str:  # type: ignore[no-untyped-def]
    return str(write_catalogue(CATALOGUE))


def _stdout(invoke: Invoke, *args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.decode("utf-8")
    assert not RAW.search(out), (args, RAW.findall(out))
    return out


@pytest.mark.parametrize("kind", ["webinars", "people", "series"])
def test_list_tsv_escapes_controls_as_the_terminal_does(
    invoke: Invoke, hostile: str, kind: str
) -> None:
    out = _stdout(invoke, "list", kind, "-f", "tsv", "-c", hostile)
    assert "\\x1b]8;;https://evil.example\\x07klikk" in out
    assert "\\x9b2J \\x7f \\u202eesrever\\u202c \\u2066iso\\u2069 \\u200f B" in out


def test_list_tsv_and_csv_neutralise_formulas(invoke: Invoke, hostile: str) -> None:
    tsv = _stdout(invoke, "list", "-f", "tsv", "-c", hostile).splitlines()
    header = tsv[0].split("\t")
    rows = {r.split("\t")[0]: dict(zip(header, r.split("\t"), strict=True)) for r in tsv[1:]}
    assert rows["w"]["topic"] == '\'\\n=HYPERLINK("https://evil.example")'
    assert rows["f"]["title"] == "'-2+3" and rows["f"]["topic"] == "'  @SUM(A1)"

    raw = _stdout(invoke, "list", "-f", "csv", "-c", hostile)
    # Every neutralised cell is quoted, so no reader strips the quote character's protection.
    assert '"\'\n=HYPERLINK(""https://evil.example"")"' in raw.replace("\r\n", "\n")
    assert ',"\'-2+3",' in raw and ',"\'  @SUM(A1)",' in raw
    parsed = {r["id"]: r for r in csv.DictReader(io.StringIO(raw, newline=""))}
    assert parsed["w"]["topic"] == '\'\n=HYPERLINK("https://evil.example")'
    assert "\ufffd]8;;https://evil.example\ufffdklikk" in parsed["w"]["title"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_list_json_escapes_c1_and_bidi_and_keeps_the_text(
    invoke: Invoke, hostile: str, fmt: str
) -> None:
    out = _stdout(invoke, "list", "-f", fmt, "-c", hostile)
    assert "\\u009b2J \\u007f \\u202eesrever" in out
    first = json.loads(out)[0] if fmt == "json" else json.loads(out.splitlines()[0])
    assert first["title"] == "Tittel " + HOSTILE  # lossless


def test_list_table_shows_controls_as_escapes(invoke: Invoke, hostile: str) -> None:
    _stdout(invoke, "list", "-f", "table", "-c", hostile)


@pytest.mark.parametrize("fmt", ["html", "markdown", "csv", "json", "ics", "atom", "jsonld"])
def test_every_export_format_cleans_hostile_text(invoke: Invoke, hostile: str, fmt: str) -> None:
    out = _stdout(invoke, "export", fmt, "-c", hostile)
    if fmt == "json":  # the canonical data: lossless, as \u escapes
        assert json.loads(out)["webinars"]["w"]["description"] == HOSTILE
    else:  # documents (JSON-LD is the page's own graph) show U+FFFD
        assert "\ufffd" in out


def test_html_kicker_and_footer_take_the_cleaned_catalogue_title(
    invoke: Invoke, hostile: str
) -> None:
    page = _stdout(invoke, "export", "html", "-c", hostile)
    # The title held controls, so the uncleaned one differed from the page's and was repeated
    # raw above it; now it is the page's own title.
    assert '<p class="kicker">' not in page
    assert "<h1>Katalog A \ufffd]8;;https://evil.example\ufffdklikk" in page
    assert "«Katalog A \ufffd]8;;https://evil.example\ufffdklikk" in page


def test_csv_export_neutralises_and_quotes(invoke: Invoke, hostile: str) -> None:
    raw = _stdout(invoke, "export", "csv", "-c", hostile)
    assert ',"\'-2+3",' in raw
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(raw, newline=""))}
    assert rows["w"]["topic"].startswith("'\n=")


# -- the rules themselves, for any text ------------------------------------------------------


@given(st.text())
def test_csv_cell_reads_back_as_cleaned_text_and_never_as_a_formula(value: str) -> None:
    (row,) = list(csv.reader(io.StringIO(f"a,{csv_cell(value)},b\r\n", newline="")))
    assert len(row) == 3 and row[0] == "a" and row[2] == "b"
    cell = row[1]
    assert not RAW.search(cell)
    stripped = cell.lstrip()
    if stripped[:1] in ("=", "+", "-", "@") or cell[:1] in ("\t", "\r", "\n"):
        raise AssertionError(f"formula not neutralised: {cell!r}")
    if cell != value:
        assert cell.startswith("'") or "\ufffd" in cell
    if cell.startswith("'") and neutralise_formula(value) != value:
        assert csv_cell(value).startswith('"')


@given(st.text())
def test_tsv_cell_is_one_safe_field(value: str) -> None:
    cell = tsv_cell(value)
    assert "\t" not in cell and "\n" not in cell and "\r" not in cell
    assert not RAW.search(cell)
    assert cell.lstrip()[:1] not in ("=", "+", "-", "@")


@given(st.recursive(st.text() | st.none(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)))
def test_json_escape_keeps_the_data(data: object) -> None:
    text = json_escape(json.dumps(data, ensure_ascii=False))
    assert not RAW.search(text) and "\u2028" not in text
    assert json.loads(text) == data


def test_show_and_validate_json_escape_c1_and_bidi(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = str(
        write_catalogue(
            CATALOGUE + '\n[webinars.bad]\nseries = "s"\ntitle = "x"\n"\\u009bkey" = 1\n'
        )
    )
    shown = invoke("show", "w", "--format", "json", "-c", path)
    assert shown.exit_code == 0 and not RAW.search(shown.stdout)
    assert json.loads(shown.stdout)["data"]["title"] == "Tittel " + HOSTILE
    checked = invoke("validate", "--format", "json", "-c", path)
    assert checked.exit_code == 1 and not RAW.search(checked.stdout)
    assert "\\u009bkey" in checked.stdout
