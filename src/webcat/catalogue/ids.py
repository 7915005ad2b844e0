"""Ids: slugs made from titles and names, keeping every letter in some ASCII spelling.

Latin letters that Unicode decomposes (é, ü, č) lose their accents as they always did, and
æ ø å are spelled as Norwegians write them in ASCII (ae, o, a), so existing ids stay the
same. Letters that do not decompose (Ł, Đ, Þ, ə, Greek, Cyrillic, CJK, ...) are
transliterated by anyascii instead of being dropped. This module is imported only by the
commands that make ids, since anyascii's tables are loaded on first use.
"""

from __future__ import annotations

import re
import unicodedata

# æ ø å would otherwise vanish or turn into a/o under NFKD; people write them as ae, o, a.
_SPELL = str.maketrans(
    {"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a", "ß": "ss", "þ": "th", "ð": "d"}
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def _is_syllable_glyph(char: str) -> bool:
    """A CJK ideograph or a Hangul syllable: one syllable each, so each becomes a word of the
    id (``协同`` -> ``xie-tong``) instead of running together (``xietong``)."""
    name = unicodedata.name(char, "")
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")) or (
        name.startswith("HANGUL SYLLABLE")
    )


def _ascii(text: str) -> str:
    """``text`` spelled in ASCII, letter by letter; symbols and emoji outside ASCII go, as
    they always did."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text.translate(_SPELL)):
        if char.isascii():
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        plain = "".join(c for c in decomposed if c.isascii())
        if plain:
            out.append(plain)  # é -> e, ﬁ -> fi, Ａ -> A, ½ -> 12: what ids always had
        elif unicodedata.category(char)[0] in "LNM":  # M: Indic vowel signs, Thai vowels
            from anyascii import anyascii

            # Only its letters: a modifier letter's apostrophe (Hawaiʻi) joins, as ' did.
            spelled = _NOT_ALNUM.sub("", anyascii(char))
            out.append(f" {spelled} " if _is_syllable_glyph(char) else spelled)
    return "".join(out)


def _fallback(text: str) -> str:
    """For a name whose letters have no ASCII spelling at all: their code points, so that
    any name with a letter or a digit still gets an id."""
    return "-".join(f"u{ord(c):04x}" for c in text if unicodedata.category(c)[0] in "LN")


def slugify(text: str, max_length: int = 60) -> str:
    """``"Samskaping – hvorfor, hva og hvordan?"`` -> ``"samskaping-hvorfor-hva-og-hvordan"``,
    ``"Łukasz Wróbel"`` -> ``"lukasz-wrobel"``; ``""`` when ``text`` has no letter or digit."""
    slug = _NOT_SLUG.sub("-", _ascii(text).lower()).strip("-")
    if not slug:
        slug = _fallback(text)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def unique_id(base: str, taken: set[str] | dict[str, object]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
