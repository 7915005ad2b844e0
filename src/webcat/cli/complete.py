"""Shell completion of kinds, fields and entry ids (``webcat --install-completion``).

Each Tab press starts webcat, so this reads the catalogue in effect (``-c``,
$WEBCAT_CATALOGUE or the search, as the command would) with rtoml alone
(:mod:`webcat.catalogue.quickread`): completing costs less than ``webcat list --format ids``
(benchmarks/bench_completion.py). Nothing here may raise: a catalogue that cannot be found or
read completes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer


def _catalogue(ctx: typer.Context) -> dict[str, Any]:
    """The raw data of the catalogue the command would use (one read per Tab press)."""
    given: str | None = None
    context: Any = ctx
    while context is not None and given is None:
        value = context.params.get("catalogue")
        given = value if isinstance(value, str) else None
        context = context.parent
    from webcat.catalogue.locate import is_stdin, locate_catalogue
    from webcat.errors import WebcatError

    try:
        path = locate_catalogue(given, stdin=True)
    except (WebcatError, OSError):  # none found, or the current folder is gone
        return {}
    if is_stdin(path):
        return {}  # a pipe cannot be read at Tab time
    from webcat.catalogue.quickread import raw_tables

    return raw_tables(path)


def _ids(ctx: typer.Context, incomplete: str, tables: tuple[str, ...]) -> list[str]:
    """The ids of ``tables`` that start with ``incomplete`` (``KIND.ID`` once it holds a dot).

    Values only, no titles beside them: Typer renders a completion's help text with rich in
    zsh and fish, which would cost more than ``list --format ids`` on every Tab press."""
    from webcat.catalogue.quickread import entry_ids

    data = _catalogue(ctx)
    out: list[str] = []
    seen: set[str] = set()
    qualified = "." in incomplete
    for table in tables:
        for id in entry_ids(data, table):
            value = f"{table}.{id}" if qualified else id
            if value.startswith(incomplete) and value not in seen:
                seen.add(value)
                out.append(value)
    return out


def ids_of(*tables: str) -> Callable[[typer.Context, str], list[str]]:
    """A completion of the ids of ``tables`` (all tables when none is given)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from webcat.catalogue.fields import KINDS

        return _ids(ctx, incomplete, tables or tuple(KINDS))

    return complete


def kinds(incomplete: str) -> list[str]:
    """The kinds ``webcat list`` takes, plural as the tables are named."""
    from webcat.catalogue.fields import KINDS

    return [table for table in KINDS if table.startswith(incomplete)]


def _table_of(ctx: typer.Context, ref: str | None) -> str | None:
    """The table of the entry ``ref`` (``ID`` or ``KIND.ID``) names, read from the data."""
    from webcat.catalogue.fields import KIND_ALIASES, KINDS

    if not ref:
        return None
    head, dot, _tail = ref.partition(".")
    if dot and KIND_ALIASES.get(head) in KINDS:
        return KIND_ALIASES[head]
    data = _catalogue(ctx)
    for table in KINDS:
        entries = data.get(table)
        if isinstance(entries, dict) and ref in entries:
            return table
    return None


def fields_of_entry(ctx: typer.Context, incomplete: str) -> list[str]:
    """``webcat set ID FIELD``: the fields of that entry's kind (``--top``: language, title)."""
    from webcat.catalogue.fields import KINDS

    if ctx.params.get("top"):
        return [k for k in ("language", "title") if k.startswith(incomplete)]
    table = _table_of(ctx, ctx.params.get("ref"))
    kinds_ = [KINDS[table]] if table else list(KINDS.values())
    names = dict.fromkeys(f.name for kind in kinds_ for f in kind.fields)
    return [name for name in names if name.startswith(incomplete)]


def fields_of_kind(ctx: typer.Context, incomplete: str) -> list[str]:
    """``webcat list KIND --sort FIELD``: the fields of that kind, ascending or descending."""
    from webcat.catalogue.fields import KIND_ALIASES, KINDS

    table = KIND_ALIASES.get(str(ctx.params.get("kind") or "webinars").lower(), "webinars")
    names = ["id", *(f.name for f in KINDS[table].fields)]
    sign = "-" if incomplete.startswith("-") else ""
    return [sign + n for n in names if (sign + n).startswith(incomplete)]


def choices(values: tuple[str, ...]) -> Callable[[str], list[str]]:
    """A completion of fixed ``values`` (a field's choices)."""

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete
