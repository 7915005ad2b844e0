"""Never a silent empty result (issue 10): filters naming unknown ids are usage errors with a
did-you-mean, an export selecting nothing fails unless --allow-empty, and an empty list says
so on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, Invoke

TYPOS = [
    ("--series", "samskaping-webinar", "did you mean 'samskaping-webinarer'?"),
    ("--speaker", "jacob-torfin", "did you mean 'jacob-torfing'?"),
    ("--tag", "ledels", "did you mean 'ledelse'?"),
]


@pytest.mark.parametrize(("flag", "value", "hint"), TYPOS)
@pytest.mark.parametrize(
    "command", [["list"], ["list", "people"], ["list", "-f", "json"], ["export", "html"]]
)
def test_an_unknown_id_in_a_filter_is_a_usage_error(
    invoke: Invoke, tmp_path: Path, command: list[str], flag: str, value: str, hint: str
) -> None:
    target = tmp_path / "out"
    args = [*command, flag, value, "-c", str(SEED)]
    if command[0] == "export":
        args += ["-o", str(target)]
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"error: {flag} '{value}': no " in result.stderr
    assert hint in result.stderr
    assert not target.exists()


def test_known_ids_still_filter(invoke: Invoke) -> None:
    c = ["-c", str(SEED), "-f", "ids"]
    assert len(invoke("list", *c, "--series", "samskaping-webinarer").stdout.split()) == 4
    assert len(invoke("list", *c, "--speaker", "jacob-torfing").stdout.split()) == 1


def test_free_tags_are_known_without_a_tags_table(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue(
        '[series.s]\ntitle = "S"\n\n[webinars.w]\nseries = "s"\ntitle = "W"\ntags = ["fri"]\n'
    )
    assert invoke("list", "--tag", "fri", "-f", "ids", "-c", str(path)).stdout == "w\n"
    result = invoke("list", "--tag", "fr", "-c", str(path))
    assert result.exit_code == 2 and "did you mean 'fri'?" in result.stderr


def test_an_export_that_selects_nothing_fails_unless_allowed(
    invoke: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "side.html"
    result = invoke("export", "html", "--search", "finnes-ikke", "-o", str(target), "-c", str(SEED))
    assert result.exit_code == 1
    assert "error: no webinar matches the filters; nothing was exported" in result.stderr
    assert "--allow-empty" in result.stderr
    assert not target.exists()
    allowed = invoke(
        "export",
        "html",
        "--search",
        "finnes-ikke",
        "--allow-empty",
        "-o",
        str(target),
        "-c",
        str(SEED),
    )
    assert allowed.exit_code == 0 and target.exists()


def test_an_empty_catalogue_exports_only_when_allowed(invoke: Invoke, write_catalogue) -> None:  # type: ignore[no-untyped-def]
    path = write_catalogue("")
    for fmt in ("html", "ics", "json"):
        result = invoke("export", fmt, "-c", str(path))
        assert result.exit_code == 1 and "the catalogue has no webinars" in result.stderr
        assert invoke("export", fmt, "--allow-empty", "-c", str(path)).exit_code == 0


def _list_with_stderr_on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run `webcat list` in a real process, stdout a pipe and stderr a pseudo-terminal."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "webcat", "list", *args],
            stdout=subprocess.PIPE,
            stderr=follower,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=60,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
    return proc.returncode, proc.stdout.decode(), b"".join(chunks).decode()


def test_an_empty_list_says_so_on_a_terminal_and_not_in_a_pipe(invoke: Invoke) -> None:
    code, out, err = _list_with_stderr_on_a_terminal("--search", "finnes-ikke", "-c", str(SEED))
    assert code == 0 and out.startswith("id\t") and len(out.splitlines()) == 1
    assert "no webinars match the filters" in err
    piped = invoke("list", "--search", "finnes-ikke", "-c", str(SEED))
    assert piped.exit_code == 0 and piped.stderr == ""
    code, _, err = _list_with_stderr_on_a_terminal("-c", str(SEED))
    assert code == 0 and err == ""
