"""The output-cleaning rules: one per format, and the only place they are written down.

Catalogue text is untrusted wherever it is shown. Three kinds of code point must never reach
a reader raw: control characters (ESC starts terminal sequences such as OSC 8 links and OSC 52
clipboard writes; BEL, C1's CSI U+009B), the bidirectional controls that reorder what a reader
sees (CVE-2021-42574, "Trojan Source"), and code points no document may hold (lone surrogates,
U+FFFE/U+FFFF). Each format deals with them in its own way:

========================  ===================================================================
format                    rule
========================  ===================================================================
HTML, Markdown, Atom,     :func:`clean`: each such code point becomes U+FFFD (the page shows
iCalendar                 that something was there); markup escaping is the format's own
JSON, JSON-LD             :func:`json_escape`: written as ``\\uXXXX`` escapes (lossless);
                          every JSON writer (reports, SARIF, the link state file,
                          manifests) goes through :func:`json_text`
TSV                       :func:`tsv_cell`: ``\\``, tab, newline, CR as ``\\\\ \\t \\n \\r``;
                          the others as ``\\xNN``/``\\uNNNN``, as on the terminal; and
                          :func:`neutralise_formula`
CSV                       :func:`csv_row`: :func:`clean`, :func:`neutralise_formula`, and
                          every neutralised cell quoted
terminal                  ``webcat.cli.render.visible`` (escapes, as TSV)
logs, CI annotations      :func:`one_line`: every control (newline and tab too) as an escape;
                          then :func:`github_message` / :func:`github_property` escape what
                          GitHub's workflow commands read (``%``, and ``:`` ``,`` in
                          properties), so no text can start a command of its own
JUnit XML                 :func:`xml_text`: controls (but tab, newline, CR), bidi controls
                          and what XML 1.0 cannot hold as ``\\xNN``/``\\uNNNN``; markup
                          escaping is ElementTree's
SARIF                     :func:`json_escape`, as JSON
========================  ===================================================================

Which URLs may become links is decided here too (:func:`safe_url`). A valid catalogue only
holds http, https and mailto URLs, but exporters are also called on models built in code, so
each of them checks again rather than trusting its input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

#: Schemes that may become links; anything else (javascript:, data:, vbscript:, file:, ...)
#: is written as plain text or left out.
SAFE_SCHEMES = ("http", "https", "mailto")

#: C0 controls except tab, newline and CR (which each format handles itself), DEL and C1.
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
#: Arabic letter mark, LRM, RLM, the embeddings and overrides, the isolates.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Code points that no document may hold: lone surrogates and two noncharacters.
INVALID = "\ud800-\udfff\ufffe\uffff"

_UNSAFE = re.compile(f"[{CONTROLS}{BIDI}{INVALID}]")
# In JSON, C0 is escaped by the encoder already; U+2028/9 end a line in older JavaScript.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI}{INVALID}\u2028\u2029]")
_TSV_SPECIAL = re.compile(f"[\\\\\t\n\r{CONTROLS}{BIDI}{INVALID}]")
_TSV_NAMED = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}

_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")

#: A spreadsheet runs a cell as a formula when it starts with one of these (CWE-1236),
#: after any leading whitespace, which some of them skip.
FORMULA_START = frozenset("=+-@")
_FORMULA_WHITESPACE = frozenset("\t\r\n")


@lru_cache(maxsize=65536)
def safe_url(url: str | None) -> str | None:
    """``url`` if it may be emitted as a link, else None.

    Browsers strip leading whitespace and controls and ignore tabs and newlines inside a
    scheme (``java\\tscript:``), so any such character makes the URL unsafe rather than
    being cleaned up here.
    """
    if not url or _SPACE_OR_CONTROL.search(url):
        return None
    m = _SCHEME.match(url)
    if m is None or m.group(1).lower() not in SAFE_SCHEMES:
        return None
    if m.group(1).lower() in ("http", "https") and not url[m.end() :].startswith("//"):
        return None
    return url


def clean(text: str) -> str:
    """Text for a document: controls, bidi controls and invalid code points as U+FFFD."""
    return _UNSAFE.sub("\ufffd", text) if _UNSAFE.search(text) else text


def _u_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group(0)):04x}"


def json_escape(text: str) -> str:
    """JSON text (from :func:`json.dumps` with ``ensure_ascii=False``) with C1, DEL, bidi
    controls, U+2028/9 and lone surrogates written as ``\\uXXXX``.

    Those code points can only occur inside JSON strings, where the escape means the same
    character, so the data is unchanged while no raw control reaches a terminal or a log.
    """
    return _JSON_UNSAFE.sub(_u_escape, text) if _JSON_UNSAFE.search(text) else text


def json_text(
    data: Any,
    *,
    indent: int | None = None,
    sort_keys: bool = False,
    separators: tuple[str, str] | None = None,
) -> str:
    """``data`` as JSON text under the JSON rule (:func:`json_escape`): the one way webcat
    writes JSON, so no report, state file or document carries a raw control character."""
    text = json.dumps(
        data, ensure_ascii=False, indent=indent, sort_keys=sort_keys, separators=separators
    )
    return json_escape(text)


def neutralise_formula(value: str) -> str:
    """``value`` prefixed with ``'`` when a spreadsheet would run it as a formula.

    That is a cell whose first character other than whitespace is ``=``, ``+``, ``-`` or
    ``@``, or that starts with a tab, CR or newline (OWASP's CSV-injection rules; "LF then
    ``=``" gets past a check of the first character alone).
    """
    if not value:
        return value
    if value[0] in _FORMULA_WHITESPACE:
        return "'" + value
    first = value.lstrip()[:1] if value[0].isspace() else value[0]
    return "'" + value if first in FORMULA_START else value


def _tsv_escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    named = _TSV_NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def tsv_cell(value: str) -> str:
    """A TSV cell: neutralised, then backslash, tab, newline, CR and unsafe code points as
    escapes (``\\\\``, ``\\t``, ``\\n``, ``\\r``, ``\\x1b``, ``\\u202e``)."""
    value = neutralise_formula(value)
    return _TSV_SPECIAL.sub(_tsv_escape, value) if _TSV_SPECIAL.search(value) else value


def tsv_row(cells: Iterable[str]) -> str:
    """One TSV line (LF-ended)."""
    return "\t".join(tsv_cell(c) for c in cells) + "\n"


_CSV_QUOTE = re.compile(r'[",\r\n]|^\s|\s$')


def csv_cell(value: str) -> str:
    """A CSV cell (RFC 4180): cleaned, neutralised, and quoted when neutralised or when it
    holds a quote, comma, line break or leading/trailing space."""
    value = clean(value)
    neutral = neutralise_formula(value)
    if len(neutral) != len(value) or _CSV_QUOTE.search(value):
        return '"' + neutral.replace('"', '""') + '"'
    return value


def csv_row(cells: Iterable[str]) -> str:
    """One CSV record (CRLF-ended)."""
    return ",".join(csv_cell(c) for c in cells) + "\r\n"


_LINE_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}{INVALID}]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` on one line with every control character (newlines and tabs included) shown
    as an escape such as ``\\x1b``: the rule for untrusted text in line-based reports."""
    return _LINE_UNSAFE.sub(_escape, text) if _LINE_UNSAFE.search(text) else text


def github_message(text: str) -> str:
    """The message of a GitHub workflow command (``::error ...::MESSAGE``)."""
    return one_line(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a GitHub workflow command (``file=``, ``title=``)."""
    return github_message(text).replace(":", "%3A").replace(",", "%2C")


_XML_UNSAFE = re.compile(f"[{CONTROLS}{BIDI}{INVALID}]")


def xml_text(text: str) -> str:
    """Text for XML 1.0, which cannot carry C0 controls, lone surrogates, U+FFFE/F even
    escaped; those, C1 controls, DEL and bidi controls are written as escapes, as on the
    terminal."""
    return _XML_UNSAFE.sub(_escape, text) if _XML_UNSAFE.search(text) else text
