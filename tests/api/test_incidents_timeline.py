"""GET /api/v1/incidents/timeline/: counts per period stacked by weapon, one query."""

import datetime as dt

import pytest

from tests.factories import IncidentFactory, PlaceFactory

URL = "/api/v1/incidents/timeline/"


@pytest.fixture
def incidents(db):
    asad = PlaceFactory(slug="asad", country="IQ")
    tanf = PlaceFactory(slug="tanf", country="SY")
    IncidentFactory(place=asad, date_start=dt.date(2022, 1, 4), weapon="drone")
    IncidentFactory(place=asad, date_start=dt.date(2022, 1, 5), weapon="rocket")
    IncidentFactory(place=tanf, date_start=dt.date(2022, 1, 20), weapon="drone")
    IncidentFactory(place=tanf, date_start=dt.date(2022, 3, 1), weapon="drone")
    IncidentFactory(place=tanf, date_start=dt.date(2022, 3, 2), weapon="drone", status="draft")


def test_monthly_counts_by_weapon(api, incidents, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = api.get(URL, {"bucket": "month"})
    assert response.json() == {
        "bucket": "month",
        "weapons": ["drone", "rocket"],
        "series": [
            {"period": "2022-01-01", "counts": {"drone": 2, "rocket": 1}},
            {"period": "2022-03-01", "counts": {"drone": 1, "rocket": 0}},
        ],
    }


def test_month_is_the_default_and_filters_apply(api, incidents):
    body = api.get(URL, {"country": "SY"}).json()
    assert body["bucket"] == "month"
    assert body["weapons"] == ["drone"]
    assert [s["counts"]["drone"] for s in body["series"]] == [1, 1]


def test_country_is_resolved_to_places_first(api, incidents, django_assert_num_queries):
    # One gazetteer query for the country's places, then the aggregate on incidents alone.
    with django_assert_num_queries(2):
        body = api.get(URL, {"country": "iq"}).json()
    assert [s["counts"] for s in body["series"]] == [{"drone": 1, "rocket": 1}]
    # A country without places is an empty answer, not an error.
    assert api.get(URL, {"country": "ZZ"}).json()["series"] == []
    assert api.get("/api/v1/incidents/clusters/", {"country": "ZZ"}).json()["total"] == 0
    assert api.get("/api/v1/incidents/", {"country": "ZZ"}).json()["results"] == []


def test_weekly_periods_start_on_monday(api, incidents):
    series = api.get(URL, {"bucket": "week", "date_to": "2022-01-31"}).json()["series"]
    # 2022-01-04 and -05 fall in the week of Monday 3 January; the 20th in that of the 17th.
    assert [(s["period"], sum(s["counts"].values())) for s in series] == [
        ("2022-01-03", 2),
        ("2022-01-17", 1),
    ]


def test_daily(api, incidents):
    series = api.get(URL, {"bucket": "day", "weapon": "rocket"}).json()["series"]
    assert series == [{"period": "2022-01-05", "counts": {"rocket": 1}}]


def test_editor_counts_drafts_too(client_for, alice, incidents):
    body = client_for(alice).get(URL).json()
    assert body["series"][-1]["counts"]["drone"] == 2


def test_empty(api, db):
    assert api.get(URL).json() == {"bucket": "month", "weapons": [], "series": []}


@pytest.mark.parametrize("params", [{"bucket": "year"}, {"bucket": "\x00"}, {"weapon": "x"}])
def test_bad_parameters(api, db, params):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) <= {"bucket", "weapon"} and response.json()["errors"]
