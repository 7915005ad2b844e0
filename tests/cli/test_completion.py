"""Shell completion: commands, options, choices, kinds, fields and the ids of the catalogue in
effect, through Typer's completion protocol (_WEBCAT_COMPLETE) in a real process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import subprocess_env
from webcat.cli import app


def complete(
    words: str, cwd: Path | None = None, shell: str = "bash", process: bool = False, **env: str
) -> list[str]:
    """What Tab offers after ``words`` (the last word is being completed; end with a space
    to complete a new word), as the shell receives it: one completion a line. In-process
    through CliRunner, or with ``process`` as a real ``python -m webcat``."""
    parts = words.split(" ")
    extra = {
        "_WEBCAT_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        "_TYPER_COMPLETE_ARGS": words,
        **env,
    }
    if process:
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
    here = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(app, [], env=extra, prog_name="webcat")
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


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


def test_sort_keys_ascending_and_descending(project: Path) -> None:
    dated = ["description", "date", "duration"]
    assert complete("webcat list --sort d", project) == dated
    assert complete("webcat list --sort -d", project) == ["-" + name for name in dated]
    every = complete("webcat list --sort -", project)
    assert {"-id", "-title", "-date"} <= set(every)
    assert all(key.startswith("-") and not key.startswith("--") for key in every)
    assert complete("webcat list --sort -ti", project, process=True) == ["-title"]
    # the keys of the kind given before --sort, not always the webinars'
    assert complete("webcat list people --sort -na", project) == ["-name"]
    people = complete("webcat list people --sort ", project)
    assert "affiliations" in people and "date" not in people
    # a "-" that is no sort key's start, or not after --sort, is still an option's name
    assert complete("webcat list --sort --for", project) == ["--format"]
    assert complete("webcat list --so", project) == ["--sort"]
    assert "--sort" in complete("webcat list people -", project)


def test_the_field_to_unset_is_one_of_the_entry_kind(project: Path) -> None:
    fields = complete("webcat set jacob-torfing --unset ", project)
    assert "affiliations" in fields and "date" not in fields


def test_ids_of_the_catalogue_found_from_a_subfolder(project: Path) -> None:
    assert complete("webcat show jac", project / "docs", process=True) == ["jacob-torfing"]
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


def test_zsh_and_fish_get_the_ids_too(project: Path) -> None:
    zsh = "\n".join(complete("webcat show jac", project, shell="zsh"))
    assert '"jacob-torfing"' in zsh
    assert '"-title"' in "\n".join(complete("webcat list --sort -ti", project, shell="zsh"))
    fish = complete(
        "webcat show jac", project, shell="fish", _TYPER_COMPLETE_FISH_ACTION="get-args"
    )
    assert fish == ["jacob-torfing"]


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


@pytest.mark.parametrize(
    ("words", "expected"),
    [("list --speaker jac", ["jacob-torfing"]), ("list --sort -ti", ["-title"])],
)
def test_the_installed_bash_script_completes_ids(
    project: Path, tmp_path: Path, words: str, expected: list[str]
) -> None:
    """What --show-completion prints, sourced into a real bash, completes an id and a
    descending sort key."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "webcat"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m webcat "$@"\n', "utf-8")
    shim.chmod(0o755)
    script = (
        "source <(webcat --show-completion bash)\n"
        f"COMP_WORDS=(webcat {words}); COMP_CWORD={len(words.split())}\n"
        '_webcat_completion webcat; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        [bash, "--norc", "-c", script],
        capture_output=True,
        text=True,
        cwd=project / "docs",
        env=subprocess_env(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}"),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == expected
