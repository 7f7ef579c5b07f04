"""Each invariant is refused twice over: by model validation with a message an editor can act
on, and by the database itself for writes that skip validation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from incidents.models import Attribution, DatePrecision, Incident, Place, date_window
from tests.factories import ActorFactory, IncidentFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _errors(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def _db_refuses(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", 91, "less than or equal to 90"),
        ("latitude", -90.5, "greater than or equal to -90"),
        ("longitude", 180.01, "less than or equal to 180"),
        ("country", "iq", "ISO 3166-1 alpha-2"),
        ("country", "IRQ", "at most 2 characters"),
        ("aliases", "Ain al-Asad", "list of names"),
        ("aliases", ["ok", " "], "cannot be empty"),
    ],
)
def test_place_refuses_bad_values_with_a_message(field, value, message):
    place = PlaceFactory.build(**{field: value})
    assert message in " ".join(_errors(place)[field])


def test_database_refuses_out_of_range_coordinates():
    _db_refuses(PlaceFactory.build(latitude=95))
    _db_refuses(PlaceFactory.build(longitude=-200))


def test_place_cannot_lie_inside_itself():
    outer = PlaceFactory()
    inner = PlaceFactory(parent=outer)
    outer.parent = inner
    assert "inside itself" in _errors(outer)["parent"][0]
    outer.parent = outer
    assert "inside itself" in _errors(outer)["parent"][0]


def test_intercepted_cannot_exceed_launched():
    incident = IncidentFactory.build(place=PlaceFactory(), launched=2, intercepted=3)
    assert "Cannot be more than the 2 launched" in _errors(incident)["intercepted"][0]
    _db_refuses(incident)


def test_parts_cannot_add_up_to_more_than_launched():
    incident = IncidentFactory.build(
        place=PlaceFactory(), launched=4, intercepted=3, impacted=1, fell_short=1
    )
    assert "add up to more" in _errors(incident)["launched"][0]


def test_unknown_counts_are_allowed_and_zero_is_not_unknown():
    incident = IncidentFactory(launched=None, intercepted=None, killed=0, wounded=None)
    incident.full_clean()
    incident.refresh_from_db()
    assert incident.killed == 0 and incident.wounded is None


@pytest.mark.parametrize("what", ["killed", "wounded"])
def test_casualty_range_runs_low_best_high(what):
    incident = IncidentFactory.build(
        place=PlaceFactory(), **{f"{what}_low": 5, what: 3, f"{what}_high": 8}
    )
    assert "low ≤ best ≤ high" in _errors(incident)[what][0]
    _db_refuses(incident)
    incident = IncidentFactory.build(
        place=PlaceFactory(), **{f"{what}_low": 1, what: 3, f"{what}_high": 2}
    )
    _db_refuses(incident)


def test_a_range_with_unknown_best_is_still_checked():
    incident = IncidentFactory.build(place=PlaceFactory(), killed_low=4, killed_high=2)
    _db_refuses(incident)


@pytest.mark.parametrize(
    ("precision", "start", "end", "ok"),
    [
        (DatePrecision.DAY, "2022-01-04", "2022-01-04", True),
        (DatePrecision.DAY, "2022-01-04", "2022-01-05", False),
        (DatePrecision.SPAN, "2022-01-04", "2022-01-07", True),
        (DatePrecision.SPAN, "2022-01-04", "2022-01-14", False),
        (DatePrecision.WEEK, "2022-01-03", "2022-01-09", True),
        (DatePrecision.WEEK, "2022-01-03", "2022-01-12", False),
        (DatePrecision.MONTH, "2021-05-01", "2021-05-31", True),
        (DatePrecision.MONTH, "2021-05-03", "2021-05-31", False),
        (DatePrecision.YEAR, "2021-01-01", "2021-12-31", True),
        (DatePrecision.YEAR, "2021-01-01", "2021-06-30", False),
    ],
)
def test_date_window_must_match_its_precision(precision, start, end, ok):
    incident = IncidentFactory.build(
        place=PlaceFactory(),
        date_precision=precision,
        date_start=dt.date.fromisoformat(start),
        date_end=dt.date.fromisoformat(end),
    )
    if ok:
        incident.full_clean()
    else:
        assert "date_end" in _errors(incident)


def test_database_refuses_a_day_precision_date_spanning_days_and_reversed_windows():
    place = PlaceFactory()
    _db_refuses(
        IncidentFactory.build(
            place=place,
            date_precision=DatePrecision.DAY,
            date_start=dt.date(2022, 1, 1),
            date_end=dt.date(2022, 1, 2),
        )
    )
    _db_refuses(
        IncidentFactory.build(
            place=place,
            date_precision=DatePrecision.MONTH,
            date_start=dt.date(2022, 1, 1),
            date_end=dt.date(2022, 1, 1),
        )
    )
    _db_refuses(
        IncidentFactory.build(
            place=place,
            date_precision=DatePrecision.WEEK,
            date_start=dt.date(2022, 1, 9),
            date_end=dt.date(2022, 1, 3),
        )
    )


def test_only_a_first_day_fills_the_window_from_the_precision():
    incident = IncidentFactory.build(
        place=PlaceFactory(),
        date_precision=DatePrecision.MONTH,
        date_start=dt.date(2024, 2, 10),
        date_end=None,
    )
    incident.full_clean()
    assert (incident.date_start, incident.date_end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert date_window(dt.date(2023, 6, 5), DatePrecision.YEAR) == (
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
    )


def test_future_dates_and_unknown_choices_are_refused():
    incident = IncidentFactory.build(
        place=PlaceFactory(),
        date_start=dt.date.today() + dt.timedelta(days=30),
        date_end=dt.date.today() + dt.timedelta(days=30),
        weapon="laser",
    )
    errors = _errors(incident)
    assert "future" in errors["date_start"][0]
    assert "not a valid choice" in errors["weapon"][0]


def test_retraction_needs_a_reason():
    incident = IncidentFactory(status=Incident.Status.RETRACTED, status_reason="")
    assert "why" in _errors(incident)["status_reason"][0]


def test_public_ids_are_stable_unique_and_look_alike():
    first, second = IncidentFactory(), IncidentFactory()
    assert first.public_id != second.public_id
    assert first.public_id.startswith("SLV-") and len(first.public_id) == 12
    original = first.public_id
    first.summary_en = "edited"
    first.save()
    first.refresh_from_db()
    assert first.public_id == original


def test_attribution_names_its_source_unless_it_is_our_own_assessment():
    incident = IncidentFactory()
    attribution = Attribution(
        incident=incident, actor=ActorFactory(), attributed_by=Attribution.By.US_OFFICIAL
    )
    assert "Name the article" in _errors(attribution)["source"][0]
    attribution.attributed_by = Attribution.By.ANALYST
    attribution.full_clean()


def test_search_text_follows_names_and_aliases_in_both_scripts():
    place = PlaceFactory(
        name_en="Ain al-Asad Air Base", name_ar="قاعدة عين الأسد الجوية", aliases=["Ayn al-Asad"]
    )
    for query in ["عين الاسد", "عَيْن الأسد", "AYN AL-ASAD", "ain al asad"]:
        assert list(Place.objects.matching(query)) == [place], query
    incident = IncidentFactory(place=place, summary_ar="إسقاط طائرة مسيّرة")
    assert list(Incident.objects.matching("مسيرة عين الاسد")) == [incident]
