"""GET /api/v1/incidents/: every filter, paging edges, draft visibility, query counts."""

import datetime as dt

import pytest

from incidents.models import Incident
from tests.factories import (
    ActorFactory,
    AttributionFactory,
    CitationFactory,
    ClaimFactory,
    IncidentFactory,
    PlaceFactory,
    SourceArticleFactory,
)

URL = "/api/v1/incidents/"


def ids(response):
    assert response.status_code == 200, response.content
    return {row["public_id"] for row in response.json()["results"]}


@pytest.fixture
def world(db):
    """Three bases in two countries, incidents of several kinds, one claimed, one attributed."""
    asad = PlaceFactory(
        slug="ain-al-asad",
        name_en="Ain al-Asad",
        name_ar="عين الأسد",
        country="IQ",
        admin1="Anbar",
        latitude=33.79,
        longitude=42.44,
    )
    airport = PlaceFactory(
        slug="biap",
        name_en="Baghdad Airport",
        country="IQ",
        admin1="Baghdad",
        latitude=33.26,
        longitude=44.23,
    )
    victory = PlaceFactory(
        slug="victory",
        parent=airport,
        country="IQ",
        admin1="Baghdad",
        latitude=33.29,
        longitude=44.25,
    )
    tanf = PlaceFactory(slug="tanf", country="SY", admin1="Homs", latitude=33.49, longitude=38.62)
    umbrella = ActorFactory(slug="iri", name_en="Islamic Resistance in Iraq")
    front = ActorFactory(slug="front", parent=umbrella)
    militias = ActorFactory(slug="militias")
    inc = {
        "drone_asad": IncidentFactory(
            place=asad,
            date_start=dt.date(2022, 1, 4),
            summary_en="Drones over Ain al-Asad",
            summary_ar="طائرات مسيّرة فوق قاعدة عين الأسد",
        ),
        "rocket_victory": IncidentFactory(
            place=victory,
            weapon="rocket",
            date_start=dt.date(2022, 1, 5),
            launched=3,
            intercepted=0,
            killed=0,
            wounded=2,
        ),
        "month_tanf": IncidentFactory(
            place=tanf,
            weapon="drone",
            date_start=dt.date(2024, 1, 1),
            date_end=dt.date(2024, 1, 31),
            date_precision=4,
            launched=None,
            intercepted=None,
        ),
        "draft": IncidentFactory(place=asad, status=Incident.Status.DRAFT),
    }
    ClaimFactory(incident=inc["rocket_victory"], actor=front)
    AttributionFactory(incident=inc["drone_asad"], actor=militias)
    return {k: v.public_id for k, v in inc.items()}


def test_anonymous_sees_published_only(api, world):
    assert ids(api.get(URL)) == {world["drone_asad"], world["rocket_victory"], world["month_tanf"]}


def test_editor_sees_drafts_and_can_filter_status(client_for, alice, world):
    assert world["draft"] in ids(client_for(alice).get(URL))
    assert ids(client_for(alice).get(URL, {"status": "draft"})) == {world["draft"]}


def test_user_without_role_is_treated_as_public(client_for, bob, world):
    assert world["draft"] not in ids(client_for(bob).get(URL))
    assert ids(client_for(bob).get(URL, {"status": "draft"})) == set()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"weapon": "rocket"}, {"rocket_victory"}),
        ({"weapon": "rocket,drone"}, {"rocket_victory", "drone_asad", "month_tanf"}),
        ({"place": "biap"}, {"rocket_victory"}),  # Victory Base lies inside the airport
        ({"place": "victory"}, {"rocket_victory"}),
        ({"country": "sy"}, {"month_tanf"}),
        ({"admin1": "anbar"}, {"drone_asad"}),
        ({"claimed_by": "iri"}, {"rocket_victory"}),  # the front group's claim counts
        ({"claimed_by": "militias"}, set()),
        ({"attributed_to": "militias"}, {"drone_asad"}),
        ({"actor": "militias"}, {"drone_asad"}),
        ({"actor": "front"}, {"rocket_victory"}),
        ({"claimed": "true"}, {"rocket_victory"}),
        ({"claimed": "false"}, {"drone_asad", "month_tanf"}),
        ({"has_casualties": "true"}, {"rocket_victory"}),
        ({"has_casualties": "false"}, {"drone_asad", "month_tanf"}),
        ({"intercepted": "true"}, {"drone_asad"}),
        ({"intercepted": "false"}, {"rocket_victory", "month_tanf"}),
        ({"bbox": "42,33,43,34"}, {"drone_asad"}),
        ({"bbox": "38,33,45,34"}, {"drone_asad", "rocket_victory", "month_tanf"}),
        ({"near": "33.3,44.3,20"}, {"rocket_victory"}),
        ({"q": "ain al-asad"}, {"drone_asad"}),
        # Arabic folded: no hamza on the alef, no shadda, taa marbuta typed as haa.
        ({"q": "قاعده عين الاسد"}, {"drone_asad"}),
        ({"q": "مسيرة"}, {"drone_asad"}),
        ({"date_from": "2022-01-05"}, {"rocket_victory", "month_tanf"}),
        ({"date_to": "2022-01-04"}, {"drone_asad"}),
        # A month-precision incident matches a range that overlaps its month.
        ({"date_from": "2024-01-10", "date_to": "2024-01-12"}, {"month_tanf"}),
        ({"date_from": "2024-02-01"}, set()),
    ],
)
def test_filters(api, world, params, expected):
    assert ids(api.get(URL, params)) == {world[k] for k in expected}


def test_updated_since_with_an_odd_offset_is_converted_to_utc(api, world):
    # PostgreSQL refuses a -20:14 offset; the API converts before querying.
    assert api.get(URL, {"updated_since": "0698-01-13T08:43:09-20:14"}).status_code == 200


def test_updated_since_returns_what_changed(api, world):
    later = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    assert ids(api.get(URL, {"updated_since": "2000-01-01T00:00:00Z"})) >= {world["drone_asad"]}
    Incident.objects.filter(public_id=world["month_tanf"]).update(updated_at=later)
    assert ids(api.get(URL, {"updated_since": "2099-12-31T00:00:00+00:00"})) == {
        world["month_tanf"]
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "-200,0,10,10"}, "bbox"),
        ({"bbox": "10,0,5,10"}, "bbox"),
        ({"bbox": "nan,0,5,10"}, "bbox"),
        ({"near": "33,44"}, "near"),
        ({"near": "95,44,10"}, "near"),
        ({"date_from": "2022-02-30"}, "date_from"),
        ({"date_from": "99999-01-01"}, "date_from"),
        ({"date_from": "2022-02-01", "date_to": "2022-01-01"}, "date_to"),
        ({"weapon": "laser"}, "weapon"),
        ({"place": "atlantis"}, "place"),
        ({"claimed_by": "nobody"}, "claimed_by"),
        ({"claimed": "maybe"}, "claimed"),
        ({"q": "drone\x00"}, "q"),
        ({"q": "x" * 500}, "q"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00+20:14"}, "updated_since"),  # before year 1
        ({"status": "lost"}, "status"),
        ({"limit": "0"}, "limit"),
        ({"limit": "5001"}, "limit"),
        ({"limit": "1e3"}, "limit"),
        ({"limit": "99999999999999999999"}, "limit"),
        ({"ordering": "place"}, "ordering"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "eyJvIjoiZGF0ZSJ9"}, "cursor"),  # valid base64 JSON, wrong shape
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(api, world, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_row_carries_place_actors_and_source_count(api, world):
    incident = Incident.objects.get(public_id=world["drone_asad"])
    CitationFactory(incident=incident)
    CitationFactory(incident=incident)
    row = api.get(URL, {"weapon": "drone", "admin1": "Anbar"}).json()["results"][0]
    assert row["public_id"] == world["drone_asad"]
    assert row["place"]["slug"] == "ain-al-asad"
    assert row["place"]["latitude"] == 33.79
    assert row["attributed_to"] == [
        {
            "slug": "militias",
            "name_en": incident.attributions.get().actor.name_en,
            "name_ar": incident.attributions.get().actor.name_ar,
        }
    ]
    assert row["claimed_by"] == []
    assert row["source_count"] == 2
    assert row["url"].endswith(f"/api/v1/incidents/{world['drone_asad']}/")
    assert "search_text" not in row


def test_related_actors_keep_their_order_and_land_on_their_incident(api, db):
    # Claimants, attributions, forces and source counts come from one combined query: each
    # must land on its own incident, in its own order, with repeats folded.
    first, second = ActorFactory(slug="zeta"), ActorFactory(slug="alpha")
    incident = IncidentFactory(date_start=dt.date(2024, 1, 2))
    other = IncidentFactory(date_start=dt.date(2024, 1, 1))
    ClaimFactory(incident=incident, actor=first, source=None)
    ClaimFactory(incident=incident, actor=second, source=None)
    ClaimFactory(incident=incident, actor=first, source=None)  # claimed again: listed once
    AttributionFactory(incident=other, actor=second)
    incident.targeted_forces.add(first, second)
    CitationFactory(incident=incident, article=SourceArticleFactory())
    CitationFactory(incident=incident, role="background")
    rows = {r["public_id"]: r for r in api.get(URL).json()["results"]}
    row, bare = rows[incident.public_id], rows[other.public_id]
    assert [a["slug"] for a in row["claimed_by"]] == ["zeta", "alpha"]  # as entered
    assert [a["slug"] for a in row["targeted_forces"]] == ["alpha", "zeta"]  # by slug
    assert row["attributed_to"] == [] and row["source_count"] == 2
    assert [a["slug"] for a in bare["attributed_to"]] == ["alpha"]
    assert bare["claimed_by"] == bare["targeted_forces"] == [] and bare["source_count"] == 0


def _pages(api, params):
    seen, url, pages = [], URL, 0
    response = api.get(url, params)
    while True:
        pages += 1
        body = response.json()
        seen += [r["public_id"] for r in body["results"]]
        if not body["next"]:
            return seen, pages, body
        response = api.get(body["next"])


@pytest.mark.parametrize("ordering", ["-date", "date", "-updated", "updated"])
def test_cursor_pages_cover_everything_once_in_order(api, db, ordering):
    place = PlaceFactory()
    # Several incidents share a date: the id breaks ties so none is skipped or repeated.
    made = [
        IncidentFactory(place=place, date_start=dt.date(2022, 1, 1 + i // 3)) for i in range(11)
    ]
    seen, pages, last = _pages(api, {"limit": 3, "ordering": ordering})
    assert sorted(seen) == sorted(i.public_id for i in made)
    assert len(set(seen)) == 11
    assert pages == 4
    assert len(last["results"]) == 2 and last["next"] is None and last["previous"]
    dates = [Incident.objects.get(public_id=p).date_start for p in seen]
    if ordering == "-date":
        assert dates == sorted(dates, reverse=True)
    if ordering == "date":
        assert dates == sorted(dates)


def test_previous_link_goes_back_to_the_same_page(api, db):
    for i in range(5):
        IncidentFactory(date_start=dt.date(2022, 1, 1 + i))
    first = api.get(URL, {"limit": 2}).json()
    second = api.get(first["next"]).json()
    back = api.get(second["previous"]).json()
    assert [r["public_id"] for r in back["results"]] == [r["public_id"] for r in first["results"]]
    assert back["previous"] is None


def test_empty_result(api, db):
    assert api.get(URL).json() == {"next": None, "previous": None, "results": []}


def test_cursor_from_another_ordering_is_refused(api, db):
    for i in range(3):
        IncidentFactory(date_start=dt.date(2022, 1, 1 + i))
    cursor_link = api.get(URL, {"limit": 1}).json()["next"]
    response = api.get(cursor_link + "&ordering=updated")
    assert response.status_code == 400 and "cursor" in response.json()["errors"]


def _make(n):
    place = PlaceFactory()
    actor = ActorFactory()
    for i in range(n):
        incident = IncidentFactory(place=place, date_start=dt.date(2022, 1, 1 + i % 28))
        ClaimFactory(incident=incident, actor=actor, source=None)
        AttributionFactory(incident=incident, actor=actor)
        CitationFactory(incident=incident)
        incident.targeted_forces.add(actor)


# A page is one query for the incidents (place joined) + one for their claimants, attributed
# actors, targeted forces and source counts together, whatever its size.
LIST_QUERIES = 2


@pytest.mark.parametrize("limit", [1, 100])
def test_query_count_is_constant(api, db, django_assert_num_queries, limit):
    _make(30)
    with django_assert_num_queries(LIST_QUERIES):
        response = api.get(URL, {"limit": limit})
    assert len(response.json()["results"]) == min(limit, 30)


def test_filters_add_a_bounded_number_of_queries(api, world, django_assert_num_queries):
    # place + actor slugs are looked up, the place tree and actor tree read once each.
    with django_assert_num_queries(LIST_QUERIES + 4):
        response = api.get(URL, {"place": "biap", "claimed_by": "iri", "weapon": "rocket"})
    assert ids(response) == {world["rocket_victory"]}


def test_signed_in_editor_pays_only_for_the_role_check(
    client_for, alice, world, django_assert_num_queries
):
    with django_assert_num_queries(LIST_QUERIES + 1):
        client_for(alice).get(URL)


def test_a_repeated_multi_valued_filter_is_a_list(api, db):
    # What generated clients send for a list parameter: the same as weapon=drone,rocket.
    drone, rocket, _ = (IncidentFactory(weapon=w) for w in ("drone", "rocket", "mortar"))
    repeated = api.get(URL, {"weapon": ["drone", "rocket"]})
    commas = api.get(URL, {"weapon": "drone,rocket"})
    assert repeated.status_code == 200
    assert repeated.json() == commas.json()
    assert {i["public_id"] for i in repeated.json()["results"]} == {
        drone.public_id,
        rocket.public_id,
    }
    unknown = api.get(URL, {"weapon": ["drone", "laser"]})
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["weapon"]
    # Single-valued parameters are still refused twice: which one would win is arbitrary.
    twice = api.get(URL, {"country": ["IQ", "SY"]})
    assert twice.status_code == 400 and list(twice.json()["errors"]) == ["country"]
