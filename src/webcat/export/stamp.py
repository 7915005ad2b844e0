"""The one time exports stamp (iCalendar DTSTAMP, Atom ``updated``), taken from the catalogue.

Exports must be byte-identical from run to run, so no exporter reads the clock: the stamp is
the latest date the catalogue itself holds (webinar dates, series and resource publication
dates). Only a catalogue without any date falls back to ``SOURCE_DATE_EPOCH`` (the
reproducible-builds convention, passed in by the caller), and then to the Unix epoch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from webcat.catalogue.model import Catalogue


def utc(value: date | datetime) -> datetime:
    """A date as midnight UTC; a datetime (always with an offset here) converted to UTC."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    return datetime.combine(value, time(0, 0), tzinfo=UTC)


def catalogue_stamp(cat: Catalogue, source_date_epoch: int | None = None) -> datetime:
    latest: datetime | None = None
    for when in _dates(cat):
        t = utc(when)
        if latest is None or t > latest:
            latest = t
    if latest is not None:
        return latest
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, UTC)
    return datetime(1970, 1, 1, tzinfo=UTC)


def _dates(cat: Catalogue) -> list[date | datetime]:
    out: list[date | datetime] = [w.date for w in cat.webinars.values() if w.date is not None]
    out += [s.published for s in cat.series.values() if s.published is not None]
    out += [r.published for r in cat.resources.values() if r.published is not None]
    return out
