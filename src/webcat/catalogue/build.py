"""Validation and model building in one pass over the parsed document.

Every problem is collected (never just the first), located by entity and field, and given a
line from the lazy :class:`~webcat.catalogue.lines.LineIndex` only when there are problems
to report, so a valid catalogue costs one walk over its data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from webcat.catalogue.document import Document
from webcat.catalogue.fields import KINDS, SCHEMA_VERSION, TOP_LEVEL, Field, FieldType, Kind
from webcat.catalogue.levels import Levels, file_levels, parse_levels
from webcat.catalogue.model import (
    ENTITY_CLASSES,
    Catalogue,
    Entity,
    Resource,
    Series,
    Text,
    UrlUse,
    Webinar,
)
from webcat.catalogue.problems import USERS_SHOWN, Problem
from webcat.catalogue.rules import (
    ID_RE,
    PLAIN_URL,
    check_image,
    check_url,
    is_blank,
    is_language_tag,
    suggest,
)
from webcat.gcpause import no_gc

if TYPE_CHECKING:
    from webcat.catalogue.blocks import Locator


class _Builder:
    def __init__(self, doc: Document, *, hints: bool = True) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.levels = Levels()  # the catalogue's own [validate] table
        #: Whether to look for a did-you-mean for each dangling reference: among 13,000
        #: people for each of a few hundred, a third of an import that only needs the verdict.
        self.hints = hints

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
        specs = _SPECS[table]
        for key, value in raw.items():
            spec = specs.get(key)
            if spec is None:
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
            f, fast, convert = spec
            # The common cases inline (a call per value is most of a build's time); the
            # converters decide everything else the same way.
            if value.__class__ is str:
                if fast is _AS_IS:
                    values[key] = value
                    continue
                if fast is _AS_TEXT:
                    values[key] = Text(plain=value)
                    continue
                if fast is _AS_URL and PLAIN_URL.match(value):
                    values[key] = value
                    continue
            converted = convert(self, f, value, (table, id, key))
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
            elif _blank(values[f.name]):
                self.problem(
                    "missing-field",
                    f"{kind.singular}'s '{f.name}' is blank ({f.help.lower()})",
                    table,
                    id,
                    f.name,
                )
        if not ok:
            return None
        cls = ENTITY_CLASSES[table]
        return cls(id=id, **values)

    def references(self, cat: Catalogue) -> None:
        tags_on = bool(cat.tags)
        for table_name, table in cat.tables():
            for f, target in _reference_fields(table_name, tags_on):
                target_table = cat.table(target)
                name = f.name
                for entity in table.values():
                    value = getattr(entity, name)
                    if not value or (
                        all(r in target_table for r in value)
                        if value.__class__ is list
                        else value in target_table
                    ):
                        continue
                    self.dangling(entity, f, target, target_table.__contains__, target_table)

    def dangling(
        self,
        entity: Entity,
        f: Field,
        target: str,
        exists: Callable[[str], bool],
        target_ids: Iterable[str],
    ) -> None:
        """A problem for each id in field ``f`` of ``entity`` that ``exists`` says is not
        in [``target``] (``target_ids`` only for the did-you-mean)."""
        value = getattr(entity, f.name)
        ids = value if isinstance(value, list) else [value] if value else []
        for ref in ids:
            if not exists(ref):
                self.problem(
                    "dangling-reference",
                    f"{f.name} refers to '{ref}', which is not in [{target}]",
                    entity.table,
                    entity.id,
                    f.name,
                    hint=(suggest(ref, list(target_ids)) if self.hints else None)
                    or f"add [{target}.{ref}] or fix the id",
                )
                self.problems[-1].refers_to = (target, ref)

    def duplicate_urls(self, cat: Catalogue) -> None:
        """One problem per shared URL, at its second user, naming the first few users."""

        def get(table: str, id: str) -> Entity | None:
            return cat.table(table).get(id)

        for url, uses in cat.url_uses(pages_only=True).items():
            if len(uses) >= 2:
                self.duplicate_url(url, uses, get)

    def duplicate_url(
        self, url: str, uses: list[UrlUse], get: Callable[[str, str], Entity | None]
    ) -> None:
        """The problem of ``url`` if two of its ``uses`` (in file order) are distinct: not
        a resource pointing to its own webinar's or series' page. ``get`` gives an entry of
        the model."""
        distinct = [
            u for u in uses if not (u.table == "resources" and url in _parent_pages(get, u.id))
        ]
        n = len(distinct)
        if n < 2:
            return
        names = [f"{u.table}.{u.id}" for u in distinct[:USERS_SHOWN]]
        if n == 2:
            message = f"URL {url} is also used by {names[0]}"
        else:
            more = f" and {n - USERS_SHOWN:,} more" if n > USERS_SHOWN else ""
            message = f"URL {url} is used by {n:,} entries: {', '.join(names)}{more}"
        at = distinct[1]
        self.problems.append(
            Problem(
                "duplicate-url",
                message,
                at.table,
                at.id,
                at.field,
                hint="each entry should have its own address; "
                "a resource may point to its webinar's or series' page",
                subject=url,
                users=tuple(names),
                uses=n,
            )
        )


def _reference_fields(table: str, tags_on: bool) -> list[tuple[Field, str]]:
    """(field, target table) of each field of ``table`` that holds ids; tags only when the
    catalogue has tags (``tags_on``: without a [tags] table, tags are free words)."""
    out = []
    for f in KINDS[table].fields:
        if f.type is FieldType.TAGS:
            if tags_on:
                out.append((f, "tags"))
        elif f.type in (FieldType.REF, FieldType.REFS):
            assert f.ref is not None
            out.append((f, f.ref))
    return out


_Converter = Callable[[_Builder, Field, Any, tuple[str, str, str]], Any]
_CONVERTERS: dict[FieldType, _Converter] = {
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


# How a string value of a field is taken when it needs no check beyond its type.
_AS_IS, _AS_TEXT, _AS_URL, _CHECKED = range(4)
_FAST = {
    FieldType.STRING: _AS_IS,
    FieldType.REF: _AS_IS,
    FieldType.TEXT: _AS_TEXT,
    FieldType.URL: _AS_URL,
}
#: table -> field name -> (field, fast path, converter), looked up once per value.
_SPECS: dict[str, dict[str, tuple[Field, int, _Converter]]] = {
    table: {f.name: (f, _FAST.get(f.type, _CHECKED), _CONVERTERS[f.type]) for f in kind.fields}
    for table, kind in KINDS.items()
}


def _parent_pages(get: Callable[[str, str], Entity | None], resource_id: str) -> set[str]:
    """The page URLs of the webinar and series a resource belongs to (``get`` gives an
    entry of the model)."""
    r = get("resources", resource_id)
    assert isinstance(r, Resource)
    pages: set[str] = set()
    series_ids = [r.series] if r.series else []
    w = get("webinars", r.webinar) if r.webinar else None
    if isinstance(w, Webinar):
        if w.url:
            pages.add(w.url)
        series_ids.append(w.series)
    for sid in series_ids:
        s = get("series", sid) if sid else None
        if isinstance(s, Series) and s.url:
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
    if "validate" in data:
        if isinstance(data["validate"], dict):
            cat.validate = data["validate"]
        b.levels, mistakes = parse_levels(data["validate"])
        for m in mistakes:
            b.problem(
                "bad-setting",
                f"[validate] {m.key + ': ' if m.key else ''}{m.message}",
                field="validate",
                hint=m.hint,
            )
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
def build_catalogue(
    doc: Document,
    *,
    cross_checks: bool = True,
    levels: Levels | None = None,
    locate: bool = True,
    hints: bool = True,
) -> tuple[Catalogue, list[Problem]]:
    """The model of ``doc`` and every problem in it, each with its line and severity.

    Problems get the level of their code (:mod:`~webcat.catalogue.levels`): ``levels`` if
    given, else ``webcat.toml`` beside the file with the catalogue's ``[validate]`` on top;
    ignored ones are left out. A problem leaves its value out of the model whatever its
    level (a resource without a usable URL is not listed). ``locate=False`` leaves lines
    out (:func:`locate_problems` adds them), for callers that compare problems first.

    ``hints=False`` leaves out the did-you-mean of dangling references, for callers that
    only act on the problems (an import deciding what to skip).

    ``cross_checks=False`` skips the checks between entries (dangling references, duplicate
    URLs): they never leave an entry out of the model, and read-only commands that only warn
    about problems save a fifth of their time on a large catalogue without them.
    """
    b = _Builder(doc, hints=hints)
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
    problems = b.problems
    if problems:
        if levels is None:
            levels = file_levels(doc.path.parent).over(b.levels)
        problems = _leveled(problems, levels)
        if locate:
            locate_problems(problems, doc)
    return cat, problems


def _leveled(problems: list[Problem], levels: Levels) -> list[Problem]:
    kept = []
    for p in problems:
        level = levels.of(p.code)
        if level != "ignore":
            p.severity = level
            kept.append(p)
    return kept


#: Up to this many problems, each is placed by finding its entry's block; beyond, one pass
#: over every line of the text is cheaper.
BY_BLOCK = 5000


def locate_problems(problems: list[Problem], doc: Document, locator: Locator | None = None) -> None:
    """Give each problem its line and column in ``doc``.

    Problems of entries are placed through their blocks (a header lookup and a search of a
    few lines each, plus one count of newlines): on a 23 MiB catalogue with a few hundred
    shared URLs that is a fraction of a second, where the full line index takes one.
    """
    if not problems:
        return
    if len(problems) > BY_BLOCK or not _locate_in_blocks(problems, doc, locator):
        _locate_by_lines(problems, doc)
    # In file order, as an editor walks them (the checks run kind by kind, so a dangling
    # reference at line 45 would otherwise come before a bad date at line 39).
    problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))


def _locate_by_lines(problems: list[Problem], doc: Document) -> None:
    index = doc.lines
    for p in problems:
        path = tuple(x for x in (p.table, p.id, p.field) if x)
        if not path:
            continue
        pos = index.position_of(*path)
        if pos is not None:
            p.line, p.column = pos[0], (pos[1] if p.field else None)
            if p.code == "unknown-key" and path in index.keys:
                p.column = index.keys[path][1]  # the key is what is wrong, not its value
            if p.field and path not in index.keys:
                p.column = None


def _locate_in_blocks(problems: list[Problem], doc: Document, locator: Locator | None) -> bool:
    """Place every problem through its entry's block; False (nothing placed) when one is not
    in an entry or its block is not found, so that the full line index decides."""
    import bisect
    import re

    if any(not (p.table and p.id) for p in problems):
        return False
    text = doc.text
    if locator is None or locator.text is not text:
        from webcat.catalogue.blocks import Locator

        locator = Locator(text)
    spans = locator.spans
    span_starts = [a for a, _ in spans]

    def in_string(pos: int) -> bool:
        i = bisect.bisect_right(span_starts, pos) - 1
        return i >= 0 and pos < spans[i][1]

    placed: list[tuple[int, int | None, Problem]] = []
    for p in problems:
        assert p.table is not None and p.id is not None
        block = locator.block(p.table, p.id)
        if block is None:
            return False
        offset, column = block.start, None
        if p.field:
            # The entry's own keys end where a sub-table ([table.id.sub]) starts.
            end = block.end
            for m in re.finditer(r"\n[ \t]*\[", text[block.start : block.end]):
                if not in_string(block.start + m.start()):
                    end = block.start + m.start()
                    break
            key = re.escape(p.field)
            pattern = re.compile(
                rf"\n([ \t]*)(?:{key}|\"{key}\"|'{key}')[ \t]*(?:\.[^=\n]*)?=[ \t]*"
            )
            for m in pattern.finditer(text, block.start, end):
                if not in_string(m.start() + 1):
                    offset = m.start() + 1
                    # An unknown key is pointed at itself; any other field at its value.
                    column = (
                        len(m.group(1)) + 1 if p.code == "unknown-key" else m.end() - offset + 1
                    )
                    break
        placed.append((offset, column, p))
    placed.sort(key=lambda item: item[0])
    line, at = 1, 0
    for offset, column, p in placed:
        line += text.count("\n", at, offset)  # TOML's newline is LF (CRLF ends in one too)
        at = offset
        p.line, p.column = line, column
    return True


def _blank(value: Any) -> bool:
    """Whether a required text shows nothing: empty, spaces, or only invisible characters
    (``"\u200b"``), in every language it is given in."""
    if value.__class__ is Text and value.plain and not value.by_lang:
        value = value.plain  # the common case
    if value.__class__ is str and value[:1].isalnum():
        return False  # a letter or digit shows
    texts = [value] if isinstance(value, str) else []
    if isinstance(value, Text):
        texts = [value.plain] if value.plain is not None else []
        texts += list(value.by_lang.values())
    return bool(texts) and all(is_blank(t) for t in texts)
