"""The project's promises about itself: README commands, CI, docs examples, embedded seed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from conftest import ROOT, SEED, Invoke


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)[:2]


def test_ci_runs_the_readme_test_command() -> None:
    install_and_run, test = _readme_commands()
    assert "webcat list" in install_and_run
    assert "pytest" in test and "ruff" in test and "mypy" in test
    assert test in (ROOT / ".ci" / "run").read_text("utf-8")


def test_format_doc_example_is_valid(invoke: Invoke, tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "catalogue-format.md").read_text("utf-8")
    example = re.search(r"## A complete example\n\n```toml\n(.+?)```", doc, re.S)
    assert example is not None
    path = tmp_path / "example.toml"
    path.write_text(example.group(1), "utf-8")
    result = invoke("validate", "-c", str(path))
    assert result.exit_code == 0, result.stdout


def test_packaged_seed_is_the_data_catalogue() -> None:
    from importlib.resources import files

    packaged = files("webcat").joinpath("data/catalogue.toml").read_text("utf-8")
    assert packaged == SEED.read_text("utf-8")


def test_seed_holds_the_whole_series() -> None:
    with SEED.open("rb") as fh:
        data = tomllib.load(fh)
    series = data["series"]["samskaping-webinarer"]
    assert series["published"].isoformat() == "2022-03-22"
    # The series page's header image is not in the catalogue, so neither is its credit.
    assert "image_credit" not in series and "image" not in series
    assert series["url"] == "https://www.telemarksforsking.no/webinar-serie-om-samskaping/"
    assert len(data["webinars"]) == 4
    slides = data["resources"]["samskabelse-telemark-jt"]
    assert slides["title"] == "Samskabelse Telemark JT" and slides["kind"] == "slides"
    project = data["projects"]["den-samskapende-kommune"]
    assert project["partners"] == ["nordre-follo-kommune", "stad-kommune"]
    for r in data["resources"].values():
        if r["url"] == series["url"]:
            assert "seriens side" in r["note"]
