"""The thread that reads and checks rows ahead of the writer: it never queries the database,
stops when the writer stops, hands its failures to the writer, and speaks the caller's
language."""

import threading

import pytest
from django.utils import translation

from imports.readahead import ReadAhead
from incidents.models import Incident

from .conftest import acled_csv

pytestmark = pytest.mark.django_db


def readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-reader"]


def test_the_reading_thread_cannot_query_the_database():
    def produce():
        yield "first"
        Incident.objects.count()  # would run outside the writer's transaction
        yield "second"

    with ReadAhead(produce) as items:
        got = iter(items)
        assert next(got) == "first"
        with pytest.raises(RuntimeError, match="must not query the database"):
            next(got)


def test_a_writer_that_stops_early_stops_the_reader():
    produced = []

    def produce():
        for n in range(100_000):
            produced.append(n)
            yield n

    with ReadAhead(produce) as items:
        for n in items:
            if n == 3:
                break
    assert readers() == []
    assert len(produced) < 10  # it stayed a few items ahead, then stopped


def test_a_failure_while_reading_reaches_the_writer():
    def produce():
        yield 1
        raise ValueError("the reader broke")

    with ReadAhead(produce) as items, pytest.raises(ValueError, match="the reader broke"):
        list(items)
    assert readers() == []


def test_row_errors_found_by_the_reader_are_in_the_importers_language(alice, run_import):
    future = {"event_id_cnty": "IRQ70077", "event_date": "2999-01-01", "year": "2999"}
    with translation.override("ar"):
        report = run_import(alice, acled_csv({}, future))
    reasons = [e["reason"] for e in report["errors"] if e["row"] == 3]
    assert "التاريخ في المستقبل." in reasons
    assert report["rows_valid"] == 1
    assert Incident.objects.count() == 1
