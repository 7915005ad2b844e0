"""docs/ci.md's recipes work as written: the install line and the pre-commit rev name this
version's tag in the project's repository, the hooks exist, and every `webcat` command of the
workflows runs as written on a catalogue laid out as in them, with the state where the cache
step looks for it. (GitHub Actions itself and pip's clone cannot run here.)"""

from __future__ import annotations

import re
import shlex
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from typer.testing import CliRunner

from webcat import PROJECT_URL, __version__
from webcat.cli import app

ROOT = Path(__file__).resolve().parents[2]
CI = (ROOT / "docs" / "ci.md").read_text("utf-8")
YAML = re.findall(r"```yaml\n(.*?)```", CI, re.S)
SHELL = re.findall(r"```sh\n(.*?)```", CI, re.S)


def _runs(block: str) -> list[str]:
    """The shell lines of a workflow's `run:` steps (one-line and `|` blocks)."""
    lines: list[str] = []
    rows = block.splitlines()
    for i, row in enumerate(rows):
        m = re.match(r"\s*- run: (.*)", row)
        if not m:
            continue
        if m.group(1).strip() != "|":
            lines.append(m.group(1).strip())
            continue
        indent = len(row) - len(row.lstrip()) + 2
        for more in rows[i + 1 :]:
            if len(more) - len(more.lstrip()) <= indent:
                break
            lines.append(more.strip())
    return lines


def test_install_lines_name_this_versions_tag_in_the_repository() -> None:
    installs = [
        line
        for block in YAML + SHELL
        for line in (_runs(block) if block in YAML else block.splitlines())
        if line.startswith("pip install")
    ]
    assert len(installs) == 3  # the one to copy, the nightly and the pull-request recipe
    for line in installs:
        (spec,) = shlex.split(line)[2:]
        req = Requirement(spec)
        assert req.name == "webcat"
        assert req.url == f"git+{PROJECT_URL}@v{__version__}"
    assert not re.search(r"pip install webcat\s*$", CI, re.M)


def test_pre_commit_recipe_matches_the_shipped_hooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = next(b for b in YAML if "repos:" in b)
    assert re.search(rf"repo: {re.escape(PROJECT_URL)}\n", config)
    assert re.search(rf"rev: v{re.escape(__version__)}\n", config)
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    entries = dict(re.findall(r"- id: (\S+)\n(?:.*\n)*?\s+entry: (.*)", hooks))
    wanted = re.findall(r"- id: (\S+)", config)
    assert wanted == ["webcat-validate", "webcat-fmt"] and set(wanted) <= set(entries)
    (tmp_path / "data").mkdir()
    shutil.copyfile(ROOT / "data" / "catalogue.toml", tmp_path / "data" / "catalogue.toml")
    monkeypatch.chdir(tmp_path)
    for hook in wanted:
        argv = shlex.split(entries[hook])
        assert argv[0] == "webcat"
        result = CliRunner().invoke(app, argv[1:])
        assert result.exit_code == 0, (hook, result.output)


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><head><title>Opptak</title></head><body>Opptak</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.2", 0), _Ok)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_workflow_commands_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: ThreadingHTTPServer
) -> None:
    url = f"http://127.0.0.2:{server.server_address[1]}/opptak"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "catalogue.toml").write_text(
        f'schema_version = 1\nlanguage = "nb"\n\n[series.s]\ntitle = "Serie"\nurl = "{url}"\n',
        "utf-8",
    )
    base = tmp_path / "base.toml"
    base.write_text("")  # `|| : > /tmp/base.toml`: no catalogue on the base branch yet
    monkeypatch.chdir(tmp_path)
    commands = [
        shlex.split(line.replace("/tmp/base.toml", str(base)))
        for block in YAML
        for line in _runs(block)
        if line.startswith("webcat ")
    ]
    assert [c[1] for c in commands] == ["check", "validate", "fmt", "check"]
    for argv in commands:
        result = CliRunner().invoke(app, argv[1:])
        assert result.exit_code == 0, (argv, result.output)
        if argv[1] == "check":
            assert result.stdout.splitlines()[-1].startswith("::notice title=webcat check::1 link checked")
    nightly = next(b for b in YAML if "schedule" in b)
    (cached,) = set(re.findall(r"path: (\S+)", nightly))
    assert (tmp_path / cached / "catalogue.linkstate.json").is_file()
    assert (tmp_path / cached / ".gitignore").is_file()
    # the pull-request check refused the loopback address of the new URL, without a request
    pr = CliRunner().invoke(app, [*commands[-1][1:], "--format", "json"])
    assert '"reason": "non-public-address"' in pr.stdout


def test_the_nightly_recipe_keeps_the_state_of_a_failing_night() -> None:
    # actions/cache saves only when the job succeeds: the night a link fails the build, its
    # state (the day it failed, rate-limited links to check first, what a cancelled run
    # decided) would be lost, and --fail-after would count from an older state
    nightly = next(b for b in YAML if "schedule" in b)
    assert "actions/cache@" not in nightly
    steps = re.split(r"\n\s*- ", nightly)
    (restore,) = [s for s in steps if "uses: actions/cache/restore@" in s]
    (save,) = [s for s in steps if "uses: actions/cache/save@" in s]
    assert re.search(r"if: \$\{\{ always\(\) \}\}|if: always\(\)", save)
    assert steps.index(restore) < next(i for i, s in enumerate(steps) if "webcat check" in s)
    assert steps.index(save) > next(i for i, s in enumerate(steps) if "webcat check" in s)
