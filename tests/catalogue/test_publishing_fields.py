"""The fields a published page needs: editors' notes, images with alt text and credit,
registration and contact; checked by `webcat validate` and described by `webcat schema`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke, tiny_png

SERIES = """\
[series.s]
title = "Serie"
{extra}

[webinars.w]
series = "s"
title = "Webinar"

[people.kari]
name = "Kari Nordmann"
url = "mailto:kari@example.org"
"""


def _problems(invoke: Invoke, path: Path) -> list[dict[str, object]]:
    result = invoke("validate", "-c", str(path), "-f", "json")
    data = json.loads(result.stdout)
    problems: list[dict[str, object]] = data["problems"] if isinstance(data, dict) else data
    return problems


@pytest.mark.parametrize(
    ("extra", "code", "field"),
    [
        ('image = "bilde.png"', "missing-field", "image"),  # no alt text
        ('image_credit = "Foto: NN"', "missing-field", "image_credit"),  # credit, no image
        ('image = "finnes-ikke.png"\nimage_alt = "x"', "missing-file", "image"),
        ('image = "../utenfor.png"\nimage_alt = "x"', "bad-image", "image"),
        ('image = "/etc/bilde.png"\nimage_alt = "x"', "bad-image", "image"),
        ('image = "logo.svg"\nimage_alt = "x"', "bad-image", "image"),
        ('image = "javascript:alert(1)"\nimage_alt = "x"', "bad-image", "image"),
        ('image = "ftp://example.org/a.png"\nimage_alt = "x"', "bad-image", "image"),
        ('contact = "ola"', "dangling-reference", "contact"),
        ('registration = "javascript:alert(1)"', "bad-url", "registration"),
    ],
)
def test_bad_images_registration_and_contact_are_problems(
    invoke: Invoke,
    write_catalogue: Callable[..., Path],
    extra: str,
    code: str,
    field: str,
) -> None:
    path = write_catalogue(SERIES.format(extra=extra))
    (path.parent / "bilde.png").write_bytes(tiny_png())
    problems = _problems(invoke, path)
    assert [(p["code"], p["field"]) for p in problems] == [(code, field)], problems
    assert all(p["line"] for p in problems)


def test_a_complete_image_registration_and_contact_are_valid(
    invoke: Invoke, write_catalogue: Callable[..., Path]
) -> None:
    extra = (
        'image = "bilder/bilde.png"\nimage_alt = "Et bord"\nimage_credit = "Foto: NN"\n'
        'registration = "https://example.org/meld-på"\ncontact = "kari"\n'
        'note = "Bildet er godkjent av fotografen."'
    )
    path = write_catalogue(SERIES.format(extra=extra))
    (path.parent / "bilder").mkdir()
    (path.parent / "bilder" / "bilde.png").write_bytes(tiny_png())
    result = invoke("validate", "-c", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_schema_describes_the_new_fields(invoke: Invoke) -> None:
    schema = json.loads(invoke("schema").stdout)
    series = schema["$defs"]["series"]
    assert series["dependentRequired"]["image"] == ["image_alt"]
    assert series["dependentRequired"]["image_credit"] == ["image"]
    for kind in ("series", "webinar"):
        props = schema["$defs"][kind]["properties"]
        assert {"image", "image_alt", "image_credit", "registration", "contact", "note"} <= set(
            props
        )
    for kind in schema["$defs"].values():
        assert "never" in kind["properties"]["note"]["description"]
    assert "description" in schema["$defs"]["resource"]["properties"]


def test_schema_accepts_and_refuses_like_validate(tmp_path: Path) -> None:
    import jsonschema

    from webcat.catalogue.schema import json_schema

    series: dict[str, str] = {"title": "S", "image": "a.png"}
    base = {"schema_version": 1, "series": {"s": series}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(base, json_schema())
    series["image_alt"] = "Alt"
    jsonschema.validate(base, json_schema())


def test_add_has_flags_for_the_new_fields(invoke: Invoke) -> None:
    out = invoke("add", "webinar", "--help").stdout
    for flag in ("--image", "--image-alt", "--image-credit", "--registration", "--contact"):
        assert flag in out
