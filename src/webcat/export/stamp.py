"""The one time exports stamp (iCalendar DTSTAMP, Atom ``updated``), taken from the catalogue.

Exports must be byte-identical from run to run, so no exporter reads the clock: the stamp is
the latest date the catalogue itself holds (webinar dates, series and resource publication
dates). Only a catalogue without any date falls back to ``SOURCE_DATE_EPOCH`` (the
reproducible-builds convention, passed in by the caller), and then to the Unix epoch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from webcat.catalogue.model import Catalogue

_FIRST = datetime.min.replace(tzinfo=UTC)
_LAST = datetime.max.replace(microsecond=0, tzinfo=UTC)


def utc_or_none(value: date | datetime) -> datetime | None:
    """A date as midnight UTC; a datetime (always with an offset here) converted to UTC; None
    when that falls outside years 1 to 9999 (``9999-12-31T23:00:00-05:00``)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError:
            return None
    return datetime.combine(value, time(0, 0), tzinfo=UTC)


def utc(value: date | datetime) -> datetime:
    """As :func:`utc_or_none`, but a time outside the range is clamped to its nearest end."""
    t = utc_or_none(value)
    if t is not None:
        return t
    assert isinstance(value, datetime)
    return _LAST if value.year > 1 else _FIRST


def iso_z(value: datetime) -> str:
    """``2024-01-10T09:00:00Z`` for a UTC time, with a four-digit year also before 1000."""
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}Z"
    )


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
