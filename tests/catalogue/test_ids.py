"""Ids made from titles and names: every letter kept in an ASCII spelling, old ids unchanged."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webcat.catalogue.ids import slugify
from webcat.catalogue.operations import add_entry
from webcat.catalogue.rules import ID_RE
from webcat.errors import UsageError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Łukasz Wróbel", "lukasz-wrobel"),
        ("Đorđe Čolić", "dorde-colic"),
        ("Þóra", "thora"),
        ("Əliyev", "eliyev"),
        ("Юрий Гагарин", "yuriy-gagarin"),
        ("Σαμσκάπινγκ στην πράξη", "samskapingk-stin-praxi"),
        ("协同创造的实践", "xie-tong-chuang-zao-de-shi-jian"),
        ("共創の実践", "gong-chuang-no-shi-jian"),
        ("한국어 세미나", "han-gug-eo-se-mi-na"),
        ("हिन्दी", "hindi"),
        ("Hawaiʻi", "hawaii"),
    ],
)
def test_letters_outside_latin_1_are_spelled_not_dropped(name: str, expected: str) -> None:
    assert slugify(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # What webcat has always made of these; the catalogues hold such ids.
        ("Ærlig Ødegård Åse", "aerlig-odegard-ase"),
        ("blåbær og øl på Ås", "blabaer-og-ol-pa-as"),
        ("Samskaping – hvorfor, hva og hvordan?", "samskaping-hvorfor-hva-og-hvordan"),
        ("Første webinar", "forste-webinar"),
        ("Straße", "strasse"),
        ("Don’t stop", "dont-stop"),
        ("½ dag", "12-dag"),
        ("McDonald", "mcdonald"),
        ("Ｗｅｂｉｎａｒ ﬁn", "webinar-fin"),
        ("🎉 Fest 🎉", "fest"),
    ],
)
def test_ids_webcat_made_before_stay_the_same(name: str, expected: str) -> None:
    assert slugify(name) == expected


def test_a_long_title_is_cut_at_a_word() -> None:
    slug = slugify("协同创造" * 20)
    assert len(slug) <= 60 and ID_RE.match(slug) and not slug.endswith("-")


@given(st.text(min_size=1, max_size=80))
def test_any_name_with_a_letter_or_digit_gives_a_valid_id(name: str) -> None:
    slug = slugify(name)
    if any(unicodedata.category(c)[0] in "LN" for c in name):
        assert ID_RE.match(slug), (name, slug)
        assert len(slug) <= 60
    else:
        assert slug == "" or ID_RE.match(slug)


@given(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=5))
def test_letters_of_any_script_give_a_valid_id(name: str) -> None:
    assert ID_RE.match(slugify(name)), name


def test_a_name_without_letters_is_a_clear_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.toml"
    path.write_text('schema_version = 1\n\n[tags.a]\ntitle = "A"\n', encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(UsageError, match="cannot make an id from title '🎉 !': it has no letter"):
        add_entry(path, "tags", {"title": "🎉 !"})
    assert path.read_bytes() == before
    assert add_entry(path, "tags", {"title": "Þóra"}).value == "thora"


def test_reading_commands_do_not_load_the_transliteration_tables() -> None:
    code = (
        "import sys\n"
        "from webcat.cli import main\n"
        "sys.argv = ['webcat', 'list', '--format', 'ids']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('anyascii' in sys.modules, 'webcat.catalogue.ids' in sys.modules, file=sys.stderr)\n"
    )
    seed = Path(__file__).resolve().parents[2] / "data" / "catalogue.toml"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"WEBCAT_CATALOGUE": str(seed), "PATH": "/usr/bin:/bin"},
    )
    assert "samskaping-hvorfor-hva-og-hvordan" in done.stdout.split()
    assert done.stderr.strip().splitlines()[-1] == "False False", done.stderr
