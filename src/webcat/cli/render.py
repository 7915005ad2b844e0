"""Terminal rendering: catalogue text made safe to show, and tables.

Catalogue text is untrusted. It goes into rich only as :class:`rich.text.Text` (so ``[bold]``
prints literally), and :func:`visible` turns control characters - ESC sequences, other C0 and
C1 controls, and bidirectional overrides - into visible escapes so that they are never
emitted to the terminal.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from webcat.catalogue.problems import Problem

# C0 except newline/tab handled separately, DEL, C1, and the bidi controls that can reorder
# what a reader sees (CVE-2021-42574, "Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, single_line: bool = False) -> str:
    """``text`` with every control character shown as an escape such as ``\\x1b``."""
    text = _CONTROL.sub(_escape, text)
    if single_line:
        text = text.replace("\t", "\\t").replace("\n", "\\n")
    return text


def safe(text: str | None, style: str = "", *, single_line: bool = False) -> Text:
    """A rich Text of untrusted ``text``: markup not interpreted, controls visible."""
    return Text(visible(text or "", single_line=single_line), style=style)


def problem_text(p: Problem, prefix: str = "") -> Text:
    """One problem as ``entity.field: message (hint) [code]``, after ``prefix`` (bold; the
    file:line in ``validate``, an indent where a refused edit lists its problems)."""
    text = Text(prefix, style="bold")
    where = ".".join(x for x in (p.entity, p.field) if x)
    if where:
        text.append(visible(where, single_line=True), style="cyan")
        text.append(": ")
    text.append(visible(p.message, single_line=True))
    if p.hint:
        text.append(f" ({visible(p.hint, single_line=True)})", style="yellow")
    text.append(f" [{p.code}]", style="dim")
    return text
