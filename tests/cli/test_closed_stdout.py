"""A command started with stdout closed (``webcat ... >&-``, a daemon, a cron job with
its descriptors shut): one line on stderr and exit 3, never a traceback, and an edit that
landed says so - and no file webcat opens can take over descriptor 1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED


def _closed_stdout(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBCAT_")}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "webcat", *args],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,
    )


def test_reading_commands_fail_in_one_line(tmp_path: Path) -> None:
    for args in (["list"], ["export", "ics"], ["export", "json"], ["show", "jacob-torfing"]):
        done = _closed_stdout(*args, "-c", str(SEED))
        assert done.returncode == 3, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("error: cannot write to stdout"), (args, done.stderr)


def test_add_says_the_entry_was_added_and_the_file_is_whole(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.toml"
    shutil.copyfile(SEED, path)
    done = _closed_stdout("add", "tag", "--title", "Ny tagg", "-c", str(path))
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert "added tags.ny-tagg, but could not write to stdout" in done.stderr
    text = path.read_text(encoding="utf-8")
    assert text.count("[tags.ny-tagg]") == 1
    assert text.startswith(SEED.read_text(encoding="utf-8")[:200])


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_help_and_version_fail_in_one_line_too(tmp_path: Path) -> None:
    for args in (["--version"], ["--help"], ["list", "--help"]):
        done = _closed_stdout(*args)
        expected = "error: cannot write to stdout: stdout is closed\n"
        assert (done.returncode, done.stderr) == (3, expected)
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "webcat", *args],
                stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
            )  # fmt: skip
        assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith("error: cannot write to stdout: No space left on device")
