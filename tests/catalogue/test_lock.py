"""The catalogue lock (filelock on .NAME.lock) with real processes: the timeout setting, a
lock held elsewhere, a symlink planted at the lock path, and platforms without fcntl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import add_webinar_args, subprocess_env, webcat_within

webcat = webcat_within(60)  # seconds a single webcat process may take here

ADD = add_webinar_args("Låst")


def _hold_lock(lock: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process that takes the lock the way an older webcat did (flock) and holds it."""
    code = (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(lock)!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('held', flush=True)\n"
        f"time.sleep({seconds})\n"
    )
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline() == "held\n"
    return p


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "abc", "1e309", "7200"])
def test_a_bad_lock_timeout_is_a_usage_error(seed: Path, value: str) -> None:
    old = seed.read_bytes()
    result = webcat(*ADD, "-c", str(seed), WEBCAT_LOCK_TIMEOUT=value)
    assert result.returncode == 2, result.stderr
    assert (
        f"WEBCAT_LOCK_TIMEOUT='{value}' is not a number of seconds from 0 to 3600" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert seed.read_bytes() == old


def test_a_lock_held_by_another_process_is_waited_for(seed: Path) -> None:
    lock = seed.parent / f".{seed.name}.lock"
    holder = _hold_lock(lock, 30)
    try:
        start = time.monotonic()
        result = webcat(*ADD, "-c", str(seed), WEBCAT_LOCK_TIMEOUT="0.5")
        assert result.returncode == 3 and "locked by another webcat" in result.stderr
        assert time.monotonic() - start < 20
    finally:
        holder.kill()
        holder.wait()
    # The holder died without releasing: the kernel released its lock, the file stays usable.
    result = webcat(*ADD, "-c", str(seed), WEBCAT_LOCK_TIMEOUT="5")
    assert result.returncode == 0, result.stderr
    assert lock.is_file()


def test_a_writer_waits_for_the_lock_then_writes(seed: Path) -> None:
    holder = _hold_lock(seed.parent / f".{seed.name}.lock", 1.5)
    result = webcat(*ADD, "-c", str(seed), WEBCAT_LOCK_TIMEOUT="30")
    holder.wait(10)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "last\n"


def test_a_killed_lock_holder_leaves_a_usable_file_and_lock(seed: Path) -> None:
    p = subprocess.Popen(
        [sys.executable, "-m", "webcat", *ADD, "-c", str(seed)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(WEBCAT_TEST_PAUSE="half-written:30"),
    )
    assert p.stderr is not None and p.stderr.readline() == "webcat-step: half-written\n"
    p.send_signal(signal.SIGKILL)
    p.wait(10)
    p.stderr.close()
    result = webcat(*ADD, "-c", str(seed), WEBCAT_LOCK_TIMEOUT="2")
    assert result.returncode == 0, result.stderr
    assert webcat("validate", "-c", str(seed)).returncode == 0


def test_a_symlink_at_the_lock_path_is_never_followed(seed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "created-by-webcat"
    lock = seed.parent / f".{seed.name}.lock"
    lock.symlink_to(victim)
    old = seed.read_bytes()
    result = webcat(*ADD, "-c", str(seed))
    assert result.returncode == 3, result.stderr
    assert "is a symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert not victim.exists() and not os.path.lexists(victim)
    assert seed.read_bytes() == old


def test_editing_works_where_fcntl_is_missing(seed: Path) -> None:
    """As on Windows: nothing imports fcntl at module level, and the lock still works."""
    code = (
        "import sys\n"
        "sys.modules['fcntl'] = None\n"  # `import fcntl` now raises ImportError
        "from webcat.cli import main\n"
        f"sys.argv = ['webcat', *{ADD!r}, '-c', {str(seed)!r}]\n"
        "main()\n"
    )
    for expected in ("last\n", "last-2\n"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=subprocess_env(),
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == expected
