"""webcat: a catalogue manager for webinar series and everything that hangs off them.

The package is a library first: :mod:`webcat.catalogue` holds the model, loading and
validation; :mod:`webcat.cli` is a thin Typer layer over it.
"""

__version__ = "0.1.0"

PROJECT_URL = "https://github.com/webcat-dev/webcat"
