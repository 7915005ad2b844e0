"""One name for one thing across commands: the format for people is `text` everywhere (with
`table`, list's old name, still accepted), and `--lang` means the same in every command."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main

from conftest import SEED, Invoke
from webcat.cli import app


def _options(name: str) -> list[tuple[str, Any]]:
    """Every command that has option ``name``, with that option."""
    found: list[tuple[str, Any]] = []

    def walk(command: Any, path: str) -> None:
        for param in getattr(command, "params", []):
            if name in getattr(param, "opts", ()):
                found.append((path, param))
        for sub, child in getattr(command, "commands", {}).items():
            walk(child, f"{path} {sub}".strip())

    walk(typer.main.get_command(app), "")
    return found


def test_the_format_for_people_is_text_in_every_command(invoke: Invoke) -> None:
    commands = []
    for path, _ in _options("--format"):
        text = invoke(*path.split(), "--help").stdout
        shown = re.search(r"^\s+(?:-f, )?--format \[([^\]]*)\]", text, re.M)
        if shown is None:
            continue  # add resource --format sets a field (the file's format), free text
        choices = shown.group(1).split("|")
        assert "table" not in choices, f"{path}: {choices}"
        if "text" in choices:
            commands.append(path)
    assert {"list", "show", "validate", "import", "check"} <= set(commands)


@pytest.mark.parametrize("kind", ["webinars", "series", "people"])
def test_table_is_still_accepted_for_text(invoke: Invoke, kind: str) -> None:
    text = invoke("list", kind, "-c", str(SEED), "--format", "text")
    table = invoke("list", kind, "-c", str(SEED), "--format", "table")
    assert text.exit_code == table.exit_code == 0
    assert text.stdout == table.stdout and text.stdout.strip()
    assert invoke("validate", "-c", str(SEED), "-f", "table").exit_code == 0


def test_lang_is_the_same_option_wherever_it_appears(invoke: Invoke) -> None:
    helps = {p: param.help for p, param in _options("--lang")}
    assert {"list", "show", "export"} <= set(helps)
    assert len(set(helps.values())) == 1, helps
    for path in helps:
        args = ["html"] if path == "export" else ["jacob-torfing"] if path == "show" else []
        result = invoke(*path.split(), *args, "-c", str(SEED), "--lang", "not a tag")
        assert result.exit_code == 2, (path, result.stderr)
        assert "--lang 'not a tag' is not a language tag" in result.stderr


def test_language_sets_and_in_language_selects() -> None:
    assert {p for p, _ in _options("--in-language")} == {"list", "export"}
    setters = {p for p, _ in _options("--language")}
    assert "init" in setters and "add webinar" in setters
    assert not setters & {"list", "show", "export"}
