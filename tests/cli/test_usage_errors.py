"""A bad value on the command line is said in webcat's words, whatever Typer's parser says:
what the option takes and what was given, or the limit it broke, then the usage, exit 2."""

from __future__ import annotations

import pytest

from conftest import Invoke


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["list", "--limit", "abc"], "error: --limit takes a whole number, not 'abc'"),
        (["list", "-n", "1.5"], "error: --limit takes a whole number, not '1.5'"),
        (["list", "--limit", "-1"], "error: --limit must be at least 0, not -1"),
        (["serve", "--port", "70000"], "error: --port must be at most 65535, not 70000"),
        (["serve", "--port", "-1"], "error: --port must be at least 0, not -1"),
        (["check", "-", "--timeout", "soon"], "error: --timeout takes a number, not 'soon'"),
        (["check", "-", "--retries", "x"], "error: --retries takes a whole number, not 'x'"),
        (
            ["list", "--format", "yaml"],
            "error: unknown format 'yaml'; choose from: text, json, jsonl, csv, tsv, ids",
        ),
    ],
)
def test_a_bad_value_is_said_in_webcats_words(invoke: Invoke, args: list[str], said: str) -> None:
    result = invoke(*args, input="")
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == said
    assert lines[1].startswith(f"hint: usage: webcat {args[0]} ")
    assert result.stdout == ""
