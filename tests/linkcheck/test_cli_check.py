"""``webcat check`` end to end through the real CLI, against local servers."""

from __future__ import annotations

import json
from pathlib import Path

from webcat.errors import ExitCode

CATALOGUE = """\
[series.s]
title = "Serie"
url = "{ok}"

[webinars.w1]
series = "s"
title = "Første webinar"
url = "{ok}"

[webinars.w2]
series = "s"
title = "Andre webinar"
url = "{moved}"

[resources.rec]
kind = "recording"
title = "Opptak"
webinar = "w1"
url = "{gone}"

[people.p]
name = "Åse Ødegård"
url = "mailto:ase@example.org"
"""


def catalogue_for(srv, write_catalogue, extra: str = "") -> str:
    body = CATALOGUE.format(
        ok=srv.url("/ok"),
        gone=srv.url("/status/404"),
        moved=srv.url(f"/redirect/301?to={srv.url('/ok')}"),
    )
    return str(write_catalogue(body + extra))


FAST = ["--host-interval", "0", "--timeout", "5", "--retries", "0"]


def test_catalogue_json_reports_entries_using_each_url(serve, write_catalogue, invoke):
    srv = serve()
    path = catalogue_for(srv, write_catalogue)
    result = invoke("check", "-c", path, "--format", "json", *FAST)
    assert result.exit_code == ExitCode.PROBLEMS, result.output
    data = json.loads(result.stdout)
    by_url = {r["url"]: r for r in data["results"]}
    assert set(by_url) == {
        srv.url("/ok"),
        srv.url("/status/404"),
        "mailto:ase@example.org",
        srv.url(f"/redirect/301?to={srv.url('/ok')}"),
    }
    ok = by_url[srv.url("/ok")]
    assert ok["outcome"] == "ok"
    assert ok["used_by"] == ["series.s", "webinars.w1"]
    gone = by_url[srv.url("/status/404")]
    assert (gone["outcome"], gone["http_status"], gone["used_by"]) == (
        "broken",
        404,
        ["resources.rec"],
    )
    moved = by_url[srv.url(f"/redirect/301?to={srv.url('/ok')}")]
    assert (moved["outcome"], moved["final_url"]) == ("redirected", srv.url("/ok"))
    assert by_url["mailto:ase@example.org"]["outcome"] == "skipped"
    assert set(ok) == {
        "url",
        "outcome",
        "http_status",
        "final_url",
        "error",
        "attempts",
        "elapsed_ms",
        "used_by",
        "status",
        "cached",
        "failures",
        "failing_since",
        "places",
        "reason",
        "redirect_downgrade",
        "redirect_cross_host",
    }
    # a machine-readable reason beside the human text, in every result
    assert [by_url[u]["reason"] for u in (srv.url("/ok"), srv.url("/status/404"))] == [
        "ok",
        "http-404",
    ]
    assert moved["reason"] == "permanent-redirect"
    assert by_url["mailto:ase@example.org"]["reason"] == "mailto"
    summary = data["summary"]
    assert {
        k: summary[k]
        for k in (
            "ok",
            "redirected",
            "broken",
            "timeout",
            "error",
            "blocked",
            "excluded",
            "skipped",
            "total",
        )
    } == {
        "ok": 1,
        "redirected": 1,
        "broken": 1,
        "timeout": 0,
        "error": 0,
        "blocked": 0,
        "excluded": 0,
        "skipped": 1,
        "total": 4,
    }
    assert summary["failing_build"] == 1 and summary["requested"] == 4
    # each distinct URL was requested once (HEAD), however many entries use it
    assert srv.record.paths().count("/ok") == 2  # once itself, once as the redirect target


def test_catalogue_check_table_sets_per_host_accept(serve, write_catalogue, invoke):
    srv = serve()
    path = write_catalogue(
        f'[check]\nretries = 0\nhost_interval = 0\n[check.hosts."{srv.host}"]\naccept = "404"\n\n'
        + CATALOGUE.format(ok=srv.url("/ok"), gone=srv.url("/status/404"), moved=srv.url("/ok"))
    )
    assert invoke("check", "-c", str(path)).exit_code == ExitCode.OK
    # without the host table the same catalogue fails
    plain = write_catalogue(
        CATALOGUE.format(ok=srv.url("/ok"), gone=srv.url("/status/404"), moved=srv.url("/ok")),
        name="plain.toml",
    )
    assert invoke("check", "-c", str(plain), *FAST).exit_code == ExitCode.PROBLEMS


def test_webcat_toml_beside_catalogue_is_read(serve, write_catalogue, invoke, tmp_path):
    srv = serve()
    path = catalogue_for(srv, write_catalogue)
    (tmp_path / "webcat.toml").write_text(
        '[check]\nhost_interval = 0\nexclude = ["/status/404$", "/redirect/"]\n'
    )
    result = invoke("check", "-c", path, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    outcomes = {r["url"]: r["outcome"] for r in json.loads(result.stdout)["results"]}
    assert outcomes[srv.url("/status/404")] == "excluded"


def test_plain_lines_when_not_a_terminal(serve, write_catalogue, invoke):
    srv = serve()
    path = catalogue_for(srv, write_catalogue)
    result = invoke("check", "-c", path, *FAST)
    assert result.exit_code == ExitCode.PROBLEMS
    lines = result.stdout.splitlines()
    gone = srv.url("/status/404")
    text = Path(path).read_text("utf-8").splitlines()
    line = next(n for n, t in enumerate(text, start=1) if gone in t)
    assert lines[0] == f"broken\t{gone}\t404\tused by resources.rec ({path}:{line})"
    assert lines[1].startswith(f"redirected\t{srv.url('/redirect/301')}")
    assert lines[-1] == "4 links checked: 1 broken, 1 redirected, 1 skipped, 1 ok"
    assert "\x1b[" not in result.output  # no progress bar, no colour


def test_stdin_urls_with_comments_and_blank_lines(serve, invoke):
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    text = f"# links from notes\n\n{a.url('/ok')}\n  {b.url('/status/410')}  \n{a.url('/ok')}\n"
    result = invoke("check", "-", "--format", "json", *FAST, input=text)
    assert result.exit_code == ExitCode.PROBLEMS
    data = json.loads(result.stdout)
    assert [(r["url"], r["outcome"], r["used_by"]) for r in data["results"]] == [
        (a.url("/ok"), "ok", []),
        (b.url("/status/410"), "broken", []),
    ]


def test_file_of_urls_all_fine_exits_zero(serve, invoke, tmp_path):
    srv = serve()
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{srv.url('/ok')}\n{srv.url('/status/999')}\nftp://example.org/x\n")
    result = invoke("check", str(urls), *FAST)
    assert result.exit_code == ExitCode.OK, result.output
    assert "blocked\t" in result.stdout and "skipped\t" in result.stdout


def test_accept_and_exclude_flags(serve, invoke):
    srv = serve()
    text = f"{srv.url('/status/403')}\n{srv.url('/status/500')}\n"
    result = invoke(
        "check",
        "-",
        "--accept",
        "400-403",
        "--exclude",
        "/status/5",
        "--format",
        "json",
        *FAST,
        input=text,
    )
    assert result.exit_code == ExitCode.OK, result.output
    assert [r["outcome"] for r in json.loads(result.stdout)["results"]] == ["ok", "excluded"]


def test_user_agent_flag(serve, invoke):
    srv = serve()
    result = invoke("check", "-", "--user-agent", "nightly-bot/1", *FAST, input=srv.url("/ok"))
    assert result.exit_code == ExitCode.OK
    assert srv.record.requests[0].user_agent == "nightly-bot/1"


def test_usage_errors_exit_2(invoke, tmp_path):
    assert invoke("check", str(tmp_path / "missing.txt")).exit_code == ExitCode.USAGE
    assert invoke("check", "-", "--accept", "abc", input="").exit_code == ExitCode.USAGE
    assert invoke("check", "-", "--exclude", "(", input="").exit_code == ExitCode.USAGE
    assert invoke("check", "-", "--retries", "-1", input="").exit_code == ExitCode.USAGE


def test_bad_check_table_is_a_usage_error(write_catalogue, invoke):
    path = write_catalogue('[check]\nhost_concurency = 2\n\n[series.s]\ntitle = "S"\n')
    result = invoke("check", "-c", str(path))
    assert result.exit_code == ExitCode.USAGE
    assert f"{path}: unknown setting check.host_concurency" in result.output


def test_unreadable_catalogue_exits_3(invoke, tmp_path):
    bad = tmp_path / "catalogue.toml"
    bad.write_text("this is = = not toml\n")
    assert invoke("check", "-c", str(bad)).exit_code == ExitCode.CATALOGUE
    assert invoke("check", "-c", str(tmp_path / "none.toml")).exit_code == ExitCode.CATALOGUE


def test_terminal_summary_escapes_catalogue_text(capsys):
    from webcat.cli.check_output import summary_for_people
    from webcat.linkcheck import Outcome
    from webcat.linkhealth.reports import Item, Status, Use
    from webcat.linkhealth.run import RunStats

    url = "https://example.org/[bold]x[/bold]\x1b[31m"
    item = Item(
        url,
        Outcome.BROKEN,
        Status.BROKEN,
        404,
        error="HTTP 404",
        uses=[Use("webinars.[red]w[/red]", "url")],
    )
    summary_for_people([item], RunStats())
    shown = capsys.readouterr().out
    assert "[bold]x[/bold]" in shown
    assert "webinars.[red]w[/red]" in shown
    assert "\x1b[31m" not in shown and "\\x1b[31m" in shown


def test_file_mode_reads_webcat_toml_beside_the_file(serve, invoke, tmp_path):
    srv = serve()
    urls = tmp_path / "urls.txt"
    urls.write_text(srv.url("/status/403") + "\n")
    assert invoke("check", str(urls), *FAST).exit_code == ExitCode.PROBLEMS
    (tmp_path / "webcat.toml").write_text(f'[check.hosts."{srv.host}"]\naccept = [403]\n')
    assert invoke("check", str(urls), *FAST).exit_code == ExitCode.OK


def test_file_and_catalogue_together_is_a_usage_error(invoke, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("")
    result = invoke("check", str(urls), "-c", str(tmp_path / "catalogue.toml"))
    assert result.exit_code == ExitCode.USAGE
