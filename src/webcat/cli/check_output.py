"""How ``webcat check`` shows its results: a progress bar and a grouped summary for people on
a terminal; every other format is a report of :mod:`webcat.linkhealth.reports`, written to
stdout or a file."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from webcat.cli._common import err, out, write_stdout
from webcat.linkhealth.reports import GROUP_ORDER, Item

if TYPE_CHECKING:
    from webcat.linkcheck import CheckConfig
    from webcat.linkcheck.results import LinkResult
    from webcat.linkhealth.run import CheckFn, OnResult, RunStats
    from webcat.linkhealth.session import CheckReport, CheckSession

_STYLE = {
    "broken": "bold red",
    "timeout": "bold red",
    "error": "bold red",
    "redirected": "yellow",
    "blocked": "magenta",
    "not-checked": "yellow",
    "excluded": "dim",
    "skipped": "dim",
    "ok": "green",
}


def say(line: str, style: str = "") -> None:
    """One diagnostic line on stderr, its untrusted parts shown with controls escaped."""
    from rich.text import Text

    from webcat.cli.render import visible

    err().print(Text(visible(line, single_line=True), style=style), soft_wrap=True)


def progress_runner(config: CheckConfig, show_progress: bool) -> CheckFn:
    """The engine, with a progress bar on stderr when a person is watching."""

    def run(urls: Sequence[str], stop_after: float | None, on_result: OnResult) -> list[LinkResult]:
        from webcat.linkcheck.engine import check_urls

        if not show_progress or not urls:
            return check_urls(urls, config, progress=on_result, stop_starting_after=stop_after)
        from webcat.cli._common import progress_bar

        with progress_bar("checking links") as bar:
            task = bar.add_task("links", total=len(dict.fromkeys(urls)))

            def step(result: LinkResult) -> None:
                on_result(result)
                bar.advance(task)

            return check_urls(urls, config, progress=step, stop_starting_after=stop_after)

    return run


def summary_for_people(items: Sequence[Item], stats: RunStats) -> None:
    """Grouped by outcome, each link with the entries that use it; catalogue text escaped."""
    from rich.text import Text

    from webcat.cli.render import safe
    from webcat.linkhealth.reports.text import counts_line, detail

    console = out()
    for outcome in GROUP_ORDER[:-1]:
        group = [i for i in items if i.outcome == outcome]
        if not group:
            continue
        console.print(Text(f"{outcome} ({len(group)})", style=_STYLE.get(outcome, "")))
        for item in group:
            line = Text("  ")
            line.append_text(safe(item.url, single_line=True))
            if text := detail(item):
                line.append("  ")
                line.append_text(safe(text, "dim", single_line=True))
            console.print(line, soft_wrap=True)
            for use in item.uses:
                shown = Text("    used by " if use.entity else "    at ", style="dim")
                if use.entity:
                    shown.append_text(safe(use.entity, "cyan", single_line=True))
                    if use.line:
                        shown.append_text(safe(f"  {use.file}:{use.line}", "dim", single_line=True))
                else:
                    shown.append_text(safe(use.where(), "cyan", single_line=True))
                console.print(shown, soft_wrap=True)
    style = "bold red" if any(i.status == "broken" for i in items) else "green"
    console.print(Text(counts_line(items, stats), style=style), soft_wrap=True)


def emit_report(report: CheckReport, fmt: str, output: Path | None) -> None:
    """Write the report in ``fmt`` to stdout or ``output`` (atomically)."""
    import importlib

    items, stats = report.items, report.stats
    if fmt == "text" and output is None and sys.stdout.isatty():
        summary_for_people(items, stats)
        return
    # Only the one report module asked for is imported (junit needs an XML library, ...).
    module = importlib.import_module(f"webcat.linkhealth.reports.{fmt}")
    if fmt == "json":
        rendered = module.render(items, stats, indent=2 if sys.stdout.isatty() else None)
    elif fmt in ("text", "github"):
        rendered = module.render(items, stats)
    else:
        rendered = module.render(items)
    if output is None:
        write_stdout(rendered)
    else:
        from webcat.files import write_atomically

        write_atomically(output, rendered.encode("utf-8"))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and fmt in ("github", "markdown"):
        # Appended, as the runner expects: other steps may write to the same summary.
        with open(summary_file, "a", encoding="utf-8") as fh:
            from webcat.linkhealth.reports import markdown

            fh.write(rendered if fmt == "markdown" else markdown.render(items))


def fix_redirected(session: CheckSession, items: Sequence[Item], *, dry_run: bool) -> None:
    """Write the final URLs of permanent redirects into the catalogue, through the store.

    One edit for all of them, so the catalogue changes whole or not at all. Redirects that
    may not be written in (a front page, a login page, https to http) are reported on
    stderr and left alone; moves to another host are written and said. With ``dry_run`` the
    diff is shown on stderr (stdout carries the report) and nothing is written.
    """
    from rich.text import Text

    from webcat.cli._edit import report, run_edit, show_diff
    from webcat.cli.render import visible
    from webcat.linkhealth.fixes import change_for

    fixes, refused = session.plan_fixes(items)
    for item, reason in refused:
        line = Text("not fixed: ", style="yellow")
        line.append(visible(f"{item.url} -> {item.final_url}: {reason}", single_line=True))
        err().print(line, soft_wrap=True)
    for fix in fixes:
        if fix.cross_host:
            line = Text("moved to another host: ", style="yellow")
            line.append(visible(f"{fix.old} -> {fix.new} ({fix.use.where()})", single_line=True))
            err().print(line, soft_wrap=True)
    if not fixes:
        err().print("no redirects to fix", soft_wrap=True, markup=False)
        return
    path = session.catalogue_path
    result = run_edit(str(path), change_for(fixes), dry_run=dry_run)
    report(result)
    if dry_run:
        show_diff(result, stream="stderr")
