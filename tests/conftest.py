"""Shared test helpers: run the real CLI, and write catalogues to tmp_path."""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import struct
import subprocess
import sys
import textwrap
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from webcat.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "catalogue.toml"

HEADER = 'schema_version = 1\nlanguage = "nb"\n\n'

#: The seed's bytes when the test session started (for when git cannot say what they were).
SEED_SHA256_AT_START = hashlib.sha256(SEED.read_bytes()).hexdigest()


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a real webcat process: none of the developer's WEBCAT_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBCAT_")}
    env.update(extra)
    return env


def run_webcat(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m webcat ARGS`` as a real process, capturing its output."""
    return webcat_within(120)(*args, **env)


def webcat_within(seconds: float) -> Callable[..., subprocess.CompletedProcess[str]]:
    """:func:`run_webcat` with its own time limit, for tests that want a tighter one."""

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "webcat", *args],
            capture_output=True,
            text=True,
            env=subprocess_env(**env),
            timeout=seconds,
        )

    return run


class FifoReader(threading.Thread):
    """Reads a FIFO to its end, as `cat fifo` would (a FIFO's writer waits for a reader)."""

    def __init__(self, fifo: Path) -> None:
        super().__init__(daemon=True)
        self.fifo = fifo
        self.data = b""

    def run(self) -> None:
        with open(self.fifo, "rb") as fh:
            self.data = fh.read()


def unprivileged(cmd: list[str]) -> list[str]:
    """``cmd`` run without root's power to read and write any file (CI runs as root): the
    capabilities are dropped with setpriv, so permission tests mean the same for everyone."""
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *cmd]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's catalogue settings or terminal width."""
    monkeypatch.delenv("WEBCAT_CATALOGUE", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


Invoke = Callable[..., Result]
WriteCatalogue = Callable[..., Path]


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
def project(tmp_path: Path) -> Path:
    """A git project holding the seed as data/catalogue.toml, with a docs/ subfolder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copyfile(SEED, tmp_path / "data" / "catalogue.toml")
    return tmp_path


def add_webinar_args(title: str) -> list[str]:
    """``webcat add webinar`` of a webinar titled ``title`` in the seed's series: the edit the
    process tests (store, lock, crash safety) race and kill."""
    return [
        "add",
        "webinar",
        "--series",
        "samskaping-webinarer",
        "--title",
        title,
        "--date",
        "2022-05-01",
    ]


@pytest.fixture
def write_catalogue(tmp_path: Path) -> WriteCatalogue:
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


BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="session")
def realistic() -> Any:
    """The realistic catalogue generator (benchmarks/realistic.py, not a package)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module("realistic")


@pytest.fixture(scope="session")
def small(realistic: Any) -> Any:
    """A small realistic catalogue (200 talks, 5% of them flawed) and its recorded flaws."""
    cat = realistic.generate(200, seed=5, error_rate=0.05)
    assert cat.flaws
    return cat


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


# Hypothesis: the same examples on every run (CI is deterministic), no example database
# written into the tree, and no per-example deadline on a shared, loaded machine. Each
# property sets its own max_examples to keep the suite quick.
from hypothesis import settings  # noqa: E402

settings.register_profile("webcat", derandomize=True, database=None, deadline=None)
settings.load_profile("webcat")
