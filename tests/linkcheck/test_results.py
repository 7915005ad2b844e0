"""The outcome vocabulary: one FAILING set, a reason on every result, transience."""

from __future__ import annotations

from webcat.linkcheck import FAILING, LinkResult, Outcome, Reason, http_reason, is_transient


def test_failing_is_one_set_usable_with_plain_words() -> None:
    assert {"broken", "timeout", "error"} == FAILING
    assert "broken" in FAILING and "blocked" not in FAILING and "not-checked" not in FAILING
    assert [o.value for o in Outcome if o.failing] == ["broken", "timeout", "error"]


def test_every_result_has_a_reason() -> None:
    assert LinkResult("u", Outcome.BROKEN, 404).reason == "http-404"
    assert LinkResult("u", Outcome.OK, 200).reason == "ok"
    assert LinkResult("u", Outcome.BLOCKED, 429).reason == "rate-limited"
    assert LinkResult("u", Outcome.REDIRECTED, 200).reason == "permanent-redirect"
    given = LinkResult("u", Outcome.BROKEN, 200, reason=Reason.SOFT_404)
    assert given.reason == "soft-404" and http_reason(503) == "http-503"
    # the words are stable strings (a StrEnum member equals its plain word, which mypy's
    # strict equality takes for impossible between two literal types)
    assert Reason.LOGIN_WALL == "login-wall" and Reason.NON_PUBLIC_ADDRESS == "non-public-address"  # type: ignore[comparison-overlap]


def test_transient_failures_only() -> None:
    def r(outcome: Outcome, status: int | None = None, reason: str = "") -> LinkResult:
        return LinkResult("u", outcome, status, reason=reason)

    assert is_transient(r(Outcome.TIMEOUT))
    assert is_transient(r(Outcome.ERROR, reason=Reason.CONNECTION))
    assert is_transient(r(Outcome.BROKEN, 503))
    assert not is_transient(r(Outcome.BROKEN, 404))
    assert not is_transient(r(Outcome.BROKEN, 200, Reason.SOFT_404))
    assert not is_transient(r(Outcome.ERROR, reason=Reason.TLS))
    assert not is_transient(r(Outcome.BROKEN, reason=Reason.DNS))
    assert not is_transient(r(Outcome.BLOCKED, 429))  # not failing: nothing to retry for
