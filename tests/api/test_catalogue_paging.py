"""Cursor pages of the gazetteer, actors and outlets: /api/v1/places/, /actors/, /outlets/.

A client follows `next` until it is null and must see every row once, in slug order, whatever
the page size and however many rows share a name."""

import base64

import orjson
import pytest

from incidents.models import Actor, Place
from sources.models import Outlet
from tests.factories import ActorFactory, OutletFactory, PlaceFactory

LISTS = {
    "places": (PlaceFactory, Place),
    "actors": (ActorFactory, Actor),
    "outlets": (OutletFactory, Outlet),
}
# Hyphens, underscores and digits, which collations order differently, and one shared name.
SLUGS = ["al-asad", "alasad", "al_asad", "a-1", "a10", "a2", "b", "bb", "b-b", "z-9"]


@pytest.fixture(params=list(LISTS))
def catalogue(request, db):
    factory, model = LISTS[request.param]
    for slug in SLUGS:
        factory(slug=slug, name_en="Twin Name")
    expected = list(model.objects.order_by("slug").values_list("slug", flat=True))
    return f"/api/v1/{request.param}/", model, expected


def _walk(api, url, params, link="next"):
    """Every page from the first, following `link`; each page's slugs."""
    pages = []
    response = api.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([row["slug"] for row in body["results"]])
        if body[link] is None:
            return pages, body
        response = api.get(body[link])


@pytest.mark.parametrize("limit", [1, 3, 4, 10, 11])
def test_next_links_walk_every_row_once_in_slug_order(api, catalogue, limit):
    url, _, expected = catalogue
    pages, _ = _walk(api, url, {"limit": limit})
    assert [slug for page in pages for slug in page] == expected
    assert all(len(page) == limit for page in pages[:-1]) and 1 <= len(pages[-1]) <= limit
    assert len(pages) == -(-len(expected) // limit)


def test_previous_links_walk_back_to_the_first_page(api, catalogue):
    url, _, expected = catalogue
    forward, last = _walk(api, url, {"limit": 3})
    assert last["previous"] is not None
    backward, first = _walk(api, last["previous"], {}, link="previous")
    assert backward == forward[-2::-1]
    assert first["previous"] is None and api.get(url, {"limit": 3}).json()["previous"] is None


def test_a_page_is_one_query(api, catalogue, django_assert_num_queries):
    url, _, expected = catalogue
    with django_assert_num_queries(1):
        first = api.get(url, {"limit": 4}).json()
    with django_assert_num_queries(1):
        second = api.get(first["next"]).json()
    assert [r["slug"] for r in first["results"] + second["results"]] == expected[:8]


def test_rows_added_before_the_cursor_do_not_repeat_rows(api, catalogue):
    url, model, expected = catalogue
    first = api.get(url, {"limit": 4}).json()
    factory = LISTS[url.split("/")[3]][0]
    factory(slug="0-new", name_en="Twin Name")  # sorts before every other slug
    rest, _ = _walk(api, first["next"], {})
    seen = [r["slug"] for r in first["results"]] + [slug for page in rest for slug in page]
    assert seen == expected


def test_the_default_page_is_100_rows(api, db):
    Outlet.objects.bulk_create(
        Outlet(slug=f"outlet-{n:03}", name_en=f"Outlet {n}") for n in range(101)
    )
    page = api.get("/api/v1/outlets/").json()
    assert len(page["results"]) == 100 and page["next"] is not None
    assert [r["slug"] for r in api.get(page["next"]).json()["results"]] == ["outlet-100"]


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("limit", ["0", "5001", "-1", "ten", "1.5"])
def test_a_bad_limit_is_a_400_naming_it(api, db, name, limit):
    response = api.get(f"/api/v1/{name}/", {"limit": limit})
    assert response.status_code == 400
    assert response.json()["errors"] == {"limit": ["Use a whole number from 1 to 5000."]}


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        _cursor({"o": "slug", "k": "b\x00", "b": False}),  # a NUL is no slug
        _cursor({"o": "slug", "k": "", "b": False}),
        _cursor({"o": "slug", "k": 7, "b": False}),
        _cursor({"o": "slug", "k": "b", "i": 1, "b": False}),
        _cursor({"o": "-date", "k": "2024-01-01", "i": 1, "b": False}),  # the incidents'
        _cursor({"o": "slug", "k": "b" * 81, "b": False}),
    ],
)
def test_a_bad_cursor_is_a_400_naming_it(api, catalogue, cursor):
    url, _, _ = catalogue
    response = api.get(url, {"cursor": cursor})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def test_an_incident_cursor_is_refused_by_the_places_list(api, db):
    from tests.factories import IncidentFactory

    IncidentFactory.create_batch(2)
    incidents = api.get("/api/v1/incidents/", {"limit": 1}).json()
    cursor = incidents["next"].split("cursor=")[1]
    assert api.get("/api/v1/places/", {"cursor": cursor}).status_code == 400


def test_search_and_country_filters_page_too(api, db):
    for n in range(5):
        PlaceFactory(slug=f"iq-camp-{n}", name_en="Camp", country="IQ", aliases=["Taji"])
        PlaceFactory(slug=f"sy-camp-{n}", name_en="Camp", country="SY", aliases=["Taji"])
    PlaceFactory(slug="iq-other", name_en="Elsewhere", country="IQ")
    pages, _ = _walk(api, "/api/v1/places/", {"q": "taji", "country": "IQ", "limit": 2})
    assert [len(page) for page in pages] == [2, 2, 1]
    assert sorted(slug for page in pages for slug in page) == [f"iq-camp-{n}" for n in range(5)]
    # The next link keeps the filters.
    assert api.get("/api/v1/places/", {"q": "taji", "limit": 4}).json()["next"].count("q=taji")
    pages, _ = _walk(api, "/api/v1/actors/", {"q": "nobody", "limit": 2})
    assert pages == [[]]


def test_the_place_picker_search_still_reads_results(api, demo):
    # static/js/dashboard/placepicker.js asks for ?q=...&limit=10 and reads `results`.
    body = api.get("/api/v1/places/", {"q": "عين الاسد", "limit": 10}).json()
    assert [p["slug"] for p in body["results"]] == ["ain-al-asad"]
    assert body["next"] is None and body["previous"] is None
