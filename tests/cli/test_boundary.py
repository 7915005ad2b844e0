"""The error boundary every command runs behind, with real processes and real file
descriptors: a full disk on stdout, a reader that left, Ctrl-C, and how commands are
registered so that none can miss the boundary."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rtoml
import typer

from webcat.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "catalogue.toml"
CLI = ROOT / "src" / "webcat" / "cli"

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.toml"
    shutil.copyfile(SEED, path)
    return path


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBCAT_")}
    env["NO_COLOR"] = "1"
    return env


def run_to_dev_full(*args: str) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [sys.executable, "-m", "webcat", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            timeout=60,
        )


def run_to_closed_pipe(*args: str) -> tuple[int, str]:
    """Run with stdout a pipe whose reader has already gone (``| head -c0``)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        p = subprocess.run(
            [sys.executable, "-m", "webcat", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            timeout=60,
        )
    finally:
        os.close(write_end)
    return p.returncode, p.stderr


@needs_dev_full
@pytest.mark.parametrize("fmt", ["json", "table", "ids"])
def test_a_full_disk_on_stdout_is_one_line_and_exit_3(catalogue: Path, fmt: str) -> None:
    p = run_to_dev_full("list", "-c", str(catalogue), "--format", fmt)
    assert p.returncode == ExitCode.CATALOGUE, p.stderr
    assert p.stderr == "error: cannot write to stdout: No space left on device\n"


@pytest.mark.parametrize("args", [["show", "jacob-torfing"], ["list", "--format", "json"]])
def test_a_reader_that_left_is_a_quiet_exit(catalogue: Path, args: list[str]) -> None:
    code, stderr = run_to_closed_pipe(*args, "-c", str(catalogue))
    assert (code, stderr) == (0, "")


@needs_dev_full
def test_add_with_a_full_stdout_still_says_what_it_added(catalogue: Path) -> None:
    p = run_to_dev_full("add", "tag", "--title", "Ny tag", "-c", str(catalogue))
    assert p.returncode == ExitCode.CATALOGUE
    assert p.stderr.splitlines()[-1] == (
        "error: added tags.ny-tag, but could not write to stdout: No space left on device"
    )
    assert "ny-tag" in rtoml.loads(catalogue.read_text("utf-8"))["tags"]


def test_add_with_a_closed_stdout_still_says_what_it_added(catalogue: Path) -> None:
    code, stderr = run_to_closed_pipe("add", "tag", "--title", "Ny tag", "-c", str(catalogue))
    assert code == ExitCode.CATALOGUE
    assert "error: added tags.ny-tag, but could not write to stdout" in stderr
    assert "Traceback" not in stderr
    assert "ny-tag" in rtoml.loads(catalogue.read_text("utf-8"))["tags"]


def test_ctrl_c_is_exit_130_with_a_word() -> None:
    from webcat.cli._common import guarded

    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(typer.Exit) as exit:
        guarded(interrupted)()
    assert exit.value.exit_code == int(ExitCode.INTERRUPTED) == 130


def test_commands_are_registered_only_through_the_boundary() -> None:
    """Only `register` calls Typer's `.command(`, so no command can miss the boundary."""
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(CLI.glob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if re.search(r"\.command\(", line) and path.name != "_common.py"
    ]
    assert offenders == []


def test_no_bare_exit_codes_in_the_cli() -> None:
    """Every exit code comes from ExitCode (and exit 1 from ProblemsFound)."""
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(CLI.glob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if re.search(r"Exit\(\s*\d|exit\(\s*\d|ExitCode\.PROBLEMS", line)
    ]
    assert offenders == []
