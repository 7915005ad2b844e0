"""webcat import: the canonical JSON in, entries added or updated, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import SEED, Invoke
from webcat.catalogue import load_catalogue
from webcat.catalogue.serialize import catalogue_data


def _export(path: Path) -> dict[str, Any]:
    catalogue, problems = load_catalogue(path)
    assert problems == []
    return catalogue_data(catalogue)


def test_import_of_the_export_into_an_empty_catalogue_reproduces_it(
    invoke: Invoke, tmp_path: Path
) -> None:
    source = tmp_path / "seed.json"
    source.write_text(json.dumps(_export(SEED), ensure_ascii=False), "utf-8")
    target = tmp_path / "c.toml"
    assert invoke("init", str(target), "--empty").exit_code == 0
    result = invoke("import", str(source), "-c", str(target))
    assert result.exit_code == 0, result.stderr
    assert _export(target) == _export(SEED)
    assert invoke("fmt", "--check", "-c", str(target)).exit_code == 0
    # Importing the same again changes nothing.
    before = target.read_bytes()
    again = invoke("import", str(source), "-c", str(target))
    assert again.exit_code == 0 and target.read_bytes() == before


def test_import_from_stdin_with_dry_run_writes_nothing(invoke: Invoke, seed: Path) -> None:
    before = seed.read_bytes()
    doc = {
        "webinars": {"ny": {"series": "samskaping-webinarer", "title": "Ny", "date": "2022-05-03"}}
    }
    result = invoke("import", "-", "--dry-run", "-c", str(seed), input=json.dumps(doc))
    assert result.exit_code == 0, result.stderr
    added = [line for line in result.stdout.splitlines() if line.startswith("+")][1:]
    assert added[:3] == ["+", "+[webinars.ny]", '+series = "samskaping-webinarer"']
    assert "dry run, nothing written: added 1 webinar" in result.stderr
    assert seed.read_bytes() == before
    assert invoke("import", "-", "-c", str(seed), input=json.dumps(doc)).exit_code == 0
    assert _export(seed)["webinars"]["ny"]["date"] == "2022-05-03"


def test_existing_entries_need_update(invoke: Invoke, seed: Path) -> None:
    before = seed.read_bytes()
    doc = {
        "tags": {"ledelse": {"title": "Ledelse og styring"}, "ny": {"title": "Ny"}},
        "series": {"samskaping-webinarer": {"published": "2022-03-23"}},
    }
    result = invoke("import", "-", "-c", str(seed), input=json.dumps(doc))
    assert result.exit_code == 2
    assert "tags.ledelse" in result.stderr and "--update" in result.stderr
    assert seed.read_bytes() == before
    result = invoke("import", "-", "--update", "-c", str(seed), input=json.dumps(doc))
    assert result.exit_code == 0, result.stderr
    data = _export(seed)
    assert data["tags"]["ledelse"]["title"] == "Ledelse og styring"
    assert data["tags"]["ny"] == {"title": "Ny"}
    series = data["series"]["samskaping-webinarer"]
    assert series["published"] == "2022-03-23" and series["title"] == "Webinar-serie om samskaping"


def test_bad_json_and_invalid_entries(invoke: Invoke, seed: Path, tmp_path: Path) -> None:
    before = seed.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"tags": {\n  "a": }\n}', "utf-8")
    r = invoke("import", str(bad), "-c", str(seed))
    assert r.exit_code == 2 and f"{bad}:2:" in r.stderr and "not valid JSON" in r.stderr
    r = invoke("import", str(tmp_path / "nope.json"), "-c", str(seed))
    assert r.exit_code == 2 and "no such file" in r.stderr
    r = invoke("import", "-", "-c", str(seed), input='{"webinar": {}}')
    assert r.exit_code == 2 and "did you mean 'webinars'" in r.stderr
    doc = {
        "tags": {"fine": {"title": "Fine"}},
        "webinars": {"x": {"series": "nope", "title": "X", "date": "not a date"}},
    }
    r = invoke("import", "-", "-c", str(seed), input=json.dumps(doc))
    assert r.exit_code == 1
    assert "webinars.x.series" in r.stderr and "webinars.x.date" in r.stderr
    assert "Traceback" not in r.stderr
    assert seed.read_bytes() == before  # the valid tag did not land either


def test_null_values_are_refused_with_the_field(invoke: Invoke, seed: Path) -> None:
    doc = {"tags": {"x": {"title": "X", "description": None}}}
    r = invoke("import", "-", "-c", str(seed), input=json.dumps(doc))
    assert r.exit_code == 2 and "<stdin>: tags.x.description: null" in r.stderr
    assert "Traceback" not in r.stderr


def test_editing_a_missing_catalogue_leaves_no_lock_file(invoke: Invoke, tmp_path: Path) -> None:
    r = invoke("add", "tag", "--title", "X", "-c", str(tmp_path / "nope.toml"))
    assert r.exit_code == 3 and "no such catalogue file" in r.stderr
    assert list(tmp_path.iterdir()) == []
