"""`webcat check` visits every field that holds a web address - ``url``, ``registration``,
an ``image`` given as a URL - and names the entry and field of each use; an image given as
a file beside the catalogue is no link and is never requested."""

from __future__ import annotations

import json

from conftest import Invoke, WriteCatalogue
from linkcheck.conftest import Serve

FAST = ["--host-interval", "0", "--timeout", "5", "--retries", "0"]


def test_registration_and_image_urls_are_checked_with_entry_and_field(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    site, images = serve("127.0.0.2"), serve("127.0.0.3")
    signup, gone, poster = site.url("/status/404"), images.url("/status/410"), images.url("/ok")
    path = write_catalogue(
        f"""\
        [series.s]
        title = "Serie"
        url = "{site.url("/ok")}"
        registration = "{signup}"
        image = "{gone}"
        image_alt = "Plakat"

        [webinars.w]
        series = "s"
        title = "Webinar"
        registration = "{signup}"
        image = "{poster}"
        image_alt = "Bilde"

        [webinars.v]
        series = "s"
        title = "Webinar med bilde i mappa"
        image = "bilder/v.png"
        image_alt = "Bilde"
        """
    )
    result = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert result.exit_code == 1, result.output
    results = {r["url"]: r for r in json.loads(result.stdout)["results"]}
    assert set(results) == {site.url("/ok"), signup, gone, poster}
    assert results[signup]["outcome"] == "broken" and results[gone]["outcome"] == "broken"
    assert results[poster]["outcome"] == "ok"

    def places(url: str) -> list[tuple[str, str, int]]:
        return [(p["entity"], p["field"], p["line"]) for p in results[url]["places"]]

    assert places(signup) == [("series.s", "registration", 7), ("webinars.w", "registration", 14)]
    assert places(gone) == [("series.s", "image", 8)]
    assert places(poster) == [("webinars.w", "image", 15)]
    # the text report names the entry of a broken registration too
    text = invoke("check", "-c", str(path), "--max-age", "0s", *FAST)
    line = next(x for x in text.stdout.splitlines() if signup in x)
    assert "series.s" in line and "webinars.w" in line


def test_an_invalid_image_url_is_reported_and_an_image_file_is_not(
    serve: Serve, write_catalogue: WriteCatalogue, invoke: Invoke
) -> None:
    site = serve()
    path = write_catalogue(
        f"""\
        [series.s]
        title = "Serie"
        image = "https://bilder example.invalid/x.png"
        image_alt = "Plakat"
        registration = "{site.url("/ok")}"

        [webinars.w]
        series = "s"
        title = "Webinar"
        image = "../utenfor.png"
        image_alt = "Bilde"
        """
    )
    result = invoke("check", "-c", str(path), "--format", "json", *FAST)
    assert result.exit_code == 1, result.output
    results = {r["url"]: r for r in json.loads(result.stdout)["results"]}
    assert set(results) == {site.url("/ok"), "https://bilder example.invalid/x.png"}
    bad = results["https://bilder example.invalid/x.png"]
    assert bad["reason"] == "invalid-url" and bad["places"][0]["field"] == "image"
    assert len(site.record.requests) == 1
