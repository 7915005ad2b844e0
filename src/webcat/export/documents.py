"""The document formats, HTML and Markdown, rendered from Jinja2 templates.

The built-in templates live in ``webcat/templates``; ``--template FILE`` swaps in another with
the same context (docs/export.md). HTML is autoescaped, so catalogue text can never become
markup; Markdown templates escape with the ``md`` and ``md_url`` filters, because Jinja's
autoescaping knows only HTML.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from webcat.catalogue.model import Catalogue
from webcat.export import jsonld
from webcat.export.labels import UI, ui_language
from webcat.export.view import Builder, DocumentView

_OG_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB", "da": "da_DK", "sv": "sv_SE"}


def _resource(name: str) -> str:
    return files("webcat").joinpath("templates", name).read_text("utf-8")


def _env(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["md_url"] = md_url
    env.filters["html_attr"] = html_attr
    return env


def context(cat: Catalogue, lang: str | None) -> dict[str, Any]:
    """The template context shared by both document formats (docs/export.md)."""
    doc: DocumentView = Builder(cat, lang).build()
    ui = UI[ui_language(doc.lang)]
    title = cat.title.text(lang or cat.language) if cat.title else ""
    return {
        "doc": doc,
        "ui": ui,
        "catalogue_title": title,
        "og_locale": _OG_LOCALES.get(doc.lang.split("-")[0], doc.lang.replace("-", "_")),
        "jsonld_data": jsonld.graph(doc),
    }


def render_html(cat: Catalogue, lang: str | None = None, template: str | None = None) -> str:
    ctx = context(cat, lang)
    script = _resource("page.js").strip()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    ctx.update(
        style=Markup(_resource("page.css").strip()),
        script=Markup(script),
        script_hash=f"sha256-{digest}",
        jsonld=Markup(jsonld.dumps(ctx["jsonld_data"], indent=None)),
    )
    source = template if template is not None else _resource("page.html.j2")
    return _env(True).from_string(source).render(ctx)


def render_markdown(
    cat: Catalogue,
    lang: str | None = None,
    template: str | None = None,
    front_matter: str | None = None,
) -> str:
    ctx = context(cat, lang)
    ctx["front_matter"] = _front_matter(front_matter, ctx)
    source = template if template is not None else _resource("page.md.j2")
    text = _env(False).from_string(source).render(ctx)
    # One blank line at most between blocks, and exactly one newline at the end.
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


# -- Markdown escaping ----------------------------------------------------------------------

# Every ASCII punctuation character may be backslash-escaped in CommonMark. These are the
# ones that can start or end markup anywhere in a line (emphasis, links, code, raw HTML,
# entities, GFM tables and strikethrough, Hugo shortcodes and Liquid tags).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~!{}])")
# These only mean something at the start of a line (headings, lists, quotes, rules, setext).
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>:]|\d+[.)])")


def md_escape(value: Any) -> str:
    """Catalogue text as Markdown that renders as exactly that text, on one line."""
    text = str(value)
    text = " ".join(text.split())  # newlines would end a list item or start a block
    text = _MD_INLINE.sub(r"\\\1", text)
    m = _MD_LINE_START.match(text)
    if m:
        head = m.group(2)
        escaped = head[:-1] + "\\" + head[-1]
        text = m.group(1) + escaped + text[m.end() :]
    return text


def md_url(value: Any) -> str:
    """A link destination that any URL turns into exactly one correct link.

    Written in pointy brackets, where parentheses need no escaping; spaces, ``<``, ``>``,
    quotes, backslashes and controls are percent-encoded, and ``&`` is backslash-escaped so
    that an ``&amp;`` in a URL is not read as an entity. A ``#fragment`` made of slug
    characters is left bare, for readable tables of contents.
    """
    text = str(value)
    if re.fullmatch(r"#[A-Za-z0-9._~-]+", text):
        return text
    out = []
    for ch in text:
        if ch in ' <>\\"' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        elif ch == "&":
            out.append("\\&")
        else:
            out.append(ch)
    return "<" + "".join(out) + ">"


def html_attr(value: Any) -> str:
    """Text for a double-quoted HTML attribute in a Markdown page (anchors' ids)."""
    return (
        str(value)
        .replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _quoted(value: str) -> str:
    """A double-quoted string valid in both YAML and TOML (JSON's escapes are in both)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def _front_matter(kind: str | None, ctx: dict[str, Any]) -> str:
    if not kind:
        return ""
    doc: DocumentView = ctx["doc"]
    dates = [s.published for s in doc.series if s.published]
    if kind == "hugo":
        lines = ["+++", f"title = {_quoted(doc.title)}"]
        if doc.description:
            lines.append(f"description = {_quoted(doc.description)}")
        if dates:
            lines.append(f"date = {max(dates)}")
        lines.append("+++")
    else:
        lines = ["---", "layout: page", f"title: {_quoted(doc.title)}"]
        if doc.description:
            lines.append(f"description: {_quoted(doc.description)}")
        if dates:
            lines.append(f"date: {max(dates)}")
        # Jekyll runs Liquid over the page; catalogue text must never be a Liquid tag.
        lines += ["render_with_liquid: false", "---"]
    return "\n".join(lines) + "\n\n"
