"""``webcat check``: parse the options, open a :class:`~webcat.linkhealth.session.CheckSession`,
run it with the engine, render the report.

Everything that decides lives in :mod:`webcat.linkhealth` (session, state, reports); the
engine (:mod:`webcat.linkcheck`) and aiohttp are imported only when links are checked, so
they cost nothing to the other commands' start-up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from webcat.cli._common import OwnCatalogueOption, catalogue_before_command
from webcat.errors import ExitCode, ProblemsFound, UsageError

if TYPE_CHECKING:
    from datetime import timedelta

    from webcat.linkhealth.session import CheckSession
    from webcat.linkhealth.state import FailAfter


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"
    sarif = "sarif"
    markdown = "markdown"


#: The most failing days --fail-after may count.
MOST_RUNS = 1_000


def _number_flags(values: dict[str, float | None]) -> None:
    """Each number flag within the engine's finite range (:data:`webcat.linkcheck.config.LIMITS`,
    the same for flags and ``[check]``): ``--timeout inf`` would remove every deadline and
    ``--host-interval 1e308`` wait forever. One line naming the flag, before anything runs."""
    from webcat.linkcheck.config import ConfigError, check_number

    for name, value in values.items():
        if value is None:
            continue
        try:
            check_number(name, value)
        except ConfigError as error:
            flag = "--" + name.replace("_", "-")
            raise UsageError(str(error).replace(name, flag, 1)) from None


def _header_value(value: str | None, flag: str) -> str | None:
    """A value sent in an HTTP header: control characters (CR, LF, NUL...) would break the
    request or smuggle another header in, so they are refused before anything is sent."""
    from webcat.linkcheck.config import ConfigError, check_header_text

    if value is not None:
        try:
            check_header_text(flag, value)
        except ConfigError as error:
            raise UsageError(str(error)) from None
    return value


def _fail_after(value: str) -> FailAfter:
    from webcat.linkhealth.state import FailAfter, parse_duration

    value = value.strip()
    if value.isdigit():
        if len(value) > 6 or not 1 <= int(value) <= MOST_RUNS:
            raise UsageError(f"--fail-after takes 1 to {MOST_RUNS} days, or a duration such as 36h")
        return FailAfter(days=int(value))
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


def check(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="FILE|-",
            help="Check the links in FILE (Markdown, HTML, or text such as one URL a line) or "
            "on stdin (-), instead of the catalogue.",
            show_default=False,
        ),
    ] = None,
    max_concurrency: Annotated[
        int | None,
        typer.Option(
            "--max-concurrency", help="Requests at once, all hosts (1-10000). [default: 64]"
        ),
    ] = None,
    host_concurrency: Annotated[
        int | None,
        typer.Option(
            "--host-concurrency", help="Requests at once to one host (1-1000). [default: 4]"
        ),
    ] = None,
    host_interval: Annotated[
        float | None,
        typer.Option(
            "--host-interval",
            metavar="SECONDS",
            help="Least time between request starts to one host (0-3600). [default: 0.1]",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            help="Deadline per link, retries included (at most 3600). [default: 30]",
        ),
    ] = None,
    retries: Annotated[
        int | None,
        typer.Option(
            "--retries", help="Retries after timeouts, resets, 429 and 5xx (0-20). [default: 2]"
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
            help="Link state file. Default: .webcat_cache/NAME.linkstate.json beside NAME.toml.",
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
            metavar="DAYS|DURATION",
            help="A failing link fails the build once it has failed on this many days in a "
            "row (2; UTC days, so a re-run the same day is no new strike) or for this long (36h).",
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
            help="Check only URLs that this older catalogue does not have (implies "
            "--public-only unless --allow-private).",
        ),
    ] = None,
    public_only: Annotated[
        bool,
        typer.Option(
            "--public-only",
            help="Refuse loopback and private addresses too (for URLs from untrusted changes).",
        ),
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Allow loopback and private addresses, even with --new-since."
        ),
    ] = False,
    fix_redirects: Annotated[
        bool,
        typer.Option(
            "--fix-redirects", help="Rewrite permanently redirected URLs in the catalogue."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="With --fix-redirects: show the diff only; nothing is written (link state too).",
        ),
    ] = False,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = (
        CheckFormat.text
    ),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE."),
    ] = None,
    catalogue: OwnCatalogueOption = None,
) -> None:
    """Check links: every URL in the catalogue, or the links in FILE or on stdin (-).

    Exit 0 when nothing fails the build; 1 when a link is broken, timed out or in error
    (past --fail-after); 3 when the catalogue or the link state cannot be read or written;
    130 when interrupted (what was decided is saved). Redirected, blocked, excluded and
    skipped links are reported but do not fail. Results are remembered in .webcat_cache/
    beside the catalogue (docs/ci.md in webcat's repository): successes are reused for
    --max-age, and --fail-after lets a link fail a few nights before it fails the build.

    Examples:

    \b
      webcat check
      webcat check --fail-after 2 --budget 20m --format github
      webcat check notes.md --exclude '^https://intranet\\.' --accept 403
      grep -o 'https://[^ )]*' notes.md | webcat check -
    """
    from webcat.linkhealth.run import RunOptions
    from webcat.linkhealth.session import CheckRequest, CheckSession

    numbers: dict[str, float | None] = {
        "max_concurrency": max_concurrency,
        "host_concurrency": host_concurrency,
        "host_interval": host_interval,
        "timeout": timeout,
        "retries": retries,
    }
    _number_flags(numbers)
    if source is None and catalogue is None:
        # `webcat -c PATH check` (an alias's -c) chooses the catalogue only when one is
        # checked: `webcat -c PATH check notes.md` checks notes.md, as a plain `check FILE`.
        catalogue = catalogue_before_command(ctx)
    if dry_run and not fix_redirects:
        raise UsageError("--dry-run goes with --fix-redirects")
    if fix_redirects and catalogue == "-":
        raise UsageError(
            "--fix-redirects writes the catalogue, so it cannot be read from stdin (-c -)",
            hint="give the catalogue's path with -c PATH",
        )
    if fix_redirects and source is not None:
        raise UsageError("--fix-redirects needs a catalogue, not a list of URLs")
    request = CheckRequest(
        source=source,
        catalogue=catalogue,
        settings={**numbers, "user_agent": _header_value(user_agent, "--user-agent")},
        accept=accept,
        exclude=exclude or (),
        state_path=state_path,
        use_state=not no_state,
        options=RunOptions(
            max_age=_duration(max_age, "--max-age"),
            fail_after=_fail_after(fail_after),
            offline=offline,
            budget=_duration(budget, "--budget").total_seconds() if budget else None,
        ),
        new_since=new_since,
        public_only=public_only,
        allow_private=allow_private,
    )
    session = CheckSession.open(request)
    _run_and_report(session, fmt, output, fix_redirects=fix_redirects, dry_run=dry_run)


def _run_and_report(
    session: CheckSession,
    fmt: CheckFormat,
    output: Path | None,
    *,
    fix_redirects: bool,
    dry_run: bool,
) -> None:
    import sys

    from webcat.cli.check_output import emit_report, fix_redirected, progress_runner, say
    from webcat.errors import CatalogueError
    from webcat.gcpause import no_gc
    from webcat.linkhealth.run import Interrupted

    for note in session.notes:
        say(f"note: {note}", "dim")
    show_progress = fmt is CheckFormat.text and output is None and sys.stderr.isatty()
    try:
        with _sigterm_interrupts():
            report = session.run(progress_runner(session.config, show_progress))
    except Interrupted as stop:
        decided = stop.decided
        where = ""
        if session.state_file is not None and not session.request.options.offline and not dry_run:
            try:
                session.save()
                where = f"; saved to {session.state_file}"
            except CatalogueError as error:
                where = f"; {error.message}"
        left = stop.stats.not_checked
        say(f"interrupted: {decided} links decided{where}, {left} not checked")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    # Save first (a report that cannot be written must not lose the history), but say
    # that it failed only after the results, which matter more.
    state_problem = None
    # The state file and the report are ~10^5 short-lived acyclic objects at 10,000 links.
    with no_gc():
        try:
            if not dry_run:  # a dry run writes nothing: neither the catalogue nor the history
                session.save()
        except CatalogueError as error:
            state_problem = error
        emit_report(report, fmt.value, output)
    if fix_redirects:
        fix_redirected(session, report.items, dry_run=dry_run)
    if state_problem is not None:
        raise state_problem
    if report.failing:
        raise ProblemsFound()


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM stops the run as Ctrl-C does, saving what was decided: it is what `timeout`,
    `docker stop` and a CI runner cancelling a job (after its SIGINT) send."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
