"""The document formats, HTML and Markdown, rendered from Jinja2 templates.

The built-in templates live in ``webcat/templates``; ``--template FILE`` swaps in another with
the same context (docs/export.md). HTML is autoescaped, so catalogue text can never become
markup; Markdown templates escape with the ``md`` and ``md_url`` filters, because Jinja's
autoescaping knows only HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from datetime import date
from importlib.resources import files
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from markupsafe import Markup

from webcat.catalogue.model import Catalogue
from webcat.export import jsonld
from webcat.export.labels import UI, ui_language
from webcat.export.texts import LangText
from webcat.export.view import (
    Builder,
    DocumentView,
    ImageSource,
    OrgView,
    PersonView,
    TagView,
    WebinarView,
)

_OG_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB", "da": "da_DK", "sv": "sv_SE"}


def _resource(name: str) -> str:
    return files("webcat").joinpath("templates", name).read_text("utf-8")


def _builtin(name: str) -> str | None:
    if name.startswith("/") or ".." in name.replace("\\", "/").split("/"):
        return None  # only the templates folder itself
    try:
        return _resource(name)
    except (FileNotFoundError, IsADirectoryError):
        return None


def loader(template_dir: Path | None = None) -> jinja2.BaseLoader:
    """The built-in templates (``card.html.j2``, ``site/*.html.j2``, ...), each of which a
    file of the same name in ``template_dir`` replaces."""
    builtin = jinja2.FunctionLoader(_builtin)
    if template_dir is None:
        return builtin
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(template_dir)), builtin])


def _env(
    autoescape: bool,
    *,
    finalize_escape: bool = False,
    template_dir: Path | None = None,
    user_dir: str | None = None,
) -> jinja2.Environment:
    """The Jinja2 environment for built-in templates (each replaceable by a file of the same
    name in ``template_dir``), or (``user_dir`` given) for a user's ``--template``.

    A user's template runs in Jinja2's sandbox, so that it can read the context but not reach
    Python's internals (``cycler.__init__.__globals__``); its ``include``, ``import`` and
    ``extends`` load files from its own folder and below, and nowhere else. The built-in
    templates are ours and skip the sandbox's checks on every attribute access.
    """
    common: dict[str, Any] = {
        "autoescape": autoescape,
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "finalize": escape_output if finalize_escape else None,
    }
    env: jinja2.Environment
    if user_dir is not None:
        from jinja2.sandbox import SandboxedEnvironment

        # Its own folder first, then the built-in partials (``card.html.j2``, ...), so that
        # a copy of the built-in page works as a starting point.
        user_loader = jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(user_dir), jinja2.FunctionLoader(_builtin)]
        )
        env = SandboxedEnvironment(loader=user_loader, **common)
    else:
        env = jinja2.Environment(loader=loader(template_dir), **common)
    env.filters["rel"] = rel
    env.filters["t"] = html_text
    env.filters["org"] = html_org
    env.filters["md"] = md_escape
    env.filters["md_inline"] = md_inline
    env.filters["md_url"] = md_url
    env.filters["md_link"] = md_link
    env.filters["html_attr"] = html_attr
    return env


def escape_output(value: Any) -> Any:
    """Escape every ``{{ }}`` value of the built-in HTML template, unless marked safe.

    The built-in page uses this instead of Jinja's autoescaping, which makes a ``Markup``
    object per value and took three quarters of the time on a 20,000-webinar catalogue
    (1.98 s against 0.52 s). It escapes exactly as much: anything that is not ``Markup`` (from
    the ``t``/``org`` filters or ``|safe``) or a number is turned into a string and escaped,
    quotes included. The built-in template has no macros, whose output would otherwise be
    escaped twice; ``--template`` files get ordinary autoescaping, and a test checks that
    both give the same page.
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return html.escape("" if value is None else str(value), quote=True)


class PageLinks:
    """Where names on a card point on the single page: speakers to their entry below,
    series to their section; tags have no page of their own."""

    def person(self, p: PersonView) -> str | None:
        return "#" + p.anchor

    def tag(self, t: TagView) -> str | None:
        return None

    def series(self, series_id: str) -> str:
        return "#series-" + series_id

    def webinar(self, w: WebinarView) -> str:
        return "#" + w.anchor


_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def embedded_images(base: Path | None) -> ImageSource:
    """Local images as ``data:`` URIs, so that the single page stays one file."""

    def source(path: str) -> str | None:
        kind = _IMAGE_TYPES.get(Path(path).suffix.lower())
        if base is None or kind is None:
            return None
        try:
            data = (base / path).read_bytes()
        except OSError:
            return None
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"

    return source


@jinja2.pass_context
def rel(ctx: Any, href: str) -> str:
    """A link from the site's root made relative to the page being rendered (``root`` in
    the context: ``""`` or ``"../"``); absolute and ``data:`` URLs are left alone."""
    if "://" in href or href.startswith(("data:", "mailto:", "#")):
        return href
    root = ctx.get("root", "")
    return str(root) + href


def context(
    cat: Catalogue,
    lang: str | None,
    *,
    today: date | None = None,
    images: ImageSource | None = None,
) -> dict[str, Any]:
    """The template context shared by both document formats (docs/export.md)."""
    if images is None:
        images = embedded_images(cat.path.parent if cat.path is not None else None)
    doc: DocumentView = Builder(cat, lang, today=today, images=images).build()
    ui = UI[ui_language(doc.lang)]
    # The page's own title when the catalogue has one: picked, cleaned and language-marked
    # as every text (it once skipped the cleaning, issue 15).
    title = doc.title.text if cat.title else ""
    return {
        "doc": doc,
        # A namespace, not a dict: Jinja tries attribute access first, and on a dict each
        # `ui.word` raised and caught an AttributeError (0.1 s on 20,000 webinars).
        "ui": SimpleNamespace(**ui),
        "catalogue_title": title,
        "og_locale": _OG_LOCALES.get(doc.lang.split("-")[0], doc.lang.replace("-", "_")),
        "links": PageLinks(),
        "show_series": False,
        "series_titles": {},
        "root": "",
    }


def image_sources(doc: DocumentView) -> str:
    """The CSP ``img-src`` of a page: ``'none'`` unless it shows images."""
    srcs: set[str] = set()
    for s in doc.series:
        for img in [s.image] + [w.image for w in s.webinars]:
            if img is not None:
                srcs.add(img.src.split(":", 1)[0] + ":" if ":" in img.src else "'self'")
    return " ".join(sorted(srcs)) or "'none'"


def render_html(
    cat: Catalogue,
    lang: str | None = None,
    template: str | None = None,
    template_dir: str | None = None,
    *,
    today: date | None = None,
) -> str:
    """The page; ``template`` is a user's template source, ``template_dir`` its folder (from
    which it may include others; default the current one)."""
    ctx = context(cat, lang, today=today)
    ctx["img_src"] = image_sources(ctx["doc"])
    script = _resource("page.js").strip()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    ctx["jsonld_data"] = jsonld.graph(ctx["doc"])
    ctx.update(
        style=Markup(_resource("page.css").strip()),
        script=Markup(script),
        script_hash=f"sha256-{digest}",
        jsonld=Markup(jsonld.dumps(ctx["jsonld_data"], indent=None)),
    )
    if template is not None:
        return _env(True, user_dir=template_dir or ".").from_string(template).render(ctx)
    return _env(False, finalize_escape=True).get_template("page.html.j2").render(ctx)


def render_markdown(
    cat: Catalogue,
    lang: str | None = None,
    template: str | None = None,
    front_matter: str | None = None,
    template_dir: str | None = None,
    *,
    today: date | None = None,
) -> str:
    ctx = context(cat, lang, today=today)
    ctx["front_matter"] = _front_matter(front_matter, ctx)
    ctx["ui_md"] = SimpleNamespace(**{k: md_escape(v) for k, v in vars(ctx["ui"]).items()})
    if template is not None:
        env = _env(False, user_dir=template_dir or ".")
    else:
        env, template = _env(False), _resource("page.md.j2")
    text = env.from_string(template).render(ctx)
    # One blank line at most between blocks, and exactly one newline at the end.
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


# -- HTML filters --------------------------------------------------------------------------
# Filters rather than Jinja macros: a macro call costs about ten times as much, and the page
# of a 20,000-webinar catalogue makes hundreds of thousands of them.


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def html_text(value: LangText | None) -> Markup:
    """A text, escaped, in ``<span lang=...>`` when its language is not the page's."""
    if value is None:
        return Markup("")
    if value.lang:
        return Markup(f'<span lang="{_h(value.lang)}">{_h(value.text)}</span>')
    return Markup(_h(value.text))


def html_org(value: OrgView | None) -> Markup:
    """An organisation's name, linked to its page when it has one (a safe URL)."""
    if value is None:
        return Markup("")
    if value.url:
        return Markup(f'<a href="{_h(value.url)}">{html_text(value.name)}</a>')
    return html_text(value.name)


# -- Markdown escaping ----------------------------------------------------------------------

# Every ASCII punctuation character may be backslash-escaped in CommonMark. These are the
# ones that can start or end markup anywhere in a line (emphasis, links, code, raw HTML,
# entities, GFM tables and strikethrough, Hugo shortcodes and Liquid tags).
_MD_INLINE = re.compile(r"[\\`*_\[\]<>&|~!{}]")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>:]|\d+[.)])")


_NEEDS_SPACING = re.compile(r"\s\s|[^\S ]|^\s|\s$")


def _backslash(m: re.Match[str]) -> str:
    return "\\" + m.group(0)


def md_inline(value: Any) -> str:
    """Catalogue text as Markdown that renders as exactly that text, on one line, where it
    follows other text on its line (``- **Dato:** 22. mars 2022``, a heading, link text).

    Only what Markdown would misread there is escaped: inline markup, and a ``#`` at the end
    (a heading's closing sequence); ``22.`` stays as written, since only a line's start
    makes a list.
    """
    text = str(value)
    if _NEEDS_SPACING.search(text):
        text = " ".join(text.split())  # newlines would end a list item or start a block
    if _MD_INLINE.search(text):
        text = _MD_INLINE.sub(_backslash, text)
    if text.endswith("#"):
        text = text[:-1] + "\\#"
    return text


def md_escape(value: Any) -> str:
    """Catalogue text as Markdown that renders as exactly that text, on one line, anywhere
    (also at the start of a line, where ``#``, ``-`` or ``22.`` would start a block)."""
    text = md_inline(value)
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
    if _SLUG_FRAGMENT.fullmatch(text):
        return text
    return "<" + _URL_SPECIAL.sub(_url_escape, text) + ">"


_SLUG_FRAGMENT = re.compile(r"#[A-Za-z0-9._~-]+")
_URL_SPECIAL = re.compile(r'[ <>\\"&\x00-\x1f\x7f]')


def _url_escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    return "\\&" if ch == "&" else f"%{ord(ch):02X}"


def md_link(text: Any, url: str | None, inline: bool = False) -> str:
    """``[text](url)`` when there is a URL (already a safe one), else the escaped text
    (escaped as :func:`md_inline` with ``inline``, for text after other text on its line)."""
    if url:
        return f"[{md_inline(text)}]({md_url(url)})"
    return md_inline(text) if inline else md_escape(text)


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
    from webcat.export.safety import json_text

    return json_text(value)


def _front_matter(kind: str | None, ctx: dict[str, Any]) -> str:
    if not kind:
        return ""
    doc: DocumentView = ctx["doc"]
    dates = [s.published for s in doc.series if s.published]
    if kind == "hugo":
        lines = ["+++", f"title = {_quoted(doc.title.text)}"]
        if doc.description:
            lines.append(f"description = {_quoted(doc.description.text)}")
        if dates:
            lines.append(f"date = {max(dates)}")
        lines.append("+++")
    else:
        lines = ["---", "layout: page", f"title: {_quoted(doc.title.text)}"]
        if doc.description:
            lines.append(f"description: {_quoted(doc.description.text)}")
        if dates:
            lines.append(f"date: {max(dates)}")
        # Jekyll runs Liquid over the page; catalogue text must never be a Liquid tag.
        lines += ["render_with_liquid: false", "---"]
    return "\n".join(lines) + "\n\n"
