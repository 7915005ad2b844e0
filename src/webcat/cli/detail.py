"""The text view of one entity for ``webcat show``."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from webcat.catalogue.fields import KINDS, FieldType
from webcat.catalogue.model import Catalogue, Entity
from webcat.catalogue.model import Text as CText
from webcat.catalogue.rows import cell
from webcat.cli.render import safe


def _value(cat: Catalogue, entity: Entity, name: str, lang: str | None) -> Text | None:
    f = KINDS[entity.table].field(name)
    value = getattr(entity, name)
    if value is None or value == []:
        return None
    if isinstance(value, CText):
        text = Text()
        if value.plain is not None:
            text.append_text(safe(value.plain))
        for tag, tr in value.by_lang.items():
            if text:
                text.append("\n")
            text.append(f"[{tag}] ", style="dim")
            text.append_text(safe(tr))
        return text
    if f is not None and f.ref and f.type in (FieldType.REF, FieldType.REFS):
        ids = value if isinstance(value, list) else [value]
        target = cat.table(f.ref)
        text = Text()
        for i, id in enumerate(ids):
            if i:
                text.append(", ")
            if id in target:
                text.append_text(safe(target[id].display_name(), single_line=True))
                text.append(" (")
                text.append_text(safe(id, "cyan"))
                text.append(")")
            else:
                text.append_text(safe(id, "red"))
        return text
    style = "blue underline" if name == "url" else ""
    return safe(cell(value, lang), style)


def entity_detail(
    cat: Catalogue, entity: Entity, refs: list[tuple[Entity, str]], lang: str | None
) -> RenderableType:
    kind = KINDS[entity.table]
    heading = Text(f"{kind.singular} ", style="dim")
    heading.append_text(safe(entity.display_name(), "bold", single_line=True))
    heading.append("  ")
    heading.append_text(safe(f"{entity.table}.{entity.id}", "cyan"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for f in kind.fields:
        rendered = _value(cat, entity, f.name, lang)
        if rendered is not None:
            grid.add_row(f.name, rendered)
    parts: list[RenderableType] = [heading, Padding(grid, (1, 0, 0, 2), expand=False)]
    if refs:
        used = Table.grid(padding=(0, 2))
        used.add_column(style="dim", no_wrap=True)
        used.add_column()
        for other, field in refs:
            line = safe(other.display_name(), single_line=True)
            line.append("  ")
            line.append_text(safe(f"{other.table}.{other.id}", "cyan"))
            used.add_row(f"{KINDS[other.table].singular}.{field}", line)
        parts += [
            Text("\nReferred to by", style="bold"),
            Padding(used, (0, 0, 0, 2), expand=False),
        ]
    return Group(*parts)
