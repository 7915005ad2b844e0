"""Warnings an export gives while still producing its output.

An exporter is a pure function from the model to text, so it cannot print; it raises an
:class:`ExportWarning` through the standard :mod:`warnings` machinery instead. A library
user sees them as Python warnings; ``webcat export`` records them and prints each on stderr.
"""

from __future__ import annotations

import warnings


class ExportWarning(UserWarning):
    """Something in the catalogue was left out of (or changed in) an export, and why."""


def warn(message: str) -> None:
    warnings.warn(ExportWarning(message), stacklevel=3)
