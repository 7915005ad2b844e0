"""Every file webcat writes stays editable by webcat (issue 9), whatever its text holds.

A catalogue is written by webcat itself - `import`, `add`, `set` - with text fields full of
what trips line- and quote-handling (U+2028, U+2029, U+0085, \\v, \\f, bidi marks, combining
marks, emoji, quotes, backslashes, triple quotes, `[x.y]` at the start of a line). Then:
reading gives back exactly what was written; `fmt` is idempotent and `fmt --check` passes;
every entry can be set, removed and added back.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.strategies import text
from conftest import HEADER, Invoke
from webcat.catalogue.rules import is_blank

titles = text.filter(lambda t: not is_blank(t))  # a blank title is refused


def _run(invoke: Invoke, *args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, (args, result.stderr)
    return result.stdout


def _read(cat: Path) -> dict[str, Any]:
    data = tomllib.loads(cat.read_text("utf-8"))
    return {k: v for k, v in data.items() if k in ("series", "webinars", "people") and v}


def _as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, default=lambda d: d.isoformat(), ensure_ascii=False)


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, Any]:
    series = {f"s{i}": {"title": draw(titles)} for i in range(draw(st.integers(1, 2)))}
    webinars = {
        f"w{i}": {
            "series": "s0",
            "title": draw(titles),
            "description": draw(text),
            "date": date(2024, 1, i + 1),
        }
        for i in range(draw(st.integers(1, 3)))
    }
    people = {f"p{i}": {"name": draw(titles)} for i in range(draw(st.integers(0, 1)))}
    return {"series": series, "webinars": webinars, "people": people}


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalogues(), st.lists(titles, min_size=6, max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_what_webcat_writes_webcat_can_edit(
    invoke: Invoke,
    tmp_path_factory: Any,
    data: dict[str, Any],
    new_texts: list[str],
    newline: str,
) -> None:
    folder = tmp_path_factory.mktemp("cat")
    cat, source = folder / "c.toml", folder / "in.json"
    cat.write_bytes(HEADER.replace("\n", newline).encode())
    c = ("-c", str(cat))

    # Written by webcat: the first series and webinar by import, the rest by add, then set.
    first = {t: dict(list(entries.items())[:1]) for t, entries in data.items()}
    source.write_text(_as_json(first), encoding="utf-8")
    _run(invoke, "import", str(source), *c)
    for id, s in list(data["series"].items())[1:]:
        _run(invoke, "add", "series", f"--id={id}", f"--title={s['title']}", *c)
    for id, w in list(data["webinars"].items())[1:]:
        _run(
            invoke, "add", "webinar", f"--id={id}", "--series=s0", f"--title={w['title']}",
            f"--description={w['description']}", f"--date={w['date']}", *c,
        )  # fmt: skip
    data["series"]["s0"]["title"] = {"nb": data["series"]["s0"]["title"], "en": new_texts[0]}
    _run(invoke, "set", *c, "--", "s0", "title.en", new_texts[0])
    data["webinars"]["w0"]["description"] = new_texts[1]
    _run(invoke, "set", *c, "--", "w0", "description", new_texts[1])
    assert _read(cat) == {t: v for t, v in data.items() if v}
    _run(invoke, "validate", *c)

    # fmt: same data, a fixed point, and --check agrees.
    _run(invoke, "fmt", *c)
    formatted = cat.read_bytes()
    assert _read(cat) == {t: v for t, v in data.items() if v}
    _run(invoke, "fmt", *c)
    assert cat.read_bytes() == formatted
    _run(invoke, "fmt", "--check", *c)

    # Every entry: set, removed, added back.
    for n, (table, field) in enumerate([("webinars", "title"), ("people", "name")]):
        for id, entry in data[table].items():
            entry[field] = new_texts[2 + n]
            _run(invoke, "set", *c, "--", f"{table}.{id}", field, new_texts[2 + n])
    data["series"]["s0"]["title"]["nb"] = new_texts[4]
    _run(invoke, "set", *c, "--", "s0", "title.nb", new_texts[4])
    assert _read(cat) == {t: v for t, v in data.items() if v}
    for table in ("webinars", "people", "series"):
        for id in data[table]:
            _run(invoke, "remove", f"{table}.{id}", "--force", *c)  # may be the last entry
    assert _read(cat) == {}
    source.write_text(_as_json(data), encoding="utf-8")
    _run(invoke, "import", str(source), *c)
    assert _read(cat) == {t: v for t, v in data.items() if v}
    _run(invoke, "validate", *c)
    _run(invoke, "fmt", "--check", *c)
    if newline == "\r\n":  # a CRLF file stays CRLF through every edit
        assert b"\n" not in cat.read_bytes().replace(b"\r\n", b"")
