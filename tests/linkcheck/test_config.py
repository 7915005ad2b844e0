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
