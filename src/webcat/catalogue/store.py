"""The one place that writes a catalogue file: locked, checked, atomic.

:func:`edit_catalogue` is the only way webcat changes an existing catalogue:

1. take the lock file next to the catalogue (``.NAME.lock``, ``fcntl.flock``), so writers
   run one at a time, and remove temporary files a killed writer left behind;
2. read the file and parse it with rtoml (strict TOML 1.0);
3. let the caller edit the text through an :class:`~webcat.catalogue.edit.Editor`, which
   touches only the blocks of the entries that change;
4. parse the new text again with rtoml and check that it means exactly the old data plus the
   requested change - anything else (a tomlkit or layout surprise) is refused;
5. validate it with :func:`~webcat.catalogue.build.build_catalogue`; errors the old file did
   not have refuse the edit (:class:`EditRefused`, exit 1), new warnings are passed back;
6. re-read the file and compare its bytes with what was read in step 2 (a person's editor may
   have saved meanwhile; mtime is not trusted): if they differ, refuse (exit 3);
7. write a temporary file in the same folder, fsync it, give it the old file's mode,
   ``os.replace`` it over the target (the symlink's target, if the catalogue is a symlink),
   and fsync the folder.

A SIGKILL at any moment therefore leaves the old file or the new one, never a mix. For the
crash tests, ``WEBCAT_TEST_PAUSE=STEP:SECONDS`` makes the writer print ``webcat-step: STEP``
on stderr and sleep at that step of the write, so a test can kill it exactly there (test
hook; documented in docs/editing.md).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from webcat.catalogue.edit import Change, Editor
from webcat.catalogue.load import Document, parse_toml, read_text
from webcat.catalogue.problems import Problem
from webcat.errors import CatalogueError, ProblemsFound

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
TEMP_MARK = ".webcat-tmp-"


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
    warnings: list[Problem] = field(default_factory=list)  # new ones this edit brings


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


def _not_writable(path: Path, err: OSError) -> CatalogueError:
    folder = path.parent
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return CatalogueError(
            f"{path}: cannot write: the folder {folder} is read-only ({err.strerror})",
            hint="webcat writes a temporary file and a lock file next to the catalogue; "
            "make the folder writable",
        )
    return CatalogueError(f"{path}: cannot write: {err.strerror}")


@contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock of catalogue ``path`` (its real file), waiting up to timeout."""
    import fcntl

    target = target_of(path)
    lock_path = target.parent / f".{target.name}.lock"
    if timeout is None:
        try:
            timeout = float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
        except ValueError:
            timeout = DEFAULT_LOCK_TIMEOUT
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except FileNotFoundError:
        raise CatalogueError(f"{path}: no such catalogue file") from None
    except OSError as err:
        raise _not_writable(path, err) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CatalogueError(
                        f"{path}: locked by another webcat for over {timeout:.0f} s",
                        hint=f"wait for it to finish; the lock is {lock_path}",
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing releases the lock


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


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path``'s real file with ``data``: temp file, fsync, replace, fsync folder."""
    target = target_of(path)
    folder = target.parent
    try:
        st = target.stat()
    except OSError as err:
        raise CatalogueError(f"{path}: cannot write: {err.strerror}") from None
    tmp = folder / f".{target.name}{TEMP_MARK}{os.getpid()}"
    _step("create-temp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_EXCL, 0o600)
    except OSError as err:
        raise _not_writable(path, err) from None
    try:
        try:
            _step("write-temp")
            half = len(data) // 2
            _write_all(fd, data[:half])
            _step("half-written")
            _write_all(fd, data[half:])
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            # Not the owner: the file becomes ours, as with any editor's save.
            with contextlib.suppress(OSError):
                os.fchown(fd, st.st_uid, st.st_gid)
            _step("fsync-temp")
            os.fsync(fd)
        finally:
            os.close(fd)
        _step("replace")
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise _not_writable(path, err) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _step("fsync-folder")
    try:
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass  # some file systems cannot sync folders; the data itself is synced
    _step("done")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise CatalogueError(f"{path}: cannot read: {err.strerror}") from None


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal data, where an empty entry table and no table at all count as the same."""
    from webcat.catalogue.fields import KINDS

    def norm(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if not (k in KINDS and v == {})}

    return norm(a) == norm(b)


@contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    with _no_gc():
        if dry_run:
            return _edit(path, change, dry_run=True, check_data=check_data)
        with locked(path):
            return _edit(path, change, dry_run=False, check_data=check_data)


def _edit(
    path: Path,
    change: Callable[[Editor], T],
    *,
    dry_run: bool,
    check_data: Callable[[dict[str, Any], dict[str, Any]], bool] | None,
) -> EditResult:
    from webcat.catalogue.build import build_catalogue, locate_problems
    from webcat.catalogue.fresh import fresh_problems

    target = target_of(path)
    notes: list[str] = []
    if not dry_run:
        _step("locked")
        for p in clean_stray_temps(target):
            notes.append(f"removed {p.name}, left by an interrupted write")
    raw = read_text(path)
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
    _, problems = build_catalogue(new_doc, locate=False)

    def old_problems() -> list[Problem]:
        old_doc = Document(path, raw, parse_toml(raw, path))
        return build_catalogue(old_doc, locate=False)[1]

    fresh = fresh_problems(
        problems, editor.changes, new_data, old_problems, whole_file=check_data is not None
    )
    if fresh:
        locate_problems(fresh, new_doc)
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
    result = EditResult(path, editor.changes, raw, new_raw, False, value, notes, fresh)
    if dry_run:
        return result
    _step("checked")
    if _read_bytes(path) != old_bytes:
        raise CatalogueError(
            f"{path}: changed on disk since webcat read it; nothing was written",
            hint="someone saved the file meanwhile; run the command again",
        )
    atomic_write(path, new_raw.encode("utf-8"))
    result.written = True
    return result
