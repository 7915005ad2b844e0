"""The unified diff of an edit, as ``git diff`` shows it: what every ``--dry-run`` (and
``fmt --check``) prints, so that a change can be read, or applied with ``git apply``/``patch
-p1``, before anything is written.

Only the part of the file between the first and the last changed line is compared, so that
an entry added to a 20,000-webinar catalogue costs a few lines of work, not a comparison of
the whole file (difflib is quadratic at worst). A change wider than :data:`WINDOW` lines
(``fmt`` of a large, disordered file) is shown for its first :data:`WINDOW` lines only.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from webcat.catalogue.lex import split_lines_keepends
from webcat.cli.render import visible

#: The most lines of each side compared for one diff.
WINDOW = 2000
CONTEXT = 3


@dataclass(frozen=True, slots=True)
class FileDiff:
    """A diff's text, and the lines it leaves out when the change was wider than the window
    (first and last line of the new file shown, 1-based), else None."""

    text: str
    window: tuple[int, int] | None = None


def diff_name(path: Path | str) -> str:
    """The file's name in the ``a/``/``b/`` headers: relative to the current folder when it
    is inside it, else the path without its leading ``/`` (as ``git diff --no-index``)."""
    text = str(path)
    try:
        relative = Path(os.path.abspath(text)).relative_to(Path.cwd())
    except ValueError:
        return text.replace(os.sep, "/").lstrip("/")
    return relative.as_posix()


def _range(start: int, stop: int) -> str:
    """``start,length`` of a hunk header (1-based, as difflib and git write it)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def file_diff(old_text: str, new_text: str, path: Path | str) -> FileDiff:
    """The unified diff from ``old_text`` to ``new_text`` (empty when they are the same),
    with control characters made visible as on the terminal."""
    a = split_lines_keepends(old_text.replace("\r\n", "\n"))
    b = split_lines_keepends(new_text.replace("\r\n", "\n"))
    if a == b:
        return FileDiff("")
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = max(0, head - CONTEXT)
    a_stop, b_stop = len(a) - tail + min(tail, CONTEXT), len(b) - tail + min(tail, CONTEXT)
    window = None
    if a_stop - start > WINDOW or b_stop - start > WINDOW:
        a_stop, b_stop = min(a_stop, start + WINDOW), min(b_stop, start + WINDOW)
        window = (start + 1, b_stop)
    name = diff_name(path)
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    matcher = difflib.SequenceMatcher(None, a[start:a_stop], b[start:b_stop], autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        i1, i2 = group[0][1] + start, group[-1][2] + start
        j1, j2 = group[0][3] + start, group[-1][4] + start
        out.append(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@\n")
        for tag, ai, aj, bi, bj in group:
            if tag == "equal":
                out += [" " + line for line in a[start + ai : start + aj]]
                continue
            out += ["-" + line for line in a[start + ai : start + aj]]
            out += ["+" + line for line in b[start + bi : start + bj]]
    text = "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out
    )
    return FileDiff(visible(text), window)
