"""The check session as a library, without the CLI: settings layering, places, the state,
an interrupted run. The engine is the session's one injected part; here it is a function that
answers from a table (the engine itself is tested against real servers in tests/linkcheck)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from webcat.errors import CatalogueError, UsageError
from webcat.linkcheck.results import LinkResult, Outcome
from webcat.linkhealth.run import Interrupted, OnResult, RunOptions
from webcat.linkhealth.session import CheckRequest, CheckSession

HEADER = 'schema_version = 1\nlanguage = "nb"\n\n'
NOW = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)


def _catalogue(tmp_path: Path, check: str = "", urls: Sequence[str] = ()) -> Path:
    body = HEADER + check + '[series.s]\ntitle = "S"\n'
    for i, url in enumerate(urls):
        body += f'\n[webinars.w{i}]\nseries = "s"\ntitle = "W{i}"\nurl = "{url}"\n'
    path = tmp_path / "catalogue.toml"
    path.write_text(body, "utf-8")
    return path


def _answers(table: dict[str, Outcome], stop_after: int | None = None):  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def check(urls: Sequence[str], _budget: float | None, on_result: OnResult) -> list[LinkResult]:
        out = []
        for url in urls:
            if stop_after is not None and len(asked) == stop_after:
                raise KeyboardInterrupt
            asked.append(url)
            result = LinkResult(url, table[url], http_status=404 if table[url] == "broken" else 200)
            on_result(result)
            out.append(result)
        return out

    return check, asked


def test_settings_are_layered_file_then_catalogue_then_flags(tmp_path: Path) -> None:
    (tmp_path / "webcat.toml").write_text("[check]\ntimeout = 5\nretries = 1\nhost_interval = 2\n")
    path = _catalogue(tmp_path, "[check]\nretries = 3\nhost_interval = 1\n\n")
    session = CheckSession.open(
        CheckRequest(catalogue=str(path), settings={"host_interval": 0.5, "timeout": None})
    )
    config = session.config
    assert (config.timeout, config.retries, config.host_interval) == (5, 3, 0.5)


def test_a_run_joins_places_reports_invalid_urls_and_saves_the_state(tmp_path: Path) -> None:
    path = _catalogue(tmp_path, urls=["https://a.example/", "https://b.example/", "ftp://x/"])
    session = CheckSession.open(CheckRequest(catalogue=str(path)))
    assert session.urls == ["https://a.example/", "https://b.example/"]
    check, asked = _answers(
        {"https://a.example/": Outcome.OK, "https://b.example/": Outcome.BROKEN}
    )
    report = session.run(check, NOW)
    assert asked == ["https://a.example/", "https://b.example/"]  # never the invalid one
    assert [(i.url, i.outcome, i.reason, i.status) for i in report.items] == [
        ("https://a.example/", "ok", "ok", "pass"),
        ("https://b.example/", "broken", "http-404", "broken"),
        ("ftp://x/", "error", "invalid-url", "broken"),
    ]
    assert [u.entity for u in report.items[0].uses] == ["webinars.w0"]
    lines = path.read_text("utf-8").splitlines()
    line = report.items[2].uses[0].line
    assert line is not None
    assert lines[line - 1] == 'url = "ftp://x/"' and report.failing
    session.save()
    saved = json.loads((tmp_path / ".webcat_cache" / "catalogue.linkstate.json").read_text())
    assert sorted(saved["urls"]) == ["https://a.example/", "https://b.example/"]


def test_an_interrupted_run_keeps_what_was_decided(tmp_path: Path) -> None:
    urls = [f"https://{c}.example/" for c in "abc"]
    path = _catalogue(tmp_path, urls=urls)
    session = CheckSession.open(CheckRequest(catalogue=str(path)))
    check, _ = _answers(dict.fromkeys(urls, Outcome.OK), stop_after=2)
    with pytest.raises(Interrupted) as stop:
        session.run(check, NOW)
    assert [i.outcome for i in stop.value.items] == ["ok", "ok", "not-checked"]
    session.save()
    reopened = CheckSession.open(CheckRequest(catalogue=str(path)))
    assert sorted(reopened.state.urls) == urls[:2]


def test_documents_and_stdin_have_places_but_no_entries(tmp_path: Path) -> None:
    request = CheckRequest(source="-", stdin=io.StringIO("Se https://a.example/x.\n"))
    session = CheckSession.open(request)
    assert session.urls == ["https://a.example/x"]
    assert session.state_file is None  # a list has no catalogue to keep a state beside
    with pytest.raises(UsageError, match="--offline"):
        CheckSession.open(
            CheckRequest(source="-", stdin=io.StringIO(""), options=RunOptions(offline=True))
        )


def test_unusable_state_and_settings_are_webcat_errors(tmp_path: Path) -> None:
    path = _catalogue(tmp_path, urls=["https://a.example/"])
    bad = tmp_path / "state.json"
    bad.write_text("[1, 2")
    with pytest.raises(CatalogueError, match="cannot read link state"):
        CheckSession.open(CheckRequest(catalogue=str(path), state_path=bad))
    with pytest.raises(UsageError, match="not both"):
        CheckSession.open(CheckRequest(catalogue=str(path), public_only=True, allow_private=True))
    (tmp_path / "webcat.toml").write_text("check = 1\n")
    with pytest.raises(UsageError, match=r"\[check\] must be a table"):
        CheckSession.open(CheckRequest(catalogue=str(path)))
