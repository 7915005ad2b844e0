"""The front door for reading: find the catalogue, read it, build it - one call.

:func:`read_catalogue` returns everything a command may need from one read: the model of
every valid entry, the problems found, and the parsed :class:`Document` (text, data and line
index, for commands that point at lines). The layers underneath import downwards only:
:mod:`~webcat.catalogue.document` (reading and parsing) <- :mod:`~webcat.catalogue.build`
(validation and the model) <- this module.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from webcat.catalogue.build import build_catalogue
from webcat.catalogue.document import MAX_BYTES, Document, load_document, parse_toml, read_text
from webcat.catalogue.locate import DEFAULT_PLACES, ENV_VAR, locate_catalogue
from webcat.catalogue.model import Catalogue
from webcat.catalogue.problems import Problem
from webcat.errors import CatalogueError


@dataclass(slots=True)
class Reading:
    """One read of a catalogue: the model, its problems, and the document it came from."""

    catalogue: Catalogue
    problems: list[Problem]
    document: Document


def read_catalogue(path: str | os.PathLike[str], *, cross_checks: bool = True) -> Reading:
    """Read, parse and build the catalogue at ``path``.

    An unreadable file or invalid TOML raises a located :class:`CatalogueError`; problems of
    content are returned. ``cross_checks=False`` skips the checks between entries (see
    :func:`~webcat.catalogue.build.build_catalogue`).
    """
    document = load_document(path)
    catalogue, problems = build_catalogue(document, cross_checks=cross_checks)
    return Reading(catalogue, problems, document)


def load_catalogue(
    path: str | os.PathLike[str], *, strict: bool = False, cross_checks: bool = True
) -> tuple[Catalogue, list[Problem]]:
    """Load a catalogue: the model of everything valid in it, and the problems found.

    With ``strict``, an error (not a warning) raises :class:`CatalogueError` instead.
    """
    reading = read_catalogue(path, cross_checks=cross_checks)
    problems = reading.problems
    errors = [p for p in problems if p.is_error] if strict else []
    if errors:
        first = errors[0]
        raise CatalogueError(
            f"{first.location(reading.document.name)}: {first.message}",
            hint=f"{len(errors)} error(s); run `webcat validate` to see them all",
        )
    return reading.catalogue, problems


__all__ = [
    "DEFAULT_PLACES",
    "ENV_VAR",
    "MAX_BYTES",
    "Document",
    "Reading",
    "load_catalogue",
    "load_document",
    "locate_catalogue",
    "parse_toml",
    "read_catalogue",
    "read_text",
]
