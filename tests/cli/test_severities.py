"""Problem levels: errors block, warnings are reported and never block, `[validate]` tables
change the levels per code, and a URL shared by many entries is one problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import HEADER, Invoke, WriteCatalogue

SHARED = """\
[series.s]
title = "Serie"

[webinars.w1]
series = "s"
title = "En"
url = "https://example.org/licence"

[webinars.w2]
series = "s"
title = "To"
url = "https://example.org/licence"

[webinars.w3]
series = "s"
title = "Tre"
url = "https://example.org/licence"
"""


def _json(invoke: Invoke, path: Path, *extra: str) -> tuple[int, Any]:
    result = invoke("validate", "-c", str(path), "--format", "json", *extra)
    return result.exit_code, json.loads(result.stdout)


def test_a_shared_url_is_one_warning_and_does_not_fail(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = write_catalogue(SHARED)
    result = invoke("validate", "-c", str(path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert (
        "warning: webinars.w2.url: URL https://example.org/licence is used by 3 entries" in lines[0]
    )
    assert "webinars.w1, webinars.w2, webinars.w3" in lines[0] and "[duplicate-url]" in lines[0]
    assert "valid, with 1 warning" in result.stderr

    code, data = _json(invoke, path)
    assert code == 0 and data["valid"] is True and data["warnings"] == 1 and data["errors"] == 0
    [problem] = data["problems"]
    assert problem["severity"] == "warning" and problem["uses"] == 3
    assert problem["users"] == ["webinars.w1", "webinars.w2", "webinars.w3"]
    assert problem["line"] == HEADER.count("\n") + 12  # the second user's url line


def test_strict_fails_on_warnings(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(SHARED)
    assert invoke("validate", "-c", str(path), "--strict").exit_code == 1
    clean = write_catalogue('[series.s]\ntitle = "S"\n', name="clean.toml")
    assert invoke("validate", "-c", str(clean), "--strict").exit_code == 0


def test_a_url_used_by_hundreds_is_one_problem_naming_a_few(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    body = '[series.s]\ntitle = "S"\n' + "".join(
        f'[resources.r{i}]\nkind = "link"\ntitle = "Lisens"\nurl = "https://l.example/cc-by"\n'
        for i in range(300)
    )
    code, data = _json(invoke, write_catalogue(body))
    assert code == 0
    [problem] = data["problems"]
    assert problem["uses"] == 300 and len(problem["users"]) == 5
    assert problem["message"].endswith(
        "resources.r0, resources.r1, resources.r2, resources.r3, resources.r4 and 295 more"
    )


def test_errors_and_warnings_together(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(SHARED + '\n[people.p]\nname = "P"\nurl = "/relative"\n')
    result = invoke("validate", "-c", str(path))
    assert result.exit_code == 1
    assert "2 problems in" in result.stderr and "(1 error, 1 warning)" in result.stderr
    assert any(line.split(": ", 2)[1] == "error" for line in result.stdout.splitlines())


def test_validate_table_in_the_catalogue_sets_levels(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    stricter = write_catalogue(SHARED, header=HEADER + '[validate]\nerror = ["duplicate-url"]\n\n')
    code, data = _json(invoke, stricter)
    assert code == 1 and data["problems"][0]["severity"] == "error"

    quiet = write_catalogue(SHARED, header=HEADER + 'validate = { ignore = ["duplicate-url"] }\n\n')
    code, data = _json(invoke, quiet)
    assert code == 0 and data["problems"] == []

    lenient = write_catalogue(
        '[webinars.w]\nseries = "missing"\ntitle = "T"\n',
        header=HEADER + '[validate]\nwarning = ["dangling-reference"]\n\n',
    )
    code, data = _json(invoke, lenient)
    assert code == 0
    assert [(p["code"], p["severity"]) for p in data["problems"]] == [
        ("dangling-reference", "warning")
    ]


def test_webcat_toml_sets_levels_and_the_catalogue_wins(
    invoke: Invoke, write_catalogue: WriteCatalogue, tmp_path: Path
) -> None:
    (tmp_path / "webcat.toml").write_text('[validate]\nignore = ["duplicate-url"]\n')
    path = write_catalogue(SHARED)
    assert _json(invoke, path)[1]["problems"] == []
    path = write_catalogue(SHARED, header=HEADER + '[validate]\nerror = ["duplicate-url"]\n\n')
    code, data = _json(invoke, path)
    assert code == 1 and data["errors"] == 1


def test_mistakes_in_validate_tables_are_clear(
    invoke: Invoke, write_catalogue: WriteCatalogue, tmp_path: Path
) -> None:
    path = write_catalogue(
        SHARED, header=HEADER + '[validate]\nwarning = ["duplicate-urls"]\nignored = []\n\n'
    )
    code, data = _json(invoke, path)
    assert code == 1
    bad = [p for p in data["problems"] if p["code"] == "bad-setting"]
    assert len(bad) == 2
    assert bad[0]["line"] == HEADER.count("\n") + 1  # the [validate] header
    messages = {p["message"]: p["hint"] for p in bad}
    assert messages["[validate] warning: 'duplicate-urls' is not a problem code"] == (
        "did you mean 'duplicate-url'?"
    )
    assert messages["[validate] ignored: 'ignored' is not a level"] == "did you mean 'ignore'?"

    (tmp_path / "webcat.toml").write_text('[validate]\nerror = ["no-such-code"]\n')
    result = invoke("validate", "-c", str(write_catalogue(SHARED, name="other.toml")))
    assert result.exit_code == 2
    assert "webcat.toml: [validate] error: 'no-such-code' is not a problem code" in result.stderr

    (tmp_path / "webcat.toml").write_text('[validate]\nignore = ["unsupported-version"]\n')
    result = invoke("validate", "-c", str(write_catalogue(SHARED, name="other.toml")))
    assert result.exit_code == 2 and "cannot be changed" in result.stderr


def test_an_edit_that_adds_a_warning_is_written_and_says_so(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = write_catalogue(SHARED)
    result = invoke(
        "add", "resource", "--kind", "link", "--title", "L",
        "--url", "https://example.org/licence", "-c", str(path),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "warning: " in result.stderr and "used by 4 entries" in result.stderr
    assert "[resources." in path.read_text()
    # Another edit that leaves the warning as it was does not repeat it.
    again = invoke("set", "w1", "title", "Ny tittel", "-c", str(path))
    assert again.exit_code == 0 and "warning" not in again.stderr


def test_an_edit_that_adds_an_error_is_refused_unless_it_is_a_warning_here(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = write_catalogue(SHARED)
    old = path.read_bytes()
    refused = invoke("set", "w1", "speakers", "nobody", "-c", str(path))
    assert refused.exit_code == 1 and "error: webinars.w1.speakers" in refused.stderr
    assert path.read_bytes() == old

    lenient = write_catalogue(
        SHARED, header=HEADER + '[validate]\nwarning = ["dangling-reference"]\n\n'
    )
    result = invoke("set", "w1", "speakers", "nobody", "-c", str(lenient))
    assert result.exit_code == 0, result.stderr
    assert "warning: webinars.w1.speakers" in result.stderr
    assert 'speakers = ["nobody"]' in lenient.read_text()


def test_the_first_tag_turns_tag_checking_on_and_is_refused_if_it_leaves_tags_dangling(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = write_catalogue('[series.s]\ntitle = "S"\ntags = ["a"]\n')
    old = path.read_bytes()
    result = invoke("add", "tag", "--id", "b", "--title", "B", "-c", str(path))
    assert result.exit_code == 1 and "series.s.tags" in result.stderr
    assert path.read_bytes() == old
    assert invoke("add", "tag", "--id", "a", "--title", "A", "-c", str(path)).exit_code == 0


def test_an_edit_on_an_entry_with_old_problems_is_judged_by_what_it_changes(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    path = write_catalogue(
        '[series.s]\ntitle = "S"\n\n[webinars.w]\nseries = "s"\ntitle = "W"\n'
        'duration = "1 time"\nurl = "/relative"\n'
    )
    fixed = invoke("set", "w", "url", "https://example.org/w", "-c", str(path))
    assert fixed.exit_code == 0, fixed.stderr  # the old bad duration does not block the repair
    worse = invoke("set", "w", "speakers", "nobody", "-c", str(path))
    assert worse.exit_code == 1 and "webinars.w.speakers" in worse.stderr


def test_a_broken_webcat_toml_beside_a_clean_catalogue_is_reported(
    invoke: Invoke, write_catalogue: WriteCatalogue, tmp_path: Path
) -> None:
    clean = write_catalogue('[series.s]\ntitle = "Serie"\n')
    assert invoke("validate", "-c", str(clean)).exit_code == 0
    (tmp_path / "webcat.toml").write_text('# settings\n[validate]\nwarning = ["a" "b"]\n')
    result = invoke("validate", "-c", str(clean))
    assert result.exit_code == 2
    assert "webcat.toml: not valid TOML" in result.stderr and "line 3" in result.stderr
    (tmp_path / "webcat.toml").write_text('[validate]\nerror = ["no-such-code"]\n')
    result = invoke("validate", "-c", str(clean), "--format", "json")
    assert result.exit_code == 2
    assert "'no-such-code' is not a problem code" in result.stderr
