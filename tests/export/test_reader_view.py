"""What readers of a published catalogue see: never the editors' notes; images with their alt
text and credit; "watch" links for video platforms; upcoming and past webinars; registration
and contact; filters and a table of contents only where they help."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke, tiny_png

NOTED = """\
[series.s]
title = "Serie"
note = "NOTAT-serie"
registration = "https://example.org/meld-pa-serien"
contact = "kari"

[webinars.tidlig]
series = "s"
title = "Det tidlige"
date = 2024-01-10
registration = "https://example.org/meld-pa-tidlig"
note = "NOTAT-webinar"
tags = ["a"]

[webinars.senere]
series = "s"
title = "Det senere"
date = 2024-06-10T10:00:00+02:00
registration = "https://example.org/meld-pa-senere"
contact = "kari"
tags = ["b"]

[webinars.udatert]
series = "s"
title = "Det udaterte"

[resources.opptak]
kind = "recording"
title = "Opptaket"
url = "https://www.youtube.com/watch?v=abc123"
webinar = "tidlig"
description = "Med teksting."
note = "NOTAT-ressurs"

[people.kari]
name = "Kari Nordmann"
url = "mailto:kari@example.org"
note = "NOTAT-person"

[organisations.o]
name = "Org"
note = "NOTAT-organisasjon"

[projects.p]
title = "Prosjekt"
note = "NOTAT-prosjekt"

[tags.a]
title = "A"
note = "NOTAT-emne"

[tags.b]
title = "B"
"""

FORMATS = [
    ("html",),
    ("markdown",),
    ("json",),
    ("csv",),
    ("csv", "--per", "resource"),
    ("ics",),
    ("atom",),
    ("jsonld",),
    ("html", "--fragment"),
]


@pytest.fixture
def noted(write_catalogue: Callable[..., Path]) -> Path:
    return write_catalogue(NOTED)


@pytest.mark.parametrize("args", FORMATS, ids=" ".join)
def test_editors_notes_are_in_no_export(invoke: Invoke, noted: Path, args: tuple[str, ...]) -> None:
    result = invoke("export", *args, "--today", "2024-03-01", "-c", str(noted))
    assert result.exit_code == 0, result.stderr
    assert "NOTAT" not in result.stdout
    if args[0] in ("html", "markdown"):
        assert "Med teksting." in result.stdout  # the public description is


def test_json_keeps_notes_only_when_asked(invoke: Invoke, noted: Path) -> None:
    out = invoke("export", "json", "--with-notes", "-c", str(noted)).stdout
    assert out.count("NOTAT-") == 7
    refused = invoke("export", "csv", "--with-notes", "-c", str(noted))
    assert refused.exit_code == 2 and "only with json" in refused.stderr


def _html(invoke: Invoke, path: Path, today: str) -> str:
    """The page's body: what readers see (the JSON-LD in the head holds the data too)."""
    result = invoke("export", "html", "--today", today, "-c", str(path))
    assert result.exit_code == 0, result.stderr
    page = str(result.stdout)
    return page[page.index("<body") :]


def test_upcoming_and_past_are_split_by_today(invoke: Invoke, noted: Path) -> None:
    page = _html(invoke, noted, "2024-03-01")
    upcoming = page.index("Kommende webinarer")
    past = page.index("Tidligere webinarer")
    assert upcoming < page.index("Det senere") < past < page.index("Det tidlige")
    assert past < page.index("Det udaterte")
    # Registration for what is still to come (and the undated), not for what is over.
    assert "meld-pa-senere" in page and "meld-pa-tidlig" not in page
    # On the day itself a webinar is still upcoming; after everything, no split at all.
    assert "Kommende webinarer" in _html(invoke, noted, "2024-06-10")
    later = _html(invoke, noted, "2025-01-01")
    assert "Kommende webinarer" not in later and "Tidligere webinarer" not in later
    # The same date gives the same bytes.
    assert _html(invoke, noted, "2024-03-01") == page


def test_contact_and_series_registration(invoke: Invoke, noted: Path) -> None:
    page = _html(invoke, noted, "2024-03-01")
    assert 'Kontakt: <a href="mailto:kari@example.org">Kari Nordmann</a>' in page
    assert "meld-pa-serien" in page


def test_video_platform_recordings_are_watch_links_and_nothing_is_loaded(
    invoke: Invoke, noted: Path
) -> None:
    page = _html(invoke, noted, "2024-03-01")
    link = re.search(r'<a href="https://www\.youtube\.com/watch\?v=abc123"[^>]*>(.*?)</a>', page)
    assert link is not None
    assert "Se på YouTube" in link.group(1) and "Opptaket" in link.group(1)
    # Only that link names the platform: no iframe, image, preconnect or script from it.
    assert page.count("youtube.com") == 1
    assert "<iframe" not in page


def test_image_is_embedded_with_alt_and_credit(
    invoke: Invoke, write_catalogue: Callable[..., Path]
) -> None:
    path = write_catalogue(
        '[series.s]\ntitle = "S"\nimage = "b.png"\nimage_alt = "Et bord med lapper"\n'
        'image_credit = "Foto: Ola"\n\n[webinars.w]\nseries = "s"\ntitle = "W"\n'
    )
    (path.parent / "b.png").write_bytes(tiny_png())
    page = _html(invoke, path, "2024-01-01")
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Et bord med lapper"', page)
    assert "Bildekreditering: Foto: Ola" in page
    head = invoke("export", "html", "-c", str(path)).stdout
    assert "img-src data:;" in head  # the CSP allows exactly the embedded image


def test_filters_only_with_two_choices_and_toc_only_with_many_series(
    invoke: Invoke, noted: Path, write_catalogue: Callable[..., Path]
) -> None:
    page = _html(invoke, noted, "2024-03-01")
    assert 'id="f-tag"' in page  # tags a and b
    assert 'id="f-series"' not in page and 'id="f-speaker"' not in page
    assert 'class="toc"' not in page
    many = "".join(
        f'[series.s{i}]\ntitle = "Serie {i}"\n\n[webinars.w{i}]\nseries = "s{i}"\n'
        f'title = "W{i}"\n\n'
        for i in range(4)
    )
    page = _html(invoke, write_catalogue(many, name="many.toml"), "2024-03-01")
    assert 'class="toc"' in page and 'id="f-series"' in page


def test_fragment_has_no_page_and_no_global_styles(invoke: Invoke) -> None:
    from conftest import SEED
    from webcat.export.fragment import SCOPE

    result = invoke("export", "html", "--fragment", "-c", str(SEED))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith('<div class="webcat" data-webcat lang="nb">')
    assert out.rstrip().endswith("</div>")
    for tag in ("<html", "<head", "<body", "<h1", "<meta", "<link"):
        assert tag not in out, tag
    css = out[out.index("<style>") + 7 : out.index("</style>")]
    selectors = [g.strip() for g in re.findall(r"(?:^|[{}])([^{}]*)\{", css)]
    assert len(selectors) > 50
    for group in selectors:
        if group.startswith("@media"):
            continue
        for sel in group.split(","):
            assert sel.strip().startswith(SCOPE), sel
    assert "Inspirasjonsforedrag" in out and "<script>" in out


def test_fragment_is_refused_with_other_formats(invoke: Invoke) -> None:
    result = invoke("export", "markdown", "--fragment")
    assert result.exit_code == 2 and "--fragment" in result.stderr


def test_markdown_splits_upcoming_and_past_too(invoke: Invoke, noted: Path) -> None:
    out = invoke("export", "markdown", "--today", "2024-03-01", "-c", str(noted)).stdout
    upcoming = out.index("### Kommende webinarer")
    past = out.index("### Tidligere webinarer")
    assert upcoming < out.index("#### Det senere") < past < out.index("#### Det tidlige")
    assert "meld-pa-senere" in out and "meld-pa-tidlig" not in out
    assert "[Se på YouTube: Opptaket]" in out and "NOTAT" not in out


def test_images_from_a_model_built_in_code_are_checked_again(tmp_path: Path) -> None:
    from webcat.catalogue.model import Catalogue, Series, Text, Webinar
    from webcat.export import export
    from webcat.export.site import SiteOptions, build_site

    secret = tmp_path / "secret.png"
    secret.write_bytes(tiny_png())
    folder = tmp_path / "cat"
    folder.mkdir()
    for i, bad in enumerate(["../secret.png", "javascript:alert(1)", str(secret), "x.svg"]):
        cat = Catalogue(path=folder / "c.toml", language="nb")
        cat.series["s"] = Series(id="s", title=Text("S"), image=bad, image_alt=Text("alt"))
        cat.webinars["w"] = Webinar(id="w", series="s", title=Text("W"))
        page = export(cat, "html")
        assert "<img" not in page and "data:image" not in page, bad
        out = tmp_path / f"site{i}"
        build_site(cat, out, SiteOptions())
        assert not (out / "media").exists(), bad
