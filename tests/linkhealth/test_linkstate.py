"""The link state file: reuse of successes, failure history, fail-after, atomic saves."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import webcat_within
from webcat.linkhealth.state import (
    FailAfter,
    State,
    StateError,
    load_state,
    parse_duration,
    save_state,
)

T0 = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def test_success_is_reused_until_max_age_and_failure_never() -> None:
    state = State()
    state.record("https://a.example/", "ok", T0, http_status=200)
    state.record("https://b.example/", "broken", T0, http_status=404)
    assert state.reusable("https://a.example/", T0 + 6 * DAY, 7 * DAY) is not None
    assert state.reusable("https://a.example/", T0 + 8 * DAY, 7 * DAY) is None
    assert state.reusable("https://b.example/", T0, 7 * DAY) is None
    assert state.reusable("https://new.example/", T0, 7 * DAY) is None


def test_consecutive_failures_and_fail_after_runs() -> None:
    state = State()
    url = "https://flaky.example/"
    rule = FailAfter(days=2)
    first = state.record(url, "timeout", T0)
    assert (first.failures, rule.broken(first, T0)) == (1, False)
    # the next night it works: the count starts again
    ok = state.record(url, "ok", T0 + DAY)
    assert (ok.failures, ok.failing_since, rule.broken(ok, T0 + DAY)) == (0, None, False)
    again = state.record(url, "broken", T0 + 2 * DAY)
    assert (again.failures, rule.broken(again, T0 + 2 * DAY)) == (1, False)
    third = state.record(url, "broken", T0 + 3 * DAY)
    assert third.failures == 2 and rule.broken(third, T0 + 3 * DAY)
    assert third.failing_since == "2026-11-03T03:00:00Z"
    assert third.last_success == "2026-11-02T03:00:00Z"


def test_fail_after_duration() -> None:
    state = State()
    rule = FailAfter(duration=timedelta(hours=36))
    e = state.record("u", "error", T0)
    assert not rule.broken(e, T0)
    e = state.record("u", "error", T0 + DAY)
    assert not rule.broken(e, T0 + DAY)
    e = state.record("u", "error", T0 + 2 * DAY)
    assert rule.broken(e, T0 + 2 * DAY)


def test_stalest_first_puts_never_checked_first() -> None:
    state = State()
    state.record("old", "ok", T0)
    state.record("newer", "ok", T0 + DAY)
    assert state.stalest_first(["newer", "fresh", "old"]) == ["fresh", "old", "newer"]


def test_save_and_load_round_trip_sorted(tmp_path: Path) -> None:
    path = tmp_path / "state" / "links.json"
    state = State()
    state.record("https://b.example/ø", "ok", T0, http_status=200)
    state.record("https://a.example/", "redirected", T0, final_url="https://a.example/new")
    save_state(state, path)
    text = path.read_text("utf-8")
    assert text.index("a.example") < text.index("b.example")
    assert "ø" in text
    assert load_state(path) == state
    assert [p.name for p in path.parent.iterdir()] == ["links.json"]


def test_missing_file_is_empty_and_bad_file_is_an_error(tmp_path: Path) -> None:
    assert load_state(tmp_path / "none.json").urls == {}
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(StateError, match="cannot read link state"):
        load_state(bad)
    bad.write_text(json.dumps({"version": 99}), "utf-8")
    with pytest.raises(StateError, match="not a webcat link state file"):
        load_state(bad)


def test_prune_forgets_urls_no_longer_used() -> None:
    state = State()
    state.record("keep", "ok", T0)
    state.record("gone", "ok", T0)
    state.prune(["keep"])
    assert list(state.urls) == ["keep"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", timedelta(days=7)),
        ("12h", timedelta(hours=12)),
        ("90s", timedelta(seconds=90)),
        ("1w", timedelta(weeks=1)),
        ("P7D", timedelta(days=7)),
        ("PT1H30M", timedelta(minutes=90)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


def test_parse_duration_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("soon")


def test_failures_count_days_not_runs() -> None:
    state = State()
    url = "https://flaky.example/"
    rule = FailAfter(days=2)
    night = state.record(url, "broken", T0)
    rerun = state.record(url, "broken", T0 + timedelta(hours=5))  # a re-run that morning
    assert (rerun.failures, rule.broken(rerun, T0 + timedelta(hours=5))) == (1, False)
    assert rerun.failing_since == night.failing_since
    # just after midnight UTC it is another day, even if only an hour later
    late = state.record(url, "broken", datetime(2026, 11, 1, 23, 30, tzinfo=UTC))
    assert late.failures == 1
    early = state.record(url, "broken", datetime(2026, 11, 2, 0, 30, tzinfo=UTC))
    assert early.failures == 2 and rule.broken(early, early.checked())


def test_blocked_keeps_the_streak_and_is_checked_first() -> None:
    state = State()
    state.record("https://a.example/", "ok", T0)
    state.record("https://busy.example/", "broken", T0)
    blocked = state.record("https://busy.example/", "blocked", T0 + DAY, reason="rate-limited")
    assert (blocked.failures, blocked.failing_since) == (1, "2026-11-01T03:00:00Z")
    after = state.record("https://busy.example/", "broken", T0 + 2 * DAY)
    assert after.failures == 2  # the blocked day neither counted nor ended the streak
    state.record("https://busy.example/", "blocked", T0 + 3 * DAY)
    order = state.stalest_first(
        ["https://a.example/", "https://new.example/", "https://busy.example/"]
    )
    assert order == ["https://busy.example/", "https://new.example/", "https://a.example/"]


def test_default_state_path_is_in_a_self_ignoring_folder(tmp_path: Path) -> None:
    from webcat.linkhealth.state import state_path_for

    path = state_path_for(tmp_path / "data" / "katalog.toml")
    assert path == tmp_path / "data" / ".webcat_cache" / "katalog.linkstate.json"
    save_state(State(), path)
    assert (path.parent / ".gitignore").read_text().splitlines()[-1] == "*"
    assert load_state(path).urls == {}


def test_the_state_file_escapes_controls_and_reads_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    unsafe = "\x1b]8;;x\x07\x9b\u202e\u2066\u2028\x7f"
    state = State()
    state.record(f"https://a.example/{unsafe}", "error", T0, error=f"reset {unsafe}")
    state.record("https://b.example/", "redirected", T0, final_url=f"https://b.example/{unsafe}")
    save_state(state, path)
    text = path.read_text("utf-8")
    assert not any(c in text for c in unsafe if not c.isprintable()), ascii(text)
    for escape in ("\\u001b", "\\u0007", "\\u009b", "\\u202e", "\\u2066", "\\u2028", "\\u007f"):
        assert escape in text
    assert load_state(path) == state


def test_a_device_given_as_state_is_not_to_be_deleted(tmp_path: Path) -> None:
    # "delete the file to start afresh" is the hint for a damaged state file; said of
    # /dev/null, it would have a user (root, in a CI container) delete a device
    urls = tmp_path / "urls.txt"
    urls.write_text("", "utf-8")
    result = webcat_within(60)("check", str(urls), "--state", "/dev/null")
    assert result.returncode == 3, result.stderr
    assert "/dev/null: is a character device" in result.stderr
    assert "delete" not in result.stderr
    assert "hint: give --state a regular file" in result.stderr


def test_a_state_file_that_is_a_fifo_or_a_device_is_refused_without_reading(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "state.json"
    os.mkfifo(fifo)
    urls = tmp_path / "urls.txt"
    urls.write_text("", "utf-8")
    for state in (fifo, Path("/dev/zero")):
        result = webcat_within(60)("check", str(urls), "--state", str(state))
        assert result.returncode == 3, result.stderr
        kind = "a FIFO" if state == fifo else "a character device"
        assert f"{state}: is {kind}" in result.stderr and "Traceback" not in result.stderr
