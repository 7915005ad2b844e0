"""Credentials go to their origin only; userinfo in a URL is neither sent nor shown."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from linkcheck.conftest import Serve
from webcat.linkcheck import CheckConfig, LinkResult, Outcome, check_urls
from webcat.linkcheck.config import HostSettings
from webcat.linkcheck.results import redact


def test_origin_token_is_not_sent_to_the_same_host_on_another_port(
    serve: Serve, quick: CheckConfig
) -> None:
    a = serve("127.0.0.2")
    b = serve("127.0.0.2")  # same host, another port
    config = replace(quick, hosts={a.base: HostSettings(token="s3cret")})
    [result] = check_urls([a.url(f"/redirect/302?to={b.url('/whoami')}")], config)
    assert result.outcome is Outcome.OK
    assert [r.authorization for r in a.record.requests] == ["Bearer s3cret"]
    assert [r.authorization for r in b.record.requests] == [None]


def test_host_name_token_is_not_sent_over_plain_http(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    config = replace(quick, hosts={"127.0.0.2": HostSettings(token="s3cret")})
    check_urls([srv.url("/whoami")], config)
    assert [r.authorization for r in srv.record.requests] == [None]


def test_userinfo_is_not_sent_as_basic_auth_nor_shown(serve: Serve, quick: CheckConfig) -> None:
    srv = serve()
    url = f"http://alice:hunter2@{srv.host}:{srv.port}/redirect/302?to=/whoami"
    [result] = check_urls([url], quick)
    assert result.outcome is Outcome.OK
    assert [r.authorization for r in srv.record.requests] == [None, None]
    assert result.url == url  # the caller's key, unchanged
    shown = " ".join(str(v) for v in (result.display_url, result.final_url, result.error))
    assert "hunter2" not in shown and "alice" not in shown
    assert result.display_url == f"http://***@{srv.host}:{srv.port}/redirect/302?to=/whoami"


def test_userinfo_is_sent_where_configured_and_only_to_its_origin(
    serve: Serve, quick: CheckConfig
) -> None:
    a, b = serve("127.0.0.2"), serve("127.0.0.2")
    config = replace(quick, hosts={a.base: HostSettings(url_credentials=True)})
    url = f"http://alice:hunter2@{a.host}:{a.port}/redirect/302?to={b.url('/whoami')}"
    check_urls([url], config)
    assert [r.authorization for r in a.record.requests] == ["Basic YWxpY2U6aHVudGVyMg=="]
    assert [r.authorization for r in b.record.requests] == [None]


def test_redact() -> None:
    assert redact("https://u:p@example.org/x") == "https://***@example.org/x"
    assert redact("https://token@example.org/") == "https://***@example.org/"
    assert redact("https://example.org/a@b") == "https://example.org/a@b"
    assert redact("mailto:a@b.org") == "mailto:a@b.org"
    assert LinkResult("https://u:p@h/", Outcome.OK).display_url == "https://***@h/"


def test_redirect_data_for_fixing_links(serve: Serve, quick: CheckConfig) -> None:
    a, b = serve("127.0.0.2"), serve("127.0.0.3")
    same = a.url("/redirect/301?to=/ok")
    cross = a.url(f"/redirect/308?to={b.url('/ok')}")
    plain = a.url("/ok")
    results = {r.url: r for r in check_urls([same, cross, plain], quick)}
    assert (results[same].outcome, results[same].redirect_cross_host) == (
        Outcome.REDIRECTED,
        False,
    )
    assert (results[cross].outcome, results[cross].redirect_cross_host) == (
        Outcome.REDIRECTED,
        True,
    )
    assert not any(r.redirect_downgrade for r in results.values())
    assert results[plain].redirect_cross_host is False


TLS_SCRIPT = """
import json, ssl, sys
sys.path.insert(0, sys.argv[1])
from conftest import TestServer
from webcat.linkcheck import CheckConfig, check_urls
from webcat.linkcheck.config import HostSettings

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(sys.argv[2], sys.argv[3])
secure, plain = TestServer("127.0.0.2", tls=context), TestServer("127.0.0.2")
config = CheckConfig(hosts={secure.base: HostSettings(token="s3cret")}, retries=0, timeout=5)
urls = [
    secure.url("/redirect/301?to=" + plain.url("/whoami")),
    secure.url("/redirect/301?to=/whoami"),
]
results = check_urls(urls, config)
print(json.dumps({
    "results": [[r.outcome.value, r.redirect_downgrade, r.redirect_cross_host] for r in results],
    "secure": [r.authorization for r in secure.record.requests],
    "plain": [r.authorization for r in plain.record.requests],
}))
"""


def test_https_to_http_is_flagged_and_never_carries_the_token(tmp_path: Path) -> None:
    import json
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    if shutil.which("openssl") is None:
        pytest.skip("openssl not available to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.2",
         "-addext", "subjectAltName=IP:127.0.0.2"],
        check=True, capture_output=True,
    )  # fmt: skip
    script = tmp_path / "tls.py"
    script.write_text(TLS_SCRIPT)
    # aiohttp builds its verifying TLS context when imported: a fresh process trusts the
    # test certificate through SSL_CERT_FILE
    env = {**__import__("os").environ, "SSL_CERT_FILE": str(cert)}
    done = subprocess.run(
        [sys.executable, str(script), str(Path(__file__).parent), str(cert), str(key)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["results"] == [["redirected", True, False], ["redirected", False, False]]
    assert data["secure"] == ["Bearer s3cret", "Bearer s3cret", "Bearer s3cret"]
    assert data["plain"] == [None]
