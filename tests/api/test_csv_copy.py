"""On PostgreSQL the CSV export is written by the database (api/csv_copy.py); on SQLite by
Python (api/exports.py). An analyst must get the same cells whichever database serves them:
these tests export awkward rows both ways and compare every cell."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.utils import timezone

from api import exports
from incidents.models import Actor, Casualty, Incident
from tests.factories import (
    ActorFactory,
    AttributionFactory,
    CitationFactory,
    ClaimFactory,
    IncidentFactory,
    OutletFactory,
    PlaceFactory,
    SourceArticleFactory,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the COPY export is PostgreSQL's"
)

BASE = "http://testserver/api/v1/incidents/"


def _cells(chunks) -> list[list[str]]:
    text = "".join(c.decode() if isinstance(c, bytes) else c for c in chunks)
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def _both(qs, acled):
    database = _cells(exports.csv_chunks(qs, BASE, acled))
    python = _cells(exports.python_csv_chunks(qs, BASE, acled))
    return database, python


@pytest.fixture
def awkward(db):
    """Rows that exercise every derived cell: formula-like text, repeated and ordered actors,
    the attribution fallback, foreign and local state forces, grades from the citation and
    from the outlet, an ungraded citation, a country ACLED does not list."""
    base = PlaceFactory(
        slug="asad", name_en="=Ain al-Asad", latitude=33.0, longitude=-42.5, country="IQ"
    )
    elsewhere = PlaceFactory(slug="x", name_en="Somewhere", latitude=1e-05, country="QA")
    us = ActorFactory(slug="us", name_en="US forces", kind=Actor.Kind.STATE_FORCE, country="US")
    iraqi = ActorFactory(slug="isf", name_en="ISF", kind=Actor.Kind.STATE_FORCE, country="IQ")
    front = ActorFactory(slug="front", name_en="+Front", kind=Actor.Kind.FRONT_GROUP)
    militia = ActorFactory(slug="kh", name_en="Kataib", kind=Actor.Kind.ARMED_GROUP)
    coalition = ActorFactory(slug="oir", name_en="Coalition", kind=Actor.Kind.COALITION)
    graded = OutletFactory(slug="wire", name_en="Wire", reliability="B")
    plain = OutletFactory(slug="blog", name_en="-Blog", reliability="")

    claimed = IncidentFactory(
        place=base,
        weapon="rocket",
        weapon_detail="-107 mm",
        killed=2,
        killed_low=1,
        killed_high=3,
        summary_en='Quote "this", a comma,\nand a new line',
        summary_ar="@قاعدة عين الأسد",
        damage="=SUM(A1)",
        time_of_day=dt.time(21, 30),
        date_start=dt.date(2024, 1, 20),
    )
    ClaimFactory(incident=claimed, actor=militia, source=None)
    ClaimFactory(incident=claimed, actor=front, source=None)
    ClaimFactory(incident=claimed, actor=militia, source=None)  # the same group again
    AttributionFactory(incident=claimed, actor=coalition)
    claimed.targeted_forces.set([us, iraqi])
    article = SourceArticleFactory(outlet=graded, published_on=dt.date(2024, 1, 21))
    CitationFactory(incident=claimed, article=article, credibility=2)
    CitationFactory(
        incident=claimed,
        article=SourceArticleFactory(outlet=plain, published_on=dt.date(2024, 1, 20)),
        reliability="D",
    )
    CitationFactory(incident=claimed, article=SourceArticleFactory(outlet=plain))  # ungraded

    attributed = IncidentFactory(place=elsewhere, weapon="drone", date_start=dt.date(2024, 1, 19))
    AttributionFactory(incident=attributed, actor=coalition)
    AttributionFactory(incident=attributed, actor=militia)
    attributed.targeted_forces.set([iraqi])
    Casualty.objects.create(incident=claimed, party="us_forces", killed=3, wounded=0)
    Casualty.objects.create(incident=claimed, party="contractors", wounded_low=1, wounded_high=2)
    Casualty.objects.create(incident=attributed, party="unknown", killed=0)

    IncidentFactory(place=base, weapon="ied", summary_en="", date_start=dt.date(2023, 5, 1))
    IncidentFactory(place=base, status=Incident.Status.DRAFT)  # not exported
    # A whole-second timestamp: Python leaves out the microseconds.
    Incident.objects.filter(pk=attributed.pk).update(
        updated_at=dt.datetime(2024, 2, 1, 8, 0, tzinfo=dt.UTC)
    )
    return claimed


@pytest.mark.parametrize("acled", [False, True], ids=["salvo", "acled"])
def test_database_and_python_give_the_same_cells(awkward, acled):
    database, python = _both(Incident.objects.published(), acled)
    assert len(database) == 4  # the header and the three published incidents
    assert database == python


def test_the_derived_cells_are_what_an_analyst_expects(awkward):
    header, *rows = _cells(exports.csv_chunks(Incident.objects.published(), BASE, False))
    row = dict(zip(header, rows[0], strict=True))
    assert row["claimed_by"] == "kh; front"  # in the order claimed, each group once
    assert row["attributed_to"] == "oir"
    assert row["targeted_forces"] == "isf; us"
    assert row["source_count"] == "3"
    assert row["source_grades"] == "B2; D?"  # the ungraded citation is left out
    assert row["place_name_en"] == "'=Ain al-Asad"  # not a live formula
    assert row["damage"] == "'=SUM(A1)"
    assert row["summary_en"] == 'Quote "this", a comma,\nand a new line'
    assert row["latitude"] == "33.0"
    # Sides: none reported (0) is not unknown (empty), and a range alone has no best figure.
    assert (row["killed_us_forces"], row["wounded_us_forces"]) == ("3", "0")
    assert (row["killed_contractors"], row["wounded_contractors"]) == ("", "")
    assert row["killed_civilians"] == ""
    assert dict(zip(header, rows[1], strict=True))["killed_unknown"] == "0"
    assert row["updated_at"] == timezone.localtime(awkward.updated_at, dt.UTC).isoformat()


def test_acled_codes_from_the_database(awkward):
    header, *rows = _cells(exports.csv_chunks(Incident.objects.published(), BASE, True))
    claimed, attributed = (dict(zip(header, r, strict=True)) for r in rows[:2])
    assert (claimed["actor1"], claimed["assoc_actor_1"]) == ("Kataib", "'+Front")
    assert (claimed["actor2"], claimed["assoc_actor_2"]) == ("ISF", "US forces")
    assert (claimed["inter1"], claimed["inter2"], claimed["interaction"]) == ("3", "1", "13")
    assert claimed["source"] == "'-Blog; Wire"  # in the order the outlets published
    assert claimed["fatalities"] == "2"
    # No claim: the attributed actors stand in; a coalition is ACLED's 8.
    assert (attributed["actor1"], attributed["inter1"]) == ("Coalition", "8")
    assert attributed["country"] == "QA" and attributed["iso"] == ""


def test_a_filter_matching_nothing_gives_the_header_alone(awkward):
    for qs in (Incident.objects.none(), Incident.objects.filter(place__country="ZZ")):
        for acled in (False, True):
            assert len(_cells(exports.csv_chunks(qs, BASE, acled))) == 1
