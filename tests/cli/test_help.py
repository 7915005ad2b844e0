"""Every command's help: plain usage lines, an example, examples kept as written, and every
example run as pasted against the embedded catalogue (in a copy), in a network namespace of
its own so that no packet leaves the machine."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import SEED, subprocess_env
from webcat.cli import app


def _command_paths() -> list[tuple[str, ...]]:
    """Every command and group, as the words that name it (``()`` is webcat itself)."""
    paths: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return paths


COMMANDS = _command_paths()


def _help(path: tuple[str, ...], columns: int = 80) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def examples(text: str) -> list[str]:
    """The example commands of a help text: the lines under ``Example:``/``Examples:``."""
    found: list[str] = []
    inside = False
    for line in text.splitlines():
        if re.match(r"^\s+Examples?:\s*$", line):
            inside = True
            continue
        if inside and line.strip() and not line.startswith("    "):
            inside = False
        if inside and line.strip():
            found.append(line.strip())
    return found


ALL_EXAMPLES = sorted({(p, e) for p in COMMANDS for e in examples(_help(p))})


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "webcat")
def test_usage_is_plain_and_there_is_help_and_an_example(path: tuple[str, ...]) -> None:
    text = _help(path)
    usage = text.splitlines()[0]
    assert usage.startswith("Usage: webcat")
    for bad in ("<", "{", "[["):
        assert bad not in usage, usage
    # no Typer type labels in the lists of arguments and options either
    assert not re.search(r"<(str|int|float|int range|float range|path)>", text), text
    # ranges in words ([0 or more], [0 to 65535]), not Typer's x>=0 notation
    assert not re.search(r"x\s*[<>]=|<=\s*x", text), text
    summary = text.split("\n\n")[1].strip()
    assert summary and not summary.startswith(("Options", "Arguments"))
    if path != ():
        assert examples(text), f"`webcat {' '.join(path)} --help` shows no example"


@pytest.mark.parametrize("path", [p for p in COMMANDS if p], ids=" ".join)
def test_examples_are_never_rewrapped(path: tuple[str, ...]) -> None:
    wide, narrow = examples(_help(path, 200)), examples(_help(path, 40))
    assert wide == narrow
    for example in wide:
        assert example.startswith("webcat ") or " | webcat " in example, example


EXPECTED_EXIT = {
    # No network in the examples' namespace: each link is an error, and that fails the build
    # at once (--fail-after 1, the default)...
    "webcat check": 1,
    "grep -o 'https://[^ )]*' notes.md | webcat check -": 1,
    # ...but not with --fail-after 2: one failing day is not enough.
    "webcat check --fail-after 2 --budget 20m --format github": 0,
}
#: Examples that run until Ctrl-C.
SERVING = {"webcat export site public && webcat serve public"}

IMPORT = {
    "schema_version": 1,
    "webinars": {
        "samskaping-i-praksis": {
            "series": "samskaping-webinarer",
            "title": "Samskaping i praksis",
            "date": "2022-04-05",
            "speakers": ["jacob-torfing"],
        }
    },
}


def _in_process(example: str) -> bool:
    """A single webcat command with no shell syntax that contacts no host."""
    return (
        example.startswith("webcat ")
        and not re.search(r"[|&;<>$`]", example)
        and not example.startswith(("webcat check", "webcat serve"))
        and "--from-url" not in example
    )


@pytest.fixture(scope="module")
def network_namespace() -> list[str]:
    """The prefix that runs a command without any network but its own loopback."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare is needed to run the examples without a network")
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("cannot make a network namespace here")
    return [unshare, "-rn"]


def _folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project folder holding a copy of the embedded catalogue and the files the examples
    name, and an environment whose `webcat` is this one."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "data").mkdir()
    shutil.copyfile(SEED, tmp_path / "data" / "catalogue.toml")
    (tmp_path / "notes.md").write_text(
        "Opptaket ligger på https://intranet.example/opptak.\n",
        "utf-8",
    )
    (tmp_path / "new-webinars.json").write_text(json.dumps(IMPORT), "utf-8")
    (tmp_path / "talks.json").write_text(json.dumps(IMPORT), "utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "webcat"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m webcat "$@"\n', "utf-8")
    shim.chmod(0o755)
    env = subprocess_env(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", HOME=str(tmp_path))
    return tmp_path, env


@pytest.mark.parametrize(
    ("path", "example"), ALL_EXAMPLES, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_example_runs_as_pasted(
    path: tuple[str, ...], example: str, tmp_path: Path, network_namespace: list[str]
) -> None:
    folder, env = _folder(tmp_path)
    if _in_process(example):
        # A plain command that sends nothing: run in-process (as pasted, split as the shell
        # splits it), which is much quicker than a process per example.
        words = shlex.split(example, comments=True)
        here = os.getcwd()
        os.chdir(folder)
        try:
            result = CliRunner().invoke(app, words[1:], env={"COLUMNS": "80"})
        finally:
            os.chdir(here)
        assert result.exit_code == EXPECTED_EXIT.get(example, 0), f"{example}\n{result.output}"
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return
    cmd = [*network_namespace, "bash", "-o", "pipefail", "-c", example]
    if example in SERVING:
        proc = subprocess.Popen(
            cmd, cwd=folder, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        try:
            assert proc.stderr is not None
            deadline = time.monotonic() + 60
            line = ""
            while time.monotonic() < deadline and "Serving" not in line:
                line = proc.stderr.readline()
                if not line and proc.poll() is not None:
                    break
            assert "Serving public at http://127.0.0.1:" in line, line
            os.killpg(proc.pid, signal.SIGINT)
            assert proc.wait(timeout=30) == 0
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        return
    done = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, timeout=120)
    expected = EXPECTED_EXIT.get(example, 0)
    assert done.returncode == expected, f"{example}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr
