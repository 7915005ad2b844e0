"""A Markdown job summary: counts, then a table of every link that needs attention."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from webcat.linkhealth.reports import Item, one_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")


def escape(text: str) -> str:
    """Catalogue text rendered literally in a GFM table cell."""
    text = _SPECIAL.sub(r"\\\1", re.sub(r"[\r\n]+", " ", text))
    return one_line(text)


def _code(text: str) -> str:
    text = one_line(re.sub(r"[\r\n]+", " ", text)).replace("|", "\\|")
    ticks = max((len(m) for m in re.findall(r"`+", text)), default=0) + 1
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{'`' * ticks}{pad}{text}{pad}{'`' * ticks}"


SECTIONS = (
    ("broken", "Broken"),
    ("failing", "Failing, not yet counted as broken"),
    ("notice", "To update"),
    ("blocked", "Blocked or rate-limited (not failing; checked first next time)"),
)


def render(items: Sequence[Item], *, title: str = "Link check") -> str:
    counts = Counter(i.outcome for i in items)
    broken = sum(1 for i in items if i.status == "broken")
    head = "✅ no broken links" if not broken else f"❌ {broken} broken link{'s' * (broken != 1)}"
    lines = [f"## {escape(title)}: {head}", ""]
    lines.append("| " + " | ".join(k for k in sorted(counts)) + " | total |")
    lines.append("|" + "---:|" * (len(counts) + 1))
    lines.append("| " + " | ".join(str(counts[k]) for k in sorted(counts)) + f" | {len(items)} |")
    for status, heading in SECTIONS:
        rows = [
            i
            for i in items
            if (i.outcome == "blocked" if status == "blocked" else i.status == status)
        ]
        if not rows:
            continue
        lines += [
            "",
            f"### {heading}",
            "",
            "| URL | Result | Reason | Used by |",
            "|---|---|---|---|",
        ]
        for item in rows:
            used = "<br>".join(escape(u.where()) for u in item.uses)
            reason = _code(item.reason) if item.reason else ""
            lines.append(f"| {_code(item.url)} | {escape(item.describe())} | {reason} | {used} |")
    return "\n".join(lines) + "\n"
