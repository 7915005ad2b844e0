"""Shared test helpers: run the real CLI, and write catalogues to tmp_path."""

from __future__ import annotations

import shutil
import textwrap
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


# Hypothesis: the same examples on every run (CI is deterministic), no example database
# written into the tree, and no per-example deadline on a shared, loaded machine. Each
# property sets its own max_examples to keep the suite quick.
from hypothesis import settings  # noqa: E402

settings.register_profile("webcat", derandomize=True, database=None, deadline=None)
settings.load_profile("webcat")
