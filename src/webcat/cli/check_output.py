"""How ``webcat check`` shows its results: a progress bar and a grouped summary for people,
plain lines for logs, and the JSON and CI report formats for machines."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from webcat.cli._common import err, out, write_stdout
from webcat.cli.render import safe, visible
from webcat.linkcheck import CheckConfig
from webcat.linkcheck.results import LinkResult
from webcat.linkhealth.reports import Item
from webcat.linkhealth.run import CheckFn, RunStats

#: Order of the groups in the summary: what needs fixing first.
GROUP_ORDER = (
    "broken",
    "timeout",
    "error",
    "redirected",
    "blocked",
    "not-checked",
    "excluded",
    "skipped",
    "ok",
)
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


def progress_runner(config: CheckConfig, show_progress: bool) -> CheckFn:
    """The engine, with a progress bar on stderr when a person is watching."""
    from webcat.linkcheck.engine import check_urls

    def run(urls: Sequence[str], stop_after: float | None) -> list[LinkResult]:
        if not show_progress or not urls:
            return check_urls(urls, config, stop_starting_after=stop_after)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(
            "checking links",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err(),
            transient=True,
        ) as bar:
            task = bar.add_task("links", total=len(dict.fromkeys(urls)))
            return check_urls(
                urls, config, progress=lambda _: bar.advance(task), stop_starting_after=stop_after
            )

    return run


def summary(items: Sequence[Item], stats: RunStats) -> dict[str, int]:
    counts = {o: 0 for o in GROUP_ORDER}
    for item in items:
        counts[item.outcome] = counts.get(item.outcome, 0) + 1
    counts["total"] = len(items)
    counts["failing_build"] = sum(1 for i in items if i.status == "broken")
    counts["failing_not_yet_broken"] = sum(1 for i in items if i.status == "failing")
    counts["requested"] = stats.requested
    counts["reused"] = stats.reused
    counts["second_pass"] = stats.second_pass
    return counts


def _json(items: Sequence[Item], stats: RunStats) -> str:
    data = {
        "summary": summary(items, stats),
        "results": [
            {
                "url": i.url,
                "outcome": i.outcome,
                "http_status": i.http_status,
                "final_url": i.final_url,
                "error": i.error,
                "attempts": i.attempts,
                "elapsed_ms": i.elapsed_ms,
                "used_by": [u.entity for u in i.uses],
                "status": i.status,
                "cached": i.cached,
                "failures": i.failures,
                "failing_since": i.failing_since,
                "places": [
                    {
                        "entity": u.entity,
                        "field": u.field,
                        "file": u.file,
                        "line": u.line,
                        "column": u.column,
                    }
                    for u in i.uses
                ],
            }
            for i in items
        ],
    }
    indent = 2 if sys.stdout.isatty() else None
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def _detail(item: Item) -> str:
    parts = []
    if item.http_status is not None:
        parts.append(str(item.http_status))
    if item.final_url and item.final_url != item.url:
        parts.append(f"-> {item.final_url}")
    if item.error and item.error != f"HTTP {item.http_status}":
        parts.append(item.error)
    if item.status == "failing":
        parts.append(f"(failing {item.failures} run(s) since {item.failing_since}; not yet broken)")
    if item.cached:
        parts.append("(from state)")
    return " ".join(parts)


def _counts_line(items: Sequence[Item], stats: RunStats) -> str:
    counts = summary(items, stats)
    shown = ", ".join(f"{counts[o]} {o}" for o in GROUP_ORDER if counts.get(o))
    line = f"{len(items)} links checked" + (f": {shown}" if shown else "")
    extra = []
    if stats.reused:
        extra.append(f"{stats.reused} reused from the state file")
    if stats.second_pass:
        extra.append(f"{stats.second_pass} checked again")
    if counts["failing_not_yet_broken"]:
        extra.append(f"{counts['failing_not_yet_broken']} failing but not yet broken")
    return line + (f" ({'; '.join(extra)})" if extra else "")


def _plain(items: Sequence[Item], stats: RunStats) -> str:
    """One line per link that is not ok (grouped, worst first), then the counts: for logs."""
    lines = []
    for outcome in GROUP_ORDER[:-1]:
        for item in items:
            if item.outcome != outcome:
                continue
            fields = [outcome, item.url]
            if detail := _detail(item):
                fields.append(detail)
            if item.uses:
                fields.append(
                    "used by "
                    + ", ".join(
                        f"{u.entity} ({u.file}:{u.line})" if u.line else u.entity for u in item.uses
                    )
                )
            lines.append("\t".join(visible(f, single_line=True) for f in fields))
    lines.append(_counts_line(items, stats))
    return "\n".join(lines) + "\n"


def _summary_for_people(items: Sequence[Item], stats: RunStats) -> None:
    """Grouped by outcome, each link with the entries that use it; catalogue text escaped."""
    from rich.text import Text

    console = out()
    for outcome in GROUP_ORDER[:-1]:
        group = [i for i in items if i.outcome == outcome]
        if not group:
            continue
        console.print(Text(f"{outcome} ({len(group)})", style=_STYLE.get(outcome, "")))
        for item in group:
            line = Text("  ")
            line.append_text(safe(item.url, single_line=True))
            if detail := _detail(item):
                line.append("  ")
                line.append_text(safe(detail, "dim", single_line=True))
            console.print(line, soft_wrap=True)
            for use in item.uses:
                text = Text("    used by ", style="dim")
                text.append_text(safe(use.entity, "cyan"))
                if use.line:
                    text.append_text(safe(f"  {use.file}:{use.line}", "dim"))
                console.print(text, soft_wrap=True)
    style = "bold red" if any(i.status == "broken" for i in items) else "green"
    console.print(Text(_counts_line(items, stats), style=style), soft_wrap=True)


def emit_report(items: Sequence[Item], stats: RunStats, fmt: str, output: Path | None) -> None:
    """Write the report in ``fmt`` to stdout or ``output`` (atomically)."""
    from webcat.linkhealth.reports import github, junit, markdown, sarif

    if fmt == "text" and output is None:
        if sys.stdout.isatty():
            _summary_for_people(items, stats)
        else:
            write_stdout(_plain(items, stats))
        return
    renderers = {
        "text": lambda: _plain(items, stats),
        "json": lambda: _json(items, stats),
        "github": lambda: github.render(items),
        "junit": lambda: junit.render(items),
        "sarif": lambda: sarif.render(items),
        "markdown": lambda: markdown.render(items),
    }
    text = renderers[fmt]()
    if output is None:
        write_stdout(text)
    else:
        from webcat.files import write_atomically

        write_atomically(output, text.encode("utf-8"))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and fmt in ("github", "markdown"):
        # Appended, as the runner expects: other steps may write to the same summary.
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(text if fmt == "markdown" else markdown.render(items))


def fix_redirected(path: Path, items: Sequence[Item], *, dry_run: bool) -> None:
    """Write the final URLs of permanent redirects into the catalogue, through the store.

    One edit for all of them, so the catalogue changes whole or not at all. Redirects to a
    front page or a login page are reported on stderr and left alone. With ``dry_run`` the
    diff is shown on stderr (stdout carries the report) and nothing is written.
    """
    import difflib

    from rich.text import Text

    from webcat.catalogue.lex import split_lines_keepends
    from webcat.cli._edit import report, run_edit
    from webcat.linkhealth.fixes import plan_redirect_fixes

    fixes, refused = plan_redirect_fixes(items)
    for item, reason in refused:
        line = Text("not fixed: ", style="yellow")
        line.append(visible(f"{item.url} -> {item.final_url}: {reason}", single_line=True))
        err().print(line, soft_wrap=True)
    if not fixes:
        err().print("no redirects to fix", soft_wrap=True, markup=False)
        return

    def change(editor: Any) -> None:
        for use, _old, new in fixes:
            table, _, id = use.entity.partition(".")
            editor.set(table, id, use.field, new)

    result = run_edit(str(path), change, dry_run=dry_run)
    report(result)
    if dry_run:
        diff = difflib.unified_diff(
            split_lines_keepends(result.old_text),  # LF only, as TOML counts lines
            split_lines_keepends(result.new_text),
            fromfile=str(path),
            tofile=f"{path} (fixed)",
        )
        sys.stderr.write("".join(visible(line) for line in diff))
