"""`webcat show` for every kind, with what refers to the entry."""

from __future__ import annotations

import json

from conftest import SEED, Invoke, WriteCatalogue


def test_show_person_lists_fields_and_referrers(invoke: Invoke) -> None:
    result = invoke("show", "jacob-torfing", "-c", str(SEED))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Jacob Torfing" in out
    assert "Roskilde Universitet (roskilde-universitet)" in out
    assert "Referred to by" in out
    assert "webinars.samskaping-hvorfor-hva-og-hvordan" in out


def test_show_json_has_data_and_referenced_by(invoke: Invoke) -> None:
    result = invoke("show", "telemarksforsking", "-c", str(SEED), "--format", "json")
    data = json.loads(result.stdout)
    assert data["table"] == "organisations"
    assert data["data"]["name"] == "Telemarksforsking"
    refs = {(r["table"], r["id"], r["field"]) for r in data["referenced_by"]}
    assert ("series", "samskaping-webinarer", "organiser") in refs
    assert ("projects", "den-samskapende-kommune", "lead") in refs


def test_show_every_entity_of_the_seed(invoke: Invoke) -> None:
    ids = []
    for kind in ("series", "webinars", "resources", "people", "organisations", "projects", "tags"):
        ids += [
            f"{kind}.{i}" for i in invoke("list", kind, "-c", str(SEED), "-f", "ids").stdout.split()
        ]
    assert len(ids) > 20
    for ref in ids:
        result = invoke("show", ref, "-c", str(SEED), "-f", "json")
        assert result.exit_code == 0, (ref, result.stderr)
        assert json.loads(result.stdout)["id"] == ref.split(".", 1)[1]


def test_show_unknown_id_suggests(invoke: Invoke) -> None:
    result = invoke("show", "jacob-torfin", "-c", str(SEED))
    assert result.exit_code == 2
    assert "no entry with id 'jacob-torfin'" in result.stderr
    assert "did you mean 'jacob-torfing'" in result.stderr


def test_show_ambiguous_id_asks_for_kind(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue('[series.x]\ntitle = "S"\n[tags.x]\ntitle = "T"\n')
    result = invoke("show", "x", "-c", str(path))
    assert result.exit_code == 2
    assert "series.x" in result.stderr and "tags.x" in result.stderr
    assert invoke("show", "tags.x", "-c", str(path)).exit_code == 0
