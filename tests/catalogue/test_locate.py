"""Finding the catalogue: --catalogue, $WEBCAT_CATALOGUE, then the folders upwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from webcat.catalogue.locate import STDIN, find_catalogue, locate_catalogue, search_folders
from webcat.errors import CatalogueError, UsageError


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder at the top of a git repository, with docs/deep/ below it."""
    (tmp_path / "project" / ".git").mkdir(parents=True)
    (tmp_path / "project" / "docs" / "deep").mkdir(parents=True)
    return tmp_path / "project"


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("schema_version = 1\n", encoding="utf-8")
    return path


def test_found_from_a_subfolder_as_a_path_relative_to_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(project / "data" / "catalogue.toml")
    monkeypatch.chdir(project / "docs" / "deep")
    found = locate_catalogue()
    assert found == Path("../../data/catalogue.toml")
    assert found.resolve() == (project / "data" / "catalogue.toml").resolve()


def test_nearest_folder_wins_and_data_before_plain(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(project / "catalogue.toml")
    _touch(project / "docs" / "catalogue.toml")
    monkeypatch.chdir(project / "docs" / "deep")
    assert locate_catalogue() == Path("../catalogue.toml")
    _touch(project / "docs" / "data" / "catalogue.toml")
    assert locate_catalogue() == Path("../data/catalogue.toml")
    monkeypatch.chdir(project)
    assert locate_catalogue() == Path("catalogue.toml")


def test_the_search_stops_at_the_top_of_the_git_repository(
    tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(tmp_path / "catalogue.toml")  # outside the project: never picked up
    monkeypatch.chdir(project / "docs")
    assert search_folders() == [project / "docs", project]
    assert find_catalogue() is None
    with pytest.raises(CatalogueError) as caught:
        locate_catalogue()
    message = caught.value.message
    assert "data/catalogue.toml or catalogue.toml" in message
    assert f"{project / 'docs'}, {project}" in message
    assert "top of the git repository" in message
    assert "webcat init" in (caught.value.hint or "")


def test_without_a_repository_the_search_goes_up_to_the_root(tmp_path: Path) -> None:
    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    folders = search_folders(start)
    assert folders[:3] == [start, tmp_path / "a", tmp_path]
    assert folders[-1] == Path(start.anchor)


def test_explicit_path_then_the_environment_win_over_the_search(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(project / "catalogue.toml")
    other = _touch(project / "other.toml")
    monkeypatch.chdir(project)
    monkeypatch.setenv("WEBCAT_CATALOGUE", str(other))
    assert locate_catalogue() == other
    assert locate_catalogue("given.toml") == Path("given.toml")


def test_a_missing_file_named_by_the_environment_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBCAT_CATALOGUE", str(project / "gone.toml"))
    with pytest.raises(
        CatalogueError, match=r"gone\.toml: no such catalogue file \(named by \$WEBCAT_CATALOGUE\)"
    ):
        locate_catalogue()


def test_stdin_only_for_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    assert locate_catalogue("-", stdin=True) == STDIN
    with pytest.raises(UsageError, match="cannot be read from stdin"):
        locate_catalogue("-")
    monkeypatch.setenv("WEBCAT_CATALOGUE", "-")
    assert locate_catalogue(stdin=True) == STDIN
    with pytest.raises(UsageError):
        locate_catalogue()
