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


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic GC inside the block (or the decorated function), then restore it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
