"""Issue 5 through the real CLI against local servers: the state file, fail-after, the
second pass, budget, offline, new-since, CI reports at the right lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import WriteCatalogue
from webcat.errors import ExitCode

FAST = ["--host-interval", "0", "--timeout", "5", "--retries", "0"]


def _catalogue(
    write_catalogue: WriteCatalogue, urls: dict[str, str], name: str = "catalogue.toml"
) -> Path:
    body = '[series.s]\ntitle = "Serie"\n'
    for i, (title, url) in enumerate(urls.items()):
        body += f'\n[webinars.w{i}]\nseries = "s"\ntitle = "{title}"\nurl = "{url}"\n'
    return write_catalogue(body, name=name)


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, t in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in t)


def test_second_run_reuses_successes_and_makes_no_requests(serve, write_catalogue, invoke):  # type: ignore[no-untyped-def]
    srv = serve()
    path = _catalogue(write_catalogue, {f"W{i}": srv.url(f"/ok?n={i}") for i in range(5)})
    first = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert first.exit_code == 0, first.output
    assert len(srv.record.requests) == 5
    state = path.parent / ".catalogue.linkstate.json"
    assert state.is_file()
    second = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert second.exit_code == 0
    assert len(srv.record.requests) == 5  # nothing new asked of the server
    data = json.loads(second.stdout)
    assert data["summary"]["reused"] == 5 and data["summary"]["requested"] == 0
    assert all(r["cached"] for r in data["results"])
    # a failure is never reused: with --max-age 0 everything is asked again
    invoke("check", "-c", str(path), "--max-age", "0s", *FAST)
    assert len(srv.record.requests) == 10


def test_one_bad_night_never_fails_the_build_with_fail_after_2(serve, write_catalogue, invoke):  # type: ignore[no-untyped-def]
    srv = serve()
    flaky = srv.url("/flaky/night/100000/503")
    path = _catalogue(write_catalogue, {"Flaky": flaky, "Fine": srv.url("/ok")})
    night1 = invoke("check", "-c", str(path), "--fail-after", "2", "--format", "json", *FAST)
    assert night1.exit_code == ExitCode.OK, night1.output
    result = next(r for r in json.loads(night1.stdout)["results"] if r["url"] == flaky)
    assert (result["outcome"], result["status"], result["failures"]) == ("broken", "failing", 1)
    srv.record.flaky["night"] = 100000  # the server is back the next night
    night2 = invoke("check", "-c", str(path), "--fail-after", "2", *FAST)
    assert night2.exit_code == ExitCode.OK
    state = json.loads((path.parent / ".catalogue.linkstate.json").read_text("utf-8"))
    assert state["urls"][flaky]["failures"] == 0 and state["urls"][flaky]["outcome"] == "ok"


def test_two_bad_nights_fail_the_build(serve, write_catalogue, invoke):  # type: ignore[no-untyped-def]
    srv = serve()
    gone = srv.url("/status/500")
    path = _catalogue(write_catalogue, {"Gone": gone})
    assert invoke("check", "-c", str(path), "--fail-after", "2", *FAST).exit_code == 0
    second = invoke("check", "-c", str(path), "--fail-after", "2", *FAST)
    assert second.exit_code == ExitCode.PROBLEMS
    # without history (no state) the first failure already fails
    assert invoke("check", "-c", str(path), "--no-state", *FAST).exit_code == 1


def test_transient_failure_gets_a_second_pass_at_the_end(serve, write_catalogue, invoke):  # type: ignore[no-untyped-def]
    srv = serve()
    # two failing answers (HEAD, then the GET fallback), then fine: the second pass finds it
    flaky = srv.url("/flaky/once/2/503")
    path = _catalogue(write_catalogue, {"Flaky": flaky})
    result = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["results"][0]["outcome"] == "ok"
    assert data["summary"]["second_pass"] == 1


def test_github_annotations_point_at_the_url_line_even_after_edits(serve, write_catalogue, invoke):  # type: ignore[no-untyped-def]
    srv = serve()
    gone = srv.url("/status/404")
    path = _catalogue(
        write_catalogue, {"Hei\\n::error file=evil.toml,line=1::x": gone, "OK": srv.url("/ok")}
    )
    result = invoke("check", "-c", str(path), "--format", "github", "--no-state", *FAST)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1  # the title's newline and ::error:: did not make a second command
    m = re.match(r"::error file=([^,]+),line=(\d+),col=(\d+),title=link broken::", lines[0])
    assert m, lines[0]
    assert m.group(1) == str(path).replace(":", "%3A")
    assert int(m.group(2)) == _line_of(path, gone)
    col = int(m.group(3))
    assert path.read_text("utf-8").splitlines()[int(m.group(2)) - 1][col - 1 :].startswith('"')
    # a person edits the file: lines move, the annotation follows
    text = path.read_text("utf-8")
    path.write_text(
        "# a comment\n# another\n\n" + text.replace('title = "OK"', 'title = "OK"\nnumber = 2'),
        "utf-8",
    )
    again = invoke("check", "-c", str(path), "--format", "github", "--no-state", *FAST)
    m2 = re.match(r"::error file=[^,]+,line=(\d+),", again.stdout)
    assert m2 and int(m2.group(1)) == _line_of(path, gone) == int(m.group(2)) + 3


def test_sarif_junit_markdown_and_step_summary(serve, write_catalogue, invoke, tmp_path):  # type: ignore[no-untyped-def]
    srv = serve()
    gone = srv.url("/status/410")
    path = _catalogue(write_catalogue, {"Borte": gone})
    sarif_file = tmp_path / "links.sarif"
    r = invoke("check", "-c", str(path), "--format", "sarif", "-o", str(sarif_file), *FAST)
    assert r.exit_code == 1 and r.stdout == ""
    region = json.loads(sarif_file.read_text("utf-8"))["runs"][0]["results"][0]["locations"][0]
    assert region["physicalLocation"]["region"]["startLine"] == _line_of(path, gone)
    junit = invoke("check", "-c", str(path), "--format", "junit", "--no-state", *FAST).stdout
    assert "<failure" in junit and gone in junit
    summary = tmp_path / "summary.md"
    md = invoke(
        "check",
        "-c",
        str(path),
        "--format",
        "markdown",
        "--no-state",
        *FAST,
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert "❌ 1 broken link" in md.stdout
    assert summary.read_text("utf-8") == md.stdout


def test_offline_reports_from_state_without_requests(serve, write_catalogue, invoke):  # type: ignore[no-untyped-def]
    srv = serve()
    path = _catalogue(write_catalogue, {"A": srv.url("/ok"), "B": srv.url("/status/404")})
    invoke("check", "-c", str(path), *FAST)
    seen = len(srv.record.requests)
    path.write_text(
        path.read_text("utf-8")
        + '\n[webinars.new]\nseries = "s"\ntitle = "Ny"\nurl = "https://new.invalid/"\n',
        "utf-8",
    )
    offline = invoke("check", "-c", str(path), "--offline", "--format", "json")
    assert len(srv.record.requests) == seen
    data = {r["url"]: r for r in json.loads(offline.stdout)["results"]}
    assert data[srv.url("/ok")]["outcome"] == "ok"
    assert data[srv.url("/status/404")]["outcome"] == "broken"
    assert data["https://new.invalid/"]["outcome"] == "not-checked"
    assert offline.exit_code == 1  # the stored failure still counts


def test_budget_checks_stalest_first_and_reports_the_rest_as_not_checked(  # type: ignore[no-untyped-def]
    serve, write_catalogue, invoke
):
    srv = serve()
    urls = {f"W{i}": srv.url(f"/delay/0.3?n={i}") for i in range(6)}
    path = _catalogue(write_catalogue, urls)
    args = ["--host-concurrency", "1", "--host-interval", "0", "--retries", "0", "--format", "json"]
    first = json.loads(invoke("check", "-c", str(path), "--budget", "0.5s", *args).stdout)
    checked = [r["url"] for r in first["results"] if r["outcome"] == "ok"]
    skipped = [r["url"] for r in first["results"] if r["outcome"] == "not-checked"]
    assert 1 <= len(checked) < 6 and len(checked) + len(skipped) == 6
    assert first["summary"]["failing_build"] == 0
    # the next run starts with the never-checked ones
    second = json.loads(
        invoke("check", "-c", str(path), "--budget", "0.5s", "--max-age", "0s", *args).stdout
    )
    again = [r["url"] for r in second["results"] if r["outcome"] == "ok"]
    assert set(again) & set(skipped)


def test_new_since_checks_only_added_urls(serve, write_catalogue, invoke, tmp_path):  # type: ignore[no-untyped-def]
    srv = serve()
    old = _catalogue(write_catalogue, {"A": srv.url("/ok?a")}, name="old.toml")
    new = _catalogue(write_catalogue, {"A": srv.url("/ok?a"), "B": srv.url("/ok?b")})
    result = invoke("check", "-c", str(new), "--new-since", str(old), "--format", "json", *FAST)
    assert [r["url"] for r in json.loads(result.stdout)["results"]] == [srv.url("/ok?b")]
    assert srv.record.paths() == ["/ok"]
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    everything = invoke(
        "check", "-c", str(new), "--new-since", str(empty), "--format", "json", "--no-state", *FAST
    )
    assert len(json.loads(everything.stdout)["results"]) == 2


def test_bad_flags_are_usage_errors(invoke, write_catalogue):  # type: ignore[no-untyped-def]
    path = _catalogue(write_catalogue, {"A": "https://example.invalid/"})
    for args in (["--fail-after", "soon"], ["--max-age", "x"], ["--budget", "-"], ["--dry-run"]):
        result = invoke("check", "-c", str(path), *args)
        assert result.exit_code == 2, (args, result.output)
    assert invoke("check", "-", "--offline", input="https://example.invalid/\n").exit_code == 2


def test_fix_redirects_rewrites_moves_and_reports_login_redirects(serve, write_catalogue, invoke):  # type: ignore[no-untyped-def]
    srv = serve()
    moved = srv.url(f"/redirect/301?to={srv.url('/ok')}")
    to_login = srv.url(f"/redirect/308?to={srv.url('/ok/login')}")
    path = _catalogue(write_catalogue, {"Flyttet": moved, "Innlogging": to_login})
    path.write_text("# kommentar som skal bli\n" + path.read_text("utf-8"), "utf-8")
    before = path.read_text("utf-8")
    dry = invoke("check", "-c", str(path), "--fix-redirects", "--dry-run", "--no-state", *FAST)
    assert dry.exit_code == 0, dry.output
    assert path.read_text("utf-8") == before
    assert f'-url = "{moved}"' in dry.stderr and f'+url = "{srv.url("/ok")}"' in dry.stderr
    assert "not fixed" in dry.stderr and "login page" in dry.stderr
    real = invoke("check", "-c", str(path), "--fix-redirects", "--no-state", *FAST)
    assert real.exit_code == 0, real.output
    after = path.read_text("utf-8")
    assert after == before.replace(moved, srv.url("/ok"))
    assert invoke("validate", "-c", str(path)).exit_code == 0


def test_state_file_and_reports_are_readable_by_others(serve, write_catalogue, invoke, tmp_path):  # type: ignore[no-untyped-def]
    import os

    srv = serve()
    path = _catalogue(write_catalogue, {"A": srv.url("/ok")})
    old = os.umask(0o022)
    try:
        report = tmp_path / "report.xml"
        invoke("check", "-c", str(path), "--format", "junit", "-o", str(report), *FAST)
    finally:
        os.umask(old)
    state = path.parent / ".catalogue.linkstate.json"
    assert state.stat().st_mode & 0o777 == 0o644
    assert report.stat().st_mode & 0o777 == 0o644
