"""Files that are not catalogues: one clear line with file:line:col, exit 3, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Invoke, subprocess_env, unprivileged

COMMANDS = [["list"], ["show", "x"], ["validate"]]


def _check(invoke: Invoke, path: Path, expect: str) -> None:
    for cmd in COMMANDS:
        result = invoke(*cmd, "-c", str(path))
        assert result.exit_code == 3, (cmd, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"error: {path}"), first
        assert expect in first, first


def test_not_toml(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('schema_version = 1\n[series.s]\ntitle = "a" "b"\n', encoding="utf-8")
    _check(invoke, path, f"{path}:3:")
    assert "not valid TOML" in invoke("list", "-c", str(path)).stderr


def test_not_utf8(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes('schema_version = 1\n[series.s]\ntitle = "Bø'.encode("latin-1") + b'"\n')
    _check(invoke, path, f"{path}:3:11: not valid UTF-8")
    assert "save the file as UTF-8" in invoke("list", "-c", str(path)).stderr


def test_bom(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"\xef\xbb\xbfschema_version = 1\n")
    _check(invoke, path, f"{path}:1:1: file starts with a byte order mark")


def test_absurd_nesting(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("schema_version = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    _check(invoke, path, "nest too deeply")
    assert f"{path}:2:" in invoke("list", "-c", str(path)).stderr


def test_huge_file_is_refused_before_parsing(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webcat.catalogue.document as document

    monkeypatch.setattr(document, "MAX_BYTES", 1024)
    path = tmp_path / "c.toml"
    path.write_text("schema_version = 1\n" + "# padding\n" * 200, encoding="utf-8")
    _check(invoke, path, "over the 0 MiB limit")


def test_missing_file_and_folder(invoke: Invoke, tmp_path: Path) -> None:
    _check(invoke, tmp_path / "nope.toml", "no such catalogue file")
    _check(invoke, tmp_path, "is a folder")


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("schema_version = 1\n")
    path.chmod(0)
    for cmd in COMMANDS:
        argv = unprivileged([sys.executable, "-m", "webcat", *cmd, "-c", str(path)])
        result = subprocess.run(
            argv, capture_output=True, text=True, env=subprocess_env(), timeout=120
        )
        assert result.returncode == 3, (cmd, result.stderr)
        assert result.stderr.splitlines()[0] == f"error: {path}: permission denied", cmd
