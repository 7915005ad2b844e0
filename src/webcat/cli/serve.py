"""``webcat serve DIR``: preview a site built by ``webcat export site`` on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

PortOption = Annotated[
    int,
    typer.Option(
        "--port", "-p", metavar="N", min=0, max=65535, help="Port on 127.0.0.1 (0: any free one)."
    ),
]


def serve(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="The site's folder.")],
    port: PortOption = 8000,
) -> None:
    """Serve a built site on http://127.0.0.1:PORT/ until Ctrl-C, to look at it before
    publishing (search needs a server; a browser's file:// may not load it).

    Example:

    \b
      webcat export site public && webcat serve public
    """
    from webcat.preview import PreviewServer

    server = PreviewServer(directory, port=port)
    run_until_interrupted(server, directory)


def run_until_interrupted(server: object, directory: Path) -> None:
    """Start ``server``, say where it listens, and block until Ctrl-C (exit 0)."""
    import threading

    from webcat.cli._common import err
    from webcat.preview import PreviewServer

    assert isinstance(server, PreviewServer)
    server.start()
    try:
        # Inside the try: a Ctrl-C the moment the address is shown still ends with exit 0.
        err().print(
            f"Serving {directory} at {server.url} (Ctrl-C to stop)", soft_wrap=True, markup=False
        )
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
