"""Rich tables of entities for people at a terminal. Every cell from the catalogue goes
through :func:`webcat.cli.render.safe`.

Ids are what people copy from a table, so they are never cut: a column that shows ids is at
least as wide as its longest id, and when the terminal is too narrow for every column, the
other columns are narrowed and then left out (the least useful first). Only an id longer
than the whole terminal is folded onto a second line, whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from webcat.catalogue.model import (
    Catalogue,
    Entity,
    Resource,
    Webinar,
)
from webcat.catalogue.model import (
    Text as CText,
)
from webcat.catalogue.rows import cell
from webcat.cli.render import safe

#: The narrowest a column of text is squeezed to before a column is left out instead.
NARROWEST = 10


@dataclass(frozen=True)
class Column:
    """One column: its heading, its cell, rich's options, the ids its cells show (never cut),
    and when it is left out on a narrow terminal (higher first; 0: only when an id would not
    fit otherwise, and never for a column of ids)."""

    title: str
    render: Callable[[Entity], Text]
    opts: dict[str, object] = field(default_factory=dict)
    ids: Callable[[Entity], Iterable[str]] | None = None
    drop: int = 0


def _own_id(e: Entity) -> list[str]:
    return [e.id]


def _t(value: CText | None, lang: str | None, style: str = "") -> Text:
    return safe(value.text(lang) if value else "", style, single_line=True)


def _names(cat: Catalogue, table: str, ids: Sequence[str], lang: str | None) -> Text:
    target = cat.table(table)
    return safe(
        ", ".join(target[i].display_name() if i in target else i for i in ids), single_line=True
    )


def _webinar_title(w: Webinar, lang: str | None) -> Text:
    text = Text()
    text.append_text(_t(w.title, lang, "bold"))
    if w.topic and w.topic.text(lang) not in w.title.text(lang):
        text.append("\n")
        text.append_text(_t(w.topic, lang, "italic"))
    text.append("\n")
    text.append_text(_id(w.id))
    text.overflow = "fold"
    return text


def _id(id: str) -> Text:
    text = safe(id, "cyan dim")
    text.overflow = "fold"
    return text


def _titled(title: CText | None, id: str, lang: str | None) -> Text:
    text = Text()
    text.append_text(_t(title, lang, "bold"))
    text.append("\n")
    text.append_text(_id(id))
    text.overflow = "fold"
    return text


def _resource_kinds(cat: Catalogue, w: Webinar) -> Text:
    counts = Counter(r.kind for r in cat.webinar_resources(w.id))
    return Text(", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(counts.items())))


def _id_column(drop: int = 0) -> Column:
    return Column("Id", lambda e: _id_cell(e.id), ids=_own_id, drop=drop)


def _id_cell(id: str) -> Text:
    text = safe(id, "cyan")
    text.overflow = "fold"
    return text


def _columns(cat: Catalogue, table: str, lang: str | None) -> list[Column]:
    if table == "webinars":
        return [
            Column(
                "#", lambda e: Text(cell(getattr(e, "number", None))), {"justify": "right"}, drop=2
            ),
            Column(
                "Date", lambda e: Text(cell(getattr(e, "date", None))), {"no_wrap": True}, drop=3
            ),
            Column(
                "Webinar",
                lambda e: _webinar_title(e, lang),  # type: ignore[arg-type]
                {"ratio": 3},
                ids=_own_id,
            ),
            Column(
                "Speakers",
                lambda e: _names(cat, "people", getattr(e, "speakers", []), lang),
                {"ratio": 1},
                drop=4,
            ),
            Column(
                "Resources",
                lambda e: _resource_kinds(cat, e),  # type: ignore[arg-type]
                {"ratio": 1},
                drop=5,
            ),
        ]
    if table == "resources":
        return [
            Column("Kind", lambda e: safe(getattr(e, "kind", "")), drop=3),
            Column(
                "Resource",
                lambda e: _titled(getattr(e, "title", None), e.id, lang),
                {"ratio": 2},
                ids=_own_id,
            ),
            Column(
                "For",
                lambda e: _id(_resource_owner(cat, e)),  # type: ignore[arg-type]
                {"ratio": 2},
                ids=lambda e: [_resource_owner(cat, e)],  # type: ignore[arg-type]
                drop=2,
            ),
            Column(
                "URL",
                lambda e: safe(getattr(e, "url", ""), "blue"),
                {"overflow": "fold", "ratio": 2},
                drop=1,
            ),
        ]
    if table == "people":
        return [
            Column("Name", lambda e: safe(getattr(e, "name", ""), "bold")),
            Column("Role", lambda e: _t(getattr(e, "role", None), lang), {"ratio": 2}, drop=1),
            Column(
                "Affiliations",
                lambda e: _names(cat, "organisations", getattr(e, "affiliations", []), lang),
                {"ratio": 2},
                drop=2,
            ),
            _id_column(),
        ]
    if table == "organisations":
        return [
            Column("Name", lambda e: _t(getattr(e, "name", None), lang, "bold")),
            Column("Kind", lambda e: safe(getattr(e, "kind", None)), drop=2),
            Column(
                "URL",
                lambda e: safe(getattr(e, "url", None), "blue"),
                {"overflow": "fold"},
                drop=1,
            ),
            _id_column(),
        ]
    if table == "projects":
        return [
            Column("Title", lambda e: _t(getattr(e, "title", None), lang, "bold")),
            Column(
                "Lead",
                lambda e: _names(cat, "organisations", _opt(getattr(e, "lead", None)), lang),
                drop=1,
            ),
            Column(
                "Partners",
                lambda e: _names(cat, "organisations", getattr(e, "partners", []), lang),
                drop=2,
            ),
            _id_column(),
        ]
    if table == "series":
        return [
            Column("Title", lambda e: _t(getattr(e, "title", None), lang, "bold"), {"ratio": 2}),
            Column(
                "Published",
                lambda e: Text(cell(getattr(e, "published", None))),
                {"no_wrap": True},
                drop=2,
            ),
            Column(
                "Webinars",
                lambda e: Text(str(sum(1 for w in cat.webinars.values() if w.series == e.id))),
                {"justify": "right"},
                drop=3,
            ),
            Column(
                "Organiser",
                lambda e: _names(cat, "organisations", _opt(getattr(e, "organiser", None)), lang),
                drop=1,
            ),
            _id_column(),
        ]
    return [
        Column("Title", lambda e: _t(getattr(e, "title", None), lang, "bold")),
        Column("Used by", lambda e: Text(str(len(cat.referrers(e)))), {"justify": "right"}, drop=1),
        _id_column(),
    ]


def _opt(value: str | None) -> list[str]:
    return [value] if value else []


def _resource_owner(cat: Catalogue, r: Resource) -> str:
    if r.webinar and r.webinar in cat.webinars:
        w = cat.webinars[r.webinar]
        return w.id
    return r.series or ""


def _longest_line(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _extra(n: int) -> int:
    """What a SIMPLE_HEAD table of ``n`` columns takes beyond its cells: an edge each side,
    a rule between columns, and one space of padding each side of each cell."""
    return 2 + (n - 1) + 2 * n


def fit_columns(
    natural: list[int], floor: list[int], drop: list[int], ratio: list[int], width: int
) -> list[int | None]:
    """The width of each column's cells: None where every column fits as it is (rich lays it
    out), 0 for a column left out, else a fixed width at least its ``floor`` (the longest id
    it shows). Columns are left out, highest ``drop`` first, until the floors fit; the room
    left is shared by ``ratio`` up to each column's natural width."""
    n = len(natural)
    if sum(natural) + _extra(n) <= width:
        return [None] * n
    kept = list(range(n))
    while sum(floor[i] for i in kept) + _extra(len(kept)) > width:
        droppable = [i for i in kept if drop[i]]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda i: (drop[i], i)))
    widths: list[int | None] = [0] * n
    given = {i: floor[i] for i in kept}
    room = width - _extra(len(kept)) - sum(given.values())
    if room < 0:  # only what is never left out, and still too wide: ids fold
        short = sorted(kept, key=lambda i: given[i], reverse=True)
        for i in short:
            cut = min(-room, given[i] - 1)
            given[i] -= cut
            room += cut
    while room > 0:
        hungry = [i for i in kept if given[i] < natural[i]]
        if not hungry:
            break
        total = sum(ratio[i] for i in hungry)
        spent = 0
        for i in hungry:
            share = max(1, room * ratio[i] // total)
            more = min(share, natural[i] - given[i], room - spent)
            given[i] += more
            spent += more
        room -= spent
        if not spent:
            break
    for i in kept:
        widths[i] = given[i]
    return widths


def entity_table(
    cat: Catalogue, table: str, entities: Sequence[Entity], lang: str | None, width: int = 80
) -> Table:
    """The table of ``entities`` for a terminal ``width`` columns wide."""
    cols = _columns(cat, table, lang)
    n = len(entities)
    noun = table if n != 1 else {"series": "series", "people": "person"}.get(table, table[:-1])
    t = Table(
        box=box.SIMPLE_HEAD,
        caption=f"{n} {noun}",
        caption_justify="left",
        header_style="bold",
        expand=False,
    )
    cells = [[c.render(e) for c in cols] for e in entities]
    # A column with nothing in it (no dates yet, say) only takes room.
    keep = [i for i in range(len(cols)) if not entities or any(row[i].plain for row in cells)]
    natural, floor = [], []
    for i in keep:
        c = cols[i]
        natural.append(max([cell_len(c.title), *(_longest_line(row[i]) for row in cells)]))
        if c.ids is not None:
            floor.append(max([1, *(cell_len(id) for e in entities for id in c.ids(e))]))
        elif c.opts.get("no_wrap"):
            floor.append(natural[-1])
        else:
            floor.append(min(natural[-1], NARROWEST))
    ratio = [int(cols[i].opts.get("ratio", 1)) for i in keep]  # type: ignore[call-overload]
    # A column of ids stays; any other goes, the explicitly least useful first, before an id
    # would have to fold.
    drop = [2 * c.drop if c.drop else 0 if c.ids else 1 for c in (cols[i] for i in keep)]
    widths = fit_columns(natural, floor, drop, ratio, width)
    shown = [i for i, w in zip(keep, widths, strict=True) if w != 0]
    for i, w in zip(keep, widths, strict=True):
        if w == 0:
            continue
        opts = dict(cols[i].opts)
        if w is not None:
            opts.pop("ratio", None)
            opts["width"] = w
        t.add_column(cols[i].title, **opts)  # type: ignore[arg-type]
    for row in cells:
        t.add_row(*(row[i] for i in shown))
    return t
