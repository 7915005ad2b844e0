"""TOML 1.0 and nothing newer, on every path that reads TOML.

The catalogue format is TOML 1.0 (docs/catalogue-format.md). rtoml (the fast reader) and
tomlkit (the store's editor) also accept TOML 1.1's additions, the standard library's
tomllib rejects them before Python 3.14 and accepts them from 3.14 on. Without one rule, a
file that ``webcat validate`` accepts could be refused by another tool - or by ``webcat.toml``
under another Python. So every reader runs :func:`toml11_use` on text its parser accepted,
and refuses what only TOML 1.1 allows:

- the escapes ``\\e`` and ``\\xHH`` in basic strings (and quoted keys);
- a trailing comma, a line break or a comment inside an inline table's braces;
- a time (alone or in a date-time) without seconds: ``07:32``, ``1979-05-27T07:32``.

The check must cost next to nothing on a catalogue of 40 MiB, so it is done in two steps.
One regular expression per kind of construct, each starting with a literal character (the engine
then skips through the text at C speed), finds the places that *could* be one; TOML 1.0
text never has them outside strings and comments, and real catalogues have few inside.
Only there does the lexer (:mod:`webcat.catalogue.lex`) look at the line to decide: the
same characters inside a literal string, a comment, or as ``\\\\e`` are fine. On the
21,500-talk benchmark catalogues the check costs 0.7-1.6% of ``webcat validate``, 2.3% in a
worst case with two candidates in each of 17,000 descriptions (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from webcat.catalogue import lex

_STRING = r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'"""
_PLAIN = r"""(?:[^\n{}"'#,]|,(?![ \t]*\}))*"""

#: ``\e`` or ``\x`` after an even run of backslashes (``\\e`` is a backslash and an e).
_ESCAPE = re.compile(r"\\(?<!\\\\)(?:\\\\)*[ex]")
#: ``HH:MM`` not followed by ``:``, where a TOML time can start: right after the ``T``, ``t``
#: or space of a date-time, or after ``=``, ``[``, ``,``, ``{`` or a line break and
#: optional white space. Not an offset (``+01:00``), and rarely prose (``kl. 10:30``).
_TIME = re.compile(r":(?:(?<=[Tt=\[,{\n]\d\d:)|(?<=[=\[,{ \t\n\d][ \t]\d\d:))\d\d(?!:)")
#: A ``{`` not closed on its own line by a ``}`` (skipping simple strings), or closed right
#: after a comma: a line break, a comment, a trailing comma, a nested table or anything
#: unusual sends it to the lexer.
_BRACE = re.compile(rf"\{{(?!{_PLAIN}(?:(?:{_STRING}){_PLAIN})*\}})")


@dataclass(frozen=True, slots=True)
class Toml11Use:
    """Where a text uses TOML 1.1 syntax, what it is, and how to write it in TOML 1.0."""

    offset: int
    what: str
    hint: str

    def message(self) -> str:
        return f"{self.what}: TOML 1.1 syntax, and catalogues are TOML 1.0"


def _escape_use(text: str, pos: int, kind: str) -> Toml11Use | None:
    if kind not in (lex.BASIC, lex.ML_BASIC) or not lex.escape_starts_at(text, pos):
        return None
    if text[pos + 1] == "e":
        return Toml11Use(
            pos, "escape \\e", "TOML 1.0 does not allow \\e in strings; write \\u001b instead"
        )
    digits = text[pos + 2 : pos + 4]
    code = f"{int(digits, 16):04x}" if re.fullmatch(r"[0-9A-Fa-f]{2}", digits) else "00HH"
    return Toml11Use(
        pos,
        f"escape \\x{digits}",
        f"TOML 1.0 does not allow \\xHH escapes; write \\u{code} instead",
    )


def _brace_use(text: str, pos: int) -> Toml11Use | None:
    fault = lex.inline_table_fault(text, pos)
    if fault is None:
        return None
    at, kind = fault
    if kind == "comma":
        return _comma_use(at)
    return Toml11Use(
        at,
        "line break or comment inside an inline table",
        "TOML 1.0 does not allow line breaks or comments between an inline table's braces; "
        "write it on one line, or as a [table] section",
    )


def _comma_use(pos: int) -> Toml11Use:
    return Toml11Use(
        pos,
        "trailing comma in an inline table",
        "TOML 1.0 does not allow a comma before an inline table's '}'; remove the trailing comma",
    )


def _time_use(text: str, pos: int) -> Toml11Use:
    start = pos - 2
    return Toml11Use(
        start,
        f"time without seconds ({text[start : pos + 3]})",
        f"TOML 1.0 does not allow times without seconds; add :00 seconds "
        f"({text[start : pos + 3]}:00)",
    )


def toml11_use(text: str) -> Toml11Use | None:
    """The first place where ``text`` (which a TOML 1.1 parser accepted) uses syntax that
    TOML 1.0 does not have, or None. The answer for text that is not TOML at all is
    unspecified: parse first."""
    hits: list[tuple[int, str]] = [(m.end() - 2, "escape") for m in _ESCAPE.finditer(text)]
    hits += [(m.start(), "time") for m in _TIME.finditer(text)]
    hits += [(m.start(), "brace") for m in _BRACE.finditer(text)]
    if not hits:
        return None
    hits.sort()
    spans = lex.multiline_string_spans(text)
    for pos, construct in hits:
        kind, _ = lex.context_at(text, pos, spans)
        if construct == "escape":
            found = _escape_use(text, pos, kind)
        elif kind != lex.CODE:
            continue
        elif construct == "time":
            found = _time_use(text, pos)
        else:
            found = _brace_use(text, pos)
        if found is not None:
            return found
    return None
