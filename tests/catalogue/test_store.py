"""The store's guarantees with real files and real processes: parallel writers, a writer
killed at every step, a read-only folder, a symlink, CRLF, the file's mode, changes on disk."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import SEED, add_webinar_args, subprocess_env, unprivileged, webcat_within
from webcat.catalogue.store import STEPS

webcat = webcat_within(60)  # seconds a single webcat process may take here

ADD = add_webinar_args("Parallell")


def _temps(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if ".webcat-tmp-" in n]


def _valid(path: Path) -> dict:  # type: ignore[type-arg]
    with path.open("rb") as fh:
        return tomllib.load(fh)


def test_twenty_writers_at_once_all_land(seed: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "webcat", *ADD, "-c", str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env(),
        )
        for _ in range(20)
    ]
    ids = []
    for p in procs:
        out, errs = p.communicate(timeout=120)
        assert p.returncode == 0, errs
        ids.append(out.strip())
    expected = {"parallell"} | {f"parallell-{n}" for n in range(2, 21)}
    assert set(ids) == expected
    data = _valid(seed)
    assert expected <= set(data["webinars"])
    assert webcat("validate", "-c", str(seed)).returncode == 0
    assert webcat("fmt", "--check", "-c", str(seed)).returncode == 0
    assert _temps(seed.parent) == []


@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_every_step_leaves_old_or_new(seed: Path, tmp_path: Path, step: str) -> None:
    old = seed.read_bytes()
    # What the file becomes when the same command is not interrupted.
    other = tmp_path / "other" / "catalogue.toml"
    other.parent.mkdir()
    shutil.copyfile(seed, other)
    assert webcat(*ADD, "-c", str(other)).returncode == 0
    new = other.read_bytes()

    p = subprocess.Popen(
        [sys.executable, "-m", "webcat", *ADD, "-c", str(seed)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(WEBCAT_TEST_PAUSE=f"{step}:30"),
    )
    assert p.stderr is not None
    line = p.stderr.readline()
    assert line == f"webcat-step: {step}\n", line
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=10)
    p.stderr.close()
    after = seed.read_bytes()
    assert after in (old, new), f"killed at {step}: neither old nor new"
    before_done = STEPS.index(step) <= STEPS.index("replace")
    assert after == (old if before_done else new)
    # The next writer cleans up what the killed one left and works normally.
    result = webcat("set", "samskaping-webinarer", "published", "2022-03-23", "-c", str(seed))
    assert result.returncode == 0, result.stderr
    assert _temps(seed.parent) == []
    assert _valid(seed)["series"]["samskaping-webinarer"]["published"].isoformat() == "2022-03-23"


def test_stray_temp_file_is_removed_by_the_next_run(seed: Path) -> None:
    stray = seed.parent / f".{seed.name}.webcat-tmp-99999"
    stray.write_text("half a catalogue")
    result = webcat("set", "samskaping-webinarer", "published", "2022-03-23", "-c", str(seed))
    assert result.returncode == 0, result.stderr
    assert not stray.exists()
    assert "interrupted write" in result.stderr


def test_changed_on_disk_is_refused(seed: Path) -> None:
    p = subprocess.Popen(
        [sys.executable, "-m", "webcat", *ADD, "-c", str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(WEBCAT_TEST_PAUSE="checked:2"),
    )
    assert p.stderr is not None and p.stdout is not None
    assert p.stderr.readline() == "webcat-step: checked\n"
    # A person's editor saves meanwhile (same size, same mtime granularity: content counts).
    edited = seed.read_text("utf-8").replace("number = 1", "number = 9")
    seed.write_text(edited, "utf-8")
    rest = p.stderr.read()
    p.wait(timeout=30)
    p.stdout.close()
    p.stderr.close()
    assert p.returncode == 3
    assert "changed on disk" in rest
    assert seed.read_text("utf-8") == edited


def test_lock_is_waited_for_then_times_out(seed: Path) -> None:
    lock = seed.parent / f".{seed.name}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = webcat(*ADD, "-c", str(seed), WEBCAT_LOCK_TIMEOUT="0.3")
        assert result.returncode == 3
        assert "locked by another webcat" in result.stderr
    finally:
        os.close(fd)
    assert webcat(*ADD, "-c", str(seed)).returncode == 0


def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "catalogue.toml"
    shutil.copyfile(SEED, path)
    old = path.read_bytes()
    # root writes anywhere: run the writer without the capabilities that allow that.
    cmd = unprivileged([sys.executable, "-m", "webcat", *ADD, "-c", str(path)])
    folder.chmod(0o555)
    try:
        result = subprocess.run(
            cmd, capture_output=True, text=True, env=subprocess_env(), timeout=60
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 3, result.stderr
    assert "is read-only" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == old
    assert os.listdir(folder) == ["catalogue.toml"]


def test_symlink_stays_a_symlink_and_target_is_updated(tmp_path: Path) -> None:
    real = tmp_path / "real" / "catalogue.toml"
    real.parent.mkdir()
    shutil.copyfile(SEED, real)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert webcat(*ADD, "-c", str(link)).returncode == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "parallell" in _valid(real)["webinars"]
    assert _temps(real.parent) == [] and _temps(tmp_path) == []


def test_mode_is_kept(seed: Path) -> None:
    seed.chmod(0o640)
    assert webcat(*ADD, "-c", str(seed)).returncode == 0
    assert seed.stat().st_mode & 0o777 == 0o640


def test_crlf_line_endings_are_kept(seed: Path) -> None:
    crlf = seed.read_text("utf-8").replace("\n", "\r\n")
    seed.write_bytes(crlf.encode("utf-8"))
    assert webcat(*ADD, "-c", str(seed)).returncode == 0
    result = webcat("set", "samskaping-hvorfor-hva-og-hvordan", "number", "5", "-c", str(seed))
    assert result.returncode == 0, result.stderr
    assert webcat("remove", "opptak-komme-i-gang", "-c", str(seed)).returncode == 0
    data = seed.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert b"[webinars.parallell]\r\n" in data and b"number = 5\r\n" in data
    assert webcat("fmt", "--check", "-c", str(seed)).returncode == 0


def test_prompts_on_a_real_terminal(seed: Path) -> None:
    import pty

    master, slave = pty.openpty()
    try:
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "webcat",
                "add",
                "webinar",
                "--title",
                "Fra terminalen",
                "-c",
                str(seed),
            ],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env(),
        )
        os.write(master, b"samskaping-webinarer\n2022-06-01\n")
        out, errs = p.communicate(timeout=60)
    finally:
        os.close(slave)
        os.close(master)
    assert p.returncode == 0, errs
    assert out == "fra-terminalen\n"  # the prompts went to stderr
    assert "series (" in errs and "date (" in errs
    webinar = _valid(seed)["webinars"]["fra-terminalen"]
    assert webinar["series"] == "samskaping-webinarer"
    assert webinar["date"].isoformat() == "2022-06-01"
