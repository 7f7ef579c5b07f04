"""ACLED files: what each column becomes, the filters, and every kind of bad input reported by
row, column, value and reason without losing the valid rows."""

import pytest

from incidents.models import Actor, Attribution, DatePrecision, Incident, LocationPrecision, Place
from sources.models import Citation, Outlet
from tests.factories import PlaceFactory

from .conftest import ACLED_HEADER, acled_csv

pytestmark = pytest.mark.django_db


def test_an_acled_row_becomes_a_draft_with_its_place_actors_outlet_and_citation(alice, run_import):
    report = run_import(alice, acled_csv({}, {"event_id_cnty": "IRQ70002", "fatalities": "3"}))

    assert report["incidents"] == {"new": 2, "updated": 0, "unchanged": 0}
    # The second row finds the place the first created: one new place, no existing one matched.
    assert report["places"] == {"new": 1, "matched": 0}
    assert report["actors"] == {"new": 2} and report["outlets"] == {"new": 1}
    first = Incident.objects.get(imported_records__external_id="IRQ70001")
    assert first.status == Incident.Status.DRAFT
    assert first.killed == 0  # ACLED's 0: none reported
    assert first.weapon == "drone"
    assert first.date_precision == DatePrecision.DAY
    assert first.place.name_en == "Testfield Air Base" and first.place.imported.row == 2
    assert first.targeted_forces.get().kind == Actor.Kind.COALITION  # inter2 = 8
    attribution = first.attributions.get()
    assert attribution.actor.name_en == "Invented Brigade"
    assert attribution.attributed_by == Attribution.By.MEDIA
    citation = Citation.objects.get(incident=first)
    assert citation.quote == ACLED_ROW_NOTES
    assert citation.article.outlet == Outlet.objects.get(name_en="Example Wire")
    assert Incident.objects.get(imported_records__external_id="IRQ70002").killed == 3


ACLED_ROW_NOTES = "On 20 January 2024, an invented drone hit the edge of the test airfield."


def test_precisions_map_to_salvo_windows(alice, run_import):
    run_import(
        alice,
        acled_csv(
            {"time_precision": "2", "geo_precision": "2"},
            {"event_id_cnty": "IRQ70003", "time_precision": "3", "geo_precision": "3"},
        ),
    )
    week = Incident.objects.get(imported_records__external_id="IRQ70001")
    month = Incident.objects.get(imported_records__external_id="IRQ70003")
    assert (week.date_precision, str(week.date_start), str(week.date_end)) == (
        DatePrecision.WEEK,
        "2024-01-20",
        "2024-01-26",
    )
    assert week.location_precision == LocationPrecision.NEAR
    assert (str(month.date_start), str(month.date_end)) == ("2024-01-01", "2024-01-31")
    assert month.location_precision == LocationPrecision.PROVINCE


def test_filters_skip_rows_and_say_why(alice, run_import):
    report = run_import(
        alice,
        acled_csv(
            {},
            {"event_id_cnty": "IRQ70004", "event_type": "Protests"},
            {"event_id_cnty": "IRQ70005", "notes": "A made-up convoy was stopped."},
        ),
        options={"event_types": ["Explosions/Remote violence"], "words": ["airfield"]},
    )
    assert report["incidents"]["new"] == 1
    assert report["rows_skipped"] == 2
    skipped = {reason: entry["rows"] for reason, entry in report["skipped"].items()}
    assert skipped == {
        "event_type 'Protests' is not one of the types asked for": [3],
        "notes mention none of the words asked for": [4],
    }


def test_every_bad_cell_is_reported_and_the_good_rows_still_land(alice, run_import):
    report = run_import(
        alice,
        acled_csv(
            {},
            {"event_id_cnty": "IRQ70006", "event_date": "20/13/2024", "fatalities": "many"},
            {"event_id_cnty": "IRQ70007", "latitude": "123.4", "longitude": "nan"},
            {"event_id_cnty": "IRQ70008", "notes": '=HYPERLINK("http://evil.example")'},
            {"event_id_cnty": "IRQ70001"},
            {"event_id_cnty": "IRQ70009", "iso": "999", "country": "Atlantis"},
            {"event_id_cnty": "IRQ70010", "event_date": "2099-01-01"},
            {"event_id_cnty": "IRQ70011", "notes": "'=1+1 is how a spreadsheet sum starts"},
        ),
    )
    errors = {(e["row"], e["column"], e["value"]): e["reason"] for e in report["errors"]}
    assert errors[(3, "event_date", "20/13/2024")].startswith("Not a date")
    assert errors[(3, "fatalities", "many")] == "Not a whole number."
    assert errors[(4, "latitude", "123.4")].startswith("Out of range")
    assert errors[(4, "longitude", "nan")].startswith("Out of range")
    assert "formula" in errors[(5, "notes", '=HYPERLINK("http://evil.example")')]
    assert errors[(6, "event_id_cnty", "IRQ70001")] == "Duplicate id: row 2 has the same one."
    assert errors[(7, "country", "999 / Atlantis")] == "Unknown country."
    assert "future" in errors[(8, "event_date", "2099-01-01")]
    assert report["rows_with_errors"] == 6
    # The good first row and the apostrophe-escaped formula (Salvo's own export form) landed.
    assert report["incidents"]["new"] == 2
    kept = Incident.objects.get(imported_records__external_id="IRQ70011")
    assert kept.summary_en == "=1+1 is how a spreadsheet sum starts"


def test_missing_columns_are_named_in_one_message_before_any_row(alice, run_import):
    header = [c for c in ACLED_HEADER if c not in ("latitude", "event_date")]
    report = run_import(alice, acled_csv({}, header=header))
    assert report["rows_read"] == 0
    assert report["file_errors"] == [
        "Missing required column(s) for the acled format: event_date, latitude. The file's "
        "columns are: " + ", ".join(header) + "."
    ]
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04rest-of-a-zip", "it looks like a ZIP archive or an Excel workbook"),
        (b"%PDF-1.7 binary", "it looks like a PDF document"),
        (b"event_id_cnty,event_date\x00\x00\x01\x02", "binary data (NUL bytes)"),
        (b"", "The file is empty."),
    ],
)
def test_a_file_that_is_not_csv_gets_a_file_level_message(alice, run_import, data, message):
    report = run_import(alice, data)
    assert message in report["file_errors"][0]
    assert report["rows_read"] == 0


def test_semicolons_utf8_bom_and_windows_1256_arabic_are_read(alice, run_import):
    arabic = {"location": "قاعدة تجريبية", "notes": "سقطت قذيفة قرب قاعدة تجريبية"}
    semicolons = run_import(alice, acled_csv(arabic, delimiter=";"), dry_run=True)
    assert semicolons["notes"] == ["Columns are separated by ';' rather than commas."]
    assert semicolons["incidents"]["new"] == 1

    bom = run_import(alice, "\ufeff" + acled_csv(arabic), dry_run=True)
    assert bom["encoding"] == "utf-8-sig" and bom["incidents"]["new"] == 1

    report = run_import(alice, acled_csv(arabic).encode("cp1256"))
    assert report["notes"] == ["The file is not UTF-8; it was read as Windows-1256 (Arabic)."]
    incident = Incident.objects.get()
    assert incident.place.name_en == "قاعدة تجريبية"
    assert incident.summary_en == arabic["notes"]


def test_a_row_with_the_wrong_number_of_cells_is_reported(alice, run_import):
    data = acled_csv({}) + "IRQ70099,2024-01-21,too,few\n"
    report = run_import(alice, data)
    assert report["errors"] == [
        {
            "row": 3,
            "column": "",
            "value": "",
            "reason": f"This row has 4 cells; the header has {len(ACLED_HEADER)}.",
        }
    ]
    assert report["incidents"]["new"] == 1


def test_place_matches_by_name_or_arabic_alias_nearby_but_not_far_away(alice, run_import):
    base = PlaceFactory(
        slug="testfield",
        name_en="Testfield Air Base",
        name_ar="قاعدة الحقل التجريبي",
        aliases=["Tést-field"],
        latitude=33.80,
        longitude=42.44,
    )
    report = run_import(
        alice,
        acled_csv(
            {"location": "قاعدة الحقل التجريبي", "latitude": "33.83"},
            {"event_id_cnty": "IRQ70012", "location": "Test field"},
            # Same name, 300 km away: another place, not the base.
            {"event_id_cnty": "IRQ70013", "latitude": "33.30", "longitude": "45.60"},
        ),
    )
    assert report["places"] == {"new": 1, "matched": 2}
    assert Incident.objects.get(imported_records__external_id="IRQ70001").place == base
    assert Incident.objects.get(imported_records__external_id="IRQ70012").place == base
    far = Incident.objects.get(imported_records__external_id="IRQ70013").place
    assert far != base and far.slug == "testfield-air-base" and far.imported
    assert Place.objects.count() == 2


def test_a_control_character_in_a_name_is_that_rows_error_not_the_batchs(alice, run_import):
    report = run_import(
        alice,
        acled_csv(
            {"event_id_cnty": "IRQ70020", "source": "Example\x82 Wire"},
            {"event_id_cnty": "IRQ70021", "actor1": "Invented\nBrigade"},
        ),
    )
    assert not report["stopped"]
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "source")]
    # A line break inside a name cell is only spacing: that row lands, the name on one line.
    kept = Incident.objects.get(imported_records__external_id="IRQ70021")
    assert [c.actor.name_en for c in kept.claims.all()] + [
        a.actor.name_en for a in kept.attributions.all()
    ] == ["Invented Brigade"]
