"""The catalogue: its model (the hub every command reads), loading and validation.

Nothing here imports Typer or rich, so scripts can use it as a library::

    from webcat.catalogue import load_catalogue
    cat, problems = load_catalogue("data/catalogue.toml")
    for w in cat.webinars.values():
        print(w.id, w.title.text())
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from webcat.catalogue.load import load_catalogue, load_document, locate_catalogue
    from webcat.catalogue.model import (
        Catalogue,
        Entity,
        Organisation,
        Person,
        Project,
        Resource,
        Series,
        Tag,
        Text,
        Webinar,
    )
    from webcat.catalogue.problems import Problem

_WHERE = {
    "load_catalogue": "load",
    "load_document": "load",
    "locate_catalogue": "load",
    "Problem": "problems",
}


def __getattr__(name: str) -> Any:
    """Import on first use: commands import ``webcat.catalogue.fields`` at start-up, and
    that must not pull in the loader and the model (start-up time is a goal)."""
    import importlib

    module = _WHERE.get(name, "model") if name in __all__ else None
    if module is None:
        raise AttributeError(f"module 'webcat.catalogue' has no attribute {name!r}")
    return getattr(importlib.import_module(f"webcat.catalogue.{module}"), name)


__all__ = [
    "Catalogue",
    "Entity",
    "Organisation",
    "Person",
    "Problem",
    "Project",
    "Resource",
    "Series",
    "Tag",
    "Text",
    "Webinar",
    "load_catalogue",
    "load_document",
    "locate_catalogue",
]
