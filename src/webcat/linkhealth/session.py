"""One ``webcat check`` run as a library: what to check and where it is written, with which
settings and which history, and what becomes of the results (the state saved, moved links
written back through the store).

The command line only parses options into a :class:`CheckRequest`, opens a
:class:`CheckSession`, hands it the engine and renders what comes back; a script or another
front end runs the very same check. Nothing here imports Typer, rich or the HTTP client: the
engine is passed in as a function (:data:`~webcat.linkhealth.run.CheckFn`), so opening a
session costs nothing of aiohttp's start-up.

Settings are layered: defaults, then ``[check]`` in ``webcat.toml`` beside the catalogue (or
beside FILE, or in the current folder for stdin), then the catalogue's own ``[check]``, then
the flags. The link state lives in ``.webcat_cache/NAME.linkstate.json`` beside the
catalogue ``NAME.toml`` (see :mod:`webcat.linkhealth.state`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from webcat.errors import CatalogueError, UsageError
from webcat.linkcheck.results import Outcome, Reason
from webcat.linkhealth.reports import Item, Status, Use
from webcat.linkhealth.run import CheckFn, Interrupted, RunOptions, RunStats, run_checks
from webcat.linkhealth.state import (
    State,
    StateError,
    legacy_state_path_for,
    load_state,
    save_state,
    state_path_for,
)

if TYPE_CHECKING:
    from webcat.linkcheck import CheckConfig
    from webcat.linkhealth.fixes import Fix


@dataclass(slots=True)
class CheckRequest:
    """What was asked for, as plain values (the CLI's options after parsing)."""

    source: str | None = None  # FILE, or "-" for stdin, instead of the catalogue
    catalogue: str | None = None  # --catalogue; None: $WEBCAT_CATALOGUE and the usual places
    #: flags that override ``[check]`` (CheckConfig field names; None means "not given")
    settings: dict[str, Any] = field(default_factory=dict)
    accept: str | None = None  # extra accepted codes, added to the configured ones
    exclude: Sequence[str] = ()  # extra exclude regexes, added to the configured ones
    state_path: Path | None = None  # --state
    use_state: bool = True  # not --no-state
    options: RunOptions = field(default_factory=RunOptions)
    new_since: Path | None = None
    public_only: bool = False  # --public-only
    allow_private: bool = False  # --allow-private
    stdin: TextIO | None = None  # where "-" reads from (sys.stdin by default)


@dataclass(slots=True)
class CheckReport:
    """What a run found: one item per distinct URL (in catalogue or input order)."""

    items: list[Item]
    stats: RunStats

    @property
    def failing(self) -> bool:
        """Whether the run fails the build: some link is broken past ``--fail-after``."""
        return any(item.status == "broken" for item in self.items)


class CheckSession:
    """A check made ready: URLs and their places, the layered settings and the history.

    Open with :meth:`open`; then :meth:`run`, :meth:`save` (the state), and for a catalogue
    :meth:`plan_fixes` / :meth:`fix_redirects`.
    """

    def __init__(
        self,
        request: CheckRequest,
        *,
        urls: list[str],
        places: dict[str, list[Use]],
        invalid: dict[str, tuple[str, list[Use]]],
        config: CheckConfig,
        catalogue_path: Path | None,
        state_file: Path | None,
        state: State,
        notes: list[str],
    ) -> None:
        self.request = request
        self.urls = urls
        self.places = places
        self.invalid = invalid
        self.config = config
        self.catalogue_path = catalogue_path
        self.state_file = state_file
        self.state = state
        #: things worth a line on stderr (a moved state file, ...)
        self.notes = notes

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, request: CheckRequest) -> CheckSession:
        """Read what to check, the settings and the state; every problem is a WebcatError
        (usage: exit 2; a catalogue or state file that cannot be read: exit 3)."""
        options = request.options
        tables: list[tuple[str, dict[str, Any]]] = []
        invalid: dict[str, tuple[str, list[Use]]] = {}
        notes: list[str] = []
        catalogue_path: Path | None = None
        default_state: Path | None = None
        if request.source is not None:
            from webcat.linkhealth.documents import read_links

            if request.catalogue is not None:
                raise UsageError(
                    "give either FILE/- or --catalogue, not both",
                    hint="check FILE checks the links in FILE; check -c PATH those of the "
                    "catalogue PATH",
                )
            places = read_links(request.source, request.stdin or sys.stdin)
            folder = Path.cwd() if request.source == "-" else Path(request.source).parent
            tables.append(read_config_file(folder))
        else:
            from webcat.catalogue import locate_catalogue
            from webcat.catalogue.locate import is_stdin
            from webcat.linkhealth.places import url_places

            catalogue_path = locate_catalogue(request.catalogue, stdin=True)
            links = url_places(catalogue_path)
            places, invalid = links.places, links.invalid
            tables.append(read_config_file(catalogue_path.parent))
            tables.append((str(catalogue_path), links.catalogue.check))
            # A catalogue piped in (-c -) has no folder of its own to keep a state in.
            default_state = None if is_stdin(catalogue_path) else state_path_for(catalogue_path)
        urls = list(places)
        if request.new_since is not None:
            urls = new_urls(urls, request.new_since)
            invalid = {}  # reported by `webcat validate` on the new catalogue as a whole
        config = layered_config(
            tables,
            request.settings,
            accept=request.accept,
            exclude=request.exclude,
            public_only=_public_only(request),
        )
        state_file = None if not request.use_state else (request.state_path or default_state)
        if options.offline and state_file is None:
            raise UsageError("--offline reports from a state file; give --state PATH")
        rule = options.fail_after
        if state_file is None and (rule.days > 1 or rule.duration is not None):
            # Nothing would remember yesterday: every failure would stay "not yet broken".
            raise UsageError(
                "--fail-after counts failing days in the link state, and this run keeps none; "
                "give --state PATH (a document or stdin keeps no state by itself)"
            )
        state = State()
        if state_file is not None:
            state = _load(state_file)
            if (
                request.state_path is None
                and catalogue_path is not None
                and not state.urls
                and not state_file.exists()
            ):
                legacy = legacy_state_path_for(catalogue_path)
                if legacy.is_file():
                    state = _load(legacy)
                    state.changed = True  # to be written in its new place
                    notes.append(
                        f"read the link state from {legacy}; it is kept in {state_file} "
                        f"from now on, so {legacy.name} can be deleted"
                    )
        return cls(
            request,
            urls=urls,
            places=places,
            invalid=invalid,
            config=config,
            catalogue_path=catalogue_path,
            state_file=state_file,
            state=state,
            notes=notes,
        )

    # -- running ---------------------------------------------------------------------------

    def run(self, check: CheckFn, now: datetime | None = None) -> CheckReport:
        """Check the URLs (reusing the state where it may), record what was found, and
        join each result with its places. Raises :class:`Interrupted` on Ctrl-C with the
        partial report; the state then holds every result decided before."""
        now = now or datetime.now(UTC)
        try:
            items, stats = run_checks(self.urls, check, self.state, self.request.options, now)
        except Interrupted as stop:
            self._finish(stop.items)
            raise
        return CheckReport(self._finish(items), stats)

    def _finish(self, items: list[Item]) -> list[Item]:
        for item in items:
            item.uses = self.places.get(item.url, [])
        for url, (why, uses) in self.invalid.items():
            items.append(
                Item(
                    url=url,
                    outcome=Outcome.ERROR,
                    status=Status.BROKEN,
                    error=f"invalid URL: {why}",
                    reason=Reason.INVALID_URL,
                    uses=uses,
                )
            )
        return items

    def save(self) -> None:
        """Write the state (forgetting URLs the catalogue no longer has). Nothing is written
        with ``--no-state`` or ``--offline``. A folder that cannot be written is a
        CatalogueError (exit 3), raised after the caller has had the results."""
        if self.state_file is None or self.request.options.offline:
            return
        if self.request.source is None and self.request.new_since is None:
            self.state.prune(self.places)
        if not self.state.changed and self.state_file.exists():
            return  # a run that only reused results: the file already says it all
        try:
            save_state(self.state, self.state_file)
        except (StateError, CatalogueError, OSError) as error:
            message = error.strerror if isinstance(error, OSError) else str(error)
            raise CatalogueError(
                f"cannot save the link state: {message}",
                hint="give --state PATH in a folder you can write, or --no-state",
            ) from None

    # -- fixing ----------------------------------------------------------------------------

    def plan_fixes(self, items: Sequence[Item]) -> tuple[list[Fix], list[tuple[Item, str]]]:
        """The redirects that may be written into the catalogue, and those left alone."""
        from webcat.linkhealth.fixes import plan_redirect_fixes

        if self.catalogue_path is None:
            raise UsageError("--fix-redirects needs a catalogue, not a list of URLs")
        return plan_redirect_fixes(items)


def _public_only(request: CheckRequest) -> bool | None:
    """``--public-only``; ``--new-since`` (a pull request's new URLs) implies it unless
    ``--allow-private``. None leaves the configured value."""
    if request.public_only and request.allow_private:
        raise UsageError("give either --public-only or --allow-private, not both")
    if request.public_only:
        return True
    if request.allow_private:
        return False
    if request.new_since is not None:
        return True
    return None


def _load(path: Path) -> State:
    try:
        return load_state(path)
    except StateError as error:
        raise CatalogueError(str(error), hint=error.hint) from None


def read_config_file(folder: Path) -> tuple[str, dict[str, Any]]:
    """The ``[check]`` table of ``webcat.toml`` in ``folder`` (empty if none), and its file."""
    from webcat.catalogue.settings_file import read_settings

    path, data = read_settings(folder)
    table = data.get("check", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [check] must be a table")
    return str(path), table


def layered_config(
    tables: Sequence[tuple[str, dict[str, Any]]],
    flags: dict[str, Any],
    *,
    accept: str | None = None,
    exclude: Sequence[str] = (),
    public_only: bool | None = None,
) -> CheckConfig:
    """Defaults, then each ``[check]`` table in turn (with the file it came from, for error
    messages), then the flags (``None`` values are flags not given)."""
    from webcat.linkcheck.config import (
        CheckConfig,
        ConfigError,
        compile_excludes,
        config_from_table,
        parse_codes,
    )

    config = CheckConfig()
    for where, table in tables:
        try:
            config = config_from_table(table, config)
        except ConfigError as error:
            raise UsageError(f"{where}: {error}") from None
    changes = dict(flags)
    try:
        if accept is not None:
            changes["accept"] = config.accept | parse_codes(accept)
        if exclude:
            changes["exclude"] = config.exclude + compile_excludes(exclude)
        if public_only is not None:
            changes["public_only"] = public_only
        return config.with_options(**changes)
    except ConfigError as error:
        raise UsageError(str(error)) from None


def new_urls(urls: list[str], old: Path) -> list[str]:
    """URLs of the catalogue that ``old`` (an earlier version of it) does not have."""
    from webcat.catalogue.load import read_catalogue

    if old.is_file() and old.stat().st_size == 0:
        return urls  # no earlier catalogue: everything is new
    known = set(read_catalogue(old, cross_checks=False).catalogue.url_uses())
    return [u for u in urls if u not in known]
