"""Words the exports show around catalogue text, in Bokmål, Nynorsk and English.

The page speaks the catalogue's language where webcat knows it, and English otherwise; the
page's ``lang`` follows whichever was chosen, so screen readers pronounce it right.
"""

from __future__ import annotations

from datetime import date, datetime

UI: dict[str, dict[str, str]] = {
    "nb": {
        "webinars": "webinarer",
        "webinar": "webinar",
        "series": "Serier",
        "contents": "Innhold",
        "skip": "Hopp til innholdet",
        "search": "Søk",
        "search_placeholder": "Tittel, tema, foredragsholder …",
        "tag": "Emne",
        "series_one": "Serie",
        "speaker": "Foredragsholder",
        "speakers": "Foredragsholdere",
        "all": "Alle",
        "reset": "Nullstill",
        "showing": "Viser {shown} av {total} webinarer",
        "none": "Ingen webinarer passer til søket.",
        "filters": "Filtrer webinarene",
        "published": "Publisert",
        "organiser": "Arrangør",
        "project": "Forskningsprosjekt",
        "lead": "Ledet av",
        "partners": "Partnere",
        "date": "Dato",
        "duration": "Varighet",
        "topic": "Tema",
        "resources": "Ressurser",
        "series_resources": "Ressurser for serien",
        "image_credit": "Bildekreditering",
        "series_page": "Seriens nettside",
        "webinar_page": "Webinarets nettside",
        "tags": "Emner",
        "made_with": "Laget med webcat fra katalogen",
        "no_date": "Dato ikke oppgitt",
        "number": "Nr.",
        "at": "kl.",
        "hours": "t",
        "minutes": "min",
        "seconds": "s",
        "decimal": ",",
        "people": "Personer",
        "recording": "Opptak",
        "slides": "Lysark",
        "document": "Dokument",
        "page": "Nettside",
        "link": "Lenke",
        "image": "Bilde",
        "audio": "Lydopptak",
        "dataset": "Datasett",
        "code": "Kildekode",
        "months": "januar februar mars april mai juni juli august september oktober "
        "november desember",
    },
    "nn": {
        "webinars": "webinar",
        "webinar": "webinar",
        "series": "Seriar",
        "contents": "Innhald",
        "skip": "Hopp til innhaldet",
        "search": "Søk",
        "search_placeholder": "Tittel, tema, føredragshaldar …",
        "tag": "Emne",
        "series_one": "Serie",
        "speaker": "Føredragshaldar",
        "speakers": "Føredragshaldarar",
        "all": "Alle",
        "reset": "Nullstill",
        "showing": "Viser {shown} av {total} webinar",
        "none": "Ingen webinar passar til søket.",
        "filters": "Filtrer webinara",
        "published": "Publisert",
        "organiser": "Arrangør",
        "project": "Forskingsprosjekt",
        "lead": "Leia av",
        "partners": "Partnarar",
        "date": "Dato",
        "duration": "Varigheit",
        "topic": "Tema",
        "resources": "Ressursar",
        "series_resources": "Ressursar for serien",
        "image_credit": "Biletkreditering",
        "series_page": "Nettsida til serien",
        "webinar_page": "Nettsida til webinaret",
        "tags": "Emne",
        "made_with": "Laga med webcat frå katalogen",
        "no_date": "Dato ikkje oppgitt",
        "number": "Nr.",
        "at": "kl.",
        "hours": "t",
        "minutes": "min",
        "seconds": "s",
        "decimal": ",",
        "people": "Personar",
        "recording": "Opptak",
        "slides": "Lysark",
        "document": "Dokument",
        "page": "Nettside",
        "link": "Lenkje",
        "image": "Bilete",
        "audio": "Lydopptak",
        "dataset": "Datasett",
        "code": "Kjeldekode",
        "months": "januar februar mars april mai juni juli august september oktober "
        "november desember",
    },
    "en": {
        "webinars": "webinars",
        "webinar": "webinar",
        "series": "Series",
        "contents": "Contents",
        "skip": "Skip to content",
        "search": "Search",
        "search_placeholder": "Title, topic, speaker …",
        "tag": "Topic",
        "series_one": "Series",
        "speaker": "Speaker",
        "speakers": "Speakers",
        "all": "All",
        "reset": "Reset",
        "showing": "Showing {shown} of {total} webinars",
        "none": "No webinars match the search.",
        "filters": "Filter the webinars",
        "published": "Published",
        "organiser": "Organiser",
        "project": "Research project",
        "lead": "Led by",
        "partners": "Partners",
        "date": "Date",
        "duration": "Duration",
        "topic": "Topic",
        "resources": "Resources",
        "series_resources": "Resources for the series",
        "image_credit": "Image credit",
        "series_page": "Series web page",
        "webinar_page": "Webinar web page",
        "tags": "Topics",
        "made_with": "Made with webcat from the catalogue",
        "no_date": "Date not given",
        "number": "No.",
        "at": "at",
        "hours": "h",
        "minutes": "min",
        "seconds": "s",
        "decimal": ".",
        "people": "People",
        "recording": "Recording",
        "slides": "Slides",
        "document": "Document",
        "page": "Web page",
        "link": "Link",
        "image": "Image",
        "audio": "Audio",
        "dataset": "Dataset",
        "code": "Source code",
        "months": "January February March April May June July August September October "
        "November December",
    },
}


def ui_language(lang: str | None) -> str:
    """The UI table to use for a content language: nb/nn/en, Norwegian ``no`` as nb."""
    primary = (lang or "en").split("-")[0].lower()
    if primary == "no":
        return "nb"
    return primary if primary in UI else "en"


def date_label(value: date | datetime, ui: dict[str, str]) -> str:
    """``22. mars 2022`` (``March 22, 2022`` in English), with the time as written."""
    months = ui["months"].split()
    if ui is UI["en"]:
        text = f"{months[value.month - 1]} {value.day}, {value.year}"
        sep = ":"
    else:
        text = f"{value.day}. {months[value.month - 1]} {value.year}"
        sep = "."
    if isinstance(value, datetime):
        text += f" {ui['at']} {value.hour:02d}{sep}{value.minute:02d}"
    return text
