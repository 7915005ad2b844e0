"""The file primitives every reader and writer in webcat shares.

One place decides how a file given on the command line is read (a path, or ``-`` for stdin)
and how a file is written (whole or not at all), so exports, CI reports, the link state file,
``init`` and the catalogue's store cannot drift apart: the same temporary-file protocol, the
same mode for new files, the same folder sync, the same refusal to replace what is not a
regular file. The store (:mod:`webcat.catalogue.store`) adds locking, validation and its
numbered steps on top of :func:`write_atomically`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from webcat.errors import CatalogueError, UsageError

#: Inputs (URL lists, JSON imports, templates) larger than this are refused before reading.
MAX_INPUT_BYTES = 256 * 1024 * 1024
STDIN = "-"

#: Paths that name an open descriptor rather than a file: written through, never replaced.
_DESCRIPTOR_PATH = re.compile(
    r"^/(dev/(std(in|out|err)|fd/\d+)|proc/(self|thread-self|\d+)/fd/\d+)$"
)


class NotRegularFile(Exception):
    """``path`` exists but is a folder, device, FIFO or socket; ``kind`` says which."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path}: {kind}")
        self.path = path
        self.kind = kind


class FileTooLarge(Exception):
    """``path`` holds more than the limit the caller gave."""

    def __init__(self, path: Path, size: int) -> None:
        super().__init__(f"{path}: {size} bytes")
        self.path = path
        self.size = size


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words for an error message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit`` bytes.

    The file is opened without blocking and checked through its descriptor, so a FIFO never
    hangs the reader and a device (``/dev/zero``) is refused before a byte is read; a file
    that grows past ``limit`` while being read (a ``/proc`` file reports size 0) is refused
    too. Raises :class:`NotRegularFile`, :class:`FileTooLarge` or :class:`OSError`.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, kind_of(st.st_mode))
        if st.st_size > limit:
            raise FileTooLarge(path, st.st_size)
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLarge(path, len(data))
    return data


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", errors="replace")) + 1


def read_input(source: str, what: str, *, stdin: bool = True) -> str:
    """The UTF-8 text of ``source``: a path, or ``-`` for stdin (with ``stdin``).

    ``what`` names the expected content for messages ("a list of URLs"). Every failure is a
    one-line :class:`UsageError` (exit 2) naming the file: missing, a folder, unreadable,
    too large, or not UTF-8 (with line and column). FIFOs and process substitution
    (``<(cmd)``) are inputs too, so only folders are refused by type.
    """
    name = "<stdin>" if stdin and source == STDIN else source
    try:
        if name == "<stdin>":
            buffer = getattr(sys.stdin, "buffer", None)
            raw = buffer.read(MAX_INPUT_BYTES + 1) if buffer is not None else None
            if raw is None:
                text = sys.stdin.read(MAX_INPUT_BYTES + 1)
                if len(text) > MAX_INPUT_BYTES:
                    raise FileTooLarge(Path(name), len(text))
                return text
        else:
            with open(source, "rb") as fh:
                mode = os.fstat(fh.fileno()).st_mode
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
                    # /dev/zero would be read up to the limit; a FIFO or <(cmd) is fine.
                    raise UsageError(f"{name}: is a device, not a regular file or a pipe")
                raw = fh.read(MAX_INPUT_BYTES + 1)
        if len(raw) > MAX_INPUT_BYTES:
            raise FileTooLarge(Path(name), len(raw))
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file", hint=f"give the path of {what}") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: is a folder, not {what}") from None
    except PermissionError:
        raise UsageError(f"{name}: permission denied") from None
    except UsageError:
        raise
    except FileTooLarge:
        raise UsageError(
            f"{name}: over the {MAX_INPUT_BYTES // 1048576} MiB limit for {what}",
            hint="is this the right file?",
        ) from None
    except OSError as err:
        raise UsageError(f"{name}: cannot read: {err.strerror or err}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _line_col(raw, err.start)
        raise UsageError(
            f"{name}:{line}:{col}: not valid UTF-8 (byte 0x{raw[err.start]:02x})",
            hint=f"save {what} as UTF-8",
        ) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _sync_folder(folder: Path) -> None:
    """fsync ``folder`` so a rename or link in it survives a power cut; best effort."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows, or a folder we may not open: the data itself is synced
    try:
        os.fsync(dfd)
    except OSError:
        pass  # some file systems cannot sync folders
    finally:
        os.close(dfd)


def write_error(path: Path, err: OSError, *, in_folder: bool = True) -> CatalogueError:
    """The one-line message for a failed write of ``path`` (exit 3); ``in_folder`` when the
    failure was creating or renaming a file in its folder, so the folder is to blame."""
    if in_folder and err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        folder = path.parent if str(path.parent) else Path(".")
        return CatalogueError(
            f"{path}: cannot write: the folder {folder} is read-only ({err.strerror})",
            hint="webcat writes a temporary file next to the file it replaces; "
            "make the folder writable",
        )
    if err.errno == errno.EISDIR:
        return CatalogueError(f"{path}: cannot write: is a folder")
    return CatalogueError(f"{path}: cannot write: {err.strerror or err}")


def _no_step(name: str) -> None:
    """No test hook."""


def _write_through(path: Path, data: bytes, st: os.stat_result | None) -> None:
    """Write into an existing non-regular file (device, FIFO, open descriptor) in place."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if st is not None and stat.S_ISREG(st.st_mode):
        flags |= os.O_APPEND  # /dev/stdout redirected to a file: after what is there
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise write_error(path, err, in_folder=False) from None
    try:
        _write_all(fd, data)
    except OSError as err:
        raise write_error(path, err, in_folder=False) from None
    finally:
        os.close(fd)


def write_atomically(
    path: Path,
    data: bytes,
    *,
    follow_symlinks: bool = True,
    sync_folder: bool = True,
    temp_name: str | None = None,
    step: Callable[[str], None] = _no_step,
    before_replace: Callable[[], None] | None = None,
    replaced: Callable[[], None] | None = None,
) -> None:
    """Replace the file at ``path`` by ``data``: readers see the old file or the new one.

    The data goes to a temporary file in the same folder, is fsynced and then renamed over
    the target with :func:`os.replace`; the folder is fsynced after (``sync_folder``). An
    existing file keeps its mode (and owner, where allowed); a new one gets
    ``0666 & ~umask``, as with any program's save.

    With ``follow_symlinks`` a symlink is kept and the file it points to is replaced, as an
    editor does. What is not a regular file is never replaced: a device, a FIFO or a path
    naming an open descriptor (``/dev/stdout``, ``/dev/fd/N``) is written through in place,
    and a folder is an error. Failures raise :class:`CatalogueError` (exit 3) and leave no
    temporary file.

    For the store: ``temp_name`` fixes the temporary file's name (so a later writer can find
    what a killed one left), ``step`` is called with the name of each step before it runs
    (the crash-test hook), ``before_replace`` runs just before the rename and may raise to
    cancel it, and ``replaced`` runs just after it.
    """
    if _DESCRIPTOR_PATH.match(str(path)):
        try:
            st: os.stat_result | None = path.stat()
        except OSError:
            st = None
        _write_through(path, data, st)
        return
    target = Path(os.path.realpath(path)) if follow_symlinks and path.is_symlink() else path
    try:
        st = target.stat() if follow_symlinks else os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise write_error(path, err, in_folder=False) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise CatalogueError(f"{path}: cannot write: is a folder")
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISLNK(st.st_mode):
        _write_through(target, data, st)
        return
    import tempfile

    folder = target.parent if str(target.parent) else Path(".")
    step("create-temp")
    try:
        if temp_name is None:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            tmp = Path(tmp_name)
        else:
            tmp = folder / temp_name
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            fd = os.open(tmp, flags, 0o600)
    except OSError as err:
        raise write_error(path, err) from None
    try:
        try:
            step("write-temp")
            half = len(data) // 2
            _write_all(fd, memoryview(data)[:half])
            step("half-written")
            _write_all(fd, memoryview(data)[half:])
            step("fsync-temp")
            os.fsync(fd)
        finally:
            os.close(fd)
        if st is not None and stat.S_ISREG(st.st_mode):
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            if hasattr(os, "chown"):
                # Not the owner: the file becomes ours, as with any editor's save.
                with contextlib.suppress(OSError):
                    os.chown(tmp, st.st_uid, st.st_gid)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        step("replace")
        if before_replace is not None:
            before_replace()
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise write_error(path, err) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if replaced is not None:
        replaced()
    step("fsync-folder")
    if sync_folder:
        _sync_folder(folder)
    step("done")


def create_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path``, whole or not at all; refuse if it exists.

    The data is written and synced under a temporary name, then hard-linked into place:
    ``link`` fails if the name is taken, so a file that appears meanwhile is never replaced.
    Missing folders are created.
    """
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() or path.is_symlink():
        raise CatalogueError(f"{path}: already exists", hint="choose another path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise CatalogueError(f"{path}: cannot create: {err.strerror}") from None
    tmp = Path(tmp_name)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())
        os.link(tmp, path)
    except FileExistsError:
        raise CatalogueError(f"{path}: already exists", hint="choose another path") from None
    except OSError as err:
        raise CatalogueError(f"{path}: cannot create: {err.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
    _sync_folder(folder)
