"""Exports of valid but extreme catalogues end cleanly (issue 15): dates at the ends of the
range and absurd durations give a calendar or feed plus a warning, never a traceback; user
templates run sandboxed and may include files from their own folder."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import icalendar
import pytest

from conftest import SEED, Invoke, WriteCatalogue
from webcat.catalogue.model import Catalogue, Series, Text, Webinar
from webcat.export import Options, export
from webcat.export.notices import ExportWarning

EXTREMES = """
[series.s]
title = "S"
published = 2020-01-01

[webinars.late]
series = "s"
title = "Sent"
date = 9999-12-31T23:00:00-05:00

[webinars.early]
series = "s"
title = "Tidlig"
date = 0001-01-01T00:30:00+01:00

[webinars.long]
series = "s"
title = "Lang"
date = 9999-12-31T10:00:00+01:00
duration = "PT20H"

[webinars.lastday]
series = "s"
title = "Siste dag"
date = 9999-12-31

[webinars.firstday]
series = "s"
title = "Første dag"
date = 0001-01-01

[webinars.ok]
series = "s"
title = "Vanlig"
date = 2024-03-05T10:00:00+01:00
duration = "PT90.5S"
"""


def test_ics_at_the_ends_of_the_range(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(EXTREMES)
    result = invoke("export", "ics", "-c", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "webinar 'late': its date 9999-12-31T23:00:00-05:00 is outside" in result.stderr
    assert "webinar 'early': its date 0001-01-01T00:30:00+01:00 is outside" in result.stderr
    assert "webinar 'long': its end is past the year 9999" in result.stderr
    cal: Any = icalendar.Calendar.from_ical(result.stdout_bytes)
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert set(events) == {"webinars-long", "webinars-lastday", "webinars-firstday", "webinars-ok"}
    assert "DTEND" not in events["webinars-long"]
    assert "DTEND" not in events["webinars-lastday"]  # one day, as RFC 5545 reads it
    raw = result.stdout_bytes.decode()
    assert "DTSTART;VALUE=DATE:00010101\r\n" in raw and "DTEND;VALUE=DATE:00010102\r\n" in raw
    # PT90.5S used to validate and then lose its end here.
    ok = events["webinars-ok"]
    assert ok["DTEND"].dt - ok["DTSTART"].dt == timedelta(seconds=90)
    assert "DTEND:20240305T090130Z" in raw


def test_atom_at_the_ends_of_the_range(invoke: Invoke, write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(EXTREMES)
    result = invoke("export", "atom", "-c", str(path))
    assert result.exit_code == 0, result.stderr
    assert "the feed gives 9999-12-31T23:59:59Z" in result.stderr
    assert "the feed gives 0001-01-01T00:00:00Z" in result.stderr
    feed = ET.fromstring(result.stdout_bytes)
    updated = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}updated")]
    assert updated[0] == "9999-12-31T23:59:59Z" and "0001-01-01T00:00:00Z" in updated


@pytest.mark.parametrize("fmt", ["html", "markdown", "json", "csv", "jsonld"])
def test_other_formats_take_extreme_dates_silently(
    invoke: Invoke, write_catalogue: WriteCatalogue, fmt: str
) -> None:
    result = invoke("export", fmt, "-c", str(write_catalogue(EXTREMES)))
    assert result.exit_code == 0 and result.stderr == "", result.stderr


def test_a_duration_too_long_for_a_date_is_refused_by_validation_and_survives_export(
    invoke: Invoke, write_catalogue: WriteCatalogue
) -> None:
    body = (
        EXTREMES
        + '\n[webinars.endless]\nseries = "s"\ntitle = "U"\ndate = 2024-01-01\nduration = "P99999999999999999999D"\n'
    )
    path = write_catalogue(body)
    checked = invoke("validate", "-c", str(path))
    assert checked.exit_code == 1
    assert "'P99999999999999999999D' is too long" in checked.stdout
    for fmt in ("ics", "atom", "html"):
        assert invoke("export", fmt, "-c", str(path)).exit_code == 0
    # A model built in code skips validation; the exporter still ends cleanly.
    cat = Catalogue(language="nb")
    cat.series["s"] = Series(id="s", title=Text("S"))
    when = datetime(2024, 1, 1, 10, tzinfo=UTC)
    cat.webinars["w"] = Webinar(
        id="w", series="s", title=Text("W"), date=when, duration="P99999999999999999999D"
    )
    with pytest.warns(ExportWarning, match="duration 'P99999999999999999999D' is too long"):
        cal = export(cat, "ics")
    assert "DTSTART:20240101T100000Z" in cal and "DTEND" not in cal
    assert "P99999999999999999999D" in export(cat, "html")


@pytest.mark.parametrize(
    ("duration", "label_nb", "label_en", "seconds"),
    [
        ("PT1H30M", "1 t 30 min", "1 h 30 min", 5400),
        ("PT1.5H", "1 t 30 min", "1 h 30 min", 5400),
        ("PT90.5S", "1 min 30,5 s", "1 min 30.5 s", 90.5),
        ("P1DT2H", "26 t", "26 h", 93600),
    ],
)
def test_one_duration_parser_for_validation_and_every_export(
    invoke: Invoke, write_catalogue: WriteCatalogue, duration: str, label_nb: str, label_en: str, seconds: float
) -> None:
    path = write_catalogue(
        f'[series.s]\ntitle = "S"\n\n[webinars.w]\nseries = "s"\ntitle = "W"\n'
        f'date = 2024-03-05T10:00:00+01:00\nduration = "{duration}"\n'
    )
    assert invoke("validate", "-c", str(path)).exit_code == 0
    page = invoke("export", "html", "-c", str(path)).stdout
    assert f"Varighet: {label_nb}" in page
    english = invoke("export", "html", "--lang", "en", "-c", str(path)).stdout
    assert f"Duration: {label_en}" in english
    cal: Any = icalendar.Calendar.from_ical(invoke("export", "ics", "-c", str(path)).stdout_bytes)
    (event,) = cal.walk("VEVENT")
    length = event["DTEND"].dt - event["DTSTART"].dt
    assert length == timedelta(seconds=int(seconds))  # DATE-TIME holds whole seconds


# -- templates -----------------------------------------------------------------------------


def test_template_includes_files_from_its_folder(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    (tmp_path / "page.html").write_text(
        '<h1>{{ doc.title }}</h1>{% include "parts/foot.html" %}', encoding="utf-8"
    )
    (tmp_path / "parts" / "foot.html").write_text("<footer>{{ ui.made_with }}</footer>")
    result = invoke("export", "html", "--template", str(tmp_path / "page.html"), "-c", str(SEED))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "<h1>Telemarksforsking – webinarer</h1><footer>Laget med webcat fra katalogen</footer>"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ cycler.__init__.__globals__ }}", "unsafe"),
        ("{{ doc.__class__.__mro__ }}", "unsafe"),
        ("{{ ''.__class__.__subclasses__() }}", "unsafe"),
        ('{% include "../secret.txt" %}', "cannot load '../secret.txt'"),
        ('{% include "/etc/passwd" %}', "cannot load '/etc/passwd'"),
    ],
)
def test_templates_are_sandboxed(invoke: Invoke, tmp_path: Path, source: str, message: str) -> None:
    (tmp_path / "secret.txt").write_text("SECRET")
    folder = tmp_path / "tpl"
    folder.mkdir()
    for fmt in ("html", "markdown"):
        (folder / "t.j2").write_text(source, encoding="utf-8")
        result = invoke("export", fmt, "--template", str(folder / "t.j2"), "-c", str(SEED))
        assert result.exit_code == 2, (fmt, result.stdout)
        assert message in result.stderr and "Traceback" not in result.stderr
        assert "SECRET" not in result.stdout and "root:" not in result.stdout


def test_extreme_export_in_a_real_process_prints_no_traceback(write_catalogue: WriteCatalogue) -> None:
    path = write_catalogue(EXTREMES)
    for fmt in ("ics", "atom"):
        proc = subprocess.run(
            [sys.executable, "-m", "webcat", "export", fmt, "-c", str(path)],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0 and "Traceback" not in proc.stderr
        assert proc.stderr.count("warning:") >= 2


def test_library_users_get_python_warnings() -> None:
    cat = Catalogue(language="nb")
    cat.series["s"] = Series(id="s", title=Text("S"))
    late = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    cat.webinars["w"] = Webinar(id="w", series="s", title=Text("W"), date=late)
    with pytest.warns(ExportWarning, match="left out of the calendar"):
        assert "VEVENT" not in export(cat, "ics", options=Options())
