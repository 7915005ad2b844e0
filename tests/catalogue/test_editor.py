"""The Editor's bookkeeping, and its queries answered by the model's rules."""

from __future__ import annotations

import pytest
import rtoml

from conftest import SEED
from webcat.catalogue import load_catalogue
from webcat.catalogue.edit import UNSET, Editor
from webcat.errors import CatalogueError, UsageError


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
