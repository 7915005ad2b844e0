"""Finding and reading a catalogue file, with one-line errors for every way it can be bad.

Reading never pays for style preservation: read commands parse with the standard library's
``tomllib`` (see docs/dependencies.md for the measurement). Only the store, which writes,
uses tomlkit.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from webcat.catalogue.lines import LineIndex
from webcat.catalogue.model import Catalogue
from webcat.catalogue.problems import Problem
from webcat.errors import CatalogueError

#: Larger files are refused before parsing; a catalogue of 100,000 webinars is ~40 MiB.
MAX_BYTES = 64 * 1024 * 1024
ENV_VAR = "WEBCAT_CATALOGUE"
DEFAULT_PLACES = (Path("data/catalogue.toml"), Path("catalogue.toml"))

_AT = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def locate_catalogue(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The catalogue to use: ``explicit``, else $WEBCAT_CATALOGUE, else the default places."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    for place in DEFAULT_PLACES:
        if place.is_file():
            return place
    raise CatalogueError(
        "no catalogue found: looked for --catalogue, $WEBCAT_CATALOGUE, "
        + " and ".join(f"./{p}" for p in DEFAULT_PLACES),
        hint="point to one with --catalogue PATH or WEBCAT_CATALOGUE=PATH, "
        "or create one with `webcat init`",
    )


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", errors="replace")) + 1


def read_text(path: Path) -> str:
    """The file's text, or a :class:`CatalogueError` that says exactly what is wrong."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise CatalogueError(f"{path}: is a folder, not a catalogue file")
        if size > MAX_BYTES:
            raise CatalogueError(
                f"{path}: file is {size / 1048576:.0f} MiB, over the "
                f"{MAX_BYTES // 1048576} MiB limit for a catalogue",
                hint="is this the right file? split very large catalogues by series",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogueError(
            f"{path}: no such catalogue file",
            hint="check the path, or create a catalogue with `webcat init`",
        ) from None
    except PermissionError:
        raise CatalogueError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise CatalogueError(f"{path}: is a folder, not a catalogue file") from None
    except OSError as err:
        raise CatalogueError(f"{path}: cannot read: {err.strerror}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogueError(
            f"{path}:1:1: file starts with a byte order mark (BOM)",
            hint="save the file as UTF-8 without BOM",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(data, err.start)
        raise CatalogueError(
            f"{path}:{line}:{col}: not valid UTF-8 (byte 0x{data[err.start]:02x})",
            hint="save the file as UTF-8",
        ) from None


def _deep_nesting_position(text: str, limit: int = 100) -> tuple[int, int]:
    depth = 0
    line, col = 1, 0
    quote: str | None = None
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
            quote = None if quote in ('"', "'") else quote
            continue
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line, col
        elif ch in "]}":
            depth -= 1
    return 1, 1


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse ``text`` strictly (TOML 1.0), turning every failure into a located error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = str(err)
        m = _AT.search(msg)
        if m and m.group(1):
            where = f"{m.group(1)}:{m.group(2)}"
        else:
            where = f"{text.count(chr(10)) + 1}:1"
        reason = _AT.sub("", msg).strip()
        raise CatalogueError(
            f"{path}:{where}: not valid TOML: {reason}",
            hint="fix the syntax at that place; `webcat validate` lists the other problems",
        ) from None
    except RecursionError:
        line, col = _deep_nesting_position(text)
        raise CatalogueError(
            f"{path}:{line}:{col}: arrays or tables nest too deeply to be a catalogue",
            hint="a catalogue needs at most a few levels of nesting",
        ) from None


@dataclass(slots=True)
class Document:
    """A parsed catalogue file: its path, text, raw data, and a lazy line index."""

    path: Path
    text: str
    data: dict[str, Any]
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def lines(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex.build(self.text)
        return self._index


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read and parse a catalogue file without building the model."""
    p = Path(path)
    text = read_text(p)
    return Document(p, text, parse_toml(text, p))


def load_catalogue(
    path: str | os.PathLike[str], *, strict: bool = False
) -> tuple[Catalogue, list[Problem]]:
    """Load a catalogue: the model of everything valid in it, and the problems found.

    With ``strict``, any problem raises :class:`CatalogueError` instead.
    """
    from webcat.catalogue.build import build_catalogue

    doc = load_document(path)
    catalogue, problems = build_catalogue(doc)
    if strict and problems:
        first = problems[0]
        raise CatalogueError(
            f"{first.location(str(doc.path))}: {first.message}",
            hint=f"{len(problems)} problem(s); run `webcat validate` to see them all",
        )
    return catalogue, problems
