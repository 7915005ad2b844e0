"""One field's value typed by a person, checked at once against the catalogue.

``webcat add`` asks for missing fields one by one; each answer is checked here as it is
given, so that a mistyped series is caught at its own question, not after the last one
(when every answer would be lost).
"""

from __future__ import annotations

from typing import Any

from webcat.catalogue.convert import LIST_TYPES, from_text
from webcat.catalogue.fields import KINDS, Field, FieldType
from webcat.catalogue.model import Catalogue
from webcat.catalogue.rules import check_url, is_blank, is_language_tag, suggest
from webcat.errors import UsageError

#: With this many choices or fewer, the question names them all.
FEW = 5


def choices(cat: Catalogue, f: Field) -> list[tuple[str, str]]:
    """The values ``f`` may take, each with what it names: the ids of the entries a reference
    may point to (with their titles or names), or the choices of a choice field."""
    if f.ref is not None and f.type in (FieldType.REF, FieldType.REFS):
        return [(id, e.display_name()) for id, e in cat.table(f.ref).items()]
    if f.type is FieldType.CHOICE:
        return [(c, "") for c in f.choices]
    return []


def question(cat: Catalogue, f: Field) -> str:
    """What to ask for ``f``: its name, its help, and the values it takes, or how to list
    them (``?``) when there are more than a few."""
    options = choices(cat, f)
    text = f"{f.name} ({f.help}"
    if f.type in LIST_TYPES:
        text += "; comma-separated"
    if options and len(options) <= FEW:
        text += "; " + ", ".join(value for value, _name in options)
    elif options:
        text += f"; ? lists the {len(options):,}"
    return text + ")"


def check_answer(cat: Catalogue, f: Field, text: str) -> Any:
    """The value of ``f`` that ``text`` gives, or a :class:`UsageError` saying why it is not
    one (an unknown id with a did-you-mean, a malformed date or URL, a choice not offered)."""
    if is_blank(text):
        raise UsageError(f"{f.name} cannot be empty")
    value = from_text(f, text, f.name)
    if f.ref is not None and f.type in (FieldType.REF, FieldType.REFS):
        known = cat.table(f.ref)
        for id in value if isinstance(value, list) else [value]:
            if id not in known:
                raise UsageError(
                    f"no {KINDS[f.ref].singular} '{id}'",
                    hint=suggest(id, known) or "type ? to list them",
                )
    elif f.type is FieldType.CHOICE and value not in f.choices:
        raise UsageError(
            f"{value!r} is not one of {', '.join(f.choices)}", hint=suggest(value, f.choices)
        )
    elif f.type is FieldType.URL and (why := check_url(value)):
        raise UsageError(f"{why}: {value!r}")
    elif f.type is FieldType.LANGUAGE and not is_language_tag(value):
        raise UsageError(f"{value!r} is not a language tag", hint="for example nb, en or nn")
    return value
