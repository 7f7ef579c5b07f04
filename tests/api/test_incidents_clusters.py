"""GET /api/v1/incidents/clusters/ and /by-place/: per-place aggregates for the map."""

import datetime as dt

import pytest

from tests.factories import IncidentFactory, PlaceFactory

URL = "/api/v1/incidents/clusters/"
# One GROUP BY over the incident table alone, then one for the few places it names.
MAP_QUERIES = 2


@pytest.fixture
def places(db):
    airport = PlaceFactory(
        slug="biap",
        name_en="Baghdad Airport",
        name_ar="مطار بغداد",
        latitude=33.26,
        longitude=44.23,
        location_precision=1,
    )
    victory = PlaceFactory(
        slug="victory", parent=airport, latitude=33.29, longitude=44.25, location_precision=1
    )
    tanf = PlaceFactory(
        slug="tanf",
        name_en="Al-Tanf",
        name_ar="التنف",
        latitude=33.49,
        longitude=38.62,
        location_precision=2,
        country="SY",
    )
    for _ in range(3):
        IncidentFactory(place=airport, weapon="rocket")
    IncidentFactory(place=victory, weapon="drone", location_precision=2)
    IncidentFactory(place=tanf, weapon="drone", date_start=dt.date(2023, 5, 1))
    IncidentFactory(place=tanf, weapon="drone", status="draft")
    return {"airport": airport, "victory": victory, "tanf": tanf}


def test_low_zoom_merges_nearby_places(api, places, django_assert_num_queries):
    with django_assert_num_queries(MAP_QUERIES):
        body = api.get(URL, {"zoom": "4"}).json()
    assert body["total"] == 5
    baghdad, tanf = body["clusters"]
    assert baghdad["count"] == 4
    assert baghdad["place"] is None  # two places merged: no single name to show
    assert baghdad["weapons"] == {"drone": 1, "rocket": 3}
    assert baghdad["bounds"] == [44.23, 33.26, 44.25, 33.29]
    assert baghdad["lat"] == pytest.approx((33.26 * 3 + 33.29) / 4)
    assert baghdad["precision"] == 2  # the Victory incident is only "near"
    assert tanf == {
        "lat": 33.49,
        "lon": 38.62,
        "count": 1,
        "bounds": [38.62, 33.49, 38.62, 33.49],
        "weapons": {"drone": 1},
        "place": {
            "slug": "tanf",
            "name_en": "Al-Tanf",
            "name_ar": "التنف",
            "location_precision": 2,
        },
        "precision": 2,
    }


def test_high_zoom_separates_places(api, places):
    body = api.get(URL, {"zoom": "16"}).json()
    assert sorted(c["place"]["slug"] for c in body["clusters"]) == ["biap", "tanf", "victory"]


def test_bbox_and_filters_apply(api, places, django_assert_num_queries):
    # The box is resolved to place ids in one more (gazetteer) query.
    with django_assert_num_queries(MAP_QUERIES + 1):
        body = api.get(URL, {"bbox": "44,33,45,34", "weapon": "rocket"}).json()
    assert body["total"] == 3
    assert [c["count"] for c in body["clusters"]] == [3]


def test_bbox_around_every_place_counts_everything(api, places):
    body = api.get(URL, {"bbox": "35,28.5,50,38", "zoom": "16"}).json()
    assert body["total"] == 5
    body = api.get(URL, {"bbox": "38,33,39,34", "zoom": "16"}).json()
    assert [(c["place"]["slug"], c["count"]) for c in body["clusters"]] == [("tanf", 1)]


def test_query_count_does_not_grow_with_incidents(api, places, django_assert_num_queries):
    for _ in range(20):
        IncidentFactory(place=places["tanf"], weapon="mortar")
    with django_assert_num_queries(MAP_QUERIES):
        assert api.get(URL).json()["total"] == 25


@pytest.mark.parametrize("zoom", ["-1", "23", "1.5", "x", "999999999999"])
def test_bad_zoom(api, db, zoom):
    response = api.get(URL, {"zoom": zoom})
    assert response.status_code == 400 and "zoom" in response.json()["errors"]


def test_by_place_counts(api, places, django_assert_num_queries):
    with django_assert_num_queries(MAP_QUERIES):
        body = api.get("/api/v1/incidents/by-place/").json()
    assert (body["total"], body["place_count"]) == (5, 3)
    assert [(p["slug"], p["count"]) for p in body["places"]] == [
        ("biap", 3),
        ("tanf", 1),
        ("victory", 1),
    ]
    assert body["places"][1]["last"] == "2023-05-01"
    assert body["places"][0]["weapons"] == {"rocket": 3}


@pytest.mark.parametrize("zoom", [3, 6, 9, 12])
def test_clusters_at_many_places_add_up_to_the_list(api, demo, zoom, django_assert_max_num_queries):
    from django.core.management import call_command

    call_command("generate_incidents", "--places", "800", "--count", "1500", verbosity=0)
    from incidents.models import Incident

    listed = Incident.objects.published().filter(weapon__in=["drone", "rocket"]).count()
    with django_assert_max_num_queries(2):  # the cells, then the places of one-place cells
        body = api.get(f"{URL}?zoom={zoom}&weapon=drone,rocket").json()
    assert body["total"] == listed == sum(c["count"] for c in body["clusters"])
    for cluster in body["clusters"]:
        assert sum(cluster["weapons"].values()) == cluster["count"]
        west, south, east, north = cluster["bounds"]
        assert west <= cluster["lon"] <= east and south <= cluster["lat"] <= north
    if zoom >= 9:  # zoomed in, most cells hold one named place
        assert sum(c["place"] is not None for c in body["clusters"]) > len(body["clusters"]) / 2


BY_PLACE = "/api/v1/incidents/by-place/"
# With a limit: the totals, then the busiest places' groups (the top N chosen in a subquery),
# then those places.
TOP_QUERIES = 3


def test_by_place_top_n_keeps_the_totals(api, places, django_assert_num_queries):
    full = api.get(BY_PLACE).json()
    assert (full["total"], full["place_count"]) == (5, 3)
    with django_assert_num_queries(TOP_QUERIES):
        top = api.get(BY_PLACE, {"limit": 2}).json()
    # tanf and victory tie at one attack: the top two break the tie as the whole list does.
    assert top["places"] == full["places"][:2]
    assert [p["slug"] for p in top["places"]] == ["biap", "tanf"]
    assert (top["total"], top["place_count"]) == (5, 3)
    assert api.get(BY_PLACE, {"limit": 5000}).json() == full
    nothing = api.get(BY_PLACE, {"limit": 2, "date_from": "2030-01-01"}).json()
    assert nothing == {"total": 0, "place_count": 0, "places": []}


@pytest.mark.parametrize("limit", ["0", "5001", "all"])
def test_by_place_bad_limit_is_a_400_naming_it(api, places, limit):
    response = api.get(BY_PLACE, {"limit": limit})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["limit"]


def test_by_place_top_n_at_many_places_adds_up_to_the_list(api, demo, django_assert_num_queries):
    from django.core.management import call_command

    from incidents.models import Incident

    call_command("generate_incidents", "--places", "400", "--count", "1200", verbosity=0)
    drones = Incident.objects.published().filter(weapon="drone")
    full = api.get(BY_PLACE, {"weapon": "drone"}).json()
    with django_assert_num_queries(TOP_QUERIES):
        top = api.get(BY_PLACE, {"weapon": "drone", "limit": 10}).json()
    assert top["total"] == full["total"] == drones.count() > 0
    assert sum(p["count"] for p in full["places"]) == full["total"]
    assert top["place_count"] == full["place_count"] == len(full["places"])
    assert full["place_count"] == drones.values("place_id").distinct().count() > 10
    assert top["places"] == full["places"][:10]
    counts = [p["count"] for p in full["places"]]
    assert counts == sorted(counts, reverse=True)
