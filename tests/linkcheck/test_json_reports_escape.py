"""JSON reports of `webcat check` (``--format json``, SARIF) write every control, C1, bidi
control and U+2028/9 as a ``\\uXXXX`` escape, so no raw ESC or CSI reaches a terminal or a
CI log that shows the file; a JSON parser still reads back exactly the same text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import HEADER, Invoke
from linkcheck.conftest import Serve

FAST = ["--host-interval", "0", "--timeout", "5", "--retries", "0"]
#: ESC (and an OSC 8 link), BEL, C1 CSI, a right-to-left override, an isolate, U+2028, DEL
UNSAFE = "\x1b]8;;x\x07\x9b\u202e\u2066\u2028\x7f"
RAW = [c for c in UNSAFE if not c.isprintable()]
ESCAPES = ("\\u001b", "\\u0007", "\\u009b", "\\u202e", "\\u2066", "\\u2028", "\\u007f")


def _toml(text: str) -> str:
    return "".join(c if c.isprintable() and c != "\x7f" else f"\\u{ord(c):04x}" for c in text)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_check_reports_escape_what_the_catalogue_and_its_name_hold(
    serve: Serve, invoke: Invoke, tmp_path: Path, fmt: str
) -> None:
    srv = serve()
    path = tmp_path / f"talks{UNSAFE}.toml"
    bad_url = f"https://example.invalid/{UNSAFE}"
    path.write_text(
        HEADER + '[series.s]\ntitle = "S"\n\n'
        f'[webinars.a]\nseries = "s"\ntitle = "{_toml(UNSAFE)}"\nurl = "{srv.url("/status/404")}"\n\n'
        f'[webinars.b]\nseries = "s"\ntitle = "B"\nurl = "{_toml(bad_url)}"\n',
        encoding="utf-8",
    )
    for out in (None, tmp_path / f"report.{fmt}"):
        args = ["-o", str(out)] if out else []
        result = invoke("check", "-c", str(path), "--format", fmt, *FAST, *args)
        assert result.exit_code == 1, result.output
        text = out.read_text("utf-8") if out else result.stdout
        assert not any(c in text for c in RAW), ascii(text)
        assert all(e in text for e in ESCAPES), text
        data = json.loads(text)
        if fmt == "json":
            urls = {r["url"] for r in data["results"]}
            assert urls == {srv.url("/status/404"), bad_url}
            assert {p["file"] for r in data["results"] for p in r["places"]} == {str(path)}
        else:
            results = data["runs"][0]["results"]
            assert {r["partialFingerprints"]["url"] for r in results} == {
                srv.url("/status/404"),
                bad_url,
            }
            uris = {
                loc["physicalLocation"]["artifactLocation"]["uri"]
                for r in results
                for loc in r["locations"]
            }
            # SARIF names files by URI: an absolute path as a percent-encoded file: URI.
            assert uris == {path.as_uri()}
