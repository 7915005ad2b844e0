"""Filters naming ids are checked by the core, for the CLI and library users alike."""

from __future__ import annotations

import pytest

from conftest import SEED
from webcat.catalogue import load_catalogue
from webcat.catalogue.query import Filters, select
from webcat.errors import ExitCode, UsageError
from webcat.export.view import NothingSelected, selection


def test_select_refuses_unknown_ids_with_a_suggestion() -> None:
    cat, _ = load_catalogue(SEED)
    with pytest.raises(UsageError) as caught:
        select(cat, "webinars", Filters(speakers=["jacob-torfin"]))
    assert caught.value.exit_code is ExitCode.USAGE
    assert caught.value.hint == "did you mean 'jacob-torfing'?"
    assert len(select(cat, "webinars", Filters(speakers=["jacob-torfing"]))) == 1


def test_selection_refuses_an_empty_export() -> None:
    cat, _ = load_catalogue(SEED)
    with pytest.raises(NothingSelected) as caught:
        selection(cat, Filters(search="finnes-ikke"))
    assert caught.value.exit_code is ExitCode.PROBLEMS
    assert selection(cat, Filters(search="finnes-ikke"), allow_empty=True).webinars == {}
    assert selection(cat, Filters()) is cat
