"""`webcat add ... --from-url` through the real CLI, against pages served on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import rtoml

from conftest import Invoke

from .conftest import Site

VIDEO = (
    '<!doctype html><html lang="nb"><head><title>Samskaping i praksis | Kanal</title>'
    '<script type="application/ld+json">'
    + json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": "Samskaping i praksis",
            "description": "Et opptak om samskaping.",
            "uploadDate": "2022-04-05T10:00:00+02:00",
            "duration": "PT90M",
        }
    )
    + "</script></head><body></body></html>"
)


def data(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    return rtoml.loads(path.read_text(encoding="utf-8"))


def test_a_video_page_becomes_a_webinar_and_its_recording(
    invoke: Invoke, seed: Path, site: Site
) -> None:
    url = site.page("/v/1", VIDEO)
    result = invoke(
        "add", "webinar", "--series", "samskaping-webinarer", "--from-url", url, "-c", str(seed)
    )
    assert result.exit_code == 0, result.stderr
    webinar_id, recording_id = result.stdout.split()
    cat = data(seed)
    webinar = cat["webinars"][webinar_id]
    assert webinar["title"] == "Samskaping i praksis"
    assert webinar["duration"] == "PT1H30M"
    assert webinar["url"] == url
    assert str(webinar["date"]).startswith("2022-04-05 10:00:00+02:00") or str(
        webinar["date"]
    ).startswith("2022-04-05T10:00:00+02:00")
    recording = cat["resources"][recording_id]
    assert recording["kind"] == "recording" and recording["webinar"] == webinar_id
    assert invoke("validate", "-c", str(seed)).exit_code == 0


def test_flags_win_and_dry_run_writes_nothing(invoke: Invoke, seed: Path, site: Site) -> None:
    url = site.page("/v/2", VIDEO)
    before = seed.read_bytes()
    result = invoke(
        "add", "webinar", "--series", "samskaping-webinarer", "--title", "Min tittel",
        "--from-url", url, "--dry-run", "-c", str(seed),
    )
    assert result.exit_code == 0, result.stderr
    assert "title: Min tittel  (flag)" in result.stderr
    assert "would add webinars.min-tittel" in result.stderr
    # the diff of the file: the webinar and its recording, nothing written
    assert result.stdout.startswith(f"--- a/{str(seed).lstrip('/')}\n+++ b/")
    assert "\n+[webinars.min-tittel]\n" in result.stdout and "\n+[resources." in result.stdout
    assert seed.read_bytes() == before


def test_failures_are_one_line_and_change_nothing(invoke: Invoke, seed: Path, site: Site) -> None:
    before = seed.read_bytes()
    missing = invoke(
        "add", "resource", "--webinar", "samskaping-hvorfor-hva-og-hvordan",
        "--from-url", site.base + "/missing", "-c", str(seed),
    )
    assert missing.exit_code == 1
    assert "HTTP 404" in missing.stderr and "Traceback" not in missing.stderr
    offline = invoke(
        "add", "resource", "--webinar", "samskaping-hvorfor-hva-og-hvordan",
        "--from-url", site.base + "/v/1", "--offline", "-c", str(seed),
    )
    assert offline.exit_code == 1 and "--offline" in offline.stderr
    assert site.paths() == ["/missing"]  # --offline asked nothing
    assert seed.read_bytes() == before


def test_many_resources_from_stdin_in_one_write(invoke: Invoke, seed: Path, site: Site) -> None:
    deck = site.page("/deck.pptx", b"PK\x03\x04", "application/vnd.ms-powerpoint")
    page = site.page("/about", "<html><head><title>Om prosjektet - TF</title></head></html>")
    result = invoke(
        "add", "resource", "--webinar", "samskaping-hvorfor-hva-og-hvordan",
        "--title", "Felles tittel", "--from-url", "-", "-c", str(seed),
        input=f"{deck}\n# a comment\n\n{page}\n",
    )
    assert result.exit_code == 0, result.stderr
    ids = result.stdout.split()
    assert len(ids) == 2
    resources = data(seed)["resources"]
    assert resources[ids[0]]["kind"] == "slides" and resources[ids[0]]["format"] == "PowerPoint"
    assert resources[ids[1]]["kind"] == "page" and resources[ids[1]]["url"] == page

    before = seed.read_bytes()
    bad = invoke(
        "add", "resource", "--webinar", "samskaping-hvorfor-hva-og-hvordan",
        "--from-url", "-", "-c", str(seed), input=f"{page}\n{site.base}/nope\n",
    )
    assert bad.exit_code == 1 and "/nope" in bad.stderr
    assert seed.read_bytes() == before
