"""Files that `export -o`, `check -o` and the link state writer are pointed at, with real
processes: devices, FIFOs and symlinks are written through or followed, never replaced; a
full disk or a size limit is a clean exit 3 that keeps the old file."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, FifoReader


def webcat(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBCAT_")}
    result: subprocess.CompletedProcess[str] = subprocess.run(
        [sys.executable, "-m", "webcat", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        **kwargs,  # type: ignore[call-overload]
    )
    return result


def _empty_url_list(tmp_path: Path) -> Path:
    urls = tmp_path / "urls.txt"
    urls.write_text("# no URLs: nothing leaves the machine\n", "utf-8")
    return urls


def _identity(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return stat.S_IFMT(st.st_mode), st.st_ino, st.st_rdev


@pytest.mark.parametrize(
    "command",
    [
        ["export", "html", "-c", str(SEED)],
        ["check", "URLS", "--no-state", "--format", "json"],
    ],
)
def test_a_fifo_is_written_through(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    before = _identity(fifo)
    reader = FifoReader(fifo)
    reader.start()
    args = [str(_empty_url_list(tmp_path)) if a == "URLS" else a for a in command]
    result = webcat(*args, "-o", str(fifo))
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert reader.data.startswith(b"<!DOCTYPE html>" if "export" in command else b'{"summary"')
    assert _identity(fifo) == before
    assert sorted(os.listdir(tmp_path)) in (["out.fifo"], ["out.fifo", "urls.txt"])


@pytest.mark.parametrize("via_link", [False, True])
def test_dev_null_stays_a_device(tmp_path: Path, via_link: bool) -> None:
    before = _identity(Path("/dev/null"))
    target = Path("/dev/null")
    if via_link:
        target = tmp_path / "sink.html"
        target.symlink_to("/dev/null")
    export = webcat("export", "html", "-c", str(SEED), "-o", str(target))
    check = webcat("check", str(_empty_url_list(tmp_path)), "--no-state", "-o", str(target))
    assert export.returncode == 0, export.stderr
    assert check.returncode == 0, check.stderr
    assert _identity(Path("/dev/null")) == before
    assert not via_link or target.is_symlink()


def test_dev_stdout_is_the_pipe(tmp_path: Path) -> None:
    result = webcat("export", "json", "-c", str(SEED), "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("{")


def test_symlinks_are_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "site" / "index.html"
    real.parent.mkdir()
    real.write_text("old", "utf-8")
    link = tmp_path / "index.html"
    link.symlink_to(real)
    assert webcat("export", "html", "-c", str(SEED), "-o", str(link)).returncode == 0
    assert link.is_symlink() and real.read_text("utf-8").startswith("<!DOCTYPE html>")
    # The link state file, too (a CI cache often links it in).
    state = tmp_path / "cache" / "state.json"
    state.parent.mkdir()
    state_link = tmp_path / "state.json"
    state_link.symlink_to(state)
    result = webcat("check", str(_empty_url_list(tmp_path)), "--state", str(state_link))
    assert result.returncode == 0, result.stderr
    assert state_link.is_symlink() and '"version": 1' in state.read_text("utf-8")


def test_a_full_device_is_a_clean_exit_3(tmp_path: Path) -> None:
    """Our own node with /dev/full's numbers: writes fail with ENOSPC, and a writer that
    replaced it would only replace this copy, never the system's."""
    full = tmp_path / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        with open(full, "wb") as fh:
            fh.write(b"x")
            fh.flush()
    except PermissionError:
        pytest.skip("cannot make or open a device node here (not root, or a nodev mount)")
    except OSError:
        pass  # ENOSPC: the node works
    before = _identity(full)
    for args in (
        ["export", "html", "-c", str(SEED)],
        ["check", str(_empty_url_list(tmp_path)), "--no-state", "--format", "json"],
    ):
        result = webcat(*args, "-o", str(full))
        assert result.returncode == 3, result.stderr
        assert f"{full}: cannot write: No space left on device" in result.stderr
        assert "Traceback" not in result.stderr
    assert _identity(full) == before


def _small_files() -> None:
    """In the child: files may not grow past 4 KiB (EFBIG, as a full quota would)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_write_that_fails_midway_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    out.write_text("old", "utf-8")
    result = webcat("export", "html", "-c", str(SEED), "-o", str(out), preexec_fn=_small_files)
    assert result.returncode == 3, result.stderr
    assert f"{out}: cannot write: File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text("utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.html"]
