"""What the store refuses or reports, with real files and processes: catalogues that are not
regular files or not catalogues, a change between the comparison and the rename, hard links,
and Ctrl-C before and after the rename."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import add_webinar_args, subprocess_env, webcat_within

webcat = webcat_within(60)  # seconds a single webcat process may take here

ADD = add_webinar_args("Parallell")


def _paused(step: str, *args: str) -> subprocess.Popen[str]:
    """A writer paused at ``step`` of its write (WEBCAT_TEST_PAUSE)."""
    p = subprocess.Popen(
        [sys.executable, "-m", "webcat", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(WEBCAT_TEST_PAUSE=f"{step}:30"),
    )
    assert p.stderr is not None and p.stderr.readline() == f"webcat-step: {step}\n"
    return p


def _temps(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if ".webcat-tmp-" in n]


@pytest.mark.parametrize("command", [["validate"], ADD, ["list"]])
@pytest.mark.parametrize("kind", ["/dev/null", "/dev/zero", "fifo"])
def test_a_catalogue_must_be_a_regular_file(tmp_path: Path, command: list[str], kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "catalogue.toml"
        os.mkfifo(path)
    else:
        path = Path(kind)
    before = os.stat(path)
    result = webcat(*command, "-c", str(path))  # a hang would fail on the timeout
    assert result.returncode == 3, result.stderr
    assert "not a catalogue file" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") <= 2  # the error and its hint
    after = os.stat(path)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.parametrize(
    "command",
    [
        ["add", "series", "--title", "Ny serie"],
        ["fmt"],
        ["set", "x", "title", "Y"],
        ["add", "series", "--title", "Ny serie", "--dry-run"],
    ],
)
def test_a_toml_file_that_is_not_a_catalogue_is_never_edited(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "pyproject.toml"
    text = '[project]\nname = "x"\nversion = "1"\n\n[tool.ruff]\nline-length = 100\n'
    path.write_text(text, "utf-8")
    result = webcat(*command, "-c", str(path))
    assert result.returncode == 3, result.stderr
    assert "not a webcat catalogue (no schema_version at the top)" in result.stderr
    assert path.read_text("utf-8") == text
    assert sorted(os.listdir(tmp_path)) in (
        ["pyproject.toml"],
        [".pyproject.toml.lock", "pyproject.toml"],
    )


def test_schema_version_after_a_multi_line_string_still_counts(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.toml"
    path.write_text(
        'title = """Webinarer\n[not a table]\n"""\nschema_version = 1\nlanguage = "nb"\n', "utf-8"
    )
    result = webcat("add", "series", "--title", "Ny serie", "-c", str(path))
    assert result.returncode == 0, result.stderr
    assert "[series.ny-serie]" in path.read_text("utf-8")


def test_a_change_just_before_the_rename_is_not_overwritten(seed: Path) -> None:
    p = _paused("replace", *ADD, "-c", str(seed))
    # The byte comparison the old store made at step "checked" is long past: a program
    # that does not take the lock saves now.
    edited = seed.read_text("utf-8").replace("number = 1", "number = 9")
    seed.write_text(edited, "utf-8")
    _out, rest = p.communicate(timeout=60)
    assert p.returncode == 3, rest
    assert "changed on disk since webcat read it; nothing was written" in rest
    assert seed.read_text("utf-8") == edited
    assert _temps(seed.parent) == []


def test_a_hard_linked_catalogue_is_split_with_a_warning(seed: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-name.toml"
    os.link(seed, other)
    old = other.read_bytes()
    result = webcat(*ADD, "-c", str(seed))
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "had 1 other hard link" in result.stderr
    assert "[webinars.parallell]" in seed.read_text("utf-8")
    assert other.read_bytes() == old
    again = webcat("set", "parallell", "title", "Igjen", "-c", str(seed))
    assert again.returncode == 0 and "hard link" not in again.stderr


def test_ctrl_c_after_the_rename_says_the_edit_landed(seed: Path) -> None:
    p = _paused("fsync-folder", *ADD, "-c", str(seed))
    p.send_signal(signal.SIGINT)
    _out, rest = p.communicate(timeout=60)
    assert p.returncode == 130
    assert f"interrupted after the edit was written to {seed}: add webinars.parallell" in rest
    assert "Traceback" not in rest
    assert "[webinars.parallell]" in seed.read_text("utf-8")


def test_ctrl_c_before_the_rename_changes_nothing(seed: Path) -> None:
    old = seed.read_bytes()
    p = _paused("replace", *ADD, "-c", str(seed))
    p.send_signal(signal.SIGINT)
    _out, rest = p.communicate(timeout=60)
    assert p.returncode == 130
    assert rest.strip() == "interrupted"
    assert seed.read_bytes() == old and _temps(seed.parent) == []
