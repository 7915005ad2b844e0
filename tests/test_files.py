"""The file primitives (webcat.files) on real files: FIFOs, devices, symlinks, modes."""

from __future__ import annotations

import io
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from conftest import FifoReader
from webcat.errors import CatalogueError, UsageError
from webcat.files import (
    FileTooLarge,
    NotRegularFile,
    create_new_file,
    read_input,
    read_regular_file,
    write_atomically,
)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Writer(threading.Thread):
    def __init__(self, fifo: Path, data: bytes) -> None:
        super().__init__(daemon=True)
        self.fifo, self.payload = fifo, data

    def run(self) -> None:
        with open(self.fifo, "wb") as fh:
            fh.write(self.payload)


def test_new_file_gets_the_umask_mode_and_an_existing_one_keeps_its_mode(tmp_path: Path) -> None:
    new = tmp_path / "new.html"
    write_atomically(new, b"new")
    assert new.read_bytes() == b"new"
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~_umask()
    new.chmod(0o640)
    write_atomically(new, b"again")
    assert new.read_bytes() == b"again" and stat.S_IMODE(new.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["new.html"]


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real" / "out.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomically(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    write_atomically(link, b"own", follow_symlinks=False)
    assert not link.is_symlink() and link.read_bytes() == b"own"
    assert real.read_bytes() == b"new"


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    ino = fifo.stat().st_ino
    reader = FifoReader(fifo)
    reader.start()
    write_atomically(fifo, b"x" * 200_000)
    reader.join(10)
    assert reader.data == b"x" * 200_000
    assert stat.S_ISFIFO(fifo.stat().st_mode) and fifo.stat().st_ino == ino
    assert os.listdir(tmp_path) == ["pipe"]


def test_dev_null_and_a_link_to_it_stay_devices(tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    link = tmp_path / "sink"
    link.symlink_to("/dev/null")
    write_atomically(Path("/dev/null"), b"gone")
    write_atomically(link, b"gone")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert link.is_symlink() and os.listdir(tmp_path) == ["sink"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="is a folder"):
        write_atomically(tmp_path, b"x")


def test_a_cancelled_replace_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "cat.toml"
    path.write_bytes(b"old")
    steps: list[str] = []

    def cancel() -> None:
        raise CatalogueError("changed")

    with pytest.raises(CatalogueError, match="changed"):
        write_atomically(
            path, b"new", temp_name=".cat.tmp", step=steps.append, before_replace=cancel
        )
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["cat.toml"]
    assert steps == ["create-temp", "write-temp", "half-written", "fsync-temp", "replace"]


def test_create_new_file_never_replaces(tmp_path: Path) -> None:
    path = tmp_path / "data" / "catalogue.toml"
    create_new_file(path, b"schema_version = 1\n")
    assert path.read_text("utf-8") == "schema_version = 1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()
    with pytest.raises(CatalogueError, match="already exists"):
        create_new_file(path, b"other")
    dangling = tmp_path / "dangling.toml"
    dangling.symlink_to(tmp_path / "nowhere.toml")
    with pytest.raises(CatalogueError, match="already exists"):
        create_new_file(dangling, b"x")
    assert not (tmp_path / "nowhere.toml").exists()
    assert path.read_text("utf-8") == "schema_version = 1\n"
    assert sorted(os.listdir(path.parent)) == ["catalogue.toml"]


def test_read_regular_file_refuses_fifos_and_devices_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(NotRegularFile, match="FIFO"):
        read_regular_file(fifo, 1000)
    with pytest.raises(NotRegularFile, match="character device"):
        read_regular_file(Path("/dev/zero"), 1000)
    assert time.monotonic() - start < 5
    big = tmp_path / "big"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(FileTooLarge):
        read_regular_file(big, 1000)
    assert read_regular_file(big, 1001) == b"x" * 1001


def test_read_input_from_stdin_a_file_and_a_fifo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("å\n".encode())))
    assert read_input("-", "a list of URLs") == "å\n"
    path = tmp_path / "urls.txt"
    path.write_text("ø\n", "utf-8")
    assert read_input(str(path), "a list of URLs") == "ø\n"
    fifo = tmp_path / "pipe"  # as `<(cmd)` gives
    os.mkfifo(fifo)
    writer = _Writer(fifo, "æ\n".encode())
    writer.start()
    assert read_input(str(fifo), "a list of URLs") == "æ\n"
    writer.join(10)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"^{p}: no such file$"),
        ("folder", r"^{p}: is a folder, not a list of URLs$"),
        (b"ok\n\xff\n", r"^{p}:2:1: not valid UTF-8 \(byte 0xff\)$"),
    ],
)
def test_read_input_errors_are_one_line_usage_errors(
    tmp_path: Path, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / "urls.txt"
    if content == "folder":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(UsageError, match=message.format(p=str(path).replace("\\", "\\\\"))):
        read_input(str(path), "a list of URLs")
