"""-c/--catalogue before or after the command, the search from a subfolder, and -c - (stdin)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SEED, Invoke, run_webcat

SERIES = "samskaping-webinarer"
PERSON = "jacob-torfing"


def _other(tmp_path: Path) -> Path:
    path = tmp_path / "other.toml"
    path.write_text(
        'schema_version = 1\nlanguage = "en"\n\n[series.other]\ntitle = "Other"\n', "utf-8"
    )
    return path


def test_catalogue_before_the_command(invoke: Invoke, tmp_path: Path) -> None:
    other = _other(tmp_path)
    result = invoke("-c", str(other), "list", "series", "-f", "ids")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "other\n"
    # and for the commands of the add group, two levels down
    added = invoke("--catalogue", str(other), "add", "tag", "--title", "Ny")
    assert added.exit_code == 0, added.stderr
    assert "[tags.ny]" in other.read_text("utf-8")


def test_catalogue_after_the_command_wins(invoke: Invoke, tmp_path: Path) -> None:
    other = _other(tmp_path)
    result = invoke(
        "-c", str(tmp_path / "missing.toml"), "list", "series", "-f", "ids", "-c", str(other)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "other\n"


def test_found_from_a_subfolder_for_reading_and_editing(
    invoke: Invoke, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "docs")
    listed = invoke("list", "series", "-f", "ids")
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout == f"{SERIES}\n"
    changed = invoke("set", PERSON, "name", "Jacob T.")
    assert changed.exit_code == 0, changed.stderr
    assert 'name = "Jacob T."' in (project / "data" / "catalogue.toml").read_text("utf-8")
    problems = invoke("validate")
    assert "../data/catalogue.toml: valid" in problems.stderr


def test_no_catalogue_found_names_the_folders_it_looked_in(
    invoke: Invoke, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "data" / "catalogue.toml").unlink()
    monkeypatch.chdir(project / "docs")
    result = invoke("list")
    assert result.exit_code == 3
    assert f"in {project / 'docs'}, {project} (the top of the git repository)" in result.stderr
    assert "webcat init" in result.stderr


def test_the_environment_wins_over_the_search(
    invoke: Invoke, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "docs")
    monkeypatch.setenv("WEBCAT_CATALOGUE", str(_other(project)))
    assert invoke("list", "series", "-f", "ids").stdout == "other\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list", "series", "-f", "ids"], f"{SERIES}\n"),
        (["show", PERSON, "-f", "json"], f'"id": "{PERSON}"'),
        (["export", "json"], f'"{SERIES}"'),
        (["validate", "-f", "json"], '"file": "<stdin>"'),
    ],
)
def test_readers_take_the_catalogue_from_stdin(
    invoke: Invoke, args: list[str], expected: str
) -> None:
    text = SEED.read_text("utf-8")
    before = invoke("-c", "-", *args, input=text)
    after = invoke(*args, "-c", "-", input=text)
    assert before.exit_code == after.exit_code == 0, before.stderr + after.stderr
    assert expected in before.stdout
    assert before.stdout == after.stdout


def test_problems_of_a_catalogue_on_stdin_are_located_in_stdin(invoke: Invoke) -> None:
    text = SEED.read_text("utf-8").replace(
        "schema_version = 1", 'schema_version = 1\nbogus = "x"', 1
    )
    result = invoke("validate", "-c", "-", input=text)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:")
    assert ": error: bogus: unknown top-level key" in result.stdout
    broken = invoke("list", "-c", "-", input="[series.x\n")
    assert broken.exit_code == 3
    assert broken.stderr.startswith("error: <stdin>:1:")
    empty = invoke("list", "-c", "-", input="")
    assert empty.exit_code == 3 and "nothing on stdin" in empty.stderr


def test_fmt_check_and_check_read_stdin(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = SEED.read_text("utf-8")
    fmt = invoke("fmt", "--check", "-c", "-", input=text)
    assert fmt.exit_code == 0, fmt.stderr
    assert "<stdin>: canonical" in fmt.stderr
    # every URL excluded: nothing is sent, and no state is written for a piped catalogue
    check = invoke("check", "-c", "-", "--exclude", ".", "--format", "json", input=text)
    assert check.exit_code == 0, check.stderr
    report = json.loads(check.stdout)
    assert report["results"] and {r["outcome"] for r in report["results"]} == {"excluded"}
    assert report["results"][0]["places"][0]["file"] == "<stdin>"
    assert not (tmp_path / ".webcat_cache").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["set", PERSON, "name", "X"],
        ["remove", PERSON],
        ["add", "tag", "--title", "Ny"],
        ["import", "new.json"],
        ["fmt"],
        ["check", "--fix-redirects"],
        ["export", "site", "public", "--serve"],
    ],
)
def test_editing_commands_refuse_stdin(invoke: Invoke, args: list[str]) -> None:
    text = SEED.read_text("utf-8")
    for result in (invoke(*args, "-c", "-", input=text), invoke("-c", "-", *args, input=text)):
        assert result.exit_code == 2, result.stderr
        assert (
            "cannot be read from stdin (-c -)" in result.stderr
            or "on stdin (-c -)" in result.stderr
        )
        assert result.stderr.count("\n") <= 2  # one line and a hint


def test_a_real_process_reads_a_pipe() -> None:
    import subprocess
    import sys

    from conftest import subprocess_env

    done = subprocess.run(
        [sys.executable, "-m", "webcat", "-c", "-", "list", "people", "-f", "ids"],
        input=SEED.read_bytes(),
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{PERSON}\n".encode()
    assert run_webcat("-c", str(SEED), "list", "series", "-f", "ids").stdout == f"{SERIES}\n"
