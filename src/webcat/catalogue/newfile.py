"""The text a new catalogue starts with (``webcat init``); creating the file is
:func:`webcat.files.create_new_file`'s job."""

from __future__ import annotations

from webcat.errors import UsageError

EMPTY = """\
# webcat catalogue. The format: https://github.com/webcat-dev/webcat (docs/catalogue-format.md),
# or `webcat schema` for editors. Add entries with `webcat add` or `webcat import`, or by
# hand, then run `webcat validate`.

schema_version = 1
"""


def initial_text(*, example: bool, language: str | None = None, title: str | None = None) -> str:
    """A new catalogue: the embedded example series, or nothing; with the top-level
    ``language`` and ``title`` given (a usage error for a tag that is not BCP 47)."""
    from importlib.resources import files

    from webcat.catalogue.convert import check_encodable
    from webcat.catalogue.edit import Editor, set_top_level
    from webcat.catalogue.rules import is_language_tag

    text = files("webcat").joinpath("data/catalogue.toml").read_text("utf-8") if example else EMPTY
    if language is not None and not is_language_tag(language):
        raise UsageError(
            f"--language: {language!r} is not a BCP 47 language tag",
            hint="use tags such as en, nb, nn, de-CH",
        )
    editor = Editor(text, newline="\n", path="<new>")
    for key, value in (("language", language), ("title", title)):
        if value is not None:
            check_encodable(value, f"--{key}")
            set_top_level(editor, key, value)
    return editor.finish()
