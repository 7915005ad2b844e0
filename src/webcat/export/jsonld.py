"""schema.org JSON-LD for the catalogue: EventSeries, EducationEvent, VideoObject, Person,
Organization and ResearchProject in one ``@graph``.

Ids are fragment URIs (``#webinar-ID``) so that the graph embedded in the HTML page points at
the page's own anchors. The HTML export embeds exactly this graph; ``webcat export jsonld``
prints it alone.
"""

from __future__ import annotations

from typing import Any

from webcat.export.safety import json_text
from webcat.export.texts import LangText
from webcat.export.view import DocumentView, OrgView, PersonView

_KIND_TYPES = {
    "recording": "VideoObject",
    "slides": "PresentationDigitalDocument",
    "document": "DigitalDocument",
    "audio": "AudioObject",
    "image": "ImageObject",
    "dataset": "Dataset",
    "code": "SoftwareSourceCode",
}


ONLINE = "https://schema.org/OnlineEventAttendanceMode"


def _text(t: LangText | None) -> Any:
    """A plain string, or a language-tagged value when the text is not in the page language."""
    if t is None:
        return None
    if t.lang:
        return {"@value": t.text, "@language": t.lang}
    return t.text


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != "" and v != []}


def graph(doc: DocumentView) -> dict[str, Any]:
    """The JSON-LD document (a dict ready for :func:`json.dumps`)."""
    lang = doc.lang
    nodes: list[dict[str, Any]] = []
    orgs: dict[str, OrgView] = {}
    people: dict[str, PersonView] = {p.id: p for p in doc.people}

    def org_ref(o: OrgView | None) -> dict[str, str] | None:
        if o is None:
            return None
        orgs[o.id] = o
        return {"@id": f"#org-{o.id}"}

    for s in doc.series:
        project = None
        if s.project is not None:
            pr = s.project
            project = {"@id": f"#project-{pr.id}"}
            nodes.append(
                _drop_empty(
                    {
                        "@type": "ResearchProject",
                        "@id": f"#project-{pr.id}",
                        "name": _text(pr.title),
                        "description": _text(pr.description),
                        "url": pr.url,
                        "parentOrganization": org_ref(pr.lead),
                        "member": [org_ref(o) for o in pr.partners],
                    }
                )
            )
        nodes.append(
            _drop_empty(
                {
                    "@type": "EventSeries",
                    "@id": f"#{s.anchor}",
                    "name": _text(s.title),
                    "description": _text(s.description),
                    "url": s.url,
                    "inLanguage": s.lang or lang,
                    "organizer": org_ref(s.organiser),
                    "isPartOf": project,
                    "keywords": [t.title.text for t in s.tags],
                    "subEvent": [{"@id": f"#{w.anchor}"} for w in s.webinars],
                    "datePublished": s.published,
                    "eventAttendanceMode": ONLINE,
                }
            )
        )
        series_lang = s.lang or lang
        series_ref = {"@id": f"#{s.anchor}"}
        for w in s.webinars:
            # Built key by key rather than through _drop_empty: this loop runs once per
            # webinar and is most of the graph's cost on large catalogues.
            event: dict[str, Any] = {
                "@type": "EducationEvent",
                "@id": f"#{w.anchor}",
                "name": _text(w.title),
            }
            if w.topic:
                event["about"] = _text(w.topic)
            if w.description:
                event["description"] = _text(w.description)
            if w.date:
                event["startDate"] = w.date
            if w.duration:
                event["duration"] = w.duration
            if w.url:
                event["url"] = w.url
            event["inLanguage"] = w.lang or series_lang
            event["superEvent"] = series_ref
            event["eventAttendanceMode"] = ONLINE
            where = w.url or s.url
            if where:
                event["location"] = {"@type": "VirtualLocation", "url": where}
            if w.speakers:
                event["performer"] = [{"@id": f"#{p.anchor}"} for p in w.speakers]
            if w.tags:
                event["keywords"] = [t.title.text for t in w.tags]
            recorded: list[dict[str, Any]] = []
            featured: list[dict[str, Any]] = []
            for r in w.resources:
                kind = _KIND_TYPES.get(r.kind, "CreativeWork")
                node: dict[str, Any] = {
                    "@type": kind,
                    "@id": f"#resource-{r.id}",
                    "name": _text(r.title),
                }
                if r.url:
                    node["url"] = r.url
                    if kind == "VideoObject":
                        node["contentUrl"] = r.url
                if r.format:
                    node["encodingFormat"] = r.format
                if r.lang:
                    node["inLanguage"] = r.lang
                if r.published:
                    node["datePublished"] = r.published
                    if kind == "VideoObject":
                        node["uploadDate"] = r.published
                (recorded if kind == "VideoObject" else featured).append(node)
            if recorded:
                event["recordedIn"] = recorded
            if featured:
                event["workFeatured"] = featured
            nodes.append(event)
    for p in people.values():
        nodes.append(
            _drop_empty(
                {
                    "@type": "Person",
                    "@id": f"#{p.anchor}",
                    "name": p.name,
                    "jobTitle": _text(p.role),
                    "description": _text(p.bio),
                    "url": p.url,
                    "affiliation": [org_ref(o) for o in p.affiliations],
                }
            )
        )
    for o in list(orgs.values()):
        nodes.append(
            _drop_empty(
                {
                    "@type": "Organization",
                    "@id": f"#org-{o.id}",
                    "name": _text(o.name),
                    "url": o.url,
                }
            )
        )
    return {"@context": "https://schema.org", "@graph": nodes}


def dumps(data: dict[str, Any], *, indent: int | None = 2) -> str:
    """JSON with ``<``, ``>`` and ``&`` as ``\\u003c`` etc., safe inside a ``<script>``.

    Those characters only ever occur inside JSON strings, where the escapes mean the same, so
    the text parses to the same data while no ``</script>`` or ``<!--`` can close the element.
    U+2028/9, C1 and bidi controls are escaped too (:func:`webcat.export.safety.json_text`).
    """
    separators = (",", ":") if indent is None else (",", ": ")
    text = json_text(data, indent=indent, separators=separators)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
