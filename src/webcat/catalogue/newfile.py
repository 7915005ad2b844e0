"""Creating a file that must not exist yet, whole or not at all; and the text a new
catalogue starts with."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from webcat.errors import CatalogueError, UsageError


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


EMPTY = """\
# webcat catalogue. The format is described in docs/catalogue-format.md;
# add entries with `webcat add` or `webcat import`, or by hand, then run `webcat validate`.

schema_version = 1
"""


def initial_text(*, example: bool, language: str | None = None, title: str | None = None) -> str:
    """A new catalogue: the embedded example series, or nothing; with the top-level
    ``language`` and ``title`` given (a usage error for a tag that is not BCP 47)."""
    from importlib.resources import files

    from webcat.catalogue.convert import check_encodable
    from webcat.catalogue.edit import Editor, set_top_level
    from webcat.catalogue.rules import is_language_tag

    text = files("webcat").joinpath("data/catalogue.toml").read_text("utf-8") if example else EMPTY
    if language is not None and not is_language_tag(language):
        raise UsageError(
            f"--language: {language!r} is not a BCP 47 language tag",
            hint="use tags such as en, nb, nn, de-CH",
        )
    editor = Editor(text, newline="\n", path="<new>")
    for key, value in (("language", language), ("title", title)):
        if value is not None:
            check_encodable(value, f"--{key}")
            set_top_level(editor, key, value)
    return editor.finish()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
