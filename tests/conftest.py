"""Shared test helpers: run the real CLI, and write catalogues to tmp_path."""

from __future__ import annotations

import shutil
import struct
import textwrap
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from webcat.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "catalogue.toml"

HEADER = 'schema_version = 1\nlanguage = "nb"\n\n'


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's catalogue settings or terminal width."""
    monkeypatch.delenv("WEBCAT_CATALOGUE", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    def run(
        *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
    ) -> Result:
        return CliRunner().invoke(app, list(args), input=input, env=env)

    return run


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """A private copy of the seed catalogue."""
    path = tmp_path / "catalogue.toml"
    shutil.copyfile(SEED, path)
    return path


@pytest.fixture
def write_catalogue(tmp_path: Path) -> Callable[[str], Path]:
    """Write a catalogue body (after the standard header) and return its path."""

    def write(body: str, header: str = HEADER, name: str = "catalogue.toml") -> Path:
        path = tmp_path / name
        path.write_text(header + textwrap.dedent(body), encoding="utf-8")
        return path

    return write


MINIMAL = """\
[series.s]
title = "Serie"

[webinars.w1]
series = "s"
title = "Første webinar"
date = 2024-01-10
speakers = ["p"]
tags = ["a"]

[webinars.w2]
series = "s"
title = "Andre webinar"
date = 2024-02-10
tags = ["a", "b"]

[people.p]
name = "Åse Ødegård"
"""


def tiny_png() -> bytes:
    """A valid 1x1 PNG, made here rather than shipped."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x0a\x6a\x5a")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
