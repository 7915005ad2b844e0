"""Issue 5 through the real CLI against local servers: the state file, fail-after, the
second pass, budget, offline, new-since, CI reports at the right lines."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import Invoke, WriteCatalogue
from linkcheck.conftest import Serve
from webcat.errors import ExitCode

FAST = ["--host-interval", "0", "--timeout", "5", "--retries", "0"]


def _catalogue(
    write_catalogue: WriteCatalogue, urls: dict[str, str], name: str = "catalogue.toml"
) -> Path:
    body = '[series.s]\ntitle = "Serie"\n'
    for i, (title, url) in enumerate(urls.items()):
        body += f'\n[webinars.w{i}]\nseries = "s"\ntitle = "{title}"\nurl = "{url}"\n'
    return write_catalogue(body, name=name)


def _a_day_later(state_file: Path) -> None:
    """Move every stored check one day back, as if the last run had been last night."""
    data = json.loads(state_file.read_text("utf-8"))
    for entry in data["urls"].values():
        for key in ("checked_at", "failing_since", "last_success"):
            if entry.get(key):
                when = datetime.fromisoformat(entry[key].replace("Z", "+00:00")) - timedelta(days=1)
                entry[key] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        if entry.get("failed_on"):
            entry["failed_on"] = (
                date.fromisoformat(entry["failed_on"]) - timedelta(days=1)
            ).isoformat()
    state_file.write_text(json.dumps(data), "utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, t in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in t)


def test_second_run_reuses_successes_and_makes_no_requests(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    path = _catalogue(write_catalogue, {f"W{i}": srv.url(f"/ok?n={i}") for i in range(5)})
    first = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert first.exit_code == 0, first.output
    assert len(srv.record.requests) == 5
    state = path.parent / ".webcat_cache" / "catalogue.linkstate.json"
    assert state.is_file()
    before = state.stat()
    second = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert second.exit_code == 0
    assert len(srv.record.requests) == 5  # nothing new asked of the server
    after = state.stat()  # nor anything written: the file already said it all
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    data = json.loads(second.stdout)
    assert data["summary"]["reused"] == 5 and data["summary"]["requested"] == 0
    assert all(r["cached"] for r in data["results"])
    # a failure is never reused: with --max-age 0 everything is asked again
    invoke("check", "-c", str(path), "--max-age", "0s", *FAST)
    assert len(srv.record.requests) == 10


def test_one_bad_night_never_fails_the_build_with_fail_after_2(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
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
    state = json.loads(
        (path.parent / ".webcat_cache" / "catalogue.linkstate.json").read_text("utf-8")
    )
    assert state["urls"][flaky]["failures"] == 0 and state["urls"][flaky]["outcome"] == "ok"


def test_two_bad_nights_fail_the_build(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    gone = srv.url("/status/500")
    path = _catalogue(write_catalogue, {"Gone": gone})
    state = path.parent / ".webcat_cache" / "catalogue.linkstate.json"
    assert invoke("check", "-c", str(path), "--fail-after", "2", *FAST).exit_code == 0
    _a_day_later(state)
    second = invoke("check", "-c", str(path), "--fail-after", "2", *FAST)
    assert second.exit_code == ExitCode.PROBLEMS
    # without history (no state) the first failure already fails
    assert invoke("check", "-c", str(path), "--no-state", *FAST).exit_code == 1


def test_transient_failure_gets_a_second_pass_at_the_end(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    # one failing answer (the first pass's one GET), then fine: the second pass finds it
    flaky = srv.url("/flaky/once/1/503")
    path = _catalogue(write_catalogue, {"Flaky": flaky})
    result = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["results"][0]["outcome"] == "ok"
    assert data["summary"]["second_pass"] == 1


def test_github_annotations_point_at_the_url_line_even_after_edits(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    gone = srv.url("/status/404")
    path = _catalogue(
        write_catalogue, {"Hei\\n::error file=evil.toml,line=1::x": gone, "OK": srv.url("/ok")}
    )
    result = invoke("check", "-c", str(path), "--format", "github", "--no-state", *FAST)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # the title's newline and ::error:: did not make a second command; the last line counts
    assert len(lines) == 2
    assert lines[1] == "::notice title=webcat check::2 links checked: 1 broken, 1 ok"
    assert "\\x0a::error file=evil.toml" in lines[0]
    m = re.match(
        r"::error file=([^,]+),line=(\d+),col=(\d+),title=link broken \(http-404\)::", lines[0]
    )
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


def test_sarif_junit_markdown_and_step_summary(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke, tmp_path: Path
) -> None:
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


def test_offline_reports_from_state_without_requests(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
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


def test_budget_checks_stalest_first_and_reports_the_rest_as_not_checked(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
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


def test_new_since_checks_only_added_urls(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke, tmp_path: Path
) -> None:
    srv = serve()
    old = _catalogue(write_catalogue, {"A": srv.url("/ok?a")}, name="old.toml")
    new = _catalogue(write_catalogue, {"A": srv.url("/ok?a"), "B": srv.url("/ok?b")})
    result = invoke(
        "check",
        "-c",
        str(new),
        "--new-since",
        str(old),
        "--allow-private",
        "--format",
        "json",
        *FAST,
    )
    assert [r["url"] for r in json.loads(result.stdout)["results"]] == [srv.url("/ok?b")]
    assert srv.record.paths() == ["/ok"]
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    everything = invoke(
        "check",
        "-c",
        str(new),
        "--new-since",
        str(empty),
        "--allow-private",
        "--format",
        "json",
        "--no-state",
        *FAST,
    )
    assert len(json.loads(everything.stdout)["results"]) == 2


def test_bad_flags_are_usage_errors(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = _catalogue(write_catalogue, {"A": "https://example.invalid/"})
    for args in (["--fail-after", "soon"], ["--max-age", "x"], ["--budget", "-"], ["--dry-run"]):
        result = invoke("check", "-c", str(path), *args)
        assert result.exit_code == 2, (args, result.output)
    assert invoke("check", "-", "--offline", input="https://example.invalid/\n").exit_code == 2


def test_fail_after_without_a_state_is_a_usage_error(
    serve: Serve, invoke: Invoke, write_catalogue: WriteCatalogue, tmp_path: Path
) -> None:
    # without a state nothing remembers yesterday: every failure would stay "1 day, not yet
    # broken" and the nightly job would pass for ever
    srv = serve()
    notes = tmp_path / "notes.md"
    notes.write_text(f"Borte: {srv.url('/status/410')}\n", "utf-8")
    path = _catalogue(write_catalogue, {"A": srv.url("/status/410")})
    for args in (
        [str(notes), "--fail-after", "2"],
        ["-", "--fail-after", "36h"],
        ["-c", str(path), "--no-state", "--fail-after", "2"],
    ):
        result = invoke("check", *args, *FAST, input=srv.url("/status/410") + "\n")
        assert result.exit_code == ExitCode.USAGE, (args, result.output)
        assert result.stderr.startswith("error: --fail-after counts failing days"), result.stderr
        assert "--state PATH" in result.stderr and "Traceback" not in result.stderr
    assert srv.record.requests == []
    # one day is every failure, with or without a state; with --state the days are counted
    assert invoke("check", str(notes), "--fail-after", "1", *FAST).exit_code == ExitCode.PROBLEMS
    state = tmp_path / "notes.linkstate.json"
    with_state = invoke("check", str(notes), "--fail-after", "2", "--state", str(state), *FAST)
    assert with_state.exit_code == ExitCode.OK, with_state.output


def test_fix_redirects_rewrites_moves_and_reports_login_redirects(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    moved = srv.url(f"/redirect/301?to={srv.url('/ok')}")
    to_login = srv.url(f"/redirect/308?to={srv.url('/ok/login')}")
    path = _catalogue(write_catalogue, {"Flyttet": moved, "Innlogging": to_login})
    path.write_text("# kommentar som skal bli\n" + path.read_text("utf-8"), "utf-8")
    before = path.read_text("utf-8")
    dry = invoke("check", "-c", str(path), "--fix-redirects", "--dry-run", "--no-state", *FAST)
    # the engine itself calls a chain ending on a sign-in page broken (login-wall), so it is
    # never a redirect to write in
    assert dry.exit_code == 1, dry.output
    assert path.read_text("utf-8") == before
    assert f'-url = "{moved}"' in dry.stderr and f'+url = "{srv.url("/ok")}"' in dry.stderr
    assert "sign-in page" in dry.output and srv.url("/ok/login") not in dry.stderr
    # A dry run writes nothing at all: not the catalogue, not the link state either.
    with_state = invoke("check", "-c", str(path), "--fix-redirects", "--dry-run", *FAST)
    assert with_state.exit_code == 1, with_state.output
    assert not (path.parent / ".webcat_cache").exists()
    assert path.read_text("utf-8") == before
    real = invoke("check", "-c", str(path), "--fix-redirects", "--no-state", *FAST)
    assert real.exit_code == 1, real.output
    after = path.read_text("utf-8")
    assert after == before.replace(moved, srv.url("/ok"))
    assert invoke("validate", "-c", str(path)).exit_code == 0


def test_state_file_and_reports_are_readable_by_others(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke, tmp_path: Path
) -> None:
    import os

    srv = serve()
    path = _catalogue(write_catalogue, {"A": srv.url("/ok")})
    old = os.umask(0o022)
    try:
        report = tmp_path / "report.xml"
        invoke("check", "-c", str(path), "--format", "junit", "-o", str(report), *FAST)
    finally:
        os.umask(old)
    state = path.parent / ".webcat_cache" / "catalogue.linkstate.json"
    assert state.stat().st_mode & 0o777 == 0o644
    assert report.stat().st_mode & 0o777 == 0o644


# -- issue 11: history and CI ------------------------------------------------------------------


def _webcat(*args: str, cwd: Path | None = None, stdin: int | None = None) -> subprocess.Popen[str]:
    """Run webcat as a real process, as a shell or a CI runner does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEBCAT_", "GITHUB_"))}
    env["NO_COLOR"] = "1"
    return subprocess.Popen(
        [sys.executable, "-m", "webcat", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=stdin,
    )


def test_a_plain_check_leaves_git_status_clean(
    serve: Serve, write_catalogue: WriteCatalogue, tmp_path: Path
) -> None:
    srv = serve()
    path = _catalogue(write_catalogue, {"A": srv.url("/ok"), "B": srv.url("/status/404")})

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "catalogue")
    proc = _webcat("check", "-c", path.name, *FAST, cwd=tmp_path)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1, stderr
    state = tmp_path / ".webcat_cache" / "catalogue.linkstate.json"
    assert json.loads(state.read_text("utf-8"))["urls"][srv.url("/status/404")]["failures"] == 1
    assert git("status", "--porcelain", "--untracked-files=all") == ""
    git("add", "-A")  # not even `git add -A` takes it in
    assert git("status", "--porcelain") == ""
    assert (
        (tmp_path / ".webcat_cache" / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_state_of_webcat_0_1_beside_the_catalogue_is_taken_over(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    gone = srv.url("/status/404")
    path = _catalogue(write_catalogue, {"Gone": gone})
    old = path.parent / ".catalogue.linkstate.json"
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    old.write_text(
        json.dumps(
            {
                "version": 1,
                "urls": {
                    gone: {
                        "outcome": "broken",
                        "checked_at": yesterday,
                        "failures": 1,
                        "failing_since": yesterday,
                    }
                },
            }
        ),
        "utf-8",
    )
    result = invoke("check", "-c", str(path), "--fail-after", "2", *FAST)
    assert result.exit_code == ExitCode.PROBLEMS  # yesterday's failure counted: second day
    assert f"read the link state from {old}" in result.stderr
    new = json.loads((path.parent / ".webcat_cache" / "catalogue.linkstate.json").read_text())
    assert new["urls"][gone]["failures"] == 2


def test_rerunning_a_failed_job_the_same_day_is_not_a_second_strike(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    gone = srv.url("/status/404")
    path = _catalogue(write_catalogue, {"Gone": gone})
    state = path.parent / ".webcat_cache" / "catalogue.linkstate.json"
    for _ in range(3):  # the nightly run, then two re-runs by hand the same morning
        run = invoke("check", "-c", str(path), "--fail-after", "2", "--format", "json", *FAST)
        assert run.exit_code == ExitCode.OK, run.output
        assert json.loads(run.stdout)["results"][0]["status"] == "failing"
    assert json.loads(state.read_text("utf-8"))["urls"][gone]["failures"] == 1
    _a_day_later(state)  # the next night it still fails: now it is broken
    night2 = invoke("check", "-c", str(path), "--fail-after", "2", "--format", "json", *FAST)
    assert night2.exit_code == ExitCode.PROBLEMS
    assert json.loads(night2.stdout)["results"][0]["failures"] == 2


# SIGTERM: what `timeout`, `docker stop` and a CI runner's cancel (after its SIGINT) send
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_ctrl_c_saves_what_was_decided_and_exits_130(
    serve: Serve, write_catalogue: WriteCatalogue, stop: signal.Signals
) -> None:
    srv = serve()
    quick = [srv.url(f"/ok?n={i}") for i in range(3)]
    slow = srv.url("/slow/30")
    path = _catalogue(write_catalogue, {**{f"Q{i}": u for i, u in enumerate(quick)}, "S": slow})
    proc = _webcat("check", "-c", str(path), "--format", "json", "--timeout", "60", *FAST[:2])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        seen = list(srv.record.requests)
        answered = [r for r in seen if r.path == "/ok" and r.end]
        if any(r.path == "/slow/30" for r in seen) and len(answered) == 3:
            break
        time.sleep(0.02)
    time.sleep(1.0)  # the quick answers are read and decided (generous: the machine is shared)
    proc.send_signal(stop)
    stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130, stderr
    state_file = path.parent / ".webcat_cache" / "catalogue.linkstate.json"
    assert stderr.strip().splitlines()[-1] == (
        f"interrupted: 3 links decided; saved to {state_file}, 1 not checked"
    )
    assert "Traceback" not in stderr and stdout == ""
    saved = json.loads(state_file.read_text("utf-8"))["urls"]
    assert sorted(saved) == sorted(quick)
    assert {e["outcome"] for e in saved.values()} == {"ok"}
    # the next run asks only the link it did not get to
    asked = len(srv.record.requests)
    srv.stop()
    again = _webcat("check", "-c", str(path), "--format", "json", "--timeout", "2", *FAST[:2])
    out, _ = again.communicate(timeout=30)
    data = json.loads(out)
    assert data["summary"]["reused"] == 3 and data["summary"]["requested"] == 1
    assert len(srv.record.requests) == asked


def test_github_format_ends_with_a_notice_that_counts_even_when_all_is_well(
    serve: Serve, invoke: Invoke
) -> None:
    srv = serve()
    text = f"{srv.url('/ok')}\n{srv.url('/status/999')}\n"
    result = invoke("check", "-", "--format", "github", *FAST, input=text)
    assert result.exit_code == ExitCode.OK
    # the bot wall is said apart, as a notice; the last line counts what was checked
    assert result.stdout.splitlines() == [
        "::notice title=link blocked (bot-wall)::"
        f"{srv.url('/status/999')} — blocked (HTTP 999): the site refuses automated checks"
        " (at <stdin>:2)",
        "::notice title=webcat check::2 links checked: 1 blocked, 1 ok",
    ]
    fine = invoke("check", "-", "--format", "github", *FAST, input=srv.url("/ok"))
    assert fine.stdout == "::notice title=webcat check::1 link checked: 1 ok\n"


def test_rate_limited_is_blocked_not_failing_and_checked_first_next_time(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    busy = srv.url("/status/429")
    fine = [srv.url(f"/delay/0.2?n={i}") for i in range(4)]
    path = _catalogue(write_catalogue, {**{f"F{i}": u for i, u in enumerate(fine)}, "Busy": busy})
    first = invoke("check", "-c", str(path), "--format", "json", "--host-concurrency", "1", *FAST)
    assert first.exit_code == ExitCode.OK, first.output
    data = json.loads(first.stdout)
    result = next(r for r in data["results"] if r["url"] == busy)
    assert (result["outcome"], result["reason"], result["status"]) == (
        "blocked",
        "rate-limited",
        "pass",
    )
    assert data["summary"]["blocked"] == 1 and data["summary"]["failing_build"] == 0
    state = json.loads((path.parent / ".webcat_cache" / "catalogue.linkstate.json").read_text())
    assert state["urls"][busy]["reason"] == "rate-limited"
    # next run, with the successes too old to reuse: the rate-limited link goes first
    srv.record.requests.clear()
    invoke("check", "-c", str(path), "--max-age", "0s", "--host-concurrency", "1", *FAST)
    assert srv.record.paths()[0] == "/status/429"


# -- issue 11: links from documents ------------------------------------------------------------


def test_markdown_file_links_are_reported_at_file_and_line(
    serve: Serve, invoke: Invoke, tmp_path: Path
) -> None:
    srv = serve()
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Notater\n\n"
        f"Se [opptaket]({srv.url('/ok')}) og lysarkene: {srv.url('/status/404')}.\n\n"
        f"`{srv.url('/status/500')}` er bare kode.\n",
        "utf-8",
    )
    result = invoke("check", str(notes), *FAST)
    assert result.exit_code == ExitCode.PROBLEMS
    assert result.stdout.splitlines() == [
        f"broken\t{srv.url('/status/404')}\t404\tat {notes}:3",
        "2 links checked: 1 broken, 1 ok",
    ]
    github = invoke("check", str(notes), "--format", "github", *FAST)
    first = github.stdout.splitlines()[0]
    column = notes.read_text("utf-8").splitlines()[2].index(srv.url("/status/404")) + 1
    assert first.startswith(
        f"::error file={str(notes).replace(':', '%3A')},line=3,col={column},title=link broken"
    )


def test_readme_grep_example_reports_no_false_failure(serve: Serve, tmp_path: Path) -> None:
    srv = serve()
    notes = tmp_path / "notes.md"
    notes.write_text(f"Opptaket ligger på {srv.url('/ok/opptak')}.\nSe også {srv.url('/ok')})\n")
    grep = subprocess.run(
        ["grep", "-o", "https\\?://[^ )]*", str(notes)], capture_output=True, text=True, check=True
    )
    assert grep.stdout.splitlines()[0].endswith("/opptak.")  # the full stop came along
    proc = _webcat("check", "-", *FAST, stdin=subprocess.PIPE)
    out, err = proc.communicate(grep.stdout, timeout=60)
    assert proc.returncode == 0, out + err
    assert out == "2 links checked: 2 ok\n"


@pytest.mark.parametrize("name", ["notes.txt", "notes.md"])
def test_closing_quotes_and_ellipsis_of_prose_are_not_part_of_a_link(
    serve: Serve, invoke: Invoke, tmp_path: Path, name: str
) -> None:
    # Norwegian prose quotes with guillemets; English with curly quotes
    srv = serve()
    ok = srv.url("/ok")
    notes = tmp_path / name
    notes.write_text(
        f"Opptaket: «{ok}». Lysarkene «{ok}/a», og „{ok}/b“.\n"
        f"See “{ok}/c” and ‘{ok}/d’, or ‹{ok}/e› and {ok}/f…\n"
        f"{ok}/g»\n",
        "utf-8",
    )
    result = invoke("check", str(notes), "--format", "json", *FAST)
    assert result.exit_code == ExitCode.OK, result.stdout
    urls = [r["url"] for r in json.loads(result.stdout)["results"]]
    assert urls == [ok, *(f"{ok}/{p}" for p in "abcdefg")]


def test_inline_data_and_javascript_urls_in_a_page_are_not_links(
    serve: Serve, invoke: Invoke, tmp_path: Path
) -> None:
    # an exported page with an inline image would print its whole base64 blob as a "link"
    srv = serve()
    blob = "iVBORw0KGgo" + "A" * 4000
    page = tmp_path / "page.html"
    page.write_text(
        f'<img src="data:image/png;base64,{blob}"><a href="javascript:void(0)">menu</a>'
        f'<a href="{srv.url("/ok")}">opptak</a>',
        "utf-8",
    )
    notes = tmp_path / "notes.md"
    notes.write_text(f"![logo](data:image/png;base64,{blob}) [x](JavaScript:go()) {srv.url('/ok')}\n")
    for doc in (page, notes):
        result = invoke("check", str(doc), *FAST)
        assert result.exit_code == ExitCode.OK, result.stdout
        assert result.stdout == "1 link checked: 1 ok\n"


# -- issue 15: hardening -------------------------------------------------------------------------


def test_number_and_duration_flags_out_of_range_are_one_line_usage_errors(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = _catalogue(write_catalogue, {"A": "https://example.invalid/"})
    cases = [
        ["--timeout", "inf"],
        ["--timeout", "1e309"],
        ["--timeout", "nan"],
        ["--timeout", "0"],
        ["--host-interval", "1e308"],
        ["--host-interval", "-1"],
        ["--max-concurrency", "0"],
        ["--host-concurrency", "100000"],
        ["--retries", "1000"],
        ["--fail-after", "999999999999999d"],
        ["--fail-after", "9" * 5000],
        ["--fail-after", "0"],
        ["--budget", "999999999999999d"],
        ["--max-age", "999999999999999d"],
        ["--max-age", "P99999999999999999999D"],
    ]
    for args in cases:
        result = invoke("check", "-c", str(path), "--no-state", *args)
        assert result.exit_code == ExitCode.USAGE, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, lines)
        assert args[0] in lines[0]


def test_header_values_with_control_characters_are_refused_up_front(
    serve: Serve, invoke: Invoke
) -> None:
    srv = serve()
    for agent in ("bot/1\r\nX-Evil: 1", "bot\n", "bot\x00", "bot\x1b[31m"):
        result = invoke("check", "-", "--user-agent", agent, *FAST, input=srv.url("/ok"))
        assert result.exit_code == ExitCode.USAGE
        assert "--user-agent must not contain control characters" in result.stderr
    assert srv.record.requests == []  # nothing was sent


def test_deeply_nested_settings_and_state_files_are_clean_errors(
    invoke: Invoke, write_catalogue: WriteCatalogue, tmp_path: Path
) -> None:
    path = _catalogue(write_catalogue, {"A": "https://example.invalid/"})
    for depth in (2_000, 100_000):
        (tmp_path / "webcat.toml").write_text("[check]\nx = " + "[" * depth + "]" * depth)
        result = invoke("check", "-c", str(path))
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "nest too deeply" in result.stderr and "Traceback" not in result.output
        (tmp_path / "webcat.toml").unlink()
        state = tmp_path / "deep.json"
        state.write_text('{"version": 1, "urls": ' + "[" * depth + "]" * depth + "}")
        result = invoke("check", "-c", str(path), "--state", str(state))
        assert result.exit_code == ExitCode.CATALOGUE, result.output
        assert "nested too deeply" in result.stderr


def test_malformed_state_entries_are_a_clean_error(
    invoke: Invoke, write_catalogue: WriteCatalogue, tmp_path: Path
) -> None:
    path = _catalogue(write_catalogue, {"A": "https://example.invalid/"})
    state = tmp_path / "state.json"
    for entry in (
        '"x"',
        '{"outcome": "ok"}',
        '{"outcome": 1, "checked_at": "2026-01-01"}',
        '{"outcome": "ok", "checked_at": "yesterday"}',
        '{"outcome": "ok", "checked_at": "2026-01-01", "failures": "many"}',
    ):
        state.write_text('{"version": 1, "urls": {"https://example.invalid/": ' + entry + "}}")
        result = invoke("check", "-c", str(path), "--state", str(state), "--offline")
        assert result.exit_code == ExitCode.CATALOGUE, (entry, result.output)
        assert "malformed link state" in result.stderr


def test_invalid_catalogue_urls_are_reported_at_their_line(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    srv = serve()
    path = _catalogue(
        write_catalogue,
        {
            "Mellomrom": "https://exa mple.org/x",
            "Ftp": "ftp://example.org/fil",
            "OK": srv.url("/ok"),
        },
    )
    result = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert result.exit_code == ExitCode.PROBLEMS
    data = {r["url"]: r for r in json.loads(result.stdout)["results"]}
    for url in ("https://exa mple.org/x", "ftp://example.org/fil"):
        r = data[url]
        assert (r["outcome"], r["reason"], r["status"]) == ("error", "invalid-url", "broken")
        assert r["places"][0]["line"] == _line_of(path, url)
    assert "whitespace" in data["https://exa mple.org/x"]["error"]
    assert data[srv.url("/ok")]["outcome"] == "ok"
    assert srv.record.paths() == ["/ok"]  # nothing was sent for the invalid ones


def test_read_only_folder_prints_the_results_then_the_state_problem(
    serve: Serve, write_catalogue: WriteCatalogue
) -> None:
    import shutil

    srv = serve()
    path = _catalogue(write_catalogue, {"A": srv.url("/ok"), "B": srv.url("/status/404")})
    cmd = [sys.executable, "-m", "webcat", "check", "-c", str(path), *FAST]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv")
        cmd = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", *cmd]
    path.parent.chmod(0o555)
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    finally:
        path.parent.chmod(0o755)
    assert result.returncode == ExitCode.CATALOGUE, result.stderr
    assert result.stdout.splitlines()[-1] == "2 links checked: 1 broken, 1 ok"
    assert result.stderr.startswith("error: cannot save the link state:")
    assert "Traceback" not in result.stderr
    assert not (path.parent / ".webcat_cache").exists()


def test_fix_redirects_never_downgrades_and_says_when_a_link_moves_host(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    moved_host = a.url(f"/redirect/301?to={b.url('/ok/new')}")
    # a https link that ends on http: the test server speaks http, so the https link is
    # made by hand in the plan (the engine flags the downgrade on a real chain)
    path = _catalogue(write_catalogue, {"Flyttet": moved_host})
    result = invoke("check", "-c", str(path), "--fix-redirects", "--no-state", *FAST)
    assert result.exit_code == 0, result.output
    assert f"moved to another host: {moved_host} -> {b.url('/ok/new')}" in result.stderr
    assert b.url("/ok/new") in path.read_text("utf-8")


def test_new_since_implies_public_only_unless_allow_private(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke, tmp_path: Path
) -> None:
    srv = serve()
    empty = tmp_path / "base.toml"
    empty.write_text("")
    path = _catalogue(write_catalogue, {"Intern": srv.url("/ok")})
    pr = invoke("check", "-c", str(path), "--new-since", str(empty), "--format", "json", *FAST)
    assert pr.exit_code == ExitCode.OK, pr.output
    result = json.loads(pr.stdout)["results"][0]
    assert (result["outcome"], result["reason"]) == ("excluded", "non-public-address")
    assert srv.record.requests == []  # no connection was made
    # the same with --public-only on a plain run, or from [check] public_only
    flag = invoke(
        "check", "-c", str(path), "--public-only", "--format", "json", "--no-state", *FAST
    )
    assert json.loads(flag.stdout)["results"][0]["reason"] == "non-public-address"
    (tmp_path / "webcat.toml").write_text("[check]\npublic_only = true\n")
    table = invoke("check", "-c", str(path), "--format", "json", "--no-state", *FAST)
    assert json.loads(table.stdout)["results"][0]["reason"] == "non-public-address"
    assert srv.record.requests == []
    # --allow-private overrides both
    allowed = invoke("check", "-c", str(path), "--new-since", str(empty), "--allow-private", *FAST)
    assert allowed.exit_code == ExitCode.OK and srv.record.paths() == ["/ok"]
    both = invoke("check", "-c", str(path), "--public-only", "--allow-private")
    assert both.exit_code == ExitCode.USAGE
