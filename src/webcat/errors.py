"""Exit codes and the one exception family the CLI turns into a message.

Every failure a user can cause is a :class:`WebcatError`; the CLI catches it in exactly one
place (the boundary every command is registered through, ``webcat.cli._common``), prints
``str(err)`` (and the hint) on stderr and exits with ``err.exit_code``. Anything else escaping
is a bug.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes; scripts rely on these numbers, so they never change."""

    OK = 0
    PROBLEMS = 1  # the command ran and found problems (invalid entries, broken links)
    USAGE = 2  # bad flags or arguments
    CATALOGUE = 3  # the catalogue (or stdout) could not be read or written
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
    """The catalogue file is missing, unreadable, not TOML, locked or changed on disk.

    Made with :meth:`at`, it also carries where as data (``path``, ``line``, ``column``) and
    the ``reason`` without the location, so nobody has to parse the message back.
    """

    exit_code = ExitCode.CATALOGUE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path: str | None = None
        self.line: int | None = None
        self.column: int | None = None
        self.reason = message  # the message without its ``path:line:column:`` prefix

    @classmethod
    def at(
        cls,
        path: object,
        reason: str,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> CatalogueError:
        """``path[:line[:column]]: reason``, with each part kept as data too."""
        where = str(path)
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        error = cls(f"{where}: {reason}", hint=hint)
        error.path, error.line, error.column, error.reason = str(path), line, column, reason
        return error


class UsageError(WebcatError):
    """The user asked for something that cannot be done as asked (unknown id, bad value)."""

    exit_code = ExitCode.USAGE


class ProblemsFound(WebcatError):
    """The command ran and found problems, which it has already reported. Exit 1.

    The one way a command exits with 1; with no message, nothing more is printed.
    """

    exit_code = ExitCode.PROBLEMS

    def __init__(self, message: str = "", *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)


class OutputError(WebcatError):
    """Stdout could not be written (a full disk, a closed pipe). Exit 3."""

    exit_code = ExitCode.CATALOGUE
