"""Reading one catalogue file into a :class:`Document`: its text, its data and a lazy line
index, with a one-line located error for every way the file can be bad.

Reading never pays for style preservation: it parses with rtoml, a TOML parser in Rust,
4.6x faster than the standard library's tomllib on a 20,000-webinar catalogue
(docs/dependencies.md); rtoml also takes TOML 1.1's additions, which
:mod:`~webcat.catalogue.toml10` then refuses. Only the store, which writes, uses tomlkit.

The bottom of the reading path: :mod:`~webcat.catalogue.build` builds the model from a
Document, and :mod:`~webcat.catalogue.load` (the front door) puts the two together.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from webcat.catalogue.lines import LineIndex
from webcat.catalogue.locate import STDIN_NAME, is_stdin
from webcat.errors import CatalogueError
from webcat.gcpause import no_gc

#: Larger files are refused before parsing; a catalogue of 100,000 webinars is ~40 MiB.
MAX_BYTES = 64 * 1024 * 1024

_AT = re.compile(r" at line (\d+) column (\d+)$")


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", errors="replace")) + 1


def read_text(path: Path) -> str:
    """The file's text, or a :class:`CatalogueError` that says exactly what is wrong.

    A catalogue must be a regular file: a FIFO, ``/dev/zero`` or ``/dev/null`` is refused
    before a byte is read (never a hang, never a read without end), as is a file over the
    size limit.
    """
    from webcat.files import FileTooLarge, NotRegularFile, read_regular_file

    if is_stdin(path):
        return _decode(_read_stdin(), shown(path))
    try:
        data = read_regular_file(path, MAX_BYTES)
    except NotRegularFile as err:
        if err.kind == "a folder":
            raise CatalogueError.at(path, "is a folder, not a catalogue file") from None
        raise CatalogueError.at(
            path, f"is {err.kind}, not a catalogue file", hint="a catalogue must be a regular file"
        ) from None
    except FileTooLarge as err:
        raise CatalogueError.at(
            path,
            f"file is {err.size / 1048576:.0f} MiB, over the "
            f"{MAX_BYTES // 1048576} MiB limit for a catalogue",
            hint="is this the right file? split very large catalogues by series",
        ) from None
    except FileNotFoundError:
        raise CatalogueError.at(
            path,
            "no such catalogue file",
            hint="check the path, or create a catalogue with `webcat init`",
        ) from None
    except PermissionError:
        raise CatalogueError.at(path, "permission denied") from None
    except IsADirectoryError:
        raise CatalogueError.at(path, "is a folder, not a catalogue file") from None
    except OSError as err:
        raise CatalogueError.at(path, f"cannot read: {err.strerror}") from None
    return _decode(data, path)


def shown(path: Path) -> str:
    """How ``path`` is named in messages: ``<stdin>`` for ``-c -``."""
    return STDIN_NAME if is_stdin(path) else str(path)


def _read_stdin() -> bytes:
    """The catalogue piped in (``-c -``), within the same size limit as a file."""
    import sys

    if sys.stdin is None or sys.stdin.isatty():
        from webcat.errors import UsageError

        raise UsageError(
            "-c - reads the catalogue from stdin, and stdin is a terminal",
            hint="pipe a catalogue in: cat catalogue.toml | webcat list -c -",
        )
    buffer = getattr(sys.stdin, "buffer", None)
    try:
        data: bytes = (
            buffer.read(MAX_BYTES + 1)
            if buffer is not None
            else sys.stdin.read(MAX_BYTES + 1).encode("utf-8", "surrogateescape")
        )
    except OSError as err:
        raise CatalogueError.at(STDIN_NAME, f"cannot read: {err.strerror or err}") from None
    if len(data) > MAX_BYTES:
        raise CatalogueError.at(
            STDIN_NAME, f"over the {MAX_BYTES // 1048576} MiB limit for a catalogue"
        )
    if not data.strip():
        raise CatalogueError.at(
            STDIN_NAME,
            "nothing on stdin (-c - reads the catalogue from stdin)",
            hint="pipe a catalogue in: cat catalogue.toml | webcat list -c -",
        )
    return data


def _decode(data: bytes, path: object) -> str:
    """The UTF-8 text of ``data`` (read from ``path``), without a byte order mark."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogueError.at(
            path,
            "file starts with a byte order mark (BOM)",
            line=1,
            column=1,
            hint="save the file as UTF-8 without BOM",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(data, err.start)
        raise CatalogueError.at(
            path,
            f"not valid UTF-8 (byte 0x{data[err.start]:02x})",
            line=line,
            column=col,
            hint="save the file as UTF-8",
        ) from None


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse ``text`` as TOML 1.0 (1.1's additions refused), turning every failure into a
    located error."""
    import rtoml

    where = shown(path)
    try:
        data: dict[str, Any] = rtoml.loads(text)
    except rtoml.TomlParsingError as err:
        msg = str(err).strip().split("\n")[0] if str(err).strip() else "syntax error"
        m = _AT.search(msg)
        line, column = (int(m.group(1)), int(m.group(2))) if m else (text.count("\n") + 1, 1)
        reason = _AT.sub("", msg).strip()
        if "recursion" in reason:
            raise CatalogueError.at(
                where,
                "arrays or tables nest too deeply to be a catalogue",
                line=line,
                column=column,
                hint="a catalogue needs at most a few levels of nesting",
            ) from None
        raise CatalogueError.at(
            where,
            f"not valid TOML: {reason}",
            line=line,
            column=column,
            hint="fix the syntax at that place, then run `webcat validate`",
        ) from None
    refuse_toml11(text, path)
    return data


def refuse_toml11(text: str, path: object) -> None:
    """Raise a located :class:`CatalogueError` if ``text`` (already parsed) uses syntax that
    only TOML 1.1 has (see :mod:`~webcat.catalogue.toml10`)."""
    from webcat.catalogue.lex import line_column
    from webcat.catalogue.toml10 import toml11_use

    use = toml11_use(text)
    if use is not None:
        line, column = line_column(text, use.offset)
        raise CatalogueError.at(
            path, f"not valid TOML 1.0: {use.what}", line=line, column=column, hint=use.hint
        )


@dataclass(slots=True)
class Document:
    """A parsed catalogue file: its path, text, raw data, and a lazy line index."""

    path: Path
    text: str
    data: dict[str, Any]
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The file's name in messages (``<stdin>`` for a catalogue piped in)."""
        return shown(self.path)

    @property
    def lines(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex.build(self.text)
        return self._index


@no_gc()
def load_document(path: str | os.PathLike[str]) -> Document:
    """Read and parse a catalogue file without building the model."""
    p = Path(path)
    text = read_text(p)
    return Document(p, text, parse_toml(text, p))
