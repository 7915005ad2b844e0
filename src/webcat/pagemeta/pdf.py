"""The facts a PDF carries: its document title, and whether it looks like a slide deck.

pypdf is imported here only, when a PDF is actually read, so it costs nothing elsewhere.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

#: Programs whose PDFs are slide decks when their producer or creator names them.
_DECK_MAKERS = ("powerpoint", "keynote", "impress", "beamer", "google slides", "prezi")


@dataclass(frozen=True, slots=True)
class PdfMeta:
    title: str | None
    pages: int
    looks_like_slides: bool


def read_pdf(data: bytes) -> PdfMeta | None:
    """Read a PDF's metadata, or ``None`` when it is not a readable PDF.

    A deck is recognised by the program that made it or by landscape pages: reports and
    articles are portrait, slides are landscape.
    """
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # malformed files are normal
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        info = reader.metadata
        pages = len(reader.pages)
        title = (info.title if info else None) or None
        makers = " ".join(
            str(v) for v in ((info.producer, info.creator) if info else ()) if v
        ).lower()
        landscape = False
        if pages:
            box = reader.pages[0].mediabox
            width, height = float(box.width), float(box.height)
            rotated = int(reader.pages[0].get("/Rotate", 0) or 0) % 180 == 90
            landscape = (height > width) if rotated else (width > height)
    except Exception:  # pypdf raises many kinds of errors on damaged files
        return None
    title = " ".join(str(title).split()) if title else None
    deck = landscape or any(m in makers for m in _DECK_MAKERS)
    return PdfMeta(title=title or None, pages=pages, looks_like_slides=deck)
