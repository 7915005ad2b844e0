"""add, set and remove: what changes, what stays byte for byte, and what is refused."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, SEED, Invoke, WriteCatalogue

WEBINAR = [
    "add",
    "webinar",
    "--series",
    "samskaping-webinarer",
    "--title",
    "Samskaping i praksis: Ærlig talt på Bø",
    "--date",
    "2022-04-05",
    "--speaker",
    "jacob-torfing",
    "--tag",
    "samskaping",
]


def _data(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _only_inserted(old: str, new: str) -> str:
    """The text ``new`` has in addition to ``old``, which must survive unchanged around it."""
    start = 0
    while start < len(old) and old[start] == new[start]:
        start += 1
    end = 0
    while end < len(old) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    assert old[:start] + old[len(old) - end :] == old
    return new[start : len(new) - end]


def test_add_webinar_prints_id_and_keeps_every_other_byte(invoke: Invoke, seed: Path) -> None:
    old = seed.read_text("utf-8")
    result = invoke(*WEBINAR, "-c", str(seed))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "samskaping-i-praksis-aerlig-talt-pa-bo\n"
    new = seed.read_text("utf-8")
    inserted = _only_inserted(old, new)
    assert "[webinars.samskaping-i-praksis-aerlig-talt-pa-bo]" in inserted
    # Written after the last webinar, before the resources' section comment.
    assert new.index("[webinars.samskaping-i-praksis-aerlig-talt-pa-bo]") < new.index(
        "# --- Resources"
    )
    assert new.index("[webinars.samskaping-i-praksis-aerlig-talt-pa-bo]") > new.index(
        "[webinars.samskapende-prosesser-komme-i-gang]"
    )
    w = _data(seed)["webinars"]["samskaping-i-praksis-aerlig-talt-pa-bo"]
    assert w["date"].isoformat() == "2022-04-05"
    assert w["speakers"] == ["jacob-torfing"]
    assert invoke("validate", "-c", str(seed)).exit_code == 0
    # The new entry is already canonical.
    assert invoke("fmt", "--check", "-c", str(seed)).exit_code == 0


def test_add_webinar_then_its_recording(invoke: Invoke, seed: Path) -> None:
    wid = invoke(*WEBINAR, "-c", str(seed)).stdout.strip()
    result = invoke(
        "add",
        "resource",
        "--webinar",
        wid,
        "--kind",
        "recording",
        "--title",
        "Opptak",
        "--url",
        "https://example.org/opptak.mp4",
        "-c",
        str(seed),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "opptak\n"
    assert _data(seed)["resources"]["opptak"]["webinar"] == wid
    again = invoke(*WEBINAR, "-c", str(seed))
    assert again.stdout == "samskaping-i-praksis-aerlig-talt-pa-bo-2\n"


def test_add_refuses_what_would_be_invalid(invoke: Invoke, seed: Path) -> None:
    old = seed.read_bytes()
    result = invoke(
        "add",
        "webinar",
        "--series",
        "nope",
        "--title",
        "X",
        "--date",
        "2022-01-01",
        "-c",
        str(seed),
    )
    assert result.exit_code == 1
    assert "webinars.x.series" in result.stderr and "dangling-reference" in result.stderr
    assert "nothing was written" in result.stderr
    bad_url = invoke(
        "add", "resource", "--kind", "link", "--title", "T", "--url", "ftp://x", "-c", str(seed)
    )
    assert bad_url.exit_code == 1 and "bad-url" in bad_url.stderr
    assert seed.read_bytes() == old


def test_add_bad_values_are_usage_errors(invoke: Invoke, seed: Path) -> None:
    old = seed.read_bytes()
    for args in (
        ["--date", "5 april"],
        ["--date", "2022-04-05T10:00:00"],  # no offset
        ["--id", "Not A Slug", "--date", "2022-04-05"],
        ["--id", "jacob-torfing-x", "--number", "two", "--date", "2022-04-05"],
    ):
        result = invoke(
            "add",
            "webinar",
            "--series",
            "samskaping-webinarer",
            "--title",
            "T",
            *args,
            "-c",
            str(seed),
        )
        assert result.exit_code == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
    dup = invoke(*WEBINAR, "--id", "samskaping-hvorfor-hva-og-hvordan", "-c", str(seed))
    assert dup.exit_code == 2 and "already exists" in dup.stderr
    assert seed.read_bytes() == old


def test_missing_flags_without_terminal_are_listed(invoke: Invoke, seed: Path) -> None:
    result = invoke("add", "webinar", "--title", "T", "-c", str(seed), input="")
    assert result.exit_code == 2
    assert "missing --series, --date" in result.stderr
    assert result.stdout == ""


def test_missing_fields_are_prompted_on_a_terminal(
    invoke: Invoke, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webcat.cli.add as add

    monkeypatch.setattr(add, "_stdin_is_terminal", lambda: True)
    result = invoke(
        "add",
        "webinar",
        "--title",
        "Spurt",
        "-c",
        str(seed),
        input="samskaping-webinarer\n2022-05-01\n",
    )
    assert result.exit_code == 0, result.stderr
    # The prompts go to stderr (CliRunner echoes the typed input to stdout; a terminal
    # would echo it on the terminal).
    assert result.stdout.splitlines()[-1] == "spurt"
    assert "series (" not in result.stdout
    assert "series (" in result.stderr
    assert _data(seed)["webinars"]["spurt"]["series"] == "samskaping-webinarer"


def test_add_every_kind(invoke: Invoke, seed: Path) -> None:
    c = ["-c", str(seed)]
    assert (
        invoke("add", "organisation", "--name", "Bø kommune", "--kind", "kommune", *c).stdout
        == "bo-kommune\n"
    )
    assert (
        invoke("add", "person", "--name", "Kari Nordmann", "--affiliation", "bo-kommune", *c).stdout
        == "kari-nordmann\n"
    )
    assert (
        invoke(
            "add",
            "project",
            "--title",
            "Prosjekt Å",
            "--lead",
            "bo-kommune",
            "--partner",
            "stad-kommune",
            *c,
        ).stdout
        == "prosjekt-a\n"
    )
    assert (
        invoke("add", "series", "--title", "Ny serie", "--published", "2023-01-01", *c).stdout
        == "ny-serie\n"
    )
    assert invoke("add", "tag", "--title", "Økonomi", *c).stdout == "okonomi\n"
    data = _data(seed)
    assert data["people"]["kari-nordmann"]["affiliations"] == ["bo-kommune"]
    assert data["series"]["ny-serie"]["published"].isoformat() == "2023-01-01"
    assert invoke("validate", *c).exit_code == 0
    assert invoke("fmt", "--check", *c).exit_code == 0


def test_add_into_an_empty_catalogue(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    assert invoke("init", str(path), "--empty").exit_code == 0
    c = ["-c", str(path)]
    assert invoke("add", "tag", "--title", "A", *c).exit_code == 0
    assert invoke("add", "series", "--title", "S", *c).exit_code == 0
    text = path.read_text("utf-8")
    assert text.index("[series.s]") < text.index("[tags.a]")
    assert invoke("validate", *c).exit_code == 0
    assert invoke("fmt", "--check", *c).exit_code == 0, invoke("fmt", "--check", *c).stdout


def test_set_changes_one_line_only(invoke: Invoke, seed: Path) -> None:
    old = seed.read_text("utf-8").splitlines(keepends=True)
    wid = "samskaping-hvorfor-hva-og-hvordan"
    assert invoke("set", wid, "number", "7", "-c", str(seed)).exit_code == 0
    new = seed.read_text("utf-8").splitlines(keepends=True)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [("number = 1\n", "number = 7\n")]
    # A new field goes after its predecessor in the format's order.
    assert invoke("set", wid, "duration", "PT1H", "-c", str(seed)).exit_code == 0
    text = seed.read_text("utf-8")
    block = text[text.index(f"[webinars.{wid}]") :]
    assert (
        block.index("description =") < block.index('duration = "PT1H"') < block.index("speakers =")
    )
    assert invoke("set", wid, "speakers", "jacob-torfing", "-c", str(seed)).exit_code == 0
    assert invoke("set", wid, "--unset", "duration", "-c", str(seed)).exit_code == 0
    assert invoke("set", wid, "number", "1", "-c", str(seed)).exit_code == 0
    assert seed.read_text("utf-8") == "".join(old)


def test_set_keeps_comments_indent_and_quoting(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(
        """\
        [series.s]
        # about the title
        title = 'Serie'   # literal string, on purpose
          url = "https://example.org/"

        # glued to the next series
        [series.t]
        title = "T"
        """
    )
    old = path.read_text("utf-8")
    assert invoke("set", "s", "title", "Ny", "-c", str(path)).exit_code == 0
    new = path.read_text("utf-8")
    assert new == old.replace("title = 'Serie'   #", 'title = "Ny"   #')
    assert invoke("set", "s", "published", "2020-01-01", "-c", str(path)).exit_code == 0
    assert "published = 2020-01-01\n  url =" in path.read_text("utf-8")


def test_set_refuses_invalid_and_unknown(invoke: Invoke, seed: Path) -> None:
    old = seed.read_bytes()
    c = ["-c", str(seed)]
    r = invoke("set", "opptak-komme-i-gang", "webinar", "nope", *c)
    assert r.exit_code == 1 and "resources.opptak-komme-i-gang.webinar" in r.stderr
    r = invoke("set", "samskaping-webinarer", "--unset", "title", *c)
    assert r.exit_code == 1 and "missing-field" in r.stderr
    r = invoke("set", "samskaping-webinarer", "titel", "x", *c)
    assert r.exit_code == 2 and "did you mean 'title'" in r.stderr
    r = invoke("set", "no-such-id", "title", "x", *c)
    assert r.exit_code == 2 and "no entry with id" in r.stderr
    r = invoke("set", "samskaping-webinarer", "published", "yesterday", *c)
    assert r.exit_code == 2
    assert seed.read_bytes() == old


def test_remove_refuses_while_referred_to(invoke: Invoke, seed: Path) -> None:
    old = seed.read_bytes()
    r = invoke("remove", "ledelse", "-c", str(seed))
    assert r.exit_code == 2
    assert "webinars.samskaping-hvorfor-hva-og-hvordan.tags" in r.stderr
    assert seed.read_bytes() == old
    r = invoke("remove", "ledelse", "--drop-references", "-c", str(seed))
    assert r.exit_code == 0, r.stderr
    data = _data(seed)
    assert "ledelse" not in data["tags"]
    assert data["webinars"]["samskaping-hvorfor-hva-og-hvordan"]["tags"] == ["samskaping"]
    # Removing a series its webinars need is refused even with --drop-references.
    r = invoke("remove", "samskaping-webinarer", "--drop-references", "-c", str(seed))
    assert r.exit_code == 1 and "missing-field" in r.stderr


def test_remove_keeps_the_neighbours_comments(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(
        """\
        [tags.a]
        title = "A"
        # glued to a: goes with a

        # about b
        [tags.b]
        title = "B"

        # --- about c
        [tags.c]
        title = "C"
        """
    )
    assert invoke("remove", "b", "-c", str(path)).exit_code == 0
    text = path.read_text("utf-8")
    assert "# about b" in text and "# --- about c\n[tags.c]" in text
    assert "[tags.b]" not in text
    assert invoke("remove", "a", "-c", str(path)).exit_code == 0
    text = path.read_text("utf-8")
    assert "glued to a" not in text and "# about b" in text
    # The last entry goes only with --force (test_operations covers the refusal).
    assert invoke("remove", "c", "--force", "-c", str(path)).exit_code == 0
    assert path.read_text("utf-8").endswith('language = "nb"\n\n# about b\n# --- about c\n')
    assert invoke("validate", "-c", str(path)).exit_code == 0


def test_entries_that_are_not_plain_tables_are_refused(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(
        """\
        [series]
        s = { title = "Inline" }

        [series.t]
        title = "T"

        [series.t.description]
        nb = "Beskrivelse"
        """
    )
    old = path.read_bytes()
    r = invoke("set", "s", "title", "X", "-c", str(path))
    assert r.exit_code == 3 and "cannot edit series.s safely" in r.stderr
    r = invoke("set", "t", "description", "flat", "-c", str(path))
    assert r.exit_code == 3 and "sub-table" in r.stderr
    assert path.read_bytes() == old
    # A plain key added before a sub-table stays out of it (tomlkit issue 588's trap).
    r = invoke("set", "t", "url", "https://example.org/t", "-c", str(path))
    assert r.exit_code == 0, r.stderr
    assert _data(path)["series"]["t"]["url"] == "https://example.org/t"
    assert _data(path)["series"]["t"]["description"] == {"nb": "Beskrivelse"}


def test_minimal_catalogue_edits_validate(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(MINIMAL)
    c = ["-c", str(path)]
    assert (
        invoke(
            "add", "webinar", "--series", "s", "--title", "Tredje", "--date", "2024-03-10", *c
        ).exit_code
        == 0
    )
    assert invoke("remove", "w1", "-c", str(path)).exit_code == 0
    text = path.read_text("utf-8")
    assert text.index("[webinars.w2]") < text.index("[webinars.tredje]") < text.index("[people.p]")
    assert invoke("validate", *c).exit_code == 0


def test_seed_is_untouched_by_the_tests() -> None:
    """Every byte of the seed is as committed (tests edit copies only)."""
    import hashlib
    import subprocess

    from conftest import ROOT, SEED_SHA256_AT_START

    now = hashlib.sha256(SEED.read_bytes()).hexdigest()
    committed = subprocess.run(
        ["git", "show", "HEAD:data/catalogue.toml"], cwd=ROOT, capture_output=True
    )
    if committed.returncode == 0:
        assert now == hashlib.sha256(committed.stdout).hexdigest()
    assert now == SEED_SHA256_AT_START


def test_readme_adds_a_webinar_and_its_recording_in_two_commands(seed: Path) -> None:
    import os
    import re
    import subprocess
    import sys

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    m = re.search(r"## Adding a webinar and its recording\n.*?```sh\n(.+?)\n```", readme, re.S)
    assert m is not None
    commands = m.group(1)
    assert len(commands.splitlines()) == 2
    env = dict(os.environ, WEBCAT_CATALOGUE=str(seed))
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    result = subprocess.run(["bash", "-ec", commands], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    data = _data(seed)
    assert data["webinars"]["samskaping-i-praksis"]["speakers"] == ["jacob-torfing"]
    recording = [r for r in data["resources"].values() if r["kind"] == "recording"][-1]
    assert recording["webinar"] == "samskaping-i-praksis"


def test_header_lookalikes_inside_multiline_strings(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(
        '''\
        [tags.a]
        title = "A"
        description = """
        [tags.b]
        title = "not an entry"
        """

        [tags.c]
        title = "C"
        '''
    )
    c = ["-c", str(path)]
    assert invoke("set", "c", "title", "CC", *c).exit_code == 0
    assert invoke("set", "a", "title", "AA", *c).exit_code == 0
    assert invoke("add", "tag", "--title", "B", *c).stdout == "b\n"
    assert invoke("remove", "c", *c).exit_code == 0
    data = _data(path)["tags"]
    assert set(data) == {"a", "b"}
    assert data["a"]["title"] == "AA" and "[tags.b]" in data["a"]["description"]
    assert invoke("validate", *c).exit_code == 0


def test_quick_meaning_check_falls_back_to_the_full_one() -> None:
    import rtoml

    from webcat.catalogue.edit import Editor

    text = 'schema_version = 1\n\n[tags.a]\ntitle = "A"\nx = """\n[tags.z]\n"""\n\n[tags.c]\ntitle = "C"\n'
    editor = Editor(text)
    editor.set("tags", "c", "title", "CC")
    new = editor.finish()
    # The lookalike header makes the quick check unsure; the full comparison decides.
    assert not editor.probably_means(rtoml.loads(new))
    assert editor.expected(rtoml.loads(text)) == rtoml.loads(new)


def test_seed_catalogue_is_canonical(invoke: Invoke) -> None:
    result = invoke("fmt", "--check", "-c", str(SEED))
    assert result.exit_code == 0, result.stdout


def test_blank_lines_survive_inserts(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    # tomlkit drops the blank line before a key it inserts, and appended tables lose theirs.
    path = write_catalogue(
        """\
        [series.s]
        title = "S"

        url = "https://example.org/s"


        [series.t]
        title = "T"


        # --- People

        [people.p]
        name = "P"
        """
    )
    old = path.read_text("utf-8")
    assert invoke("set", "s", "description", "D", "-c", str(path)).exit_code == 0
    assert path.read_text("utf-8") == old.replace(
        'title = "S"\n', 'title = "S"\ndescription = "D"\n'
    )
    assert invoke("add", "series", "--title", "U", "-c", str(path)).exit_code == 0
    new = path.read_text("utf-8")
    # Two blank lines between series in this file, so two before the new one; the section
    # comment below keeps its own blank lines.
    assert (
        '[series.t]\ntitle = "T"\n\n\n[series.u]\ntitle = "U"\n\n\n# --- People\n\n[people.p]'
        in new
    )


def test_fmt_check_shows_a_diff_and_fmt_fixes_it(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(
        """\
        [tags.b]
        title = 'B'   # literal
        description = "d"


        [series.s]
        # the title
        url = "https://example.org/"
        title = "S"
        """
    )
    result = invoke("fmt", "--check", "-c", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith("---")
    assert "+[series.s]" in result.stdout or "+[tags.b]" in result.stdout
    assert invoke("fmt", "-c", str(path)).exit_code == 0
    text = path.read_text("utf-8")
    assert text.index("[series.s]") < text.index("[tags.b]")
    # The comment stays above the key it was above.
    assert 'title = "S"\n# the title\nurl = "https://example.org/"' in text
    assert 'title = "B"  # literal' in text
    assert invoke("fmt", "--check", "-c", str(path)).exit_code == 0
    assert invoke("validate", "-c", str(path)).exit_code == 0


def test_split_array_of_tables_is_not_reordered(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    # tomlkit issues 571/577: an array of tables split by another table is reordered on dump.
    path = write_catalogue(
        """\
        [[check.ignore]]
        url = "https://a.example/"

        [tags.a]
        title = "A"

        [[check.ignore]]
        url = "https://b.example/"

        [tags.b]
        title = "B"
        """
    )
    old = path.read_text("utf-8")
    assert invoke("set", "a", "title", "AA", "-c", str(path)).exit_code == 0
    assert invoke("add", "tag", "--title", "C", "-c", str(path)).exit_code == 0
    new = path.read_text("utf-8")
    assert new.startswith(old.replace('title = "A"', 'title = "AA"').rstrip("\n"))
    urls = [c["url"] for c in _data(path)["check"]["ignore"]]
    assert urls == ["https://a.example/", "https://b.example/"]


def test_dotted_keys_inside_an_entry(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    # tomlkit issue 588: a table added under a dotted key moves a later key. webcat adds new
    # keys before the dotted ones, and refuses to splice keys that come after them.
    path = write_catalogue(
        """\
        [series.s]
        title.nb = "Serie"
        title.en = "Series"
        url = "https://example.org/"
        """
    )
    r = invoke("set", "s", "description", "D", "-c", str(path))
    assert r.exit_code == 0, r.stderr
    data = _data(path)["series"]["s"]
    assert data == {
        "title": {"nb": "Serie", "en": "Series"},
        "url": "https://example.org/",
        "description": "D",
    }
    old = path.read_bytes()
    r = invoke("set", "s", "url", "https://example.org/2", "-c", str(path))
    assert r.exit_code == 3 and "cannot edit series.s safely" in r.stderr
    assert path.read_bytes() == old


def test_a_file_that_is_not_toml_is_reported_not_edited(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('schema_version = 1\n[tags.a]\ntitle = "A" "x"\n', "utf-8")
    old = path.read_bytes()
    for args in (
        ["add", "tag", "--title", "B"],
        ["set", "a", "title", "B"],
        ["remove", "a"],
        ["fmt"],
        ["import", "-"],
    ):
        r = invoke(*args, "-c", str(path), input="{}")
        assert r.exit_code == 3, (args, r.stderr)
        assert f"{path}:3:" in r.stderr and "not valid TOML" in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    assert path.read_bytes() == old


def test_existing_problems_do_not_block_unrelated_edits(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(
        """\
        [series.s]
        title = "S"
        organiser = "gone"
        """
    )
    c = ["-c", str(path)]
    assert invoke("validate", *c).exit_code == 1
    # An unrelated edit is allowed; the old problem is not the edit's fault.
    assert invoke("add", "tag", "--title", "T", *c).exit_code == 0
    # A new problem is still refused.
    r = invoke("set", "s", "project", "nope", *c)
    assert (
        r.exit_code == 1 and "series.s.project" in r.stderr and "series.s.organiser" not in r.stderr
    )
    # And the old one can be repaired with set.
    assert invoke("set", "s", "--unset", "organiser", *c).exit_code == 0
    assert invoke("validate", *c).exit_code == 0


def test_set_one_translation(invoke: Invoke, seed: Path) -> None:
    c = ["-c", str(seed)]
    r = invoke("set", "samskaping-webinarer", "title.en", "Webinar series on co-creation", *c)
    assert r.exit_code == 0, r.stderr
    title = _data(seed)["series"]["samskaping-webinarer"]["title"]
    assert title == {"nb": "Webinar-serie om samskaping", "en": "Webinar series on co-creation"}
    assert (
        'title = { nb = "Webinar-serie om samskaping", en = "Webinar series on co-creation" }'
        in seed.read_text("utf-8")
    )
    assert invoke("set", "samskaping-webinarer", "--unset", "title.en", *c).exit_code == 0
    assert _data(seed)["series"]["samskaping-webinarer"]["title"] == {
        "nb": "Webinar-serie om samskaping"
    }
    r = invoke("set", "samskaping-webinarer", "url.en", "x", *c)
    assert r.exit_code == 2 and "no translations" in r.stderr
