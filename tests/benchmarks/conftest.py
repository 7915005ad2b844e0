"""Tests import the benchmark generators from benchmarks/, which is not a package."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _load() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    import realistic

    return realistic


@pytest.fixture(scope="session")
def realistic() -> ModuleType:
    """The generator module (benchmarks/realistic.py)."""
    return _load()


@pytest.fixture(scope="session")
def small(realistic: Any) -> Any:
    """A small realistic catalogue (200 talks) with its recorded flaws."""
    cat = realistic.generate(200, seed=5, error_rate=0.05)
    assert cat.flaws
    return cat
