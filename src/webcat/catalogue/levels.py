"""The level of each problem code for one catalogue: defaults, then ``[validate]`` tables.

Real catalogues share URLs on purpose, and a team may want a dangling reference to be only a
warning while it imports; ruff and markdownlint users expect to say so per code::

    [validate]
    error = ["duplicate-url"]          # stricter than the default
    warning = ["dangling-reference"]   # reported, never blocks
    ignore = ["duplicate-item"]        # not reported at all

The table may be in ``webcat.toml`` beside the catalogue and in the catalogue itself; the
catalogue's is applied on top, as for ``[check]``. A mistake in the catalogue's table is a
``bad-setting`` problem with its line; one in ``webcat.toml`` is a usage error (exit 2), as
a bad ``[check]`` there is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from webcat.catalogue.problems import CODES, LEVELS, Level
from webcat.catalogue.rules import suggest
from webcat.errors import UsageError


@dataclass(frozen=True, slots=True)
class Levels:
    """Code -> level, with :data:`~webcat.catalogue.problems.CODES` as the default."""

    overrides: dict[str, Level] = field(default_factory=dict)

    def of(self, code: str) -> Level:
        level = self.overrides.get(code)
        if level is not None:
            return level
        info = CODES.get(code)
        return info.level if info is not None else "error"

    def over(self, other: Levels) -> Levels:
        """These levels, with ``other``'s on top."""
        return Levels({**self.overrides, **other.overrides})


@dataclass(frozen=True, slots=True)
class SettingMistake:
    """What is wrong in a ``[validate]`` table: under which key, why, and a hint."""

    key: str | None
    message: str
    hint: str | None = None


def parse_levels(table: Any) -> tuple[Levels, list[SettingMistake]]:
    """The levels a ``[validate]`` table sets, and every mistake in it (the valid parts
    still apply)."""
    if not isinstance(table, dict):
        return Levels(), [
            SettingMistake(
                None,
                "[validate] must be a table of level = [codes]",
                'write e.g. warning = ["duplicate-url"]',
            )
        ]
    mistakes: list[SettingMistake] = []
    overrides: dict[str, Level] = {}
    where: dict[str, str] = {}
    for key, codes in table.items():
        if key not in LEVELS:
            mistakes.append(
                SettingMistake(
                    key,
                    f"'{key}' is not a level",
                    suggest(key, LEVELS) or f"levels are: {', '.join(LEVELS)}",
                )
            )
            continue
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            mistakes.append(
                SettingMistake(
                    key,
                    f"{key} must be a list of problem codes",
                    f'write {key} = ["duplicate-url"]',
                )
            )
            continue
        for code in codes:
            info = CODES.get(code)
            if info is None:
                mistakes.append(
                    SettingMistake(
                        key,
                        f"'{code}' is not a problem code",
                        suggest(code, CODES) or "docs/problems.md lists the codes",
                    )
                )
            elif info.fixed and key != info.level:
                mistakes.append(SettingMistake(key, f"the level of '{code}' cannot be changed"))
            elif code in where and where[code] != key:
                mistakes.append(
                    SettingMistake(key, f"'{code}' is listed under both {where[code]} and {key}")
                )
            else:
                where[code] = key
                overrides[code] = cast(Level, key)  # one of LEVELS, checked above
    return Levels(overrides), mistakes


def file_levels(folder: Path) -> Levels:
    """The levels set by ``webcat.toml`` in ``folder`` (the defaults if it has none)."""
    from webcat.catalogue.settings_file import read_settings

    path, data = read_settings(folder)
    if "validate" not in data:
        return Levels()
    levels, mistakes = parse_levels(data["validate"])
    if mistakes:
        first = mistakes[0]
        where = f"[validate] {first.key}" if first.key else "[validate]"
        raise UsageError(f"{path}: {where}: {first.message}", hint=first.hint)
    return levels
