"""Whole runs: Salvo's export round trip, UCDP, dry run, re-runs, history, publishing, a crash
half-way and the command line."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from api.exports import SALVO_COLUMNS, csv_chunks
from imports import services
from imports.formats import SALVO_COLUMNS as IMPORT_COLUMNS
from imports.models import ImportRun
from incidents.models import Actor, DatePrecision, Incident, LocationPrecision, Place
from sources.models import SourceArticle
from tests.factories import ActorFactory, ClaimFactory, IncidentFactory, PlaceFactory

from .conftest import acled_csv

pytestmark = pytest.mark.django_db


def export_salvo(qs) -> str:
    return "".join(csv_chunks(qs, "http://testserver/api/v1/incidents/", acled=False))


def comparable(text: str) -> list[str]:
    # updated_at is when the copy was written; every other column must come back the same.
    lines = text.splitlines()
    cut = SALVO_COLUMNS.index("updated_at")
    return [",".join(line.split(",")[:cut]) for line in lines]


def test_the_salvo_columns_are_the_exports_columns():
    assert IMPORT_COLUMNS == SALVO_COLUMNS


def test_salvo_export_imports_into_an_empty_instance_as_the_same_published_incidents(
    rita, run_import
):
    base = PlaceFactory(slug="round-base", name_en="Round Base", name_ar="القاعدة المستديرة")
    front = ActorFactory(slug="made-up-front", name_en="Made-up Front")
    force = ActorFactory(slug="made-up-force", name_en="Made-up Force", kind="state_force")
    first = IncidentFactory(place=base, summary_en="=cmd looks like a formula", killed=0)
    first.targeted_forces.set([force])
    ClaimFactory(incident=first, actor=front)
    IncidentFactory(
        place=PlaceFactory(slug="far-town", name_en="Far Town", latitude=36.1, longitude=43.2),
        date_start=dt.date(2023, 11, 1),
        date_end=dt.date(2023, 11, 30),
        date_precision=DatePrecision.MONTH,
        location_precision=LocationPrecision.NEAR,
        weapon="rocket",
        launched=None,
        intercepted=None,
        killed_low=1,
        killed=2,
        killed_high=4,
    )
    exported = export_salvo(Incident.objects.all())
    # An empty instance: nothing but the users.
    Incident.objects.all().delete()
    SourceArticle.objects.all().delete()
    Actor.objects.all().delete()
    Place.objects.all().delete()

    report = run_import(rita, exported, "salvo", publish=True)

    assert report["error_count"] == 0, report["errors"]
    assert report["incidents"]["new"] == 2
    assert set(Incident.objects.values_list("status", flat=True)) == {"published"}
    assert comparable(export_salvo(Incident.objects.all())) == comparable(exported)


def test_ucdp_low_best_high_and_precisions(alice, run_import):
    data = (
        "id,date_start,date_end,date_prec,where_prec,where_coordinates,latitude,longitude,"
        "country,adm_1,side_a,side_b,best,low,high,source_article,source_office,source_date,"
        "source_headline\n"
        "880001,2023-11-03,2023-11-05,2,2,Invented Outpost,35.10,40.20,Syria,Deir ez-Zor,"
        "Government of United States of America,Made-up Cell,2,1,5,Made-up Daily 2023-11-06,"
        "Made-up Daily,2023-11-06,Rockets hit an invented outpost\n"
        "880002,2023-10-03,2023-10-20,4,6,Syria,35.00,38.00,Syria,,Made-up Cell,"
        "Government of United States of America,0,0,0,,,,\n"
    )
    report = run_import(alice, data, "ucdp")
    assert report["error_count"] == 0, report["errors"]
    span = Incident.objects.get(imported_records__external_id="880001")
    assert (span.killed_low, span.killed, span.killed_high) == (1, 2, 5)
    assert span.date_precision == DatePrecision.SPAN and span.weapon == "rocket"
    assert span.location_precision == LocationPrecision.NEAR
    assert span.attributions.get().actor.name_en == "Made-up Cell"
    assert span.targeted_forces.get().kind == Actor.Kind.STATE_FORCE
    assert span.citations.get().article.outlet.name_en == "Made-up Daily"
    month = Incident.objects.get(imported_records__external_id="880002")
    assert (month.date_precision, str(month.date_start), str(month.date_end)) == (
        DatePrecision.MONTH,
        "2023-10-01",
        "2023-10-31",
    )
    assert month.location_precision == LocationPrecision.COUNTRY and month.killed == 0


def test_a_dry_run_writes_nothing_and_counts_what_the_real_run_does(alice, run_import):
    data = acled_csv({}, {"event_id_cnty": "IRQ70020", "latitude": "200"})
    dry = run_import(alice, data, dry_run=True)
    assert not Incident.objects.exists() and not Place.objects.exists()
    real = run_import(alice, data)
    for key in ("incidents", "places", "actors", "outlets", "errors", "rows_with_errors"):
        assert dry[key] == real[key], key
    assert real["incidents"]["new"] == 1 and real["rows_with_errors"] == 1


def test_a_rerun_changes_nothing_and_a_changed_row_updates_with_history(alice, run_import):
    data = acled_csv({}, {"event_id_cnty": "IRQ70021"})
    run_import(alice, data)
    counts = [m.objects.count() for m in (Incident, Place, Actor, SourceArticle)]
    again = run_import(alice, data, name="again.csv")
    assert again["incidents"] == {"new": 0, "updated": 0, "unchanged": 2}
    assert [m.objects.count() for m in (Incident, Place, Actor, SourceArticle)] == counts

    changed = run_import(alice, acled_csv({"fatalities": "4"}), name="fix.csv")
    assert changed["incidents"] == {"new": 0, "updated": 1, "unchanged": 0}
    incident = Incident.objects.get(imported_records__external_id="IRQ70001")
    assert incident.killed == 4 and incident.version == 2
    assert incident.history.first().history_change_reason == "fix.csv, row 2"


def test_history_names_the_importer_file_and_row_and_the_run_is_a_batch(alice, run_import):
    run_import(alice, acled_csv({}, {"event_id_cnty": "IRQ70022"}), name="events.csv")
    incident = Incident.objects.get(imported_records__external_id="IRQ70022")
    record = incident.history.get()
    assert record.history_user == alice
    assert record.history_change_reason == "events.csv, row 3"
    run = ImportRun.objects.get()
    assert run.state == "done" and run.created_by == alice
    assert set(Incident.objects.filter(imported_records__run=run)) == set(Incident.objects.all())


def test_publishing_an_import_needs_the_reviewer_role(alice, rita, bob, run_import):
    with pytest.raises(PermissionDenied):
        run_import(alice, acled_csv({}), publish=True)
    with pytest.raises(PermissionDenied):
        run_import(bob, acled_csv({}))
    run_import(rita, acled_csv({}), publish=True)
    assert Incident.objects.get().status == "published"


def test_a_crash_half_way_keeps_whole_batches_and_says_which_rows_landed(
    alice, run_import, monkeypatch
):
    original, calls = services._Importer.create_rows, []

    def crash_on_second_batch(self, new, actors, outlets):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, new, actors, outlets)

    monkeypatch.setattr(services._Importer, "create_rows", crash_on_second_batch)
    rows = [{"event_id_cnty": f"IRQ7{n:04d}"} for n in range(5)]
    report = run_import(alice, acled_csv(*rows), batch_size=2)
    assert Incident.objects.count() == 2
    assert report["batches"] == [{"rows": "2-3", "new": 2, "updated": 0, "unchanged": 0}]
    assert report["stopped"].startswith("Stopped while writing rows 4-5 (RuntimeError: disk full)")
    assert "rows up to 3 landed, in 1 batch(es)" in report["stopped"]
    assert ImportRun.objects.get().state == "failed"


def test_the_command_prints_the_report_and_fails_on_a_file_problem(alice, tmp_path, capsys):
    good = tmp_path / "events.csv"
    good.write_text(acled_csv({}, {"event_id_cnty": "IRQ70023", "longitude": "east"}))
    call_command("import_incidents", str(good), "--format", "acled", "--user", "alice")
    out, err = capsys.readouterr()
    assert "2 rows read, 1 valid, 1 with errors, 0 skipped" in out
    assert "Incidents that were created: 1" in out
    assert "row 3: longitude = 'east': Not a number." in err

    bad = tmp_path / "sheet.xlsx"
    bad.write_bytes(b"PK\x03\x04xlsx")
    with pytest.raises(CommandError, match="This is not a CSV file"):
        call_command("import_incidents", str(bad), "--format", "acled", "--user", "alice")


def test_a_row_the_database_refuses_is_reported_and_the_rest_of_its_batch_lands(
    alice, run_import, monkeypatch
):
    from django.db import IntegrityError

    original = services.insert_with_history

    def refuse_one(model, rows, **kw):
        if model is Incident and any("IRQ70051" in r["public_id"] for r in rows):
            raise IntegrityError("CHECK constraint failed: invented_rule")
        return original(model, rows, **kw)

    monkeypatch.setattr(services, "insert_with_history", refuse_one)
    rows = [{"event_id_cnty": f"IRQ7005{n}"} for n in range(3)]
    # Salvo ids would be kept; here the refused row is found by its event id in public_id.
    monkeypatch.setattr(
        services._Importer,
        "create_rows",
        _with_public_ids(services._Importer.create_rows),
    )
    report = run_import(alice, acled_csv(*rows))
    assert report["errors"] == [
        {
            "row": 3,
            "column": "",
            "value": "",
            "reason": "The database refused the row: CHECK constraint failed: invented_rule",
        }
    ]
    assert report["incidents"]["new"] == 2 and report["rows_valid"] == 2
    assert sorted(Incident.objects.values_list("imported_records__external_id", flat=True)) == [
        "IRQ70050",
        "IRQ70052",
    ]


def _with_public_ids(create_rows):
    def wrapped(self, new, actors, outlets):
        for parsed, incident, _ in new:
            incident.public_id = f"SLV-{parsed.external_id}"
        return create_rows(self, new, actors, outlets)

    return wrapped


def test_sides_survive_an_export_and_import_and_a_wrong_sum_is_a_row_error(rita, run_import):
    from incidents.models import Casualty

    incident = IncidentFactory(
        place=PlaceFactory(slug="side-base"), killed=3, wounded_low=1, wounded=2, wounded_high=5
    )
    Casualty.objects.create(incident=incident, party="us_forces", killed=1)
    Casualty.objects.create(incident=incident, party="iraqi_forces", killed=2)
    Casualty.objects.create(
        incident=incident, party="contractors", wounded_low=1, wounded=2, wounded_high=5
    )
    exported = export_salvo(Incident.objects.all())
    Incident.objects.all().delete()

    report = run_import(rita, exported, "salvo")
    assert report["error_count"] == 0, report["errors"]
    back = Incident.objects.get()
    sides = {
        c.party: (c.killed, c.wounded_low, c.wounded, c.wounded_high) for c in back.casualties.all()
    }
    assert sides == {
        "us_forces": (1, None, None, None),
        "iraqi_forces": (2, None, None, None),
        "contractors": (None, 1, 2, 5),  # the one side wounded takes the totals' range
    }
    assert (back.killed, back.wounded_low, back.wounded_high) == (3, 1, 5)

    wrong = exported.replace("/,1,,,,2,", "/,1,,,,7,", 1)  # Iraqi forces' killed: 7, not 2
    assert wrong != exported
    Incident.objects.all().delete()
    report = run_import(rita, wrong, "salvo")
    assert report["error_count"] == 1
    assert "add up to 8" in str(report["errors"])
    assert not Incident.objects.exists()
