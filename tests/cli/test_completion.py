"""Shell completion: commands, options, choices, kinds, fields and the ids of the catalogue in
effect, through Typer's completion protocol (_WEBCAT_COMPLETE) in a real process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, subprocess_env


def complete(words: str, cwd: Path | None = None, shell: str = "bash", **env: str) -> list[str]:
    """What Tab offers after ``words`` (the last word is being completed; end with a space
    to complete a new word), as bash receives it: one completion a line."""
    parts = words.split(" ")
    extra = {
        "_WEBCAT_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        "_TYPER_COMPLETE_ARGS": words,
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-m", "webcat"],
        capture_output=True,
        text=True,
        env=subprocess_env(**extra),
        cwd=cwd,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copyfile(SEED, tmp_path / "data" / "catalogue.toml")
    return tmp_path


@pytest.fixture
def other(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "talks.toml"
    path.parent.mkdir()
    path.write_text(
        'schema_version = 1\n\n[people.ada-lovelace]\nname = "Ada Lovelace"\n\n'
        '[people.alan-turing]\nname = "Alan Turing"\n\n[tags.ai]\ntitle = "AI"\n',
        "utf-8",
    )
    return path


def test_commands_and_options(project: Path) -> None:
    assert {"list", "show", "set", "add", "export", "check"} <= set(complete("webcat ", project))
    assert "--catalogue" in complete("webcat list --", project)
    assert complete("webcat list --form", project) == ["--format"]
    assert {"webinar", "resource", "person"} <= set(complete("webcat add ", project))


def test_choices_of_enums_and_fields(project: Path) -> None:
    assert {"json", "csv", "ids"} <= set(complete("webcat list --format ", project))
    assert {"html", "markdown", "site"} <= set(complete("webcat export ", project))
    assert complete("webcat list peo", project) == ["people"]
    assert {"recording", "slides"} <= set(complete("webcat add resource --kind ", project))
    fields = complete("webcat set jacob-torfing ", project)
    assert "affiliations" in fields and "name" in fields and "date" not in fields
    assert "duration" in complete("webcat set samskaping-hvorfor-hva-og-hvordan --unset ", project)


def test_ids_of_the_catalogue_found_from_a_subfolder(project: Path) -> None:
    assert complete("webcat show jac", project / "docs") == ["jacob-torfing"]
    series = complete("webcat list --series ", project / "docs")
    assert series == ["samskaping-webinarer"]
    assert "ledelse" in complete("webcat export html --tag ", project / "docs")
    assert complete("webcat add webinar --speaker jac", project / "docs") == ["jacob-torfing"]
    assert complete("webcat show people.ja", project / "docs") == ["people.jacob-torfing"]


def test_ids_follow_the_catalogue_option_and_the_environment(project: Path, other: Path) -> None:
    assert complete(f"webcat -c {other} show a", project) == ["ada-lovelace", "alan-turing", "ai"]
    assert complete(f"webcat remove --catalogue {other} al", project) == ["alan-turing"]
    assert complete("webcat show a", project, WEBCAT_CATALOGUE=str(other)) == [
        "ada-lovelace",
        "alan-turing",
        "ai",
    ]


def test_zsh_and_fish_get_the_titles_too(project: Path) -> None:
    zsh = "\n".join(complete("webcat show jac", project, shell="zsh"))
    assert '"jacob-torfing":"Jacob Torfing"' in zsh
    fish = complete(
        "webcat show jac", project, shell="fish", _TYPER_COMPLETE_FISH_ACTION="get-args"
    )
    assert fish == ["jacob-torfing\tJacob Torfing"]


def test_no_catalogue_or_a_broken_one_completes_nothing_quietly(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert complete("webcat show ", tmp_path) == []
    (tmp_path / "catalogue.toml").write_text("[people.x\n", "utf-8")
    assert complete("webcat show ", tmp_path) == []
    # TOML 1.1 (a time without seconds), which every command refuses: no ids either
    (tmp_path / "catalogue.toml").write_text(
        'schema_version = 1\n[people.x]\nname = "X"\nat = 10:30\n', "utf-8"
    )
    assert complete("webcat show ", tmp_path) == []
    (tmp_path / "catalogue.toml").write_text(
        'schema_version = 1\n[people.x]\nname = "X"\nat = 10:30:00\n', "utf-8"
    )
    assert complete("webcat show ", tmp_path) == ["x"]
    assert complete("webcat -c - show ", tmp_path) == []
