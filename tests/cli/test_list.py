"""`webcat list` through the real CLI, on the seed catalogue and on small ones."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import MINIMAL, SEED, Invoke, WriteCatalogue


def test_list_json_is_the_seed_webinars_in_file_order(invoke: Invoke) -> None:
    result = invoke("list", "-c", str(SEED), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [w["number"] for w in data] == [1, 2, 3, 4]
    first = data[0]
    assert first["id"] == "samskaping-hvorfor-hva-og-hvordan"
    assert first["title"] == "Inspirasjonsforedrag: Samskaping – hvorfor, hva og hvordan?"
    assert first["speakers"] == ["jacob-torfing"]
    assert first["series"] == "samskaping-webinarer"


def test_every_kind_lists(invoke: Invoke) -> None:
    counts = {"series": 1, "webinars": 4, "resources": 5, "people": 1, "projects": 1, "tags": 6}
    for kind, n in counts.items():
        result = invoke("list", kind, "-c", str(SEED), "--format", "ids")
        assert result.exit_code == 0, result.stderr
        assert len(result.stdout.splitlines()) == n, kind
    orgs = invoke("list", "organizations", "-c", str(SEED), "-f", "ids").stdout.split()
    assert "telemarksforsking" in orgs and "stad-kommune" in orgs


def test_unknown_kind_is_a_usage_error_with_suggestion(invoke: Invoke) -> None:
    result = invoke("list", "webinar5", "-c", str(SEED))
    assert result.exit_code == 2
    assert "unknown kind 'webinar5'" in result.stderr
    assert "did you mean" in result.stderr


def test_search_is_case_insensitive_and_unicode_normalised(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(MINIMAL)
    # "ØDEGÅRD" in upper case, and "A\u030a" (A + combining ring) for Å.
    for needle in ("ødegård", "ØDEGÅRD", "A\u030ase"):
        result = invoke("list", "-c", str(path), "--search", needle, "-f", "ids")
        assert result.stdout.split() == ["w1"], needle
    result = invoke("list", "-c", str(SEED), "--search", "KOMMUNELOVEN", "-f", "ids")
    assert result.stdout.split() == ["samskaping-politikerrollen-og-kommuneloven"]


def test_filters_combine(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(MINIMAL)
    c = ["-c", str(path), "-f", "ids"]
    assert invoke("list", *c, "--tag", "a").stdout.split() == ["w1", "w2"]
    assert invoke("list", *c, "--tag", "a", "--tag", "b").stdout.split() == ["w2"]
    assert invoke("list", *c, "--speaker", "p").stdout.split() == ["w1"]
    assert invoke("list", *c, "--since", "2024-02-01").stdout.split() == ["w2"]
    assert invoke("list", *c, "--until", "2024-01-31").stdout.split() == ["w1"]
    assert invoke("list", *c, "--series", "nope").exit_code == 2  # an unknown id
    assert invoke("list", *c, "--sort", "-date").stdout.split() == ["w2", "w1"]
    assert invoke("list", *c, "--sort", "title", "--limit", "1").stdout.split() == ["w2"]


def test_bad_date_and_sort_field_are_usage_errors(invoke: Invoke) -> None:
    bad = invoke("list", "-c", str(SEED), "--since", "22.03.2022")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr
    bad = invoke("list", "-c", str(SEED), "--sort", "colour")
    assert bad.exit_code == 2 and "cannot sort webinars by 'colour'" in bad.stderr


def test_in_language_filter_selects_nynorsk_resource(invoke: Invoke) -> None:
    result = invoke("list", "resources", "-c", str(SEED), "--in-language", "nn", "-f", "ids")
    assert result.stdout.split() == ["opptak-komme-i-gang"]
    # --lang chooses the language of the text and selects nothing away.
    result = invoke("list", "resources", "-c", str(SEED), "--lang", "nn", "-f", "ids")
    assert len(result.stdout.split()) == 5


def test_csv_has_header_and_neutralises_formulas(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(
        '[series.s]\ntitle = "S"\n[webinars.w]\nseries = "s"\ntitle = "=HYPERLINK(\\"x\\")"\n'
    )
    result = invoke("list", "-c", str(path), "-f", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["id", "series", "title"]
    assert rows[1][2] == '\'=HYPERLINK("x")'


def test_tsv_is_default_when_piped_and_escapes_tabs(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(
        '[series.s]\ntitle = "S"\n[webinars.w]\nseries = "s"\ntitle = "a\\tb\\nc"\n'
    )
    result = invoke("list", "-c", str(path))
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["id", "series", "title"]
    assert lines[1].split("\t")[2] == "a\\tb\\nc"
    assert len(lines) == 2


def test_jsonl_one_object_per_line(invoke: Invoke) -> None:
    result = invoke("list", "people", "-c", str(SEED), "-f", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["name"] == "Jacob Torfing"


def test_table_shows_titles_and_speakers(invoke: Invoke) -> None:
    result = invoke("list", "-c", str(SEED), "-f", "table")
    assert result.exit_code == 0
    assert "Jacob Torfing" in result.stdout
    assert "samskaping-hvorfor-hva-og-hvordan" in result.stdout
    assert "4 webinars" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_catalogue_found_from_env_then_default_places(
    invoke: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_catalogue: WriteCatalogue,
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = invoke("list")
    assert missing.exit_code == 3
    assert "no catalogue found" in missing.stderr and "webcat init" in missing.stderr
    write_catalogue(MINIMAL, name="catalogue.toml")
    assert invoke("list", "-f", "ids").stdout.split() == ["w1", "w2"]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "catalogue.toml").write_text(SEED.read_text("utf-8"), "utf-8")
    assert len(invoke("list", "-f", "ids").stdout.split()) == 4
    env_cat = write_catalogue('[series.x]\ntitle = "X"\n', name="other.toml")
    monkeypatch.setenv("WEBCAT_CATALOGUE", str(env_cat))
    assert invoke("list", "series", "-f", "ids").stdout.split() == ["x"]
    assert invoke("list", "series", "-f", "ids", "-c", str(SEED)).stdout.split() == [
        "samskaping-webinarer"
    ]


def test_invalid_entries_are_left_out_with_a_warning(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(MINIMAL + '\n[webinars.bad]\nseries = "s"\n')
    result = invoke("list", "-c", str(path), "-f", "ids")
    assert result.exit_code == 0
    assert result.stdout.split() == ["w1", "w2"]
    assert "1 problem" in result.stderr and "webcat validate" in result.stderr
