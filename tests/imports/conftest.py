"""Helpers for the import tests: build a CSV from rows and run an import as a named user."""

import csv
import io

import pytest

from imports.services import import_file, import_run_create

ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
ACLED_ROW = {
    "event_id_cnty": "IRQ70001",
    "event_date": "2024-01-20",
    "year": "2024",
    "time_precision": "1",
    "disorder_type": "Political violence",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Invented Brigade",
    "inter1": "3",
    "actor2": "Invented Coalition Force",
    "inter2": "8",
    "iso": "368",
    "region": "Middle East",
    "country": "Iraq",
    "admin1": "Al Anbar",
    "location": "Testfield Air Base",
    "latitude": "33.80",
    "longitude": "42.44",
    "geo_precision": "1",
    "source": "Example Wire",
    "source_scale": "National",
    "notes": "On 20 January 2024, an invented drone hit the edge of the test airfield.",
    "fatalities": "0",
    "timestamp": "1706000000",
}


def acled_csv(*rows: dict, header=ACLED_HEADER, delimiter=",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**ACLED_ROW, **row})
    return out.getvalue()


@pytest.fixture
def run_import():
    def run(user, data, fmt="acled", *, dry_run=False, publish=False, name="test.csv", **kw):
        raw = data.encode("utf-8") if isinstance(data, str) else data
        run = import_run_create(
            user=user, file_name=name, format=fmt, dry_run=dry_run, publish=publish
        )
        return import_file(run=run, binary=io.BytesIO(raw), **kw)

    return run
