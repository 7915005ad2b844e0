"""``webcat add KIND --from-url URL``: the page's own metadata fills what the flags did not.

The reading is :mod:`webcat.pagemeta` (no CLI in it); this module asks, shows and writes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from webcat.errors import ProblemsFound, UsageError

#: Kinds whose entries a page can describe.
FROM_URL_KINDS = ("webinars", "resources", "series")


def urls_from(source: str) -> list[str]:
    """``-``: one URL a line from stdin (blank lines and ``#`` comments skipped); else the URL."""
    if source != "-":
        return [source.strip()]
    from webcat.files import read_input

    text = read_input("-", "a list of URLs")
    lines = (line.strip() for line in text.replace("\r\n", "\n").split("\n"))
    urls = [line for line in lines if line and not line.startswith("#")]
    if not urls:
        raise UsageError("--from-url -: no URL on stdin")
    return urls


def read_pages(urls: list[str], config_path: Path) -> list[Any]:
    """The facts of every page, or exit 1 naming each page that could not be read."""
    import asyncio

    from webcat.cli._common import err
    from webcat.pagemeta.fetch import FetchError, read_many

    config = _check_config(config_path)
    found = asyncio.run(read_many(urls, config))
    failures = [f for f in found if isinstance(f, FetchError)]
    for failure in failures:
        err().print(f"error: {failure}", soft_wrap=True, markup=False, highlight=False)
    if failures:
        raise ProblemsFound(
            f"{len(failures)} of {len(urls)} pages could not be read; nothing was added"
        )
    return found


def _check_config(path: Path) -> Any:
    """The link checker's settings from the catalogue's ``[check]`` table (User-Agent,
    timeouts, per-host headers), so that a page is fetched as ``webcat check`` fetches it."""
    from webcat.catalogue.document import parse_toml, read_text
    from webcat.linkcheck.config import CheckConfig, ConfigError, config_from_table

    try:
        table = parse_toml(read_text(path), path).get("check", {})
        return config_from_table(table) if isinstance(table, dict) else CheckConfig()
    except ConfigError as error:
        raise UsageError(f"{path}: [check]: {error}") from None
    except Exception:  # the catalogue's own problems are reported by the edit itself
        return CheckConfig()


def show_found(
    table: str, facts: Any, values: dict[str, Any], given: frozenset[str] = frozenset()
) -> None:
    """What the page said, and where each fact came from, on stderr."""
    from rich.text import Text

    from webcat.cli._common import err
    from webcat.cli.render import visible

    err().print(Text(visible(f"{facts.url}:", single_line=True), style="bold"), soft_wrap=True)
    for name, value in values.items():
        source = "flag" if name in given else facts.sources.get(name, "")
        text = value if not isinstance(value, dict) else " / ".join(map(str, value.values()))
        line = Text(f"  {name}: ")
        line.append(visible(str(text), single_line=True))
        if source:
            line.append(f"  ({source})", style="dim")
        err().print(line, soft_wrap=True)


def confirm(question: str) -> bool:
    sys.stderr.write(f"{question} [Y/n] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("", "y", "yes", "j", "ja")
