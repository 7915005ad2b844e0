"""The one place that writes a catalogue file: locked, checked, atomic.

:func:`edit_catalogue` is the only way webcat changes an existing catalogue:

1. take the lock file next to the catalogue (``.NAME.lock``, with :mod:`filelock`: ``flock``
   on POSIX, ``msvcrt.locking`` on Windows), so writers run one at a time, and remove
   temporary files a killed writer left behind;
2. read the file (a regular file within the size limit) and check that it is a catalogue
   (``schema_version`` at the top), so a ``pyproject.toml`` given by mistake is never edited;
3. let the caller edit the text through an :class:`~webcat.catalogue.edit.Editor`, which
   touches only the blocks of the entries that change;
4. parse the new text again with rtoml and check that it means exactly the old data plus the
   requested change - anything else (a tomlkit or layout surprise) is refused;
5. validate it (:func:`~webcat.catalogue.fresh.edit_problems`: the entries the edit touched
   and what depends on them, or the whole file); errors the old file did not have refuse the
   edit (:class:`EditRefused`, exit 1), new warnings are passed back;
6. write a temporary file in the same folder, fsync it, give it the old file's mode;
7. re-read the file and compare its bytes with what was read in step 2 (a person's editor may
   have saved meanwhile; mtime is not trusted): if they differ, refuse (exit 3); then
   ``os.replace`` the temporary file over the target (the symlink's target, if the catalogue
   is a symlink) and fsync the folder (:func:`webcat.files.write_atomically`).

A SIGKILL at any moment therefore leaves the old file or the new one, never a mix. For the
crash tests, ``WEBCAT_TEST_PAUSE=STEP:SECONDS`` makes the writer print ``webcat-step: STEP``
on stderr and sleep at that step of the write, so a test can kill it exactly there (test
hook; documented in docs/editing.md). Edits that reached the disk are listed by
:func:`landed`, so an interrupted command can say what it did.
"""

from __future__ import annotations

import errno
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from webcat.catalogue.edit import Change, Editor
from webcat.catalogue.load import MAX_BYTES, Document, parse_toml, read_text
from webcat.catalogue.problems import Problem
from webcat.errors import CatalogueError, ProblemsFound, UsageError
from webcat.files import (
    FileTooLarge,
    NotRegularFile,
    read_regular_file,
    write_atomically,
    write_error,
)
from webcat.gcpause import no_gc

T = TypeVar("T")

LOCK_TIMEOUT_ENV = "WEBCAT_LOCK_TIMEOUT"
PAUSE_ENV = "WEBCAT_TEST_PAUSE"
#: The steps of a write, in order, where the test hook can pause.
STEPS = (
    "locked",
    "checked",
    "create-temp",
    "write-temp",
    "half-written",
    "fsync-temp",
    "replace",
    "fsync-folder",
    "done",
)
DEFAULT_LOCK_TIMEOUT = 60.0
#: The longest wait $WEBCAT_LOCK_TIMEOUT may ask for: an hour.
MAX_LOCK_TIMEOUT = 3600.0
TEMP_MARK = ".webcat-tmp-"

#: ``schema_version = ...`` as a line, and the first table header line, for the quick check.
_SCHEMA_LINE = re.compile(r'^[ \t]*(?:schema_version|"schema_version")[ \t]*=', re.MULTILINE)
_HEADER_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)

_landed: list[EditResult] = []


class EditRefused(ProblemsFound):
    """The edit would make the catalogue invalid; ``problems`` says how. Exit 1."""

    def __init__(self, message: str, problems: list[Problem], text: str, path: Path) -> None:
        super().__init__(message)
        self.problems = problems
        self.text = text
        self.path = path


@dataclass(slots=True)
class EditResult:
    """What an edit did (or, with ``dry_run``, would do)."""

    path: Path
    changes: list[Change]
    old_text: str
    new_text: str
    written: bool
    value: Any = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the write (hard links)
    new_warnings: list[Problem] = field(default_factory=list)  # problems this edit brings


def _step(name: str) -> None:
    """Test hook: with WEBCAT_TEST_PAUSE=NAME:SECONDS, announce step NAME and sleep there."""
    pause = os.environ.get(PAUSE_ENV)
    if pause:
        step, _, seconds = pause.partition(":")
        if step == name:
            sys.stderr.write(f"webcat-step: {name}\n")
            sys.stderr.flush()
            time.sleep(float(seconds or 30))


def target_of(path: Path) -> Path:
    """The file that is really written: the end of a symlink chain, else ``path``."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def lock_timeout() -> float:
    """Seconds to wait for the lock: ``$WEBCAT_LOCK_TIMEOUT`` (0 to an hour), else 60.

    Anything else - ``abc``, ``nan``, ``inf``, ``-1`` - is a usage error (exit 2) rather than
    a silent default or a wait without end.
    """
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "")
    if not raw.strip():
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 <= value <= MAX_LOCK_TIMEOUT:  # also false for nan
        raise UsageError(
            f"{LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds from 0 to "
            f"{MAX_LOCK_TIMEOUT:.0f}",
            hint=f"unset it to wait the default {DEFAULT_LOCK_TIMEOUT:.0f} s",
        )
    return value


def lock_path_of(path: Path) -> Path:
    """The lock file of catalogue ``path``: ``.NAME.lock`` next to its real file."""
    target = target_of(path)
    return target.parent / f".{target.name}.lock"


@contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of catalogue ``path`` (its real file), waiting up to timeout.

    The lock is the operating system's (``flock``/``msvcrt.locking`` through filelock), so a
    killed writer never leaves a stale lock; the lock file itself stays (deleting it races).
    filelock opens it with ``O_NOFOLLOW``: a symlink planted at the lock path is refused,
    never followed to create a file elsewhere.
    """
    from filelock import FileLock, Timeout

    lock_path = lock_path_of(path)
    if timeout is None:
        timeout = lock_timeout()
    lock = FileLock(lock_path, timeout=timeout, thread_local=False)
    try:
        lock.acquire(poll_interval=0.02)
    except Timeout:
        raise CatalogueError(
            f"{path}: locked by another webcat for over {timeout:g} s",
            hint=f"wait for it to finish; the lock is {lock_path}",
        ) from None
    except FileNotFoundError:
        raise CatalogueError(f"{path}: no such catalogue file") from None
    except OSError as err:
        if err.errno == errno.ELOOP or lock_path.is_symlink():
            raise CatalogueError(
                f"{path}: the lock file {lock_path} is a symbolic link; nothing was written",
                hint="webcat never follows a link there; remove it if you did not put it there",
            ) from None
        raise write_error(path, err) from None
    try:
        yield
    finally:
        lock.release()


def clean_stray_temps(target: Path) -> list[Path]:
    """Remove temporary files a killed writer left next to ``target`` (call under the lock)."""
    removed: list[Path] = []
    prefix = f".{target.name}{TEMP_MARK}"
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if name.startswith(prefix):
            p = target.parent / name
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed


def landed() -> list[EditResult]:
    """The edits this process wrote, in order: a command interrupted after its write can
    report what it did instead of a bare "interrupted"."""
    return list(_landed)


def check_is_catalogue(path: Path, raw: str) -> None:
    """Refuse a TOML file that is not a catalogue (no top-level ``schema_version``).

    A quick look at the lines before the first table settles nearly every file; only when
    it finds nothing is the file parsed to be sure (a multi-line string before the key).
    """
    key = _SCHEMA_LINE.search(raw)
    header = _HEADER_LINE.search(raw, 0, key.start()) if key else None
    if key is not None and header is None:
        return
    if "schema_version" in parse_toml(raw, path):
        return
    raise CatalogueError(
        f"{path}: not a webcat catalogue (no schema_version at the top); nothing was written",
        hint="is this the right file? a catalogue starts with `schema_version = 1`",
    )


def _read_again(path: Path, target: Path) -> bytes | None:
    """The bytes now on disk, or None if the file is gone or no longer a regular file."""
    try:
        return read_regular_file(target, MAX_BYTES)
    except (NotRegularFile, FileTooLarge, FileNotFoundError):
        return None
    except OSError as err:
        raise CatalogueError(f"{path}: cannot read: {err.strerror}") from None


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal data, where an empty entry table and no table at all count as the same."""
    from webcat.catalogue.fields import KINDS

    def norm(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if not (k in KINDS and v == {})}

    return norm(a) == norm(b)


@no_gc()
def edit_catalogue(
    path: Path,
    change: Callable[[Editor], T],
    *,
    dry_run: bool = False,
    check_data: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None,
) -> EditResult:
    """Apply ``change`` to the catalogue at ``path`` with every guarantee of this module.

    ``change`` edits through the Editor and may raise any WebcatError to cancel. Its return
    value is passed back in :attr:`EditResult.value`. ``check_data`` replaces the default
    meaning check (new data == expected data) for whole-file rewrites such as ``fmt``.
    """
    if not target_of(path).is_file():
        read_text(path)  # raises the precise error (missing, a folder, ...)
    if not dry_run and not os.access(target_of(path), os.W_OK):
        raise CatalogueError(
            f"{path}: the file is read-only; nothing was written",
            hint="make it writable (chmod u+w) if it should be edited",
        )
    if dry_run:
        return _edit(path, change, dry_run=True, check_data=check_data)
    with locked(path, lock_timeout()):
        return _edit(path, change, dry_run=False, check_data=check_data)


def _edit(
    path: Path,
    change: Callable[[Editor], T],
    *,
    dry_run: bool,
    check_data: Callable[[dict[str, Any], dict[str, Any]], bool] | None,
) -> EditResult:
    from webcat.catalogue.build import locate_problems
    from webcat.catalogue.fresh import edit_problems

    target = target_of(path)
    notes: list[str] = []
    if not dry_run:
        _step("locked")
        for p in clean_stray_temps(target):
            notes.append(f"removed {p.name}, left by an interrupted write")
    raw = read_text(path)
    check_is_catalogue(path, raw)
    old_bytes = raw.encode("utf-8")
    crlf = "\r\n" in raw and raw.count("\r\n") == raw.count("\n")
    text = raw.replace("\r\n", "\n") if crlf else raw
    editor = Editor(text, newline="\n", path=str(path))
    value = change(editor)
    new_text = editor.finish()
    if not editor.changes and new_text == text:
        if not editor.loaded:
            parse_toml(raw, path)  # "nothing to change" only for a file that is TOML
        return EditResult(path, [], raw, raw, False, value, notes)
    new_raw = new_text.replace("\n", "\r\n") if crlf else new_text
    try:
        new_data = parse_toml(new_raw, path)
    except CatalogueError as err:
        parse_toml(raw, path)  # an old file that is not TOML is reported as such
        raise CatalogueError(
            f"{path}: the edit produced text that is not valid TOML ({err.message}); "
            "nothing was written",
            hint="this is a bug in webcat; please report it with the entry you edited",
        ) from None
    if check_data is not None:
        ok = check_data(editor.data, new_data)
    elif editor.loaded:
        ok = _same(new_data, editor.data)
    else:
        ok = editor.probably_means(new_data) or _same(
            new_data, editor.expected(parse_toml(raw, path))
        )
    if not ok:
        raise CatalogueError(
            f"{path}: the edited file would not mean what was asked; nothing was written",
            hint="the file's layout around that entry confused webcat; "
            "run `webcat fmt` or edit by hand",
        )
    new_doc = Document(path, new_raw, new_data)
    fresh = edit_problems(
        editor,
        new_doc,
        lambda: Document(path, raw, parse_toml(raw, path)),
        whole_file=check_data is not None,
    )
    if fresh:
        locate_problems(fresh, new_doc, editor.current_layout())
        errors = [p for p in fresh if p.is_error]
        if errors:
            n = len(errors)
            raise EditRefused(
                f"{path}: the change would make the catalogue invalid "
                f"({n} problem{'s' if n != 1 else ''}); nothing was written",
                errors,
                new_raw,
                path,
            )
    result = EditResult(
        path, editor.changes, raw, new_raw, False, value, notes, new_warnings=fresh
    )
    if dry_run:
        return result
    _step("checked")

    def unchanged_on_disk() -> None:
        if _read_again(path, target) != old_bytes:
            raise CatalogueError(
                f"{path}: changed on disk since webcat read it; nothing was written",
                hint="someone saved the file meanwhile; run the command again",
            )

    def mark_landed() -> None:
        result.written = True
        _landed.append(result)

    links = target.stat().st_nlink
    write_atomically(
        target,
        new_raw.encode("utf-8"),
        temp_name=f".{target.name}{TEMP_MARK}{os.getpid()}",
        step=_step,
        before_replace=unchanged_on_disk,
        replaced=mark_landed,
    )
    if links > 1:
        result.warnings.append(
            f"{path} had {links - 1} other hard link{'s' if links > 2 else ''}; "
            "they still hold the old text (webcat replaces the file to write it safely; "
            "share a catalogue with a symbolic link instead)"
        )
    return result
