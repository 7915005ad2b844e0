"""Reading what pages say about themselves, from real pages served on loopback."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from webcat.linkcheck import CheckConfig
from webcat.pagemeta.entry import entry_values, recording_values
from webcat.pagemeta.facts import normalise_duration, parse_date
from webcat.pagemeta.fetch import FetchError, oembed_endpoint, read_url

from .conftest import Site

VIDEO_LD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "Organization", "name": "Kanal"},
        {
            "@type": "VideoObject",
            "name": "Samskaping i praksis",
            "description": "Opptak av webinaret om   samskaping.",
            "uploadDate": "2022-04-05T10:00:00+02:00",
            "duration": "PT1H30M",
            "inLanguage": "nb",
        },
    ],
}


def page(head: str, body: str = "", lang: str = "nb") -> str:
    return f'<!doctype html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_wins_over_opengraph_and_title(site: Site) -> None:
    url = site.page(
        "/v/1",
        page(
            '<title>Noe annet | Kanal</title><meta property="og:title" content="OG-tittel">'
            + ld(VIDEO_LD)
        ),
    )
    facts = read_url(url)
    assert facts.title == "Samskaping i praksis"
    assert facts.description == "Opptak av webinaret om samskaping."
    assert facts.date == dt.datetime(2022, 4, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert facts.duration == "PT1H30M"
    assert facts.what == "video"
    assert facts.sources["title"] == "JSON-LD VideoObject"


def test_opengraph_then_title_without_the_site_suffix(site: Site) -> None:
    og = site.page(
        "/og",
        page(
            '<meta property="og:title" content="Ledelse og samskaping">'
            '<meta property="og:type" content="video.other">'
            '<meta property="video:duration" content="3725">'
            '<meta property="og:locale" content="nn_NO">'
            '<meta property="article:published_time" content="2022-03-22T09:00:00Z">'
        ),
    )
    facts = read_url(og)
    assert (facts.title, facts.what, facts.duration) == ("Ledelse og samskaping", "video", "PT1H2M5S")
    assert facts.language == "nn-NO"  # OpenGraph comes before <html lang="nb">
    assert facts.date == dt.datetime(2022, 3, 22, 9, tzinfo=dt.UTC)

    plain = site.page("/t", page("<title>Politikerrollen og kommuneloven | Kanal</title>"))
    assert read_url(plain).title == "Politikerrollen og kommuneloven"
    dashed = site.page("/d", page("<title>Samskaping – hvorfor, hva og hvordan</title>"))
    assert read_url(dashed).title == "Samskaping – hvorfor, hva og hvordan"


def test_discovered_oembed_fills_what_the_page_lacks(site: Site) -> None:
    site.page(
        "/oembed",
        json.dumps({"type": "video", "title": "Fra oEmbed", "provider_name": "Kanal"}),
        content_type="application/json",
    )
    url = site.page(
        "/watch",
        page(
            '<title>Fra oEmbed - Kanal</title><link rel="alternate" '
            'type="application/json+oembed" href="/oembed">'
        ),
    )
    facts = read_url(url)
    assert facts.what == "video"
    assert facts.title == "Fra oEmbed"
    assert facts.sources["title"] == "oEmbed"
    assert "/oembed" in site.paths()


def test_a_pdf_gives_its_document_title_and_deck_shape(site: Site) -> None:
    from pypdf import PdfWriter

    def pdf(width: int, height: int, title: str) -> bytes:
        writer = PdfWriter()
        writer.add_blank_page(width, height)
        writer.add_metadata({"/Title": title})
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    deck = site.page("/deck.pdf", pdf(960, 540, "Samskabelse Telemark JT"), "application/pdf")
    report = site.page("/rapport.pdf", pdf(595, 842, "Rapport 2022"), "application/pdf")
    facts = read_url(deck)
    assert (facts.title, facts.what, facts.format) == ("Samskabelse Telemark JT", "slides", "PDF")
    assert entry_values("resources", facts, "nb") == {
        "title": "Samskabelse Telemark JT", "kind": "slides", "url": deck, "format": "PDF",
    }
    assert read_url(report).what == "document"


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [("/missing", 404, "HTTP 404"), ("/gone", 410, "HTTP 410")],
)
def test_an_error_answer_is_one_line(site: Site, path: str, status: int, message: str) -> None:
    site.page("/gone", "<title>Borte</title>", status=410)
    with pytest.raises(FetchError) as caught:
        read_url(site.base + path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_page_with_nothing_usable_is_refused(site: Site) -> None:
    url = site.page("/empty", "<html><body><p>hei</p></body></html>")
    with pytest.raises(FetchError, match="says nothing usable"):
        read_url(url)


def test_non_http_and_unreachable(site: Site) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        read_url("ftp://example.org/x")
    with pytest.raises(FetchError, match="could not connect"):
        read_url("http://127.0.0.1:9/x", CheckConfig(timeout=5))


def test_slow_server_times_out_with_the_configured_timeout(site: Site) -> None:
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    try:
        with pytest.raises(FetchError, match="no answer within"):
            read_url(f"http://127.0.0.1:{port}/", CheckConfig(timeout=0.5, read_timeout=0.5))
    finally:
        for s in accepted:
            s.close()
        listener.close()


def test_a_token_stays_with_its_host_across_redirects(site: Site) -> None:
    from webcat.linkcheck.config import config_from_table

    target = site.other_base + "/v/1"
    site.page("/v/1", page("<title>Målet</title>"))
    start = site.page("/start", "", status=302, Location=target)
    config = config_from_table({"hosts": {"127.0.0.1": {"token": "hemmelig"}}})
    assert read_url(start, config).title == "Målet"
    headers = dict(site.seen)
    assert headers["/start"].get("Authorization") == "Bearer hemmelig"
    assert "Authorization" not in headers["/v/1"]


def test_video_page_becomes_webinar_and_recording_in_the_catalogues_language() -> None:
    from webcat.pagemeta.facts import Facts

    facts = Facts(url="https://video.example/v/1")
    facts.set("title", "Co-creation in practice", "JSON-LD VideoObject")
    facts.set("language", "en", "JSON-LD VideoObject")
    facts.set("what", "video", "JSON-LD VideoObject")
    facts.set("date", dt.date(2022, 4, 5), "JSON-LD VideoObject")
    webinar = entry_values("webinars", facts, "nb")
    assert webinar == {
        "title": {"en": "Co-creation in practice"}, "language": "en",
        "date": dt.date(2022, 4, 5), "url": "https://video.example/v/1",
    }
    assert recording_values(facts, "en") == {
        "title": "Co-creation in practice", "kind": "recording",
        "url": "https://video.example/v/1", "published": dt.date(2022, 4, 5),
    }


def test_normalisers() -> None:
    assert normalise_duration("PT90M") == "PT1H30M"
    assert normalise_duration("PT1.5H") == "PT1H30M"
    assert normalise_duration("1:02:03") == "PT1H2M3S"
    assert normalise_duration("P1M") is None and normalise_duration("soon") is None
    assert parse_date("2022-03-22") == dt.date(2022, 3, 22)
    assert parse_date("2022-03-22T09:00:00") == dt.date(2022, 3, 22)
    assert parse_date("2022-03-22T09:00:00+01:00") == dt.datetime(
        2022, 3, 22, 9, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert oembed_endpoint("https://www.youtube.com/watch?v=abc") == (
        "https://www.youtube.com/oembed?format=json&url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3Dabc"
    )
    assert oembed_endpoint("https://example.org/watch") is None


def test_the_address_policy_applies_to_pages_and_their_redirects(site: Site) -> None:
    """As for `webcat check`: link-local (cloud metadata) is refused by default, loopback
    with public_only; both without a packet leaving loopback (the refusal comes first)."""
    with pytest.raises(FetchError, match="refused"):
        read_url("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(FetchError, match="refused"):
        read_url("http://[::ffff:169.254.169.254]/")
    start = site.page("/to-metadata", "", status=302, Location="http://169.254.169.254/x")
    with pytest.raises(FetchError, match="refused"):
        read_url(start)
    url = site.page("/fine", "<title>Fin side</title>")
    assert read_url(url).title == "Fin side"
    with pytest.raises(FetchError, match="refused"):
        read_url(url, CheckConfig(public_only=True))
