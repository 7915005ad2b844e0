"""The editing operations as a library, without the CLI: what each one writes or refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rtoml

from conftest import MINIMAL, WriteCatalogue
from webcat.catalogue.load import load_catalogue
from webcat.catalogue.operations import (
    add_entry,
    format_catalogue,
    import_document,
    remove_entry,
    resolve,
    set_field,
)
from webcat.catalogue.store import EditRefused
from webcat.errors import CatalogueError, UsageError

#: conftest's MINIMAL, plus a tag with the id of a person (for the clash of ids)
BODY = MINIMAL + '\n[tags.p]\ntitle = "Same id as the person"\n'


def data(path: Path) -> dict[str, Any]:
    return rtoml.loads(path.read_text("utf-8"))


# -- resolve ---------------------------------------------------------------------------


def test_resolve_reads_id_and_kind_dot_id_the_same_in_model_and_editor(
    write_catalogue: WriteCatalogue,
) -> None:
    from webcat.catalogue.edit import Editor

    path = write_catalogue(BODY)
    cat, _ = load_catalogue(path)
    editor = Editor(path.read_text("utf-8"))
    for source in (cat, editor):
        assert resolve(source, "w1") == ("webinars", "w1")
        assert resolve(source, "people.p") == ("people", "p")
        assert resolve(source, "tags/p") == ("tags", "p")
        with pytest.raises(UsageError, match=r"several entries: people\.p, tags\.p") as clash:
            resolve(source, "p")
        assert clash.value.hint == "name one, e.g. people.p"
        with pytest.raises(UsageError, match="no entry with id 'w11'") as missing:
            resolve(source, "w11")
        assert missing.value.hint == "did you mean 'w1'?"


# -- add -------------------------------------------------------------------------------


def test_add_entry_makes_a_unique_id_from_the_title(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BODY)
    values = {
        "series": "s",
        "title": "Første webinar",
        "date": data(path)["webinars"]["w1"]["date"],
    }
    first = add_entry(path, "webinars", values)
    second = add_entry(path, "webinars", values)
    assert (first.value, second.value) == ("forste-webinar", "forste-webinar-2")
    assert first.written and second.written
    assert set(data(path)["webinars"]) == {"w1", "w2", "forste-webinar", "forste-webinar-2"}


def test_add_entry_checks_an_explicit_id(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BODY)
    before = path.read_bytes()
    with pytest.raises(UsageError, match="not a slug") as bad:
        add_entry(path, "tags", {"title": "X"}, id="Bad Id")
    assert bad.value.hint == "for example 'bad-id'"
    with pytest.raises(UsageError, match="tag 'p' already exists"):
        add_entry(path, "tags", {"title": "X"}, id="p")
    with pytest.raises(UsageError, match="cannot make an id"):
        add_entry(path, "tags", {"title": "???"})
    assert path.read_bytes() == before


def test_add_entry_dry_run_writes_nothing(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BODY)
    before = path.read_bytes()
    result = add_entry(path, "tags", {"title": "Ny"}, dry_run=True)
    assert result.value == "ny" and not result.written and "[tags.ny]" in result.new_text
    assert path.read_bytes() == before


# -- set -------------------------------------------------------------------------------


def test_set_field_converts_command_line_text(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BODY)
    add_entry(path, "people", {"name": "Kari"}, id="p2")
    set_field(path, "w1", "speakers", "p, p2")
    set_field(path, "webinars.w1", "duration", "PT1H")
    set_field(path, "w1", "date", "2024-02-01")
    w1 = data(path)["webinars"]["w1"]
    assert w1["speakers"] == ["p", "p2"] and w1["duration"] == "PT1H"
    assert str(w1["date"]) == "2024-02-01"
    set_field(path, "w1", "duration", None)
    assert "duration" not in data(path)["webinars"]["w1"]


def test_set_field_refuses_an_invalid_result(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BODY)
    before = path.read_bytes()
    with pytest.raises(EditRefused) as refused:
        set_field(path, "w1", "series", "nope")
    assert [p.code for p in refused.value.problems] == ["dangling-reference"]
    with pytest.raises(UsageError, match="has no field 'titel'") as unknown:
        set_field(path, "w1", "titel", "x")
    assert unknown.value.hint == "did you mean 'title'?"
    with pytest.raises(UsageError, match="no translations"):
        set_field(path, "w1", "date.en", "2024-01-01")
    assert path.read_bytes() == before


def test_one_translation_merges_into_the_text(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BODY)
    set_field(path, "s", "title.en", "Series")
    assert data(path)["series"]["s"]["title"] == {"nb": "Serie", "en": "Series"}
    set_field(path, "s", "title.de", "Reihe")
    set_field(path, "s", "title.en", None)
    assert data(path)["series"]["s"]["title"] == {"nb": "Serie", "de": "Reihe"}
    result = set_field(path, "s", "title.fr", None)  # not there: nothing to change
    assert result.changes == [] and not result.written


def test_a_translation_keeps_the_text_of_a_catalogue_without_a_language(
    write_catalogue: WriteCatalogue,
) -> None:
    """Bug: with no top-level `language`, `set ID title.en X` dropped the existing text."""
    body = BODY.replace('title = "Serie"', 'title = "Serie"\ndescription = "Om samskaping"')
    path = write_catalogue(body, header="schema_version = 1\n\n")
    before = path.read_bytes()
    with pytest.raises(UsageError, match="no stated language") as refused:
        set_field(path, "s", "title.en", "Series")
    assert "language" in (refused.value.hint or "")
    with pytest.raises(UsageError, match="no stated language"):
        set_field(path, "s", "description.en", None)
    assert path.read_bytes() == before
    # The entry's own language (or its series') says what the plain text is.
    set_field(path, "s", "language", "nn")
    set_field(path, "s", "title.en", "Series")
    assert data(path)["series"]["s"]["title"] == {"nn": "Serie", "en": "Series"}
    set_field(path, "w1", "title.en", "First webinar")
    assert data(path)["webinars"]["w1"]["title"] == {"nn": "Første webinar", "en": "First webinar"}


def test_unset_one_translation_keeps_the_others(write_catalogue: WriteCatalogue) -> None:
    """Bug: `set --unset description.en` deleted the whole field, not one translation."""
    body = BODY.replace(
        'title = "Serie"', 'title = "Serie"\ndescription = { nb = "Om samskaping", en = "About" }'
    )
    path = write_catalogue(body, header="schema_version = 1\n\n")
    set_field(path, "s", "description.en", None)
    assert data(path)["series"]["s"]["description"] == {"nb": "Om samskaping"}
    # A plain text in the catalogue's language, and another language removed: no change.
    path = write_catalogue(BODY.replace('title = "Serie"', 'title = "Serie"\ndescription = "Om"'))
    before = path.read_bytes()
    assert set_field(path, "s", "description.en", None).changes == []
    assert path.read_bytes() == before
    set_field(path, "s", "description.nb", None)
    assert "description" not in data(path)["series"]["s"]


# -- remove ----------------------------------------------------------------------------


def test_remove_entry_refuses_while_referred_to_and_drops_references(
    write_catalogue: WriteCatalogue,
) -> None:
    path = write_catalogue(BODY)
    with pytest.raises(
        UsageError, match=r"people\.p is referred to by 1 field\(s\): webinars\.w1\.speakers"
    ):
        remove_entry(path, "people.p")
    remove_entry(path, "people.p", drop_references=True)
    after = data(path)
    assert "p" not in after.get("people", {}) and "speakers" not in after["webinars"]["w1"]


def test_remove_finds_references_however_the_id_is_written(
    write_catalogue: WriteCatalogue,
) -> None:
    # Only in its own block and a comment; then spelled with an escape: both still found.
    path = write_catalogue(MINIMAL + "# p is our speaker\n")
    with pytest.raises(UsageError, match=r"referred to by 1 field\(s\): webinars\.w1\.speakers"):
        remove_entry(path, "people.p")
    path = write_catalogue(MINIMAL.replace('speakers = ["p"]', 'speakers = ["\\u0070"]'))
    with pytest.raises(UsageError, match=r"webinars\.w1\.speakers"):
        remove_entry(path, "people.p")
    assert "p" in data(path)["people"]


def test_removing_the_last_entry_needs_force(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue('[tags.only]\ntitle = "Alone"\n')
    before = path.read_bytes()
    with pytest.raises(UsageError, match="last entry") as refused:
        remove_entry(path, "only")
    assert "--force" in (refused.value.hint or "")
    assert path.read_bytes() == before
    remove_entry(path, "only", force=True)
    assert "tags" not in data(path) or data(path)["tags"] == {}
    # The last entry of one kind is not the last of the catalogue.
    path = write_catalogue(BODY)
    remove_entry(path, "tags.p")
    assert "p" in data(path)["people"]


# -- import ----------------------------------------------------------------------------


def test_import_adds_skips_equal_and_refuses_conflicts(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BODY)
    doc = {"tags": {"p": {"title": "Same id as the person"}, "ny": {"title": "Ny"}}}
    result = import_document(path, doc, name="new.json")
    assert [str(c) for c in result.changes] == ["add tags.ny"]
    before = path.read_bytes()
    conflict = {"tags": {"ny": {"title": "Annen"}, "z": {"title": "Z"}}}
    with pytest.raises(
        UsageError, match=r"new\.json: 1 entry already exist with other values: tags\.ny"
    ):
        import_document(path, conflict, name="new.json")
    assert path.read_bytes() == before  # all or nothing: z was not added either
    import_document(path, conflict, name="new.json", update=True)
    assert data(path)["tags"]["ny"] == {"title": "Annen"} and "z" in data(path)["tags"]


def test_import_checks_the_shape_before_reading_the_catalogue(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(UsageError, match="unknown top-level key 'webinar'") as bad:
        import_document(missing, {"webinar": {}}, name="x.json")
    assert bad.value.hint == "did you mean 'webinars'?"
    with pytest.raises(UsageError, match="'tags' must be an object"):
        import_document(missing, {"tags": []}, name="x.json")
    with pytest.raises(UsageError, match=r"x.json: tags.a.title: null is not a value"):
        import_document(missing, {"tags": {"a": {"title": None}}}, name="x.json")
    with pytest.raises(CatalogueError, match="no such catalogue file"):
        import_document(missing, {"tags": {}}, name="x.json")


def test_import_never_changes_check(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(BODY)
    with pytest.raises(UsageError, match=r"does not change \[check\]"):
        import_document(path, {"check": {"timeout": 3}}, update=True)


# -- fmt -------------------------------------------------------------------------------


def test_format_catalogue_keeps_the_data(seed: Path) -> None:
    path = seed
    assert format_catalogue(path).value is False  # the seed is canonical
    path.write_text(
        'schema_version = 1\n[tags.b]\ntitle="B"\n[tags.a]\n# keep me\ntitle = "A"\n', "utf-8"
    )
    before = data(path)
    assert format_catalogue(path).value is True
    assert data(path) == before and "# keep me" in path.read_text("utf-8")
