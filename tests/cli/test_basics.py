"""--version, help for every command, the schema, and init."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SEED, Invoke
from webcat import __version__
from webcat.cli import app


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"webcat {__version__}\n"


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(invoke: Invoke, command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"`webcat {command} --help` shows no example"


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command: str) -> None:
    doc = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert re.search(rf"^## `webcat {command}\b", doc, re.M), f"docs/cli.md lacks {command}"


def test_exit_codes_are_documented_in_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for code in ("0", "1", "2", "3"):
        assert re.search(rf"^\| `?{code}`? \|", readme, re.M), f"exit code {code} not in README"


def test_usage_error_exits_2(invoke: Invoke) -> None:
    result = invoke("list", "--limit", "many")
    assert result.exit_code == 2


def test_schema_is_valid_and_accepts_the_seed(invoke: Invoke) -> None:
    result = invoke("schema")
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    with SEED.open("rb") as fh:
        data = tomllib.load(fh)
    from webcat.catalogue.serialize import jsonable

    jsonschema.validate(jsonable(data), schema)
    bad = jsonable(data) | {"webinars": {"x": {"title": "no series"}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_init_creates_the_seed_and_never_overwrites(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "new" / "catalogue.toml"
    result = invoke("init", str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_text("utf-8") == SEED.read_text("utf-8")
    assert invoke("validate", "-c", str(path)).exit_code == 0
    again = invoke("init", str(path))
    assert again.exit_code == 3 and "already exists" in again.stderr
    empty = tmp_path / "empty.toml"
    assert invoke("init", str(empty), "--empty").exit_code == 0
    assert invoke("validate", "-c", str(empty)).exit_code == 0
    assert invoke("list", "-c", str(empty), "-f", "ids").stdout == ""


def test_the_files_init_writes_point_at_nothing_a_pip_install_lacks(
    invoke: Invoke, tmp_path: Path
) -> None:
    for args in ([], ["--empty"]):
        path = tmp_path / f"c{len(args)}.toml"
        assert invoke("init", str(path), *args).exit_code == 0
        comments = "\n".join(
            line for line in path.read_text("utf-8").splitlines() if line.startswith("#")
        )
        assert "webcat schema" in comments
        assert "src/" not in comments, comments
        # A docs page is named with the repository's address, never as a bare local path.
        assert "docs/" not in comments or "https://github.com/webcat-dev/webcat" in comments
