"""The catalogue: its model (the hub every command reads), loading and validation.

Nothing here imports Typer or rich, so scripts can use it as a library::

    from webcat.catalogue import load_catalogue
    cat = load_catalogue("data/catalogue.toml")
    for w in cat.webinars.values():
        print(w.id, w.title.text())
"""

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
