"""``webcat check``: check every URL of the catalogue, or URLs from a file or stdin.

The engine (:mod:`webcat.linkcheck`) and aiohttp are imported inside the command, so they cost
nothing to the other commands' start-up. The JSON shape is documented in
docs/link-checking.md and stable.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from webcat.cli._common import CatalogueOption, handle_errors
from webcat.errors import CatalogueError, ProblemsFound, UsageError

if TYPE_CHECKING:
    from webcat.linkcheck import CheckConfig
    from webcat.linkhealth.state import FailAfter


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


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"
    markdown = "markdown"


#: The state file's name beside a catalogue ``NAME.toml``: one per catalogue, hidden.
STATE_FILE = ".{stem}.linkstate.json"


def _fail_after(value: str) -> FailAfter:
    from webcat.linkhealth.state import FailAfter, parse_duration

    if value.isdigit():
        if int(value) < 1:
            raise UsageError("--fail-after takes 1 or more runs, or a duration such as 36h")
        return FailAfter(runs=int(value))
    try:
        return FailAfter(duration=parse_duration(value))
    except ValueError as error:
        raise UsageError(f"--fail-after: {error}") from None


def _duration(value: str, flag: str) -> timedelta:
    from webcat.linkhealth.state import parse_duration

    try:
        return parse_duration(value)
    except ValueError as error:
        raise UsageError(f"{flag}: {error}") from None


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
    state_path: Annotated[
        Path | None,
        typer.Option(
            "--state",
            metavar="PATH",
            help="Link state file. Default: .NAME.linkstate.json beside NAME.toml.",
            show_default=False,
        ),
    ] = None,
    no_state: Annotated[
        bool, typer.Option("--no-state", help="Neither read nor write the state file.")
    ] = False,
    max_age: Annotated[
        str,
        typer.Option(
            "--max-age", metavar="DURATION", help="Reuse a success this long (7d, 12h, P1D)."
        ),
    ] = "7d",
    offline: Annotated[
        bool, typer.Option("--offline", help="Report from the state file alone; no requests.")
    ] = False,
    fail_after: Annotated[
        str,
        typer.Option(
            "--fail-after",
            metavar="RUNS|DURATION",
            help="A failing link fails the build after this many consecutive runs (2) or "
            "this long (36h).",
        ),
    ] = "1",
    budget: Annotated[
        str | None,
        typer.Option(
            "--budget",
            metavar="DURATION",
            help="Start no new check after this long; stalest links first (e.g. 20m).",
        ),
    ] = None,
    new_since: Annotated[
        Path | None,
        typer.Option(
            "--new-since",
            metavar="OLD.toml",
            help="Check only URLs that this older catalogue does not have.",
        ),
    ] = None,
    fix_redirects: Annotated[
        bool,
        typer.Option(
            "--fix-redirects", help="Rewrite permanently redirected URLs in the catalogue."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --fix-redirects: show the diff only.")
    ] = False,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = (
        CheckFormat.text
    ),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE."),
    ] = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Check links: every URL in the catalogue, or those in FILE or on stdin (-).

    Exit 0 when nothing is broken, timed out or in error; 1 otherwise. Redirected, blocked,
    excluded and skipped links are reported but do not fail. Results are remembered in a
    state file beside the catalogue (docs/ci.md): successes are reused for --max-age, and
    --fail-after lets a link fail a few nights before it fails the build.

    Examples:

      webcat check

      webcat check --fail-after 2 --budget 20m --format github

      webcat check urls.txt --exclude '^https://intranet\\.' --accept 403

      grep -o 'https://[^ )]*' notes.md | webcat check -
    """
    from datetime import UTC, datetime

    from webcat.linkhealth.run import RunOptions, run_checks
    from webcat.linkhealth.state import State, StateError, load_state, save_state

    rule = _fail_after(fail_after)
    options = RunOptions(
        max_age=_duration(max_age, "--max-age"),
        fail_after=rule,
        offline=offline,
        budget=_duration(budget, "--budget").total_seconds() if budget else None,
    )
    if dry_run and not fix_redirects:
        raise UsageError("--dry-run goes with --fix-redirects")
    tables: list[tuple[str, dict[str, Any]]] = []
    places = None
    if source is not None:
        if catalogue is not None:
            raise UsageError("give either FILE/- or --catalogue, not both")
        if fix_redirects:
            raise UsageError("--fix-redirects needs a catalogue, not a list of URLs")
        urls = read_url_list(source)
        tables.append(_config_file_table(Path.cwd() if source == "-" else Path(source).parent))
        default_state = None
    else:
        from webcat.catalogue import locate_catalogue
        from webcat.linkhealth.places import url_places

        path = locate_catalogue(catalogue)
        cat, places = url_places(path)
        urls = list(places)
        tables.append(_config_file_table(path.parent))
        tables.append((str(path), cat.check))
        default_state = path.parent / STATE_FILE.format(stem=path.stem)
    if new_since is not None:
        urls = _new_urls(urls, new_since)
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
    state_file = None if no_state else (state_path or default_state)
    if offline and state_file is None:
        raise UsageError("--offline reports from a state file; give --state PATH")
    try:
        state = load_state(state_file) if state_file else State()
    except StateError as error:
        raise CatalogueError(str(error), hint="delete the file to start afresh") from None
    show_progress = fmt is CheckFormat.text and output is None and sys.stderr.isatty()
    now = datetime.now(UTC)

    from webcat.cli.check_output import progress_runner
    from webcat.linkcheck.results import is_transient

    items, stats = run_checks(
        urls, progress_runner(config, show_progress), state, options, now, is_transient
    )
    if state_file is not None and not offline:
        if source is None:
            state.prune(urls if new_since is None else list(state.urls))
        try:
            save_state(state, state_file)
        except OSError as error:
            raise CatalogueError(f"{state_file}: cannot write link state: {error}") from None
    if places is not None:
        for item in items:
            item.uses = places.get(item.url, [])
    from webcat.cli.check_output import emit_report

    emit_report(items, stats, fmt.value, output)
    if fix_redirects and source is None:
        from webcat.cli.check_output import fix_redirected

        fix_redirected(path, items, dry_run=dry_run)
    if any(i.status == "broken" for i in items):
        raise ProblemsFound()


def _new_urls(urls: list[str], old: Path) -> list[str]:
    """URLs of the catalogue that ``old`` (an earlier version of it) does not have."""
    from webcat.catalogue.build import build_catalogue
    from webcat.catalogue.load import load_document

    if old.is_file() and old.stat().st_size == 0:
        return urls  # no earlier catalogue: everything is new
    before, _ = build_catalogue(load_document(old), cross_checks=False)
    known = set(before.url_uses())
    return [u for u in urls if u not in known]
