"""One TOML version on every path: TOML 1.0. What only TOML 1.1 allows is refused with its
place, in the catalogue and in webcat.toml; the same characters in strings and comments
are fine; and the reader agrees with a TOML 1.0 parser (tomllib before Python 3.14)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import HEADER, MINIMAL, Invoke, WriteCatalogue
from webcat.catalogue.document import parse_toml
from webcat.catalogue.toml10 import toml11_use
from webcat.catalogue.tomlwrite import render_value
from webcat.errors import CatalogueError

from .strategies import values

TOMLLIB_IS_1_0 = sys.version_info < (3, 14)

# (construct, line in the body where it sits, column, words of the message, words of the hint)
ELEVEN = [
    ('[series.t]\ntitle = "Bell \\e[31m"\n', 2, 15, "escape \\e", "write \\u001b"),
    ('[series.t]\ntitle = "Hex \\x41"\n', 2, 14, "escape \\x41", "write \\u0041"),
    ('[series.t]\ntitle = """\nline \\e\n"""\n', 3, 6, "escape \\e", "write \\u001b"),
    ('[series.t]\n"k\\x41" = 1\n', 2, 3, "escape \\x41", "write \\u0041"),
    ('[series.t]\ntitle = { nb = "T", }\n', 2, 19, "trailing comma", "remove the trailing comma"),
    ('[series.t]\ntitle = { nb = "T",\n en = "U" }\n', 2, 20, "line break", "on one line"),
    ('[series.t]\ntitle = {\n nb = "T" }\n', 2, 10, "line break", "on one line"),
    ('[series.t]\ntitle = { nb = "T", # c\n en = "U" }\n', 2, 21, "comment inside", "one line"),
    ("[webinars.w3]\ndate = 2024-03-01T10:30\n", 2, 19, "time without seconds", "add :00"),
    ("[webinars.w3]\ndate = 2024-03-01 10:30+01:00\n", 2, 19, "(10:30)", "10:30:00"),
    ("[webinars.w3]\nstarts = 10:30\n", 2, 10, "time without seconds", "add :00 seconds"),
]

BODY_LINES = (HEADER + MINIMAL).count("\n")


@pytest.mark.parametrize(("body", "line", "column", "what", "hint"), ELEVEN)
def test_toml_1_1_syntax_is_refused_with_its_place(
    invoke: Invoke,
    write_catalogue: WriteCatalogue,
    body: str,
    line: int,
    column: int,
    what: str,
    hint: str,
) -> None:
    path = write_catalogue(MINIMAL + body)
    for command in (["validate"], ["list"], ["set", "w1", "title", "Ny"], ["fmt", "--check"]):
        result = invoke(*command, "-c", str(path))
        assert result.exit_code == 3, (command, result.output)
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"error: {path}:{BODY_LINES + line}:{column}: not valid TOML 1.0")
        assert what in first, first
        assert "TOML 1.0 does not allow" in result.stderr and hint in result.stderr
        assert "Traceback" not in result.output
    assert (HEADER + MINIMAL + body) == path.read_text(encoding="utf-8")  # nothing written


FINE = [
    '[series.t]\ntitle = "not \\\\e nor \\\\x41, a,} {nb = 1, } 10:30"\n',
    "[series.t]\ntitle = 'literal \\e \\x41 a,} {\" 10:30'\n",
    '[series.t]\ntitle = """\nmany \\\\e lines {\na,}\n10:30 \\\\\\\\x41\n"""\n',
    "[series.t]\ntitle = '''\n\\e\\x41 {\n,}\n'''\n",
    '[series.t] # \\e \\x41 { ,} 10:30\n# { a = 1,\n# }\ntitle = { nb = "}{", en = "a,}" }\n',
    '[series.t]\ntitle = "T"\nextra = { a = [1,\n 2, # fine in arrays\n], b = """x\ny""" }\n',
    '[webinars.w3]\ndate = 2024-03-01T10:30:00+01:00\nseries = "s"\ntitle = "x"\n',
]


@pytest.mark.parametrize("body", FINE)
def test_the_same_characters_in_strings_comments_and_arrays_are_fine(
    invoke: Invoke, write_catalogue: WriteCatalogue, body: str
) -> None:
    path = write_catalogue(MINIMAL + body)
    result = invoke("list", "-c", str(path))
    assert result.exit_code == 0, result.output
    assert tomllib.loads(path.read_text(encoding="utf-8"))  # TOML 1.0 indeed


@pytest.mark.parametrize(("body", "line", "column"), [case[:3] for case in ELEVEN[::3]])
def test_webcat_toml_is_held_to_the_same_version(
    invoke: Invoke,
    write_catalogue: WriteCatalogue,
    tmp_path: Path,
    body: str,
    line: int,
    column: int,
) -> None:
    # a problem, so that validate needs the levels of webcat.toml
    path = write_catalogue(MINIMAL + '[webinars.w9]\nseries = "gone"\ntitle = "X"\n')
    settings_file = tmp_path / "webcat.toml"
    settings_file.write_text("[validate]\nerror = []\n" + body, encoding="utf-8")
    for command in ("validate", "check"):
        result = invoke(command, "-c", str(path))
        assert result.exit_code == 2, (command, result.output)
        assert f"{settings_file}" in result.stderr and "Traceback" not in result.output
        if not TOMLLIB_IS_1_0:  # tomllib takes TOML 1.1 from 3.14 on; webcat still refuses
            assert f"{settings_file}:{line + 2}:{column}: not valid TOML 1.0" in result.stderr


# -- agreement with a TOML 1.0 parser ---------------------------------------------------------

_in_basic = st.sampled_from(
    ["x", "\\e", "\\x41", "\\xZZ", "\\\\e", "\\\\x41", "\\\\", '\\"', ",}", "{", "}", "10:30", "#"]
)
_in_literal = st.sampled_from(["x", "\\e", "\\x41", ",}", "{", "10:30", '"', "#", "\\"])
_in_multi = st.one_of(_in_basic, st.sampled_from(["\n", '"', '""', "'", "\\\n"]))
_sep = st.sampled_from([" ", ", ", ",", "\n", " # c\n", ",\n", ", # c\n"])


def _joined(piece: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(piece, max_size=4).map("".join)


_scalar = st.one_of(
    _joined(_in_basic).map(lambda s: f'"{s}"'),
    _joined(_in_literal).map(lambda s: f"'{s}'"),
    _joined(_in_multi).map(lambda s: f'"""{s}"""'),
    _joined(_in_literal | st.just("\n")).map(lambda s: f"'''{s}'''"),
    st.sampled_from(
        [
            "1",
            "10:30",
            "10:30:00",
            "1979-05-27T07:32",
            "1979-05-27T07:32:00Z",
            "1979-05-27 07:32+01:00",
            "1979-05-27T07:32:00.5-05:00",
            "1979-05-27",
            "true",
        ]
    ),
)


@st.composite
def _container(draw: st.DrawFn, inner: st.SearchStrategy[str]) -> str:
    items = draw(st.lists(inner, max_size=3))
    seps = [draw(_sep) for _ in items]
    trail = draw(st.sampled_from(["", ",", ", ", ",\n", "\n", " # c\n"]))
    if draw(st.booleans()):
        body = "".join(f"k{i} = {v}{s if i < len(items) - 1 else ''}" for i, (v, s) in
                       enumerate(zip(items, seps, strict=True)))  # fmt: skip
        return "{" + body + (trail if items else "") + "}"
    body = "".join(f"{v}{s if i < len(items) - 1 else ''}" for i, (v, s) in
                   enumerate(zip(items, seps, strict=True)))  # fmt: skip
    return "[" + body + (trail if items else "") + "]"


_value = st.recursive(_scalar, _container, max_leaves=5)
_key = st.one_of(st.sampled_from(["a", "b", '"q\\x41"', '"q\\e"', "'l\\e'"]))
_line = st.one_of(
    st.tuples(_key, _value, st.sampled_from(["", " # \\e 10:30 {,}"])).map(
        lambda t: f"{t[0]} = {t[1]}{t[2]}"
    ),
    st.sampled_from(["# {a = 1,", "", "[t]"]),
)
documents = st.lists(_line, max_size=4).map(lambda lines: "\n".join(lines) + "\n")


@pytest.mark.skipif(not TOMLLIB_IS_1_0, reason="tomllib reads TOML 1.1 from Python 3.14 on")
@settings(max_examples=600, deadline=None)
@given(documents)
def test_the_reader_accepts_exactly_what_a_toml_1_0_parser_accepts(doc: str) -> None:
    try:
        expected = tomllib.loads(doc)
    except tomllib.TOMLDecodeError:
        with pytest.raises(CatalogueError):
            parse_toml(doc, Path("c.toml"))
        return
    assert parse_toml(doc, Path("c.toml")) == expected, doc


@settings(max_examples=200, deadline=None)
@given(values)
def test_webcat_writes_no_toml_1_1(value: Any) -> None:
    doc = f"v = {render_value(value)}\n"
    assert toml11_use(doc) is None, doc
