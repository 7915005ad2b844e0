"""``webcat check FILE`` beside a catalogue chosen elsewhere: a ``-c`` before the command (an
alias's) or ``$WEBCAT_CATALOGUE`` chooses the catalogue only when one is checked, so
``check FILE`` checks the file, with no link state, as a plain ``check FILE`` does. Only
``check -c PATH FILE``, both given to ``check`` itself, is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Invoke
from linkcheck.conftest import TestServer

FAST = ["--host-interval", "0", "--timeout", "5", "--retries", "0"]


@pytest.fixture
def server() -> Iterator[TestServer]:
    srv = TestServer("127.0.0.2")
    yield srv
    srv.stop()


@pytest.fixture
def catalogue(tmp_path: Path, server: TestServer) -> Path:
    """A catalogue, in a folder of its own, whose one link is /ok?from=catalogue."""
    folder = tmp_path / "project"
    folder.mkdir()
    path = folder / "X.toml"
    path.write_text(
        'schema_version = 1\nlanguage = "en"\n\n[series.s]\ntitle = "Serie"\n'
        f'url = "{server.url("/ok?from=catalogue")}"\n',
        "utf-8",
    )
    return path


@pytest.fixture
def notes(tmp_path: Path, server: TestServer) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(f"# Notes\n\nSee [the talk]({server.url('/ok')}).\n", "utf-8")
    return path


def _checked_the_notes(stdout: str, notes: Path, server: TestServer) -> None:
    """The report is the notes' one link, at its line, and the catalogue was not checked."""
    items = json.loads(stdout)["results"]
    assert [(item["url"], item["outcome"]) for item in items] == [(server.url("/ok"), "ok")]
    assert [(p["file"], p["line"]) for p in items[0]["places"]] == [(str(notes), 3)]
    assert "from=catalogue" not in " ".join(r.query for r in server.record.requests)


def test_a_catalogue_given_before_the_command_does_not_stop_check_file(
    invoke: Invoke, catalogue: Path, notes: Path, server: TestServer
) -> None:
    for flag in ("-c", "--catalogue"):
        result = invoke(flag, str(catalogue), "check", str(notes), "--format", "json", *FAST)
        assert result.exit_code == 0, result.stderr
        assert "not both" not in result.stderr
        _checked_the_notes(result.stdout, notes, server)
    # A plain `check FILE` keeps no link state; nor does it with the alias's -c: nothing is
    # written beside the catalogue, which is left as it was.
    assert not (catalogue.parent / ".webcat_cache").exists()
    assert not (notes.parent / ".webcat_cache").exists()


def test_the_catalogue_before_the_command_is_not_even_read_for_check_file(
    invoke: Invoke, tmp_path: Path, notes: Path, server: TestServer
) -> None:
    missing = tmp_path / "gone" / "catalogue.toml"
    result = invoke("-c", str(missing), "check", str(notes), "--format", "json", *FAST)
    assert result.exit_code == 0, result.stderr
    _checked_the_notes(result.stdout, notes, server)


def test_the_catalogue_before_the_command_is_checked_without_file(
    invoke: Invoke, catalogue: Path, server: TestServer
) -> None:
    result = invoke("-c", str(catalogue), "check", "--format", "json", *FAST)
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)["results"]
    assert item["url"] == server.url("/ok?from=catalogue")
    assert (catalogue.parent / ".webcat_cache" / "X.linkstate.json").is_file()


@pytest.mark.parametrize("env_points_to", ["catalogue", "nothing"])
def test_the_environment_does_not_stop_check_file(
    invoke: Invoke,
    catalogue: Path,
    notes: Path,
    server: TestServer,
    tmp_path: Path,
    env_points_to: str,
) -> None:
    named = catalogue if env_points_to == "catalogue" else tmp_path / "missing.toml"
    result = invoke(
        "check", str(notes), "--format", "json", *FAST, env={"WEBCAT_CATALOGUE": str(named)}
    )
    assert result.exit_code == 0, result.stderr
    _checked_the_notes(result.stdout, notes, server)
    assert not (catalogue.parent / ".webcat_cache").exists()


def test_stdin_is_checked_with_a_catalogue_given_before_the_command(
    invoke: Invoke, catalogue: Path, server: TestServer
) -> None:
    result = invoke(
        "-c", str(catalogue), "check", "-", "--format", "json", *FAST, input=server.url("/ok")
    )
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)["results"]
    assert [item["url"] for item in items] == [server.url("/ok")]


@pytest.mark.parametrize(
    "before", [[], ["-c", "elsewhere.toml"]], ids=["only-after", "before-and-after"]
)
def test_file_and_a_catalogue_both_given_to_check_is_a_usage_error(
    invoke: Invoke, catalogue: Path, notes: Path, server: TestServer, before: list[str]
) -> None:
    result = invoke(*before, "check", "-c", str(catalogue), str(notes), *FAST)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: give either FILE/- or --catalogue, not both",
        "hint: check FILE checks the links in FILE; check -c PATH those of the catalogue PATH",
    ]
    assert result.stdout == ""
    assert server.record.requests == []


def test_fix_redirects_with_file_still_needs_a_catalogue(
    invoke: Invoke, catalogue: Path, notes: Path
) -> None:
    before = catalogue.read_bytes()
    result = invoke("-c", str(catalogue), "check", str(notes), "--fix-redirects")
    assert result.exit_code == 2
    assert "--fix-redirects needs a catalogue, not a list of URLs" in result.stderr
    assert catalogue.read_bytes() == before
