"""Interactive `webcat add`: each answer is checked as it is given, and asked again."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, subprocess_env


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin is taken for a terminal, so `add` asks (CliRunner feeds the answers)."""
    import webcat.cli.add as add

    monkeypatch.setattr(add, "_stdin_is_terminal", lambda: True)


def _data(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.usefixtures("terminal")
def test_a_mistyped_series_is_asked_again_with_a_did_you_mean(invoke: Invoke, seed: Path) -> None:
    answers = "samskaping-webinar\nsamskaping-webinarer\nSpurt\n2022-13-01\n2022-05-01\n"
    result = invoke("add", "webinar", "-c", str(seed), input=answers)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "spurt"
    # (a terminal would show each answer after its question, and so each message on its line)
    assert "): no series 'samskaping-webinar' (did you mean 'samskaping-webinarer'?)\n" in (
        result.stderr
    )
    assert "): date: '2022-13-01' is not a date (write YYYY-MM-DD)\n" in result.stderr
    # the same question twice, then the next ones: no answer was lost
    assert result.stderr.count("series (Series it belongs to; samskaping-webinarer): ") == 2
    assert result.stderr.count("title (") == 1 and result.stderr.count("date (Date") == 2
    entry = _data(seed)["webinars"]["spurt"]
    assert (entry["series"], entry["title"], str(entry["date"])) == (
        "samskaping-webinarer",
        "Spurt",
        "2022-05-01",
    )


@pytest.mark.usefixtures("terminal")
def test_a_question_mark_lists_the_ids_a_reference_takes(invoke: Invoke, seed: Path) -> None:
    answers = "ikke-en-serie\n?\nsamskaping-webinarer\n"
    result = invoke("add", "webinar", "--title", "T", "--date", "2022-05-01", "-c", str(seed),
                    input=answers)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "  samskaping-webinarer  Webinar-serie om samskaping\n" in result.stderr
    assert "no series 'ikke-en-serie' (type ? to list them)" in result.stderr


@pytest.mark.usefixtures("terminal")
def test_many_ids_are_offered_through_a_question_mark(invoke: Invoke, seed: Path) -> None:
    for n in range(6):
        assert invoke("add", "series", "--title", f"Serie {n}", "-c", str(seed)).exit_code == 0
    result = invoke("add", "webinar", "--title", "T", "--date", "2022-05-01", "-c", str(seed),
                    input="?\nserie-3\n")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "series (Series it belongs to; ? lists the 7): " in result.stderr
    listed = [line.split()[-3] for line in result.stderr.splitlines() if "  Serie" in line]
    assert listed == [f"serie-{n}" for n in range(6)]
    assert "  samskaping-webinarer  Webinar-serie om samskaping\n" in result.stderr
    assert _data(seed)["webinars"]["t"]["series"] == "serie-3"


@pytest.mark.usefixtures("terminal")
def test_a_resource_kind_and_url_are_checked_as_given(invoke: Invoke, seed: Path) -> None:
    answers = "recordng\nrecording\nOpptak\nexample.org/x.mp4\nhttps://example.org/x.mp4\n"
    result = invoke("add", "resource", "--webinar", "samskaping-hvorfor-hva-og-hvordan",
                    "-c", str(seed), input=answers)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "'recordng' is not one of" in result.stderr and "did you mean 'recording'?" in (
        result.stderr
    )
    assert "URL has no scheme" in result.stderr
    assert _data(seed)["resources"]["opptak"]["url"] == "https://example.org/x.mp4"


@pytest.mark.usefixtures("terminal")
def test_no_more_answers_writes_nothing(invoke: Invoke, seed: Path) -> None:
    before = seed.read_bytes()
    result = invoke("add", "webinar", "-c", str(seed), input="feil-serie\n")
    assert result.exit_code == 2
    assert "no answer for series" in result.stderr
    assert seed.read_bytes() == before


def test_a_real_terminal_is_asked_again(seed: Path) -> None:
    """The prompts on a pseudo-terminal, as a person sees them."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: webcat with the pty as its terminal
        os.execve(
            sys.executable,
            [sys.executable, "-m", "webcat", "add", "webinar", "-c", str(seed)],
            subprocess_env(NO_COLOR="1", COLUMNS="100"),
        )
    os.write(fd, b"samskaping-webinar\nsamskaping-webinarer\nPty\n2022-05-01\n")
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if select.select([fd], [], [], 1)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the child has ended
                break
            if not chunk:
                break
            seen += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = seen.decode().replace("\r\n", "\n")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "no series 'samskaping-webinar' (did you mean 'samskaping-webinarer'?)" in text
    assert tomllib.loads(seed.read_text(encoding="utf-8"))["webinars"]["pty"]["title"] == "Pty"


@pytest.mark.usefixtures("terminal")
def test_a_mistyped_flag_is_asked_again_before_the_other_questions(
    invoke: Invoke, seed: Path
) -> None:
    result = invoke(
        "add", "webinar", "--series", "samskaping-webinar", "--title", "Flagg", "-c", str(seed),
        input="samskaping-webinarer\n2022-05-01\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    said = result.stderr.index(
        "--series: no series 'samskaping-webinar' (did you mean 'samskaping-webinarer'?)\n"
    )
    assert said < result.stderr.index("series (") < result.stderr.index("date (")
    assert _data(seed)["webinars"]["flagg"]["series"] == "samskaping-webinarer"
