"""U+2028 and the other characters Python calls line breaks are text in TOML (issue 9).

After `import` wrote a description holding U+2028, `set`, `remove` and `fmt` refused every
later entry ("it is not written as a [webinars.X] table"): the text surgery cut lines with
``str.splitlines``. In TOML only LF and CRLF end a line.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from conftest import HEADER, Invoke

# Each piece holds a character splitlines() breaks at; with those breaks, the quotes after
# them looked like the start of a multi-line string that never ends.
DESCRIPTIONS = [
    "Notes\u2028# quoting: '''\u2028''' ends it",
    "a\u2029'''b\x85'''c",
    "d\x0b'''\x0ce'''\x1cf\x1d\x1e",
]


def _import(invoke: Invoke, tmp_path: Path) -> Path:
    cat = tmp_path / "c.toml"
    cat.write_text(HEADER, encoding="utf-8")
    webinars = {
        f"w{i}": {"series": "s", "title": f"T{i}", "date": f"2024-01-0{i + 1}"} for i in range(5)
    }
    for i, text in enumerate(DESCRIPTIONS):
        webinars[f"w{i + 1}"]["description"] = text
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"series": {"s": {"title": "S"}}, "webinars": webinars}))
    result = invoke("import", str(source), "-c", str(cat))
    assert result.exit_code == 0, result.stderr
    return cat


def test_every_entry_after_an_imported_u2028_stays_editable(invoke: Invoke, tmp_path: Path) -> None:
    cat = _import(invoke, tmp_path)
    for i in range(5):
        result = invoke("set", f"webinars.w{i}", "title", f"Ny {i}", "-c", str(cat))
        assert result.exit_code == 0, result.stderr
    result = invoke("remove", "w4", "-c", str(cat))
    assert result.exit_code == 0, result.stderr
    result = invoke("fmt", "-c", str(cat))
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads(cat.read_text("utf-8"))
    assert [w["description"] for w in list(data["webinars"].values())[1:]] == DESCRIPTIONS
    assert [w["title"] for w in data["webinars"].values()] == [f"Ny {i}" for i in range(4)]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_hand_written_file_with_raw_separators_is_edited_and_located(
    invoke: Invoke, tmp_path: Path, newline: str
) -> None:
    lines = [
        *HEADER.rstrip("\n").split("\n"),
        "",
        "[series.s]",
        'title = "S"',
        "",
        "[webinars.w1]",
        'series = "s"',
        f'title = "{DESCRIPTIONS[0]}"',
        "date = 2024-01-01",
        "",
        "[webinars.w2]",
        'series = "s"',
        'title = "T2"',
        "date = 2024-01-02",
        'speakers = ["nobody"]',
    ]
    cat = tmp_path / "c.toml"
    cat.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    # Reported where an editor shows it: U+2028 does not start a line.
    result = invoke("validate", "-c", str(cat), "--format", "json")
    problem = json.loads(result.stdout)["problems"][0]
    assert (problem["entity"], problem["line"]) == (
        "webinars.w2",
        lines.index('speakers = ["nobody"]') + 1,
    )
    result = invoke("set", "webinars.w2", "--unset", "speakers", "-c", str(cat))
    assert result.exit_code == 0, result.stderr
    result = invoke("remove", "w2", "-c", str(cat))
    assert result.exit_code == 0, result.stderr
    assert cat.read_bytes().count(b"\r\n") == (0 if newline == "\n" else len(lines) - 6)
    assert tomllib.loads(cat.read_text("utf-8"))["webinars"]["w1"]["title"] == DESCRIPTIONS[0]
