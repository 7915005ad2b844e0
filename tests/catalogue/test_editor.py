"""The Editor's bookkeeping, and its queries answered by the model's rules."""

from __future__ import annotations

from typing import Any

import pytest
import rtoml
from hypothesis import given, settings

from conftest import SEED
from webcat.catalogue import load_catalogue
from webcat.catalogue.edit import UNSET, Editor
from webcat.errors import CatalogueError, UsageError

from .strategies import catalogues, text


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text("utf-8")


def test_find_and_referrers_agree_with_the_model(seed_text: str) -> None:
    catalogue, _ = load_catalogue(SEED)
    for entity in catalogue.entities():
        for ref in (entity.id, f"{entity.table}.{entity.id}", f"{entity.table}/{entity.id}"):
            expected = [(e.table, e.id) for e in catalogue.find(ref)]
            assert Editor(seed_text).find(ref) == expected
            loaded = Editor(seed_text)
            loaded.data  # noqa: B018 - the same answer once the whole file is parsed
            assert loaded.find(ref) == expected
        got = Editor(seed_text).referrers(entity.table, entity.id)
        assert got == [(o.table, o.id, f) for o, f in catalogue.referrers(entity)]


def test_edits_record_what_the_data_must_become(seed_text: str) -> None:
    catalogue, _ = load_catalogue(SEED)
    webinar = next(iter(catalogue.webinars.values()))
    editor = Editor(seed_text)
    editor.set("webinars", webinar.id, "title", "Ny")
    editor.set("webinars", webinar.id, "notes", "x")
    editor.set("webinars", webinar.id, "notes", UNSET)
    editor.add("tags", "ny-tag", {"name": "Ny"})
    new = editor.finish()
    assert [str(c) for c in editor.changes] == [
        f"set webinars.{webinar.id}.title",
        f"set webinars.{webinar.id}.notes",
        f"unset webinars.{webinar.id}.notes",
        "add tags.ny-tag",
    ]
    data = rtoml.loads(new)
    assert editor.probably_means(data)
    assert data["webinars"][webinar.id]["title"] == "Ny"
    assert data["tags"]["ny-tag"] == {"name": "Ny"}
    again = Editor(new)
    again.remove("tags", "ny-tag")
    assert again.finish() == new[: new.index("\n\n[tags.ny-tag]") + 1]  # as before the add


def test_values_toml_cannot_hold_are_refused_naming_the_field(seed_text: str) -> None:
    editor = Editor(seed_text)
    with pytest.raises(UsageError, match=r"tags\.t\.name: .*64-bit"):
        editor.add("tags", "t", {"name": 2**64})
    assert editor.finish() == seed_text


def test_entries_not_written_as_a_table_are_refused() -> None:
    editor = Editor('[series]\ns = { title = "S" }\n')
    with pytest.raises(CatalogueError, match=r"not written as a \[series\.s\] table"):
        editor.set("series", "s", "title", "T")


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal data, where an empty entry table and none at all are the same (as in the store)."""
    return {k: v for k, v in a.items() if v != {}} == {k: v for k, v in b.items() if v != {}}


@settings(max_examples=100)
@given(catalogues(), text)
def test_set_and_remove_on_awkward_texts_mean_exactly_what_was_asked(
    case: tuple[str, Any], value: str
) -> None:
    original, entries = case
    text = original.replace("\r\n", "\n")  # as the store edits CRLF files
    before = rtoml.loads(text)
    for table, id in sorted(entries):
        for name in ("k0", "k9"):
            editor = Editor(text)
            editor.set(table, id, name, value)
            after = rtoml.loads(editor.finish())
            before[table][id][name] = value
            assert _same(after, before)
            assert editor.probably_means(after) or _same(after, editor.expected(rtoml.loads(text)))
            text = editor.text
        editor = Editor(text)
        editor.remove(table, id)
        after = rtoml.loads(editor.finish())
        del before[table][id]
        assert _same(after, before)
        text = editor.text
