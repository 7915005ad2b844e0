"""Ids: slugs made from titles, with Norwegian letters spelled the way people expect."""

from __future__ import annotations

import re
import unicodedata

# æ ø å would otherwise vanish or turn into a/o under NFKD; people write them as ae, o, a.
_SPELL = str.maketrans(
    {"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a", "ß": "ss", "þ": "th", "ð": "d"}
)


def slugify(text: str, max_length: int = 60) -> str:
    """``"Samskaping – hvorfor, hva og hvordan?"`` -> ``"samskaping-hvorfor-hva-og-hvordan"``."""
    text = unicodedata.normalize("NFKD", text.translate(_SPELL))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
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
