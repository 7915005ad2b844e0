"""The site's search index: small script files that the index page loads on first use.

Written by webcat rather than by Pagefind (docs/dependencies.md has the measurements): a
catalogue's documents are short records, so a prefix index of their words is enough, and as
script files (not JSON fetched with ``fetch``) the index also works when the site is opened
from ``file://``.

Layout, under ``search/``:

- ``meta.js``: the number of documents, documents per shard and the term shards' keys;
- ``t-KEY.js``: the words that start with KEY (their first two characters, hex-encoded),
  each with the ids of the documents that hold it, delta-encoded in base 36;
- ``d-N.js``: documents N*PER .. (N+1)*PER-1: kind, title, link from the site's root, and a
  line of context.

Ids follow the order results are shown in: series, speakers and tags first (there are few),
then webinars, newest first, so that the first ids that match are the best results. Every
file is a call to ``webcatSearch.terms``/``.docs``/``.meta``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from webcat.export.safety import json_text

#: Documents per ``d-N.js`` shard: a page of results needs at most a few of them.
DOCS_PER_SHARD = 250
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class SearchDoc:
    kind: str  # "series", "speaker", "tag", "webinar"
    title: str
    href: str  # from the site's root, e.g. "series/x.html#webinar-y"
    context: str  # a line under the title: series, date, speakers
    text: str  # everything the document is found by


def fold(text: str) -> str:
    """NFKC and lower case, as the page's script folds a query (``casefold`` would turn
    ``ß`` into ``ss``, which JavaScript's ``toLowerCase`` does not)."""
    return unicodedata.normalize("NFKC", text).lower()


def words(text: str) -> set[str]:
    """The words a document is found by (and a query is split into), folded."""
    return {w for w in _WORD.findall(fold(text)) if len(w) > 1 or w.isdigit()}


def shard_key(word: str) -> str:
    """The term shard a word is in: its first two characters, as hex of their UTF-8, so that
    file names are plain ASCII whatever the language."""
    return word[:2].encode("utf-8").hex()


def _js(call: str, *args: object) -> bytes:
    body = ",".join(json_text(a, separators=(",", ":")) for a in args)
    # "</" cannot end a script element it is in (json_text escapes U+2028/9 and controls).
    body = body.replace("</", "<\\/")
    return f"webcatSearch.{call}({body});\n".encode()


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out))


def index_files(docs: list[SearchDoc]) -> Iterator[tuple[str, bytes]]:
    """``(path, bytes)`` of every file of the index, in a fixed order."""
    postings: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        for w in words(d.text):
            found = postings.get(w)
            if found is None:
                postings[w] = [i]
            else:
                found.append(i)
    shards: dict[str, dict[str, str]] = {}
    for w in sorted(postings):
        ids = postings[w]
        deltas = [ids[0]] + [b - a for a, b in itertools.pairwise(ids)]
        shards.setdefault(shard_key(w), {})[w] = ",".join(_b36(x) for x in deltas)
    keys = sorted(shards)
    prefixes = {shard_key(w): w[:2] for w in postings}
    yield (
        "search/meta.js",
        _js(
            "meta",
            {"docs": len(docs), "per": DOCS_PER_SHARD, "shards": [prefixes[k] for k in keys]},
        ),
    )
    for key in keys:
        yield f"search/t-{key}.js", _js("terms", key, shards[key])
    for n in range(0, len(docs), DOCS_PER_SHARD):
        chunk = docs[n : n + DOCS_PER_SHARD]
        rows = [[d.kind, d.title, d.href, d.context] for d in chunk]
        yield f"search/d-{n // DOCS_PER_SHARD}.js", _js("docs", n // DOCS_PER_SHARD, rows)
