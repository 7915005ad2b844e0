"""Exit codes and the one exception family the CLI turns into a message.

Every failure a user can cause is a :class:`WebcatError`; the CLI catches it in exactly one
place, prints ``str(err)`` (and the hint) on stderr and exits with ``err.exit_code``. Anything
else escaping is a bug.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes; scripts rely on these numbers, so they never change."""

    OK = 0
    PROBLEMS = 1  # the command ran and found problems (invalid entries, broken links)
    USAGE = 2  # bad flags or arguments
    CATALOGUE = 3  # the catalogue could not be read or written
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


class WebcatError(Exception):
    """A failure with a one-line message, an optional hint and an exit code."""

    exit_code: ExitCode = ExitCode.CATALOGUE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class CatalogueError(WebcatError):
    """The catalogue file is missing, unreadable, not TOML, locked or changed on disk."""

    exit_code = ExitCode.CATALOGUE


class UsageError(WebcatError):
    """The user asked for something that cannot be done as asked (unknown id, bad value)."""

    exit_code = ExitCode.USAGE


class ProblemsFound(WebcatError):
    """The command ran and found problems; the problems were already reported."""

    exit_code = ExitCode.PROBLEMS
