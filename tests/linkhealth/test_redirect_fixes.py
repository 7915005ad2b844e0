"""Which permanent redirects are written back, and which are only reported."""

from __future__ import annotations

import pytest

from webcat.linkcheck.results import Outcome
from webcat.linkhealth.fixes import plan_redirect_fixes, refusal
from webcat.linkhealth.reports import Item, Status, Use


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("http://example.no/a", "https://example.no/a"),
        ("https://example.no/old/page", "https://example.no/new/page"),
        ("https://example.no/", "https://www.example.no/"),
        ("https://example.no/author/jane", "https://example.no/people/jane"),
    ],
)
def test_moves_are_fixed(old: str, new: str) -> None:
    assert refusal(old, new) is None


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("https://example.no/webinar/1", "https://example.no/", "front page"),
        ("https://example.no/webinar/1", "https://example.no", "front page"),
        ("https://example.no/doc.pdf", "https://example.no/login?next=/doc.pdf", "login"),
        ("https://example.no/doc.pdf", "https://sso.example.no/auth/realms/x", "login"),
        ("https://example.no/doc.pdf", "https://example.no/logg-inn", "login"),
    ],
)
def test_front_page_and_login_redirects_are_refused(old: str, new: str, why: str) -> None:
    reason = refusal(old, new)
    assert reason is not None and why in reason


def test_plan_lists_every_use_and_skips_other_outcomes() -> None:
    uses = [Use("webinars.a", "url"), Use("resources.b", "url")]
    items = [
        Item(
            "https://x.no/old",
            Outcome.REDIRECTED,
            Status.NOTICE,
            final_url="https://x.no/new",
            uses=uses,
        ),
        Item(
            "https://x.no/gone",
            Outcome.REDIRECTED,
            Status.NOTICE,
            final_url="https://x.no/",
            uses=uses,
        ),
        Item("https://x.no/ok", Outcome.OK, Status.PASS, uses=uses),
    ]
    fixes, refused = plan_redirect_fixes(items)
    assert [(f.use.entity, f.old, f.new) for f in fixes] == [
        ("webinars.a", "https://x.no/old", "https://x.no/new"),
        ("resources.b", "https://x.no/old", "https://x.no/new"),
    ]
    assert [i.url for i, _ in refused] == ["https://x.no/gone"]


def test_https_to_http_is_never_written_in() -> None:
    assert "downgrade" in (refusal("https://x.no/a", "http://x.no/a") or "")
    # a chain that went through http and back to https is refused too (the engine says so)
    item = Item(
        "https://x.no/a",
        Outcome.REDIRECTED,
        Status.NOTICE,
        final_url="https://y.no/a",
        redirect_downgrade=True,
        uses=[Use("webinars.a", "url")],
    )
    fixes, refused = plan_redirect_fixes([item])
    assert fixes == [] and "downgrade" in refused[0][1]


def test_moves_to_another_host_are_written_and_flagged() -> None:
    uses = [Use("webinars.a", "url")]
    items = [
        Item(
            "https://x.no/a",
            Outcome.REDIRECTED,
            Status.NOTICE,
            final_url="https://other.no/a",
            uses=uses,
        ),
        Item(
            "https://x.no/b",
            Outcome.REDIRECTED,
            Status.NOTICE,
            final_url="https://www.x.no/b",
            uses=uses,
        ),
    ]
    fixes, _ = plan_redirect_fixes(items)
    assert [(f.new, f.cross_host) for f in fixes] == [
        ("https://other.no/a", True),
        ("https://www.x.no/b", False),  # www. is the same site
    ]
