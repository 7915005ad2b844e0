"""The command classes every webcat command is made with: plain usage lines and help, and
command-line mistakes said the way webcat says every other error.

Typer's defaults show its types (``ID <str>``, ``--limit <int range>``, ``{ID}``,
``[[KIND]]``) and say a bad number in its parser's words ("Invalid value for '--limit' / '-n':
'abc' is not a valid int range"). Here a usage line reads ``webcat list [KIND] [OPTIONS]``,
an option shows a plain metavar (``--limit N``), and a bad flag value is one ``error:`` line
in webcat's words (``--limit takes a whole number, not 'abc'``) with a hint, exit 2.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

#: Typer's type labels, as a plain metavar.
_PLAIN_TYPES = {
    "int": "N",
    "int range": "N",
    "float": "NUMBER",
    "float range": "NUMBER",
    "str": "TEXT",
    "path": "PATH",
    "file": "FILE",
    "directory": "DIR",
    "bool": "",
}
_TYPE_LABEL = re.compile(r"\s*<([^<>]*)>")
_EXTRA = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)?\s*\((.*)\)$")
_NOT_ONE_OF = re.compile(r"^(?P<value>.*) is not one of (?P<choices>.*?)\.?$")
_NOT_A_NUMBER = re.compile(r"^(?P<given>.*) is not a valid (?P<kind>int|float)(?: range)?\.?$")
_OUT_OF_RANGE = re.compile(r"^(?P<given>\S+) is not in the range \S+?\.?$")


class CommandLineError(typer.BadParameter):
    """A mistake on the command line, shown as ``error: ...`` and ``hint: ...`` (exit 2)."""

    def __init__(self, message: str, hint: str | None, ctx: Any = None) -> None:
        super().__init__(message, ctx=ctx)
        self.hint = hint

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        from webcat.cli._common import _consoles, fail
        from webcat.errors import UsageError

        _consoles.clear()  # a console made for an earlier run may hold an old stderr
        try:
            fail(UsageError(self.message, hint=self.hint))
        finally:
            _consoles.clear()


def _plain_type(label: str) -> str:
    if "|" in label:
        return f"[{label}]"
    return _PLAIN_TYPES.get(label, label.upper())


def _argument_name(param: Any) -> str:
    name = param.metavar or param.name.upper()
    if not param.required:
        name = f"[{name}]"
    if param.nargs != 1:
        name += "..."
    return str(name)


def _flag(param: Any) -> str:
    """How a parameter is named in a message: its long option, or its metavar."""
    if param is None:
        return "a value"
    if param.param_type_name == "argument":
        return str(param.metavar or param.name.upper())
    return str(max(param.opts, key=len))


def _bound(param: Any, given: str) -> str:
    """The limit a number broke, from the parameter's range (``min=0, max=65535``)."""
    kind = getattr(param, "type", None)
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    low_open = getattr(kind, "min_open", False)
    try:
        below = low is not None and (float(given) < low or (low_open and float(given) == low))
    except ValueError:
        below = False
    if below or high is None:
        return f"over {low}" if low_open else f"at least {low}"
    return f"under {high}" if getattr(kind, "max_open", False) else f"at most {high}"


def _parameter_message(error: Any) -> tuple[str, str | None]:
    """A bad value's message in webcat's words, from Typer's (its bundled Click's) wording."""
    param = getattr(error, "param", None)
    flag = _flag(param)
    text = str(error.message)
    chosen = _NOT_ONE_OF.match(text)
    if chosen:
        choices = ", ".join(c.strip().strip("'") for c in chosen.group("choices").split(","))
        what = "format" if flag.lower().lstrip("-") == "format" else f"{flag} value"
        return f"unknown {what} {chosen.group('value')}; choose from: {choices}", None
    number = _NOT_A_NUMBER.match(text)
    if number:
        kind = "a whole number" if number.group("kind") == "int" else "a number"
        return f"{flag} takes {kind}, not {number.group('given')}", None
    out_of_range = _OUT_OF_RANGE.match(text)
    if out_of_range:
        given = out_of_range.group("given")
        return f"{flag} must be {_bound(param, given)}, not {given}", None
    message = error.format_message()
    return message[:1].lower() + message[1:].rstrip("."), None


def _message(error: Any) -> tuple[str, str | None]:
    """Any command-line mistake: its message and a hint (a did-you-mean when there is one)."""
    if isinstance(error, typer.BadParameter) and not type(error).__name__.startswith("Missing"):
        return _parameter_message(error)
    option = getattr(error, "option_name", None)
    if option is not None and hasattr(error, "possibilities"):
        possible = sorted(getattr(error, "possibilities", None) or ())
        hint = f"did you mean {' or '.join(possible)}?" if possible else None
        return f"no such option: {option}", hint
    message = str(error.format_message())
    extra = _EXTRA.match(message)
    if extra:
        return f"unexpected extra argument: {extra.group(1)}", None
    message, _, suggestion = message.partition(". Did you mean ")
    hint = f"did you mean {suggestion.rstrip('?.')}?" if suggestion else None
    return message[:1].lower() + message[1:].rstrip("."), hint


def _restated(error: Exception, ctx: Any) -> CommandLineError:
    message, hint = _message(error)
    if hint is None:
        usage = ctx.get_usage().removeprefix("Usage: ").strip()
        hint = f"usage: {usage} (more: {ctx.command_path} -h)"
    return CommandLineError(message, hint, ctx)


_RANGE = re.compile(r"(?<=[\[ ])(?:(\S+)<=x<=(\S+)|x>=(\S+)|x<=(\S+))(?=[;\]])")


def _plain_range(text: str) -> str:
    """Typer's ``[x>=0]`` and ``[0<=x<=65535]`` in words: ``[0 or more]``, ``[0 to 65535]``."""

    def words(m: re.Match[str]) -> str:
        low, high, least, most = m.groups()
        if least is not None:
            return f"{least} or more"
        if most is not None:
            return f"{most} or less"
        return f"{low} to {high}"

    return _RANGE.sub(words, text)


class _Plain:
    """What the command and the group classes share."""

    no_args_is_help: bool

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.resilient_parsing:  # parsing for shell completion: see shell_complete
            ctx.webcat_awaiting = self._awaiting_value(ctx, args)
            if ctx.webcat_awaiting is not None:
                args = args[:-1]
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        if not args and self.no_args_is_help:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except CommandLineError:
            raise
        except typer.TyperException as error:
            if getattr(error, "exit_code", None) != 2:
                raise
            raise _restated(error, ctx) from None

    def _awaiting_value(self, ctx: Any, args: list[str]) -> Any:
        """The option whose value is being completed (``list people --sort <Tab>``: the words
        before the one being typed end with an option that takes a value), else None."""
        if not args or "--" in args:
            return None
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if (
                param.param_type_name == "option"
                and args[-1] in param.opts
                and not param.is_flag
                and not param.count
                and param.nargs == 1
            ):
                return param
        return None

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """Tab after an option that takes a value completes the value, even one starting
        with ``-`` (``list --sort -da<Tab>``: a descending sort), which Typer would take for
        the start of an option name and complete as one; option names still come when the
        value has no completions."""
        awaiting = getattr(ctx, "webcat_awaiting", None)
        if awaiting is not None and incomplete.startswith("-"):
            values: list[Any] = awaiting.shell_complete(ctx, incomplete)
            if values:
                return values
        return super().shell_complete(ctx, incomplete)  # type: ignore[misc, no-any-return]

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        pieces = [_argument_name(p) for p in params if p.param_type_name == "argument"]
        return [*pieces, "[OPTIONS]"]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            name, text = record
            text = _plain_range(text)
            if param.param_type_name == "argument":
                arguments.append((str(param.metavar or param.name.upper()), text))
            else:
                plain = _TYPE_LABEL.sub(lambda m: " " + _plain_type(m.group(1)), name)
                options.append((plain.rstrip(), text))
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


class WebcatCommand(_Plain, TyperCommand):
    """A webcat command: plain usage and help, webcat's words for command-line mistakes, and
    old names of choices accepted (``--format table`` is ``--format text``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from webcat.cli._common import format_alias

        settings = dict(kwargs.pop("context_settings", None) or {})
        settings.setdefault("token_normalize_func", format_alias)
        super().__init__(*args, context_settings=settings, **kwargs)


class WebcatGroup(_Plain, TyperGroup):
    """A group of commands (webcat, webcat add), with the same plain usage and errors."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return ["[OPTIONS]", "COMMAND", "[ARGS]..."]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as error:
            if ctx.resilient_parsing or getattr(error, "exit_code", None) != 2:
                raise
            raise _restated(error, ctx) from None
