"""The catalogue as an HTML fragment for a CMS page (``webcat export html --fragment``).

A CMS page has its own ``<html>``, head, styles and ``h1``, so the fragment brings none of
them: it is one ``<div class="webcat">`` whose styles are the single page's, rewritten so
that every rule applies only inside that element (``:root`` and ``body`` become the element
itself). The sections, cards and script are the single page's own templates.
"""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup

from webcat.catalogue.model import Catalogue

SCOPE = ".webcat"

#: The fragment is a box of its own on the host page, not the whole page.
_OWN = "\nbody { padding: 0.25rem 1.25rem 1.5rem; border-radius: var(--radius); }\n"


def scope_css(css: str, scope: str = SCOPE) -> str:
    """``css`` with every selector limited to ``scope``.

    Written for webcat's own stylesheet (rules, and ``@media`` blocks holding rules), not as a
    general CSS parser; a test checks that no rule of the built-in sheet escapes the scope.
    """
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out: list[str] = []
    pos = 0
    n = len(css)
    while pos < n:
        brace = css.find("{", pos)
        if brace < 0:
            break
        head = css[pos:brace].strip()
        if head.startswith("@"):
            # An at-rule holding rules: find its matching brace and scope what is inside.
            depth, i = 1, brace + 1
            while depth and i < n:
                depth += {"{": 1, "}": -1}.get(css[i], 0)
                i += 1
            out.append(f"{head} {{\n{scope_css(css[brace + 1 : i - 1], scope)}}}\n")
            pos = i
            continue
        end = css.index("}", brace)
        body = css[brace + 1 : end].strip()
        selectors = [_scope_selector(sel.strip(), scope) for sel in head.split(",")]
        out.append(f"{', '.join(selectors)} {{ {body} }}\n")
        pos = end + 1
    return "".join(out)


def _scope_selector(sel: str, scope: str) -> str:
    if sel in (":root", "html", "body"):
        return scope
    for top in (":root ", "html ", "body "):
        if sel.startswith(top):
            return f"{scope} {sel[len(top) :]}"
    return f"{scope} {sel}"


def render_fragment(cat: Catalogue, lang: str | None = None, *, today: date | None = None) -> str:
    from webcat.export import jsonld
    from webcat.export.documents import _env, _resource, context

    ctx = context(cat, lang, today=today)
    ctx.update(
        scoped_style=Markup(scope_css(_resource("page.css") + _OWN)),
        script=Markup(_resource("page.js").strip()),
        jsonld=Markup(jsonld.dumps(jsonld.graph(ctx["doc"]), indent=None)),
    )
    env = _env(False, finalize_escape=True)
    return env.get_template("fragment.html.j2").render(ctx)
