"""Reading options: status code specs and the ``[check]`` table."""

from __future__ import annotations

import pytest

from webcat.linkcheck.config import (
    DEFAULT_USER_AGENT,
    CheckConfig,
    ConfigError,
    HostSettings,
    config_from_table,
    parse_codes,
)


def test_parse_codes_lists_and_ranges():
    assert parse_codes("200,403") == {200, 403}
    assert parse_codes("500-502, 999") == {500, 501, 502, 999}
    assert parse_codes("200..201") == {200, 201}
    assert parse_codes([403, "429"]) == {403, 429}
    assert parse_codes(418) == {418}
    for bad in ("abc", "600-500", "20", "1000", True):
        with pytest.raises(ConfigError):
            parse_codes(bad)


def test_table_sets_options_and_hosts():
    table = {
        "host_concurrency": 2,
        "host_interval": 0.5,
        "timeout": 10,
        "accept": [403],
        "exclude": "^https://intranet\\.",
        "hosts": {
            "API.Example.org": {
                "accept": "429",
                "method": "GET",
                "concurrency": 1,
                "interval": 2,
                "headers": {"X-A": "b"},
                "token_env": "EXAMPLE_TOKEN",
            }
        },
    }
    config = config_from_table(table, environ={"EXAMPLE_TOKEN": "t0k"})
    assert (config.host_concurrency, config.host_interval, config.timeout) == (2, 0.5, 10.0)
    assert config.accept == {403}
    assert config.exclude[0].search("https://intranet.example.org/x")
    host = config.host("api.example.org")
    assert (host.method, host.concurrency, host.interval) == ("get", 1, 2.0)
    assert host.request_headers() == {"X-A": "b", "Authorization": "Bearer t0k"}
    assert config.concurrency_for("api.example.org") == 1
    assert config.concurrency_for("other.org") == 2
    assert "t0k" not in repr(host)  # tokens stay out of logs
    assert config.user_agent == DEFAULT_USER_AGENT


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"host_concurency": 2}, "host_concurency"),
        ({"timeout": "soon"}, "timeout"),
        ({"timeout": 0}, "timeout"),
        ({"retries": 1.5}, "retries"),
        ({"exclude": ["("]}, "exclude"),
        ({"hosts": {"a.org": {"method": "post"}}}, "method"),
        ({"hosts": {"a.org": {"token_env": "WEBCAT_NO_SUCH_VAR"}}}, "WEBCAT_NO_SUCH_VAR"),
        ({"hosts": {"a.org": {"colour": "red"}}}, "colour"),
    ],
)
def test_bad_table_names_the_setting(table, needle):
    with pytest.raises(ConfigError, match=needle):
        config_from_table(table, environ={})


def test_host_names_are_matched_case_insensitively():
    config = CheckConfig(hosts={"WWW.Example.ORG": HostSettings(concurrency=1)})
    assert config.concurrency_for("www.example.org") == 1


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"timeout": float("inf")}, "check.timeout must be a finite number"),
        ({"timeout": float("nan")}, "check.timeout must be a finite number"),
        ({"timeout": 1e309}, "check.timeout must be a finite number"),
        ({"timeout": 1e308}, "check.timeout must be greater than 0 and at most 3600"),
        ({"connect_timeout": -1}, "connect_timeout"),
        ({"host_interval": 1e308}, "check.host_interval must be at least 0 and at most 3600"),
        ({"host_interval": float("nan")}, "host_interval"),
        ({"max_retry_after": float("inf")}, "max_retry_after"),
        ({"retries": 10**9}, "check.retries must be at least 0 and at most 20"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"host_concurrency": True}, "host_concurrency"),
        ({"hosts": {"a.org": {"interval": 1e308}}}, 'check.hosts."a.org".interval'),
        ({"hosts": {"a.org": {"interval": float("nan")}}}, "finite"),
        ({"hosts": {"a.org": {"concurrency": 10**12}}}, 'check.hosts."a.org".concurrency'),
        ({"accept": [[1]]}, "check.accept: not a status code or range: [1]"),
        ({"accept": {"a": 1}}, "check.accept"),
        ({"hosts": {"a.org": {"accept": [None]}}}, 'check.hosts."a.org".'),
        ({"user_agent": "webcat\r\nX-Injected: 1"}, "check.user_agent must not contain control"),
        ({"hosts": {"a.org": {"headers": {"X-A": "b\nc"}}}}, "header X-A must not contain"),
        ({"hosts": {"a.org": {"headers": {"X A": "b"}}}}, "not a valid HTTP header name"),
        ({"hosts": {"a.org": {"token": "abc\r\n"}}}, "token must not contain"),
        ({"hosts": {"a.org": {"token": "abc\x1b[31m"}}}, "token must not contain"),
        ({"hosts": {"https://a.org/path": {}}}, "must be a host name or an origin"),
        ({"hosts": {"ftp://a.org": {}}}, "must be a host name or an origin"),
        ({"hosts": {"a.org": {"login_wall": "yes"}}}, "login_wall"),
        ({"method": "post"}, "check.method"),
        ({"public_only": "yes"}, "check.public_only must be true or false"),
        ({"soft_404": 1}, "check.soft_404"),
    ],
)
def test_bad_numbers_and_texts_are_config_errors(table, needle):
    with pytest.raises(ConfigError) as caught:
        config_from_table(table, environ={})
    assert needle in str(caught.value)
    assert "\n" not in str(caught.value) and "\r" not in str(caught.value)


def test_token_from_the_environment_is_checked_too():
    with pytest.raises(ConfigError, match="token must not contain control"):
        config_from_table({"hosts": {"a.org": {"token_env": "T"}}}, environ={"T": "x\ny"})


@pytest.mark.parametrize(
    "changes",
    [
        {"timeout": float("inf")},
        {"timeout": float("nan")},
        {"host_interval": 1e308},
        {"retries": -1},
        {"user_agent": "a\rb"},
        {"max_body_bytes": 2**40},
    ],
)
def test_flags_are_held_to_the_same_ranges(changes):
    # the CLI applies flags with with_options; a ConfigError there is its exit 2
    with pytest.raises(ConfigError):
        CheckConfig().with_options(**changes)


def test_credentials_match_the_origin():
    config = config_from_table(
        {
            "hosts": {
                "api.example.org": {"token": "t1", "headers": {"X-K": "v"}, "concurrency": 2},
                "http://intranet.example.org:8080": {"token": "t2"},
            }
        }
    )
    # a host-name table's credentials go to https on port 443 only
    assert config.credentials_for("https", "api.example.org", None) == {
        "X-K": "v",
        "Authorization": "Bearer t1",
    }
    assert config.credentials_for("https", "api.example.org", 443)["Authorization"] == "Bearer t1"
    assert config.credentials_for("http", "api.example.org", None) == {}
    assert config.credentials_for("https", "api.example.org", 8443) == {}
    assert config.credentials_for("https", "other.example.org", None) == {}
    # but its politeness settings hold for the host on every scheme and port
    assert config.settings_for("http", "api.example.org", 8080).concurrency == 2
    # an origin table: exactly that scheme, host and port
    assert config.credentials_for("http", "intranet.example.org", 8080) == {
        "Authorization": "Bearer t2"
    }
    assert config.credentials_for("https", "intranet.example.org", 8080) == {}
    assert config.credentials_for("http", "intranet.example.org", 80) == {}


def test_public_only_and_soft_404_from_the_table():
    config = config_from_table({"public_only": True, "soft_404": False, "method": "HEAD"})
    assert (config.public_only, config.soft_404, config.method) == (True, False, "head")


def test_importing_and_configuring_costs_no_http_client():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from webcat.linkcheck import CheckConfig, config_from_table, is_transient, Reason\n"
        "config_from_table({'public_only': True, 'providers': {'vimeo': {'enabled': False}}})\n"
        "print(sorted(m for m in ('aiohttp', 'yarl', 'multidict') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
