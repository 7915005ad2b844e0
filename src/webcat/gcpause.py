"""Pausing the cyclic garbage collector while ~10^5 acyclic objects are made.

Reading, building, editing and exporting a large catalogue make many small objects and no
cycles; each collection would only rescan them. Measured on the 20,000-webinar benchmark:
reading and building 25% faster, the HTML export's render a quarter faster. One helper, so
the trick is applied (and restored) the same way everywhere.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_freeze = False


def freeze_after_pauses() -> None:
    """In a one-shot process (the command line), move what a pause made to the permanent
    generation when it ends: turning the collector back on after a read of the realistic
    catalogue otherwise starts a collection over its 400,000 new objects (0.12 s), and they
    live until the process exits anyway. Library users and long-lived processes (tests)
    keep the ordinary behaviour, where the collector sees everything."""
    global _freeze
    _freeze = True


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic GC inside the block (or the decorated function), then restore it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if _freeze:
                gc.freeze()
            gc.enable()
