"""Catalogue text is untrusted: markup prints literally, control characters never reach
the terminal."""

from __future__ import annotations

from conftest import Invoke, WriteCatalogue

EVIL = r"""
[series.s]
title = "[bold]Serie[/] [link=https://evil.example]klikk[/link]"

[webinars.w]
series = "s"
title = "Rød \u001b[31mfarge\u001b[0m og \u009b2J [/] slutt"
description = "Bidi \u202e snudd"
"""


def test_table_and_show_escape_markup_and_controls(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(EVIL)
    for args in (["list", "-f", "table"], ["list", "series", "-f", "table"], ["show", "w"]):
        result = invoke(*args, "-c", str(path))
        assert result.exit_code == 0, result.stderr
        out = result.stdout
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
        if args[-1] == "w":
            assert "\\x1b[31mfarge" in out
            assert "\\x9b2J [/] slutt" in out
            assert "\\u202e" in out
    series = invoke("list", "series", "-f", "table", "-c", str(path)).stdout
    assert "[bold]Serie[/] [link=https://evil.example]klikk[/link]" in series


def test_problem_messages_escape_controls(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue('[series.s]\ntitle = "x"\n"ti\\u001btle" = "y"\n')
    result = invoke("validate", "-c", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "ti\\x1btle" in result.stdout


def test_no_color_and_no_escape_codes_when_piped(invoke: Invoke) -> None:
    from conftest import SEED

    result = invoke(
        "show", "jacob-torfing", "-c", str(SEED), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert "\x1b[3" not in result.stdout
