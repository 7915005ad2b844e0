"""Writing a site into a folder that may hold an earlier build: only what changed is
written, pages that are gone are removed, and nothing webcat did not write is touched.

The record of what webcat wrote is ``.webcat-site.json`` in the folder: each file's path and
SHA-256. A file is rewritten only when its bytes differ from the record (or it is missing),
so a rebuild of an unchanged catalogue writes nothing and keeps every file's time, and
rsync or a static host's upload sees only real changes. A file in the folder that the record
does not list is never deleted or overwritten: a build that would overwrite one stops first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from webcat.errors import CatalogueError, UsageError
from webcat.export.safety import json_text

MANIFEST = ".webcat-site.json"


@dataclass(slots=True)
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    largest: tuple[int, str] = (0, "")


def _read_manifest(out: Path) -> dict[str, str]:
    path = out / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise CatalogueError(f"cannot read {path}: {e}") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(_inside(str(k)) for k in files):
        # A record naming a file outside the folder was not written by webcat: acting on
        # it could delete anything, so nothing is done.
        raise CatalogueError(
            f"{path} is not a webcat site record",
            hint="remove it only if the folder holds nothing but an earlier webcat build",
        )
    return {str(k): str(v) for k, v in files.items()}


def _inside(rel: str) -> bool:
    """``rel`` names a file inside the site's folder: relative, no ``..``, no empty part."""
    parts = rel.split("/")
    return (
        bool(rel)
        and not rel.startswith("/")
        and "\\" not in rel
        and ":" not in parts[0]
        and all(p not in ("", ".", "..") for p in parts)
    )


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` whole (a reader never sees half a page); no fsync per file, which on
    thousands of pages would cost more than building them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_site(out: Path, files: Iterable[tuple[str, bytes]]) -> WriteReport:
    """Write ``files`` (relative path, bytes) into ``out`` as described above."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder", hint="give a folder for the site")
    old = _read_manifest(out) if out.exists() else {}
    report = WriteReport()
    new: dict[str, str] = {}
    try:
        for rel, data in files:
            if not _inside(rel):
                raise ValueError(f"not a path inside the site: {rel!r}")
            digest = hashlib.sha256(data).hexdigest()
            new[rel] = digest
            if len(data) > report.largest[0]:
                report.largest = (len(data), rel)
            path = out / rel
            if old.get(rel) == digest and path.is_file():
                report.unchanged += 1
                continue
            if rel not in old and path.exists():
                raise UsageError(
                    f"{path} is not from an earlier webcat build; not overwriting it",
                    hint="build into an empty folder, or move that file away",
                )
            _write(path, data)
            report.written.append(rel)
        for rel in sorted(set(old) - set(new)):
            path = out / rel
            if path.is_file():
                path.unlink()
                report.removed.append(rel)
                _prune(path.parent, out)
        record = _manifest(new)
        if report.written or report.removed or not (out / MANIFEST).is_file():
            _write(out / MANIFEST, record)
    except BaseException as e:
        # Stopped half way (a foreign file, a full disk, Ctrl-C): record what this build
        # wrote as well as what the last one did, so that every file webcat wrote stays
        # known as its own and the next build can replace or remove it.
        if report.written:
            done = {**old, **{rel: new[rel] for rel in report.written}}
            with contextlib.suppress(OSError):
                _write(out / MANIFEST, _manifest(done))
        if isinstance(e, OSError):
            raise CatalogueError(f"cannot write the site in {out}: {e.strerror or e}") from None
        raise
    return report


def _manifest(files: dict[str, str]) -> bytes:
    data = {"generator": "webcat", "files": dict(sorted(files.items()))}
    return (json_text(data, indent=0) + "\n").encode()


def _prune(folder: Path, out: Path) -> None:
    """Remove folders that removing a page left empty (never ``out`` itself)."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
