"""Creating a file that must not exist yet, whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from webcat.errors import CatalogueError


def create_new_file(path: Path, text: str) -> None:
    """Write ``text`` to a new ``path`` atomically; refuse if ``path`` exists.

    The text is written and synced under a temporary name, then hard-linked into place:
    ``link`` fails if the name is taken, so a file that appears meanwhile is never replaced.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() or path.is_symlink():
        raise CatalogueError(f"{path}: already exists", hint="choose another path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise CatalogueError(f"{path}: cannot create: {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.link(tmp, path)
    except FileExistsError:
        raise CatalogueError(f"{path}: already exists", hint="choose another path") from None
    except OSError as err:
        raise CatalogueError(f"{path}: cannot create: {err.strerror}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
