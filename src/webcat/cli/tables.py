"""Rich tables of entities for people at a terminal. Every cell from the catalogue goes
through :func:`webcat.cli.render.safe`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from rich import box
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

Column = tuple[str, Callable[[Entity], Text], dict[str, object]]


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
    return text


def _resource_kinds(cat: Catalogue, w: Webinar) -> Text:
    counts = Counter(r.kind for r in cat.webinar_resources(w.id))
    return Text(", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(counts.items())))


def _columns(cat: Catalogue, table: str, lang: str | None) -> list[Column]:
    if table == "webinars":
        return [
            ("#", lambda e: Text(cell(getattr(e, "number", None))), {"justify": "right"}),
            ("Date", lambda e: Text(cell(getattr(e, "date", None))), {"no_wrap": True}),
            ("Webinar", lambda e: _webinar_title(e, lang), {"ratio": 3}),  # type: ignore[arg-type]
            (
                "Speakers",
                lambda e: _names(cat, "people", getattr(e, "speakers", []), lang),
                {"ratio": 1},
            ),
            ("Resources", lambda e: _resource_kinds(cat, e), {"ratio": 1}),  # type: ignore[arg-type]
        ]
    if table == "resources":
        return [
            ("Kind", lambda e: safe(getattr(e, "kind", "")), {}),
            ("Resource", lambda e: _titled(getattr(e, "title", None), e.id, lang), {"ratio": 2}),
            ("For", lambda e: _id(_resource_owner(cat, e)), {"ratio": 2}),  # type: ignore[arg-type]
            (
                "URL",
                lambda e: safe(getattr(e, "url", ""), "blue"),
                {"overflow": "fold", "ratio": 2},
            ),
        ]
    if table == "people":
        return [
            ("Name", lambda e: safe(getattr(e, "name", ""), "bold"), {}),
            ("Role", lambda e: _t(getattr(e, "role", None), lang), {"ratio": 2}),
            (
                "Affiliations",
                lambda e: _names(cat, "organisations", getattr(e, "affiliations", []), lang),
                {"ratio": 2},
            ),
            ("Id", lambda e: safe(e.id, "cyan"), {"overflow": "fold"}),
        ]
    if table == "organisations":
        return [
            ("Name", lambda e: _t(getattr(e, "name", None), lang, "bold"), {}),
            ("Kind", lambda e: safe(getattr(e, "kind", None)), {}),
            ("URL", lambda e: safe(getattr(e, "url", None), "blue"), {"overflow": "fold"}),
            ("Id", lambda e: safe(e.id, "cyan"), {"overflow": "fold"}),
        ]
    if table == "projects":
        return [
            ("Title", lambda e: _t(getattr(e, "title", None), lang, "bold"), {}),
            (
                "Lead",
                lambda e: _names(cat, "organisations", _opt(getattr(e, "lead", None)), lang),
                {},
            ),
            (
                "Partners",
                lambda e: _names(cat, "organisations", getattr(e, "partners", []), lang),
                {},
            ),
            ("Id", lambda e: safe(e.id, "cyan"), {"overflow": "fold"}),
        ]
    if table == "series":
        return [
            ("Title", lambda e: _t(getattr(e, "title", None), lang, "bold"), {"ratio": 2}),
            ("Published", lambda e: Text(cell(getattr(e, "published", None))), {"no_wrap": True}),
            (
                "Webinars",
                lambda e: Text(str(sum(1 for w in cat.webinars.values() if w.series == e.id))),
                {"justify": "right"},
            ),
            (
                "Organiser",
                lambda e: _names(cat, "organisations", _opt(getattr(e, "organiser", None)), lang),
                {},
            ),
            ("Id", lambda e: safe(e.id, "cyan"), {"overflow": "fold"}),
        ]
    return [
        ("Title", lambda e: _t(getattr(e, "title", None), lang, "bold"), {}),
        ("Used by", lambda e: Text(str(len(cat.referrers(e)))), {"justify": "right"}),
        ("Id", lambda e: safe(e.id, "cyan"), {"overflow": "fold"}),
    ]


def _opt(value: str | None) -> list[str]:
    return [value] if value else []


def _resource_owner(cat: Catalogue, r: Resource) -> str:
    if r.webinar and r.webinar in cat.webinars:
        w = cat.webinars[r.webinar]
        return w.id
    return r.series or ""


def entity_table(cat: Catalogue, table: str, entities: Sequence[Entity], lang: str | None) -> Table:
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
    cells = [[fn(e) for _title, fn, _opts in cols] for e in entities]
    # A column with nothing in it (no dates yet, say) only takes room.
    keep = [i for i in range(len(cols)) if not entities or any(row[i].plain for row in cells)]
    for i in keep:
        title, _fn, opts = cols[i]
        t.add_column(title, **opts)  # type: ignore[arg-type]
    for row in cells:
        t.add_row(*(row[i] for i in keep))
    return t
