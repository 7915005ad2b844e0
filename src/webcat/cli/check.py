"""``webcat check``: check every URL of the catalogue, or URLs from a file or stdin.

The engine (:mod:`webcat.linkcheck`) and aiohttp are imported inside the command, so they cost
nothing to the other commands' start-up. The JSON shape is documented in
docs/link-checking.md and stable.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from webcat.cli._common import CatalogueOption, DocFormat, handle_errors
from webcat.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from webcat.linkcheck import CheckConfig, LinkResult

#: Order of the groups in the summary: what needs fixing first.
GROUP_ORDER = ("broken", "timeout", "error", "redirected", "blocked", "excluded", "skipped", "ok")
CONFIG_FILE = "webcat.toml"


def read_url_list(source: str) -> list[str]:
    """URLs from a file or ``-`` (stdin): one a line; blank lines and ``#`` comments skipped."""
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise UsageError(f"{source}: no such file") from None
        except IsADirectoryError:
            raise UsageError(f"{source}: is a folder, not a list of URLs") from None
        except UnicodeDecodeError:
            raise UsageError(f"{source}: not UTF-8 text") from None
        except OSError as error:
            raise UsageError(f"{source}: cannot read: {error.strerror}") from None
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


def _config_file_table(folder: Path) -> tuple[str, dict[str, Any]]:
    """The ``[check]`` table of ``webcat.toml`` in ``folder`` (empty if none), and its file."""
    import tomllib

    path = folder / CONFIG_FILE
    if not path.is_file():
        return str(path), {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: cannot be read as TOML: {error}") from None
    table = data.get("check", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [check] must be a table")
    return str(path), table


def build_config(tables: list[tuple[str, dict[str, Any]]], flags: dict[str, Any]) -> CheckConfig:
    """Defaults, then each ``[check]`` table in turn (with the file it came from, for error
    messages), then the command-line flags."""
    from webcat.linkcheck.config import (
        CheckConfig,
        ConfigError,
        compile_excludes,
        config_from_table,
        parse_codes,
    )

    config = CheckConfig()
    for where, table in tables:
        try:
            config = config_from_table(table, config)
        except ConfigError as error:
            raise UsageError(f"{where}: {error}") from None
    try:
        if flags.get("accept") is not None:
            flags["accept"] = config.accept | parse_codes(flags["accept"])
        if flags.get("exclude"):
            flags["exclude"] = config.exclude + compile_excludes(flags["exclude"])
        else:
            flags.pop("exclude", None)
        return config.with_options(**flags)
    except ConfigError as error:
        raise UsageError(str(error)) from None


@handle_errors
def check(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE|-]",
            help="Check the URLs in FILE (or stdin for -), one a line, instead of the catalogue.",
            show_default=False,
        ),
    ] = None,
    max_concurrency: Annotated[
        int | None,
        typer.Option("--max-concurrency", min=1, help="Requests at once, all hosts. [default: 64]"),
    ] = None,
    host_concurrency: Annotated[
        int | None,
        typer.Option(
            "--host-concurrency", min=1, help="Requests at once to one host. [default: 4]"
        ),
    ] = None,
    host_interval: Annotated[
        float | None,
        typer.Option(
            "--host-interval",
            min=0.0,
            metavar="SECONDS",
            help="Least time between request starts to one host. [default: 0.1]",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0.001,
            metavar="SECONDS",
            help="Deadline per link, retries included. [default: 30]",
        ),
    ] = None,
    retries: Annotated[
        int | None,
        typer.Option(
            "--retries", min=0, help="Retries after timeouts, resets, 429 and 5xx. [default: 2]"
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", metavar="REGEX", help="Do not check URLs matching REGEX (repeatable)."
        ),
    ] = None,
    accept: Annotated[
        str | None,
        typer.Option(
            "--accept",
            metavar="CODES",
            help="Extra status codes that count as ok, e.g. 403,500-503.",
        ),
    ] = None,
    user_agent: Annotated[
        str | None, typer.Option("--user-agent", metavar="TEXT", help="User-Agent header.")
    ] = None,
    fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DocFormat.text
    ),
    catalogue: CatalogueOption = None,
) -> None:
    """Check links: every URL in the catalogue, or those in FILE or on stdin (-).

    Exit 0 when nothing is broken, timed out or in error; 1 otherwise. Redirected, blocked,
    excluded and skipped links are reported but do not fail.

    Examples:

      webcat check

      webcat check --format json > links.json

      webcat check urls.txt --exclude '^https://intranet\\.' --accept 403

      grep -o 'https://[^ )]*' notes.md | webcat check -
    """
    from webcat.cli._common import open_catalogue

    used_by: dict[str, list[str]] = {}
    tables: list[tuple[str, dict[str, Any]]] = []
    if source is not None:
        if catalogue is not None:
            raise UsageError("give either FILE/- or --catalogue, not both")
        urls = read_url_list(source)
        tables.append(_config_file_table(Path.cwd() if source == "-" else Path(source).parent))
    else:
        from webcat.catalogue import locate_catalogue

        path = locate_catalogue(catalogue)
        cat, _ = open_catalogue(str(path))
        uses = cat.url_uses()
        urls = list(uses)
        used_by = {url: [f"{u.table}.{u.id}" for u in entries] for url, entries in uses.items()}
        tables.append(_config_file_table(path.parent))
        tables.append((str(path), cat.check))
    config = build_config(
        tables,
        {
            "max_concurrency": max_concurrency,
            "host_concurrency": host_concurrency,
            "host_interval": host_interval,
            "timeout": timeout,
            "retries": retries,
            "exclude": exclude,
            "accept": accept,
            "user_agent": user_agent,
        },
    )
    results = _run(urls, config, show_progress=fmt is DocFormat.text and sys.stderr.isatty())
    if fmt is DocFormat.json:
        _emit_json(results, used_by)
    elif sys.stdout.isatty():
        _emit_summary(results, used_by)
    else:
        _emit_plain(results, used_by)
    if any(r.outcome.failing for r in results):
        raise typer.Exit(int(ExitCode.PROBLEMS))


def _run(urls: list[str], config: CheckConfig, *, show_progress: bool) -> list[LinkResult]:
    from webcat.linkcheck.engine import check_urls

    if not show_progress or not urls:
        return check_urls(urls, config)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from webcat.cli._common import err

    with Progress(
        "checking links",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
    ) as bar:
        task = bar.add_task("links", total=len(dict.fromkeys(urls)))
        return check_urls(urls, config, progress=lambda _: bar.advance(task))


def _emit_json(results: list[LinkResult], used_by: dict[str, list[str]]) -> None:
    from webcat.cli._common import write_stdout
    from webcat.linkcheck.results import summarise

    data = {
        "summary": summarise(results),
        "results": [r.to_data() | {"used_by": used_by.get(r.url, [])} for r in results],
    }
    indent = 2 if sys.stdout.isatty() else None
    write_stdout(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def _detail(result: LinkResult) -> str:
    parts = []
    if result.http_status is not None:
        parts.append(str(result.http_status))
    if result.final_url and result.final_url != result.url:
        parts.append(f"-> {result.final_url}")
    if result.error and result.error != f"HTTP {result.http_status}":
        parts.append(result.error)
    return " ".join(parts)


def _emit_plain(results: list[LinkResult], used_by: dict[str, list[str]]) -> None:
    """One line per link that is not ok (grouped, worst first), then the counts: for logs."""
    from webcat.cli._common import write_stdout
    from webcat.cli.render import visible
    from webcat.linkcheck.results import summarise

    lines = []
    for outcome in GROUP_ORDER[:-1]:
        for r in results:
            if r.outcome.value != outcome:
                continue
            line = f"{outcome}\t{r.url}"
            if detail := _detail(r):
                line += f"\t{detail}"
            if used_by.get(r.url):
                line += f"\tused by {', '.join(used_by[r.url])}"
            lines.append(visible(line, single_line=False).replace("\n", "\\n"))
    counts = summarise(results)
    lines.append(_counts_line(counts))
    write_stdout("\n".join(lines) + "\n")


def _counts_line(counts: dict[str, int]) -> str:
    shown = ", ".join(f"{counts[o]} {o}" for o in GROUP_ORDER if counts[o])
    return f"{counts['total']} links checked" + (f": {shown}" if shown else "")


_STYLE = {
    "broken": "bold red",
    "timeout": "bold red",
    "error": "bold red",
    "redirected": "yellow",
    "blocked": "magenta",
    "excluded": "dim",
    "skipped": "dim",
    "ok": "green",
}


def _emit_summary(results: list[LinkResult], used_by: dict[str, list[str]]) -> None:
    """Grouped by outcome, each link with the entries that use it; catalogue text escaped."""
    from rich.text import Text

    from webcat.cli._common import out
    from webcat.cli.render import safe
    from webcat.linkcheck.results import summarise

    console = out()
    for outcome in GROUP_ORDER[:-1]:
        group = [r for r in results if r.outcome.value == outcome]
        if not group:
            continue
        console.print(Text(f"{outcome} ({len(group)})", style=_STYLE[outcome]))
        for r in group:
            line = Text("  ")
            line.append_text(safe(r.url, single_line=True))
            if detail := _detail(r):
                line.append("  ")
                line.append_text(safe(detail, "dim", single_line=True))
            console.print(line, soft_wrap=True)
            for entity in used_by.get(r.url, []):
                console.print(
                    Text("    used by ", style="dim") + safe(entity, "cyan"), soft_wrap=True
                )
    counts = summarise(results)
    style = "bold red" if any(r.outcome.failing for r in results) else "green"
    console.print(Text(_counts_line(counts), style=style))
