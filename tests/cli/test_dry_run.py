"""`--dry-run` on every editing command: the change as a unified diff on stdout (`git diff`'s
headers), nothing written, exit 0; the diff applies to the file and gives what the command
really writes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEED, Invoke
from webcat.cli.diff import WINDOW, file_diff

WEBINAR = "samskaping-hvorfor-hva-og-hvordan"
IMPORT = {"tags": {"ny-tag": {"title": "Ny tag"}}}

EDITS = {
    "add tag": ["add", "tag", "--title", "Ny tag"],
    "add webinar": [
        "add", "webinar", "--series", "samskaping-webinarer", "--title", "Samskaping i praksis",
        "--date", "2022-04-05", "--speaker", "jacob-torfing",
    ],
    "set": ["set", WEBINAR, "title", "Ny tittel"],
    "set a new key": ["set", WEBINAR, "duration", "PT1H30M"],
    "set --unset": ["set", "opptak-komme-i-gang", "--unset", "note"],
    "set --top": ["set", "--top", "title", "Webinarer"],
    "remove": ["remove", "opptak-komme-i-gang"],
    "remove --drop-references": ["remove", "kommune", "--drop-references"],
    "import": ["import", "-"],
}  # fmt: skip


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seed in the current folder, as `catalogue.toml`."""
    shutil.copyfile(SEED, tmp_path / "catalogue.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "catalogue.toml"


def _apply(diff: str, folder: Path) -> None:
    """Apply ``diff`` with git, as a user would (`git apply`, outside a repository)."""
    done = subprocess.run(
        ["git", "apply", "--unsafe-paths", "-"],
        input=diff,
        text=True,
        cwd=folder,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", list(EDITS))
def test_dry_run_shows_the_diff_that_the_edit_makes(invoke: Invoke, here: Path, name: str) -> None:
    args = EDITS[name]
    stdin = json.dumps(IMPORT) if name == "import" else None
    before = here.read_bytes()
    dry = invoke(*args, "--dry-run", "-c", "catalogue.toml", input=stdin)
    assert dry.exit_code == 0, dry.stderr
    assert here.read_bytes() == before  # nothing written
    assert dry.stdout.startswith("--- a/catalogue.toml\n+++ b/catalogue.toml\n@@ -")
    assert re.search(r"^[-+]", dry.stdout.split("\n", 2)[2], re.M)

    real = invoke(*args, "-c", "catalogue.toml", input=stdin)
    assert real.exit_code == 0, real.stderr
    after = here.read_bytes()
    assert after != before
    here.write_bytes(before)
    _apply(dry.stdout, here.parent)
    assert here.read_bytes() == after


def test_set_dry_run_shows_the_old_and_the_new_value(invoke: Invoke, here: Path) -> None:
    dry = invoke("set", WEBINAR, "title", "Ny tittel", "--dry-run", "-c", "catalogue.toml")
    changed = [line for line in dry.stdout.splitlines()[2:] if line[:1] in "+-"]
    assert changed == [
        '-title = "Inspirasjonsforedrag: Samskaping – hvorfor, hva og hvordan?"',
        '+title = "Ny tittel"',
    ]
    assert dry.stdout.splitlines()[2] == "@@ -31,7 +31,7 @@"
    assert f"would set webinars.{WEBINAR}.title" in dry.stderr


def test_add_dry_run_names_the_new_entry(invoke: Invoke, here: Path) -> None:
    dry = invoke(*EDITS["add tag"], "--dry-run", "-c", "catalogue.toml")
    assert dry.stdout.endswith('+\n+[tags.ny-tag]\n+title = "Ny tag"\n')
    assert "would add tags.ny-tag" in dry.stderr


def test_fmt_dry_run_shows_the_new_layout_and_exits_0(invoke: Invoke, here: Path) -> None:
    text = here.read_text("utf-8")
    moved = text.replace('[tags.samskaping]\ntitle = "Samskaping"\n', "")
    assert moved != text
    odd = moved.replace("\n[series.", '\n[tags.samskaping]\ntitle = "Samskaping"\n\n[series.', 1)
    here.write_text(odd, "utf-8")
    dry = invoke("fmt", "--dry-run", "-c", "catalogue.toml")
    assert dry.exit_code == 0, dry.stderr
    assert here.read_text("utf-8") == odd
    assert "-[tags.samskaping]" in dry.stdout and "+[tags.samskaping]" in dry.stdout
    check = invoke("fmt", "--check", "-c", "catalogue.toml")
    assert check.exit_code == 1 and check.stdout == dry.stdout
    assert invoke("fmt", "-c", "catalogue.toml").exit_code == 0
    formatted = here.read_bytes()
    here.write_text(odd, "utf-8")
    _apply(dry.stdout, here.parent)
    assert here.read_bytes() == formatted
    clean = invoke("fmt", "--dry-run", "-c", "catalogue.toml")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_an_absolute_path_outside_the_folder_is_named_as_git_does(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "elsewhere" / "catalogue.toml"
    path.parent.mkdir()
    shutil.copyfile(SEED, path)
    dry = invoke(*EDITS["add tag"], "--dry-run", "-c", str(path))
    name = str(path).lstrip("/")
    assert dry.stdout.startswith(f"--- a/{name}\n+++ b/{name}\n")


def test_a_refused_edit_shows_no_diff(invoke: Invoke, here: Path) -> None:
    dry = invoke("set", WEBINAR, "series", "finnes-ikke", "--dry-run", "-c", "catalogue.toml")
    assert dry.exit_code == 1 and dry.stdout == ""


def _patched(old: list[str], diff: str) -> list[str]:
    """``old`` with the unified ``diff`` applied (a strict reader of the format)."""
    out: list[str] = []
    at = 0
    last = ""
    for line in diff.splitlines(keepends=True)[2:]:
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@\n", line)
        if m:
            start = int(m.group(1)) - (0 if m.group(2) == "0" else 1)
            out += old[at:start]
            at = start
            continue
        if line == "\\ No newline at end of file\n":
            if last in " +":  # the line just written to the new text has no newline
                out[-1] = out[-1].removesuffix("\n")
            continue
        last = line[0]
        if last in " -":
            assert old[at].rstrip("\n") == line[1:].rstrip("\n"), (old[at], line)
            at += 1
        if last in " +":
            out.append(line[1:])
    return out + old[at:]


LINES = st.lists(st.sampled_from(["a\n", "b\n", "c\n", "[x]\n", "\n"]), max_size=30)
END = st.sampled_from(["", "z", "a"])  # a last line without its newline, or none


@given(LINES, END, LINES, END)
def test_the_diff_turns_the_old_text_into_the_new(
    old: list[str], old_end: str, new: list[str], new_end: str
) -> None:
    before, after = "".join(old) + old_end, "".join(new) + new_end
    diff = file_diff(before, after, "c.toml").text
    if before == after:
        assert diff == ""
        return
    assert diff.startswith("--- a/c.toml\n+++ b/c.toml\n@@ ")
    assert "".join(_patched(before.splitlines(keepends=True), diff)) == after


def test_a_change_wider_than_the_window_is_shown_in_part() -> None:
    old = "".join(f"{i}\n" for i in range(WINDOW * 2))
    new = "".join(f"{i}!\n" for i in range(WINDOW * 2))
    diff = file_diff(old, new, "c.toml")
    assert diff.window == (1, WINDOW)
    assert diff.text.count("\n-") == WINDOW
