"""ISO 8601 durations, read by one parser (isodate) for validation and every export alike.

Three hand-written patterns used to disagree (``PT90.5S`` validated but the iCalendar export
dropped its end; ``PT1.5H`` was refused). Now what validates is exactly what the exporters
can use. isodate is imported on the first duration parsed, and each distinct text is parsed
once (a catalogue holds a handful of different durations across thousands of webinars).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Duration:
    """A parsed duration: a fixed length, plus whole calendar years and months (whose length
    depends on the start, as ISO 8601 means them)."""

    length: timedelta
    years: int = 0
    months: int = 0

    @property
    def fixed(self) -> timedelta | None:
        """The length when it does not depend on the start (no years or months)."""
        return None if self.years or self.months else self.length

    def end(self, start: datetime | date) -> datetime | date | None:
        """``start`` plus this duration, or None when that is past year 9999."""
        try:
            if self.years or self.months:
                total = start.month - 1 + self.months + 12 * self.years
                year, month = start.year + total // 12, total % 12 + 1
                day = min(start.day, _month_days(year, month))
                start = start.replace(year=year, month=month, day=day)
            return start + self.length
        except (OverflowError, ValueError):
            return None


def _month_days(year: int, month: int) -> int:
    import calendar

    if not 1 <= year <= 9999:
        raise ValueError("year out of range")
    return calendar.monthrange(year, month)[1]


@lru_cache(maxsize=1024)
def parse_duration(text: str) -> Duration:
    """``text`` as a duration, or ValueError saying why not (``f"{text!r} is {error}"``).

    Any ISO 8601 duration isodate reads (``PT1H30M``, ``PT1.5H``, ``PT90.5S``, ``P1W``,
    ``P1DT2H``), except: negative ones, ones with no number (``PT``), fractions of years or
    months (isodate would drop them), and lengths past what a date can hold.
    """
    import isodate

    if not text.startswith("P") or not any(c.isdigit() for c in text):
        raise ValueError("not an ISO 8601 duration")
    try:
        value = isodate.parse_duration(text)
    except isodate.ISO8601Error:
        raise ValueError("not an ISO 8601 duration") from None
    except (OverflowError, ValueError, ArithmeticError):
        raise ValueError("too long (more than 9999 years)") from None
    if isinstance(value, timedelta):
        result = Duration(value)
    elif _has_calendar_fraction(text):  # isodate would keep only the whole years or months
        raise ValueError("a fraction of a year or month, which has no fixed length")
    else:
        result = Duration(value.tdelta, int(value.years), int(value.months))
    if result.length < timedelta(0) or result.years < 0 or result.months < 0:
        raise ValueError("negative")
    if result.years > 9999 or result.length > timedelta(days=9999 * 366):
        raise ValueError("too long (more than 9999 years)")
    return result


def _has_calendar_fraction(text: str) -> bool:
    import re

    return re.search(r"[.,]\d*[YM]", text.split("T")[0]) is not None
