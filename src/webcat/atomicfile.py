"""Writing a whole file atomically: readers see the old file or the new one, never half.

Used for every file webcat writes other than the catalogue (whose store adds locking and
validation): exports, CI reports and the link state file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from webcat.errors import CatalogueError


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file and :func:`os.replace`.

    An existing file keeps its mode; a new one gets the usual ``0666 & ~umask`` (mkstemp
    alone would leave it readable by its owner only, which surprises people who publish an
    exported page).
    """
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise CatalogueError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise CatalogueError(f"cannot write {path}: {e.strerror or e}") from None
