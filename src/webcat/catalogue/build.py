"""Validation and model building in one pass over the parsed document.

Every problem is collected (never just the first), located by entity and field, and given a
line from the lazy :class:`~webcat.catalogue.lines.LineIndex` only when there are problems
to report, so a valid catalogue costs one walk over its data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from webcat.catalogue.document import Document
from webcat.catalogue.fields import KINDS, SCHEMA_VERSION, TOP_LEVEL, Field, FieldType, Kind
from webcat.catalogue.model import ENTITY_CLASSES, Catalogue, Entity, Text
from webcat.catalogue.problems import Problem
from webcat.catalogue.rules import (
    ID_RE,
    check_image,
    check_url,
    is_language_tag,
    suggest,
)
from webcat.gcpause import no_gc


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def problem(
        self,
        code: str,
        message: str,
        table: str | None = None,
        id: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problems.append(Problem(code, message, table, id, field, hint=hint))

    # -- field converters: return the model value, or None after reporting a problem --

    def text(self, value: Any, where: tuple[str, str, str]) -> Text | None:
        if isinstance(value, str):
            return Text(plain=value)
        if isinstance(value, dict):
            ok = True
            for tag, text in value.items():
                if not is_language_tag(tag):
                    self.problem(
                        "bad-language-tag",
                        f"'{tag}' is not a BCP 47 language tag",
                        *where,
                        hint="use tags such as nb, nn, en or en-GB",
                    )
                    ok = False
                elif not isinstance(text, str):
                    self.problem("wrong-type", f"translation '{tag}' must be a string", *where)
                    ok = False
            return Text(by_lang=dict(value)) if ok and value else None
        self.wrong_type(value, "a string or a table of language tag = text", where)
        return None

    def wrong_type(self, value: Any, expected: str, where: tuple[str, str, str]) -> None:
        self.problem("wrong-type", f"must be {expected}, not {_type_name(value)}", *where)

    def convert(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        """The model value of ``value`` for field ``f``, or None after reporting why not."""
        return _CONVERTERS[f.type](self, f, value, where)

    def _string(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, str):
            return value
        self.wrong_type(value, "a string", where)
        return None

    def _ref(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, str):
            return value
        self.wrong_type(value, f"the id of one of {f.ref} (a string)", where)
        return None

    def _refs(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            if len(set(value)) != len(value):
                dups = sorted({v for v in value if value.count(v) > 1})
                self.problem("duplicate-item", f"lists {', '.join(dups)} twice", *where)
            return value
        if isinstance(value, str):
            self.wrong_type(value, "a list of ids", where)
            self.problems[-1].hint = f'write {f.name} = ["{value}"]'
        else:
            self.wrong_type(value, "a list of ids (strings)", where)
        return None

    def _url(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if not isinstance(value, str):
            self.wrong_type(value, "a URL string", where)
            return None
        reason = check_url(value)
        if reason is None:
            return value
        self.problem("bad-url", f"{reason}: {value!r}", *where)
        return None

    def _image(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if not isinstance(value, str):
            self.wrong_type(value, "a file path or URL string", where)
            return None
        reason = check_image(value)
        if reason is not None:
            self.problem("bad-image", f"{reason}: {value!r}", *where)
            return None
        base = self.doc.path.parent
        if "://" not in value and not (base / value).is_file():
            self.problem(
                "missing-file",
                f"image file {value!r} is not there",
                *where,
                hint=f"the path is relative to the catalogue's folder, {base}",
            )
            return None
        return value

    def _date(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        self.wrong_type(value, "a date such as 2022-03-22", where)
        return None

    def _when(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                self.problem(
                    "datetime-without-offset",
                    "datetime has no UTC offset",
                    *where,
                    hint=f"write {value.isoformat()}+01:00 (or Z for UTC)",
                )
                return None
            return value
        if isinstance(value, date):
            return value
        self.wrong_type(value, "a date or a datetime with offset", where)
        return None

    def _duration(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        from webcat.catalogue.durations import parse_duration

        try:
            if isinstance(value, str):
                parse_duration(value)
                return value
            why = "not an ISO 8601 duration"
        except ValueError as e:
            why = str(e)
        self.problem(
            "bad-duration",
            f"{value!r} is {why}",
            *where,
            hint='write e.g. "PT1H", "PT45M" or "PT1.5H"',
        )
        return None

    def _integer(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.wrong_type(value, "a whole number", where)
        return None

    def _language(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, str) and is_language_tag(value):
            return value
        self.problem(
            "bad-language-tag",
            f"{value!r} is not a BCP 47 language tag",
            *where,
            hint="use tags such as nb, nn, en or en-GB",
        )
        return None

    def _choice(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, str) and value in f.choices:
            return value
        self.problem(
            "bad-choice",
            f"{value!r} is not one of {', '.join(f.choices)}",
            *where,
            hint=suggest(str(value), f.choices),
        )
        return None

    def _text(self, f: Field, value: Any, where: tuple[str, str, str]) -> Any:
        if isinstance(value, str):
            return Text(plain=value)
        return self.text(value, where)

    def entity(self, kind: Kind, id: str, raw: Any) -> Entity | None:
        table = kind.table
        if not isinstance(raw, dict):
            self.problem(
                "wrong-type",
                f"{table}.{id} must be a table ([{table}.{id}]), not {_type_name(raw)}",
                table,
                id,
            )
            return None
        if not ID_RE.match(id):
            self.problem(
                "bad-id",
                f"id '{id}' is not a slug (lowercase letters, digits, - and _)",
                table,
                id,
                hint=f"for example '{_slug_hint(id)}'",
            )
        values: dict[str, Any] = {}
        by_name = kind.by_name
        for key, value in raw.items():
            f = by_name.get(key)
            if f is None:
                known = kind.names
                self.problem(
                    "unknown-key",
                    f"unknown field '{key}' in a {kind.singular}",
                    table,
                    id,
                    key,
                    hint=suggest(key, known) or f"fields are: {', '.join(known)}",
                )
                continue
            converted = _CONVERTERS[f.type](self, f, value, (table, id, key))
            if converted is not None:
                values[key] = converted
        for f in kind.needing:
            if f.name in raw:
                for other in f.needs:
                    if other not in raw:
                        needed = by_name[other]
                        self.problem(
                            "missing-field",
                            f"{f.name} is set, so {other} is needed ({needed.help.lower()})",
                            table,
                            id,
                            f.name,
                        )
        ok = True
        for f in kind.required:
            if f.name not in raw:
                self.problem(
                    "missing-field",
                    f"{kind.singular} has no '{f.name}' ({f.help.lower()})",
                    table,
                    id,
                    f.name,
                )
                ok = False
            elif f.name not in values:
                ok = False
        if not ok:
            return None
        cls = ENTITY_CLASSES[table]
        return cls(id=id, **values)

    def references(self, cat: Catalogue) -> None:
        for table_name, table in cat.tables():
            kind = KINDS[table_name]
            for f in kind.fields:
                if f.type is FieldType.TAGS:
                    if not cat.tags:
                        continue  # without a [tags] table, tags are free words
                    target = "tags"
                elif f.type in (FieldType.REF, FieldType.REFS):
                    assert f.ref is not None
                    target = f.ref
                else:
                    continue
                target_table = cat.table(target)
                for entity in table.values():
                    value = getattr(entity, f.name)
                    ids = value if isinstance(value, list) else [value] if value else []
                    for ref in ids:
                        if ref not in target_table:
                            self.problem(
                                "dangling-reference",
                                f"{f.name} refers to '{ref}', which is not in [{target}]",
                                table_name,
                                entity.id,
                                f.name,
                                hint=suggest(ref, list(target_table))
                                or f"add [{target}.{ref}] or fix the id",
                            )

    def duplicate_urls(self, cat: Catalogue) -> None:
        for url, uses in cat.url_uses().items():
            if len(uses) < 2:
                continue
            distinct = [
                u for u in uses if not (u.table == "resources" and url in _parent_pages(cat, u.id))
            ]
            if len(distinct) < 2:
                continue
            first = distinct[0]
            for use in distinct[1:]:
                self.problem(
                    "duplicate-url",
                    f"URL {url} is also used by {first.table}.{first.id}",
                    use.table,
                    use.id,
                    use.field,
                    hint="each entry should have its own address; "
                    "a resource may point to its webinar's or series' page",
                )


_CONVERTERS: dict[FieldType, Callable[[_Builder, Field, Any, tuple[str, str, str]], Any]] = {
    FieldType.TEXT: _Builder._text,
    FieldType.STRING: _Builder._string,
    FieldType.REF: _Builder._ref,
    FieldType.REFS: _Builder._refs,
    FieldType.TAGS: _Builder._refs,
    FieldType.URL: _Builder._url,
    FieldType.DATE: _Builder._date,
    FieldType.WHEN: _Builder._when,
    FieldType.DURATION: _Builder._duration,
    FieldType.INTEGER: _Builder._integer,
    FieldType.LANGUAGE: _Builder._language,
    FieldType.CHOICE: _Builder._choice,
    FieldType.IMAGE: _Builder._image,
}


def _parent_pages(cat: Catalogue, resource_id: str) -> set[str]:
    """The page URLs of the webinar and series a resource belongs to."""
    r = cat.resources[resource_id]
    pages: set[str] = set()
    series_ids = [r.series] if r.series else []
    w = cat.webinars.get(r.webinar) if r.webinar else None
    if w is not None:
        if w.url:
            pages.add(w.url)
        series_ids.append(w.series)
    for sid in series_ids:
        s = cat.series.get(sid) if sid else None
        if s is not None and s.url:
            pages.add(s.url)
    return pages


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return "a datetime"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time of day"
    return type(value).__name__


def _slug_hint(id: str) -> str:
    from webcat.catalogue.ids import slugify

    return slugify(id) or "my-entry"


def _top_level(b: _Builder, data: dict[str, Any], cat: Catalogue) -> None:
    version = data.get("schema_version")
    if version is None:
        b.problem(
            "missing-field",
            "the catalogue has no schema_version",
            field="schema_version",
            hint=f"add `schema_version = {SCHEMA_VERSION}` at the top",
        )
    elif not isinstance(version, int) or isinstance(version, bool):
        b.problem("wrong-type", "schema_version must be a whole number", field="schema_version")
    elif version > SCHEMA_VERSION:
        b.problem(
            "unsupported-version",
            f"schema_version {version} is newer than this webcat reads ({SCHEMA_VERSION})",
            field="schema_version",
            hint="upgrade webcat",
        )
    else:
        cat.schema_version = version
    lang = data.get("language")
    if lang is not None:
        if isinstance(lang, str) and is_language_tag(lang):
            cat.language = lang
        else:
            b.problem(
                "bad-language-tag",
                f"{lang!r} is not a BCP 47 language tag",
                field="language",
                hint="use tags such as nb, nn, en",
            )
    if "title" in data:
        cat.title = b.text(data["title"], ("", "", "title"))
    check = data.get("check")
    if check is not None:
        if isinstance(check, dict):
            cat.check = check
        else:
            b.wrong_type(check, "a table ([check])", ("", "", "check"))
    allowed = list(TOP_LEVEL) + list(KINDS)
    for key in data:
        if key not in allowed:
            b.problem(
                "unknown-key",
                f"unknown top-level key '{key}'",
                field=key,
                hint=suggest(key, allowed) or f"top-level keys are: {', '.join(allowed)}",
            )


@no_gc()
def build_catalogue(doc: Document, *, cross_checks: bool = True) -> tuple[Catalogue, list[Problem]]:
    """The model of ``doc`` and every problem in it, each with its line.

    ``cross_checks=False`` skips the checks between entries (dangling references, duplicate
    URLs): they never leave an entry out of the model, and read-only commands that only warn
    about problems save a fifth of their time on a large catalogue without them.
    """
    b = _Builder(doc)
    data = doc.data
    cat = Catalogue(path=doc.path)
    _top_level(b, data, cat)
    for table_name, kind in KINDS.items():
        raw_table = data.get(table_name)
        if raw_table is None:
            continue
        if not isinstance(raw_table, dict):
            b.problem(
                "wrong-type",
                f"[{table_name}] must be a table of entries keyed by id, "
                f"not {_type_name(raw_table)}",
                field=table_name,
                hint=f"write entries as [{table_name}.some-id]",
            )
            continue
        target = cat.table(table_name)
        make: Callable[[Kind, str, Any], Entity | None] = b.entity
        for id, raw in raw_table.items():
            entity = make(kind, id, raw)
            if entity is not None:
                target[id] = entity
    if cross_checks:
        b.references(cat)
        b.duplicate_urls(cat)
    if b.problems:
        _locate(b.problems, doc)
    return cat, b.problems


def _locate(problems: list[Problem], doc: Document) -> None:
    index = doc.lines
    for p in problems:
        path = tuple(x for x in (p.table, p.id, p.field) if x)
        if not path:
            continue
        pos = index.position_of(*path)
        if pos is not None:
            p.line, p.column = pos[0], (pos[1] if p.field else None)
            if p.field and path not in index.keys:
                p.column = None
