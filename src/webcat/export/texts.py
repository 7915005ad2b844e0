"""The words every export prints for catalogue entries, decided in one place: a text field in
the wanted language (and the language it is really in), a speaker's name, a tag's title, a
resource's label.

``--lang`` chooses the language of the text; a field without that translation falls back to
the catalogue's language, field by field, and says which language it fell back to, so that
HTML can mark it with ``lang`` and iCalendar with ``LANGUAGE``.
"""

from __future__ import annotations

from dataclasses import dataclass

from webcat.catalogue.model import Catalogue, Resource, Text, Webinar
from webcat.export.labels import UI, ui_language


@dataclass(frozen=True, slots=True)
class LangText:
    """A piece of catalogue text and its language, if that differs from the page's."""

    text: str
    lang: str | None = None

    def __str__(self) -> str:
        return self.text


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


def pick(
    t: Text | None, want: str | None, plain_lang: str | None, fallback: str | None
) -> tuple[str, str | None] | None:
    """``t`` in the language ``want``, and the language it is really in; None when empty.

    In order: a translation in ``want``, then one in its primary language (``en`` for
    ``en-GB``), then the plain string (in ``plain_lang``, its entry's language), then a
    translation in ``fallback`` (the catalogue's language) or its primary language, then the
    first translation.
    """
    if t is None:
        return None
    by_lang = t.by_lang
    if not by_lang:  # the common case: one plain string
        return (t.plain, plain_lang) if t.plain else None
    if want and want in by_lang:
        return by_lang[want], want
    if want:
        found = _by_primary(by_lang, want)
        if found is not None:
            return found
    if t.plain:
        return t.plain, plain_lang
    if fallback:
        if fallback in by_lang:
            return by_lang[fallback], fallback
        found = _by_primary(by_lang, fallback)
        if found is not None:
            return found
    for tag, value in by_lang.items():
        return value, tag
    return None


def _by_primary(by_lang: dict[str, str], lang: str) -> tuple[str, str] | None:
    primary = _primary(lang)
    for tag, value in by_lang.items():
        if _primary(tag) == primary:
            return value, tag
    return None


class Words:
    """The words of one export, in one language (``lang``, else the catalogue's)."""

    def __init__(self, cat: Catalogue, lang: str | None = None) -> None:
        self.cat = cat
        self.want = lang or cat.language
        self.ui_lang = ui_language(self.want)
        self.ui = UI[self.ui_lang]

    def pick(self, t: Text | None, plain_lang: str | None) -> tuple[str, str | None] | None:
        return pick(t, self.want, plain_lang, self.cat.language)

    def text(self, t: Text | None) -> str:
        """``t`` in the export's language, or ``""``."""
        found = pick(t, self.want, None, self.cat.language)
        return found[0] if found else ""

    def person_name(self, pid: str) -> str:
        """A person's name, or the id of one the catalogue does not hold."""
        p = self.cat.people.get(pid)
        return p.name if p is not None else pid

    def speaker_names(self, w: Webinar) -> list[str]:
        return [self.person_name(p) for p in w.speakers]

    def tag_title(self, tid: str) -> str:
        """A tag's title, or the tag itself (free tags, or a catalogue without ``[tags]``)."""
        tag = self.cat.tags.get(tid)
        return (self.text(tag.title) or tid) if tag is not None else tid

    def kind_label(self, kind: str) -> str:
        """``Lysark`` for ``slides``."""
        return self.ui.get(kind) or kind.capitalize()

    def resource_label(self, r: Resource) -> str:
        """What a resource is, for link text: ``Lysark (PowerPoint)``."""
        kind = self.kind_label(r.kind)
        return f"{kind} ({r.format})" if r.format else kind
