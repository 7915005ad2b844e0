"""Reading ``webcat.toml``, the settings file next to a catalogue, for every command.

Validation levels (``[validate]``) and link-check settings (``[check]``) come from the same
file, so one reader serves both: the same limits (a regular file, at most 1 MiB, no
nesting past what settings need) and the same TOML version as the catalogue - TOML 1.0,
also on a Python whose tomllib takes TOML 1.1 (3.14 and later; see
:mod:`~webcat.catalogue.toml10`). Every failure is one :class:`UsageError` line naming the
file (and line and column where known).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from webcat.errors import CatalogueError, UsageError

CONFIG_FILE = "webcat.toml"

#: Settings are a few lines; anything bigger is not a settings file.
MAX_BYTES = 1024 * 1024


def read_settings(folder: Path) -> tuple[Path, dict[str, Any]]:
    """``webcat.toml`` in ``folder``: its path and its data (empty if there is no such file)."""
    import tomllib

    from webcat.catalogue.document import refuse_toml11
    from webcat.files import FileTooLarge, NotRegularFile, read_regular_file

    path = folder / CONFIG_FILE
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except (FileNotFoundError, NotADirectoryError):
        return path, {}
    except NotRegularFile as error:
        if error.kind == "a folder":
            return path, {}
        raise UsageError(f"{path}: is {error.kind}, not a settings file") from None
    except FileTooLarge as error:
        raise UsageError(
            f"{path}: {error.size} bytes, over the {MAX_BYTES // 1024} KiB limit for settings"
        ) from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
        refuse_toml11(text, path)
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not valid UTF-8", hint="save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise UsageError(f"{path}: arrays or tables nest too deeply to be settings") from None
    except CatalogueError as error:
        raise UsageError(str(error), hint=error.hint) from None
    return path, data
