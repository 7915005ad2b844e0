"""The terminal tables of `webcat list` never cut an id, at any width; piped `show` is not
padded."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import rtoml
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEED, Invoke
from webcat.cli.tables import fit_columns

KINDS = ["series", "webinars", "resources", "people", "organisations", "projects", "tags"]
WIDTHS = [40, 44, 50, 60, 72, 80, 100, 120, 160, 220]
#: 60 characters, the longest id `webcat add` makes from a title.
LONG = "erfaringer-fra-stad-og-nordre-follo-med-samskapende-prosesse"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """The seed, with a person, a tag and a recording whose ids are 60 characters long."""
    path = tmp_path / "catalogue.toml"
    shutil.copyfile(SEED, path)
    with path.open("a", encoding="utf-8") as f:
        f.write(
            f'\n[resources.{LONG}]\nwebinar = "samskaping-politikerrollen-og-kommuneloven"\n'
            'kind = "recording"\ntitle = "Opptak"\nurl = "https://example.org/opptak.mp4"\n'
            f'\n[people.{LONG}]\nname = "Kari Nordmann-Ødegård"\nrole = "Rådgiver"\n'
            f'\n[tags.{LONG}]\ntitle = "Erfaringer"\n'
        )
    return path


def _table(invoke: Invoke, path: Path, kind: str, width: int) -> list[str]:
    result = invoke("list", kind, "-c", str(path), "--format", "table", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def _folded(lines: list[str], id: str) -> bool:
    """Whether ``id`` stands in one column, folded over lines that follow each other."""
    for k, line in enumerate(lines):
        for m in re.finditer(re.escape(id[:8]), line):
            whole = ""
            for below in lines[k:]:
                piece = below[m.start() :].split(" ", 1)[0]
                if not piece:
                    break
                whole += piece
            if whole.startswith(id):
                return True
    return False


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_id_is_shown_whole(invoke: Invoke, catalogue: Path, kind: str, width: int) -> None:
    ids = list(rtoml.loads(catalogue.read_text(encoding="utf-8"))[kind])
    lines = _table(invoke, catalogue, kind, width)
    assert all(len(line) <= width for line in lines)
    words = {w for line in lines for w in line.split()}
    for id in ids:
        if len(id) + 4 <= width:  # an edge and padding each side
            assert id in words, (id, "\n".join(lines))
        else:  # longer than the terminal: folded, whole, in one column
            assert _folded(lines, id), (id, "\n".join(lines))
    assert not [w for w in words if w.endswith("…") and any(i.startswith(w[:-1]) for i in ids)]


def test_a_wide_terminal_shows_every_column(invoke: Invoke, catalogue: Path) -> None:
    heading = _table(invoke, catalogue, "webinars", 200)[1].split()
    assert heading == ["#", "Webinar", "Speakers", "Resources"]
    heading = _table(invoke, catalogue, "resources", 220)[1].split()
    assert heading == ["Kind", "Resource", "For", "URL"]


def test_a_narrow_terminal_leaves_out_columns_rather_than_cut_ids(
    invoke: Invoke, catalogue: Path
) -> None:
    lines = _table(invoke, catalogue, "people", 100)
    assert lines[1].split() == ["Name", "Role", "Id"]  # affiliations went first
    assert any(line.rstrip().endswith(LONG) for line in lines)
    lines = _table(invoke, catalogue, "webinars", 60)
    assert lines[1].split() == ["#", "Webinar"]
    assert "samskaping-politikerrollen-og-kommuneloven" in {w for x in lines for w in x.split()}


@given(
    st.lists(
        st.tuples(st.integers(1, 120), st.integers(0, 80), st.integers(0, 5), st.integers(1, 3)),
        min_size=1,
        max_size=6,
    ),
    st.integers(40, 250),
)
def test_fitted_columns_keep_their_floor_and_fit(
    columns: list[tuple[int, int, int, int]], width: int
) -> None:
    natural = [n for n, _f, _d, _r in columns]
    floor = [min(f, n) for n, f, _d, _r in columns]
    drop = [d for _n, _f, d, _r in columns]
    ratio = [r for _n, _f, _d, r in columns]
    widths = fit_columns(natural, floor, drop, ratio, width)
    kept = [i for i, w in enumerate(widths) if w != 0]
    assert all(drop[i] for i, w in enumerate(widths) if w == 0)  # only droppable go
    extra = 2 + (len(kept) - 1) + 2 * len(kept)
    if None in widths:
        assert sum(natural) + extra <= width
        return
    used = sum(w for w in widths if w)
    fixed_floor = sum(floor[i] for i in range(len(columns)) if not drop[i])
    fixed = [i for i in range(len(columns)) if not drop[i]]
    if fixed_floor + 2 + (len(fixed) - 1) + 2 * len(fixed) <= width:
        assert used + extra <= width
        assert all(widths[i] >= floor[i] for i in kept)  # type: ignore[operator]


def test_piped_show_is_not_padded_nor_wrapped(invoke: Invoke) -> None:
    result = invoke("show", "jacob-torfing", "-c", str(SEED), env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and not [line for line in lines if line != line.rstrip()]
    bio = next(line for line in lines if line.lstrip().startswith("bio"))
    assert re.search(r"Professor ved Roskilde .* i Norge\.$", bio)
