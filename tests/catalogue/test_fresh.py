"""An edit is judged by the entries it touches exactly as by building both whole files.

The store decides which problems an edit brings from the touched entries alone (what they
refer to, what refers to them, the URLs they share). On a realistic catalogue with flaws
(dangling references, bad URLs, URLs shared by hundreds), every kind of edit must get the
same verdict - refused for the same errors, or written with the same new warnings - as the
sure way that builds the old and the new file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webcat.catalogue import fresh
from webcat.catalogue.operations import NewEntry, add_entries, remove_entry, set_field
from webcat.catalogue.store import EditRefused, EditResult
from webcat.errors import UsageError

Verdict = tuple[str, frozenset[tuple[Any, ...]]]


def _verdict(edit: Callable[[], EditResult]) -> Verdict:
    try:
        result = edit()
    except EditRefused as refused:
        problems, outcome = refused.problems, "refused"
    except UsageError as err:
        return "usage: " + err.message, frozenset()
    else:
        problems, outcome = result.new_warnings, "written"
    return outcome, frozenset(
        (p.key, p.uses, p.severity, p.table, p.id, p.field, p.message, p.line) for p in problems
    )


def _both(monkeypatch: pytest.MonkeyPatch, edit: Callable[[], EditResult]) -> Verdict:
    local = _verdict(edit)
    with monkeypatch.context() as m:
        m.setattr(fresh, "LOCAL_LIMIT", -1)  # every edit the sure way
        sure = _verdict(edit)
    assert local == sure
    return local


@pytest.fixture(scope="module")
def flawed(realistic: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    cat = realistic.generate(150, seed=11, error_rate=0.08)
    path = tmp_path_factory.mktemp("fresh") / "catalogue.toml"
    path.write_text(cat.to_toml(), encoding="utf-8")
    return path, cat


def _ids(cat: Any, table: str) -> list[str]:
    return sorted(cat.data[table])


_SHARED = "https://creativecommons.org/licenses/by/4.0/"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_local_and_whole_file_verdicts_agree(
    flawed: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch, data: st.DataObject
) -> None:
    path, cat = flawed
    table = data.draw(st.sampled_from(["webinars", "resources", "people", "series"]))
    id = data.draw(st.sampled_from(_ids(cat, table)))
    other = data.draw(st.sampled_from(_ids(cat, data.draw(st.sampled_from(["people", "series"])))))
    url = data.draw(
        st.sampled_from([_SHARED, "/relative/x.pdf", "https://example.org/own", "not a url"])
    )
    ref = f"{table}.{id}"
    edits: dict[str, Callable[[], EditResult]] = {
        "set url": lambda: set_field(path, ref, "url", url, dry_run=True),
        "unset url": lambda: set_field(path, ref, "url", None, dry_run=True),
        "set title": lambda: set_field(path, ref, "title", "Ny tittel", dry_run=True),
        "unset title": lambda: set_field(path, ref, "title", None, dry_run=True),
        "remove": lambda: remove_entry(path, ref, dry_run=True),
        "remove, dropping references": lambda: remove_entry(
            path, ref, drop_references=True, dry_run=True
        ),
        "set a reference": lambda: set_field(path, ref, "series", other, dry_run=True),
        "set speakers": lambda: set_field(path, ref, "speakers", f"{other},nobody", dry_run=True),
        "add a resource": lambda: add_entries(
            path,
            [
                NewEntry(
                    "resources",
                    {"kind": "link", "title": "L", "url": url, "webinar": id},
                )
            ],
            dry_run=True,
        ),
    }
    name = data.draw(st.sampled_from(sorted(edits)))
    _both(monkeypatch, edits[name])


def test_the_verdicts_cover_refusals_and_new_warnings(
    flawed: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cat = flawed
    clean = sorted(cat.without_flaws().data["webinars"])
    webinar, other = clean[:2]
    taken = cat.data["webinars"][other]["url"]
    outcome, problems = _both(
        monkeypatch, lambda: set_field(path, webinar, "url", taken, dry_run=True)
    )
    assert outcome == "written" and {p[0][0] for p in problems} == {"duplicate-url"}
    outcome, problems = _both(
        monkeypatch, lambda: set_field(path, webinar, "url", "/x.pdf", dry_run=True)
    )
    assert outcome == "refused" and {p[0][0] for p in problems} == {"bad-url"}
    # A webinar whose resources are left dangling.
    outcome, problems = _both(
        monkeypatch, lambda: set_field(path, webinar, "series", None, dry_run=True)
    )
    assert outcome == "refused"
