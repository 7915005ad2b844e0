"""Importing a real-shaped catalogue (benchmarks/realistic.py): --skip-invalid writes every
valid entry and names each skipped one; top-level conflicts come first; init and set --top
set the catalogue's language and title; one summary line, ids as JSON."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from conftest import Invoke
from webcat.catalogue import load_catalogue
from webcat.catalogue.serialize import catalogue_data


def _tables(path: Path) -> dict[str, Any]:
    catalogue, _ = load_catalogue(path)
    data = catalogue_data(catalogue)
    return {k: v for k, v in data.items() if isinstance(v, dict) and k not in ("check", "validate")}


def _new(invoke: Invoke, path: Path, *args: str) -> Path:
    result = invoke("init", str(path), "--empty", *args)
    assert result.exit_code == 0, result.stderr
    return path


def test_skip_invalid_writes_every_valid_entry_and_names_each_skipped(
    invoke: Invoke, tmp_path: Path, small: Any
) -> None:
    target = _new(invoke, tmp_path / "c.toml", "--language", "en")
    result = invoke("import", "-", "--skip-invalid", "-c", str(target), input=small.to_json())
    assert result.exit_code == 1  # something was skipped: scripts notice
    for flaw in small.flaws:
        line = f"skipped {flaw.table}.{flaw.id}.{flaw.field}: "
        assert line in result.stderr and f"[{flaw.code}]" in result.stderr, flaw
    # The resources of a skipped talk would dangle: skipped too, and named.
    assert re.search(
        r"skipped resources\.\S+\.webinar: refers to webinars\.\S+, which is skipped", result.stderr
    )
    # Exactly what is left when the flawed entries (and what hangs on them) are taken out.
    expected = {k: v for k, v in small.without_flaws().data.items() if isinstance(v, dict)}
    assert _tables(target) == expected
    assert invoke("validate", "-c", str(target)).exit_code == 0  # warnings only
    # One summary line with the counts, no line per entry.
    counts = {t: len(v) for t, v in expected.items()}
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"added {counts['series']} series, {counts['webinars']} webinars, ")
    n_skipped = sum(len(small.data[t]) for t in counts) - sum(counts.values())
    assert summary.endswith(f"; skipped {n_skipped}")
    assert "add webinars." not in result.stderr


def test_without_the_flag_import_is_all_or_nothing(
    invoke: Invoke, tmp_path: Path, small: Any
) -> None:
    target = _new(invoke, tmp_path / "c.toml", "--language", "en")
    before = target.read_bytes()
    result = invoke("import", "-", "-c", str(target), input=small.to_json())
    assert result.exit_code == 1 and "nothing was written" in result.stderr
    assert target.read_bytes() == before
    # The clean part imports whole, shared URLs and all (they are warnings).
    clean = small.without_flaws()
    result = invoke("import", "-", "-c", str(target), input=clean.to_json())
    assert result.exit_code == 0, result.stderr
    assert _tables(target) == {k: v for k, v in clean.data.items() if isinstance(v, dict)}


def test_verbose_lists_entries_and_json_gives_the_ids(
    invoke: Invoke, tmp_path: Path, small: Any
) -> None:
    target = _new(invoke, tmp_path / "c.toml")
    doc = json.loads(small.to_json())
    result = invoke(
        "import",
        "-",
        "--skip-invalid",
        "--format",
        "json",
        "-c",
        str(target),
        input=json.dumps(doc),
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["written"] is True
    assert sorted(data["added"]["webinars"]) == sorted(
        tomllib.loads(target.read_text("utf-8"))["webinars"]
    )
    skipped = {s["entity"]: s for s in data["skipped"]}
    for flaw in small.flaws:
        assert skipped[f"{flaw.table}.{flaw.id}"]["field"] == flaw.field
        assert skipped[f"{flaw.table}.{flaw.id}"]["code"] == flaw.code
    # Again, verbosely: everything is there already, so nothing is added.
    again = invoke(
        "import", "-", "--skip-invalid", "--verbose", "-c", str(target), input=json.dumps(doc)
    )
    assert again.exit_code == 1
    assert "nothing to change" in again.stderr and re.search(
        r"\d+ unchanged; skipped \d+$", again.stderr.strip()
    )

    other = _new(invoke, tmp_path / "d.toml")
    verbose = invoke(
        "import", "-", "--verbose", "-c", str(other), input=small.without_flaws().to_json()
    )
    assert verbose.exit_code == 0
    assert verbose.stderr.count("\nadd webinars.") + verbose.stderr.startswith("add webinars.") >= 1
    assert len(re.findall(r"^add ", verbose.stderr, re.M)) == sum(
        small.without_flaws().counts().values()
    )


def test_dry_run_with_skip_invalid_writes_nothing(
    invoke: Invoke, tmp_path: Path, small: Any
) -> None:
    target = _new(invoke, tmp_path / "c.toml", "--language", "en")
    before = target.read_bytes()
    result = invoke(
        "import", "-", "--skip-invalid", "--dry-run", "-c", str(target), input=small.to_json()
    )
    assert result.exit_code == 1 and target.read_bytes() == before
    assert "dry run, nothing written: added" in result.stderr
    # the diff of the whole import: the title set at the top, then the entries
    assert result.stdout.startswith(f"--- a/{str(target).lstrip('/')}\n+++ b/")
    assert '\n+title = "Conference talks' in result.stdout
    assert "\n+[series." in result.stdout


def test_a_top_level_conflict_is_reported_first_with_both_values(
    invoke: Invoke, tmp_path: Path
) -> None:
    target = _new(invoke, tmp_path / "c.toml", "--language", "nb", "--title", "Mine")
    # The entries would be a conflict of their own (and a null), but the top level comes first.
    doc = {"language": "en", "title": "Theirs", "tags": {"x": {"title": None}}}
    result = invoke("import", "-", "-c", str(target), input=json.dumps(doc))
    assert result.exit_code == 2
    assert 'language is "nb" in the catalogue, "en" in the import' in result.stderr
    assert 'title is "Mine" in the catalogue, "Theirs" in the import' in result.stderr
    assert "set --top" in result.stderr
    # --update takes the import's values.
    doc["tags"] = {"x": {"title": "X"}}
    assert (
        invoke("import", "-", "--update", "-c", str(target), input=json.dumps(doc)).exit_code == 0
    )
    data = tomllib.loads(target.read_text("utf-8"))
    assert (data["language"], data["title"]) == ("en", "Theirs")


def test_skip_invalid_skips_entries_json_cannot_hold(invoke: Invoke, tmp_path: Path) -> None:
    target = _new(invoke, tmp_path / "c.toml")
    doc = {"tags": {"ok": {"title": "OK"}, "null": {"title": None}, "odd": 5}}
    result = invoke("import", "-", "--skip-invalid", "-c", str(target), input=json.dumps(doc))
    assert result.exit_code == 1
    assert "skipped tags.null.title: null is not a value" in result.stderr
    assert "skipped tags.odd: must be an object of fields [wrong-type]" in result.stderr
    assert list(tomllib.loads(target.read_text("utf-8"))["tags"]) == ["ok"]


def test_init_with_language_and_title(invoke: Invoke, tmp_path: Path) -> None:
    path = _new(invoke, tmp_path / "c.toml", "--language", "en", "--title", 'Talks "2024" – ÆØÅ')
    data = tomllib.loads(path.read_text("utf-8"))
    assert (data["language"], data["title"]) == ("en", 'Talks "2024" – ÆØÅ')
    assert "language" not in tomllib.loads(_new(invoke, tmp_path / "e.toml").read_text("utf-8"))
    bad = invoke("init", str(tmp_path / "bad.toml"), "--empty", "--language", "english!")
    assert bad.exit_code == 2 and "not a BCP 47 language tag" in bad.stderr
    assert not (tmp_path / "bad.toml").exists()
    seed = invoke("init", str(tmp_path / "seed.toml"), "--language", "nn")
    assert seed.exit_code == 0
    assert tomllib.loads((tmp_path / "seed.toml").read_text("utf-8"))["language"] == "nn"


def test_set_top_changes_and_removes_language_and_title(invoke: Invoke, tmp_path: Path) -> None:
    path = _new(invoke, tmp_path / "c.toml", "--language", "nb")
    c = ["-c", str(path)]
    assert invoke("set", "--top", "language", "en", *c).exit_code == 0
    assert invoke("set", "--top", "title", "Konferanse – ÆØÅ", *c).exit_code == 0
    data = tomllib.loads(path.read_text("utf-8"))
    assert (data["language"], data["title"]) == ("en", "Konferanse – ÆØÅ")
    r = invoke("set", "--top", "--unset", "language", *c)
    assert r.exit_code == 0 and "unset top-level language" in r.stderr
    assert "language" not in tomllib.loads(path.read_text("utf-8"))
    before = path.read_bytes()
    bad = invoke("set", "--top", "language", "not a tag", *c)
    assert bad.exit_code == 1 and "bad-language-tag" in bad.stderr
    wrong = invoke("set", "--top", "titel", "x", *c)
    assert wrong.exit_code == 2 and "did you mean 'title'" in wrong.stderr
    assert invoke("set", "--top", "schema_version", "2", *c).exit_code == 2
    assert path.read_bytes() == before
    assert invoke("validate", *c).exit_code == 0 and invoke("fmt", "--check", *c).exit_code == 0
