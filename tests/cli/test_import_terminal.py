"""`webcat import` as a person at a terminal sees it and as a script or CI sees it: a progress
bar on a real terminal (a pseudo-terminal here), none when stderr is a pipe, and no colour
with NO_COLOR. Real processes; issue 9 asked for the bar and one summary line."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

#: A few thousand entries: enough work that the bar is drawn before the import ends.
WEBINARS = 3000
SUMMARY = "added 1 series, 3,000 webinars"
BAR = "\u2501"  # rich's bar segment
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|38;|9[0-7])[0-9;]*m")


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WEBCAT_") and k not in ("NO_COLOR", "FORCE_COLOR", "CI")
    }
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="30", **extra)
    return env


@pytest.fixture
def catalogue(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "talks.json"
    data = {
        "schema_version": 1,
        "language": "en",
        "series": {"s": {"title": "Series"}},
        "webinars": {
            f"talk-{i}": {"series": "s", "title": f"Talk {i}", "date": "2022-03-22"}
            for i in range(WEBINARS)
        },
    }
    source.write_text(json.dumps(data))
    path = tmp_path / "catalogue.toml"
    path.write_text('schema_version = 1\nlanguage = "en"\n')
    return path, source


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stdin, stdout and stderr a pseudo-terminal; everything it drew, and its exit."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    drawn = b""
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other end is closed: the process has gone
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    return process.wait(timeout=10), drawn.decode("utf-8", "replace")


def _command(path: Path, source: Path) -> list[str]:
    return [sys.executable, "-m", "webcat", "-c", str(path), "import", str(source)]


def test_a_terminal_gets_a_progress_bar_and_the_summary(catalogue: tuple[Path, Path]) -> None:
    path, source = catalogue
    code, drawn = _on_a_terminal(_command(path, source), _env())
    assert code == 0, drawn
    assert BAR in drawn and "importing" in drawn
    assert "\r" in drawn and "\x1b[2K" in drawn  # redrawn in place, on one line
    assert COLOUR.search(drawn)  # colour on a terminal ...
    assert SUMMARY in drawn
    assert "talk-17" not in drawn  # ... and no line per entry without --verbose
    assert path.read_text().count("[webinars.") == WEBINARS


def test_no_color_is_honoured_on_a_terminal(catalogue: tuple[Path, Path]) -> None:
    path, source = catalogue
    code, drawn = _on_a_terminal(_command(path, source), _env(NO_COLOR="1"))
    assert code == 0, drawn
    assert "importing" in drawn and SUMMARY in drawn
    assert not COLOUR.search(drawn), repr(drawn[:500])


def test_piped_there_is_no_bar_only_the_summary(catalogue: tuple[Path, Path]) -> None:
    path, source = catalogue
    done = subprocess.run(
        _command(path, source), capture_output=True, text=True, env=_env(), timeout=90
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == SUMMARY + "\n"  # no bar, no escape sequences, one line
    assert path.read_text().count("[webinars.") == WEBINARS
