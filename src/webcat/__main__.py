"""Allow ``python -m webcat``."""

from webcat.cli import main

main()
