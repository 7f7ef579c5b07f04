"""Index pages: bases, actors, sources, each in a fixed number of queries."""

import datetime as dt

from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory, PlaceFactory, SourceArticleFactory


def test_places_index_nests_places_and_counts_published(client, db, django_assert_num_queries):
    airport = PlaceFactory(slug="biap", name_en="Baghdad Airport")
    PlaceFactory(slug="victory", name_en="Victory Base", parent=airport)
    IncidentFactory(place=airport)
    IncidentFactory(place=airport, status=Incident.Status.DRAFT)
    # The page's ids, the places inside them, the places, their counts: whatever the gazetteer.
    with django_assert_num_queries(4):
        page = client.get("/places/").content.decode()
    assert page.index("Baghdad Airport") < page.index("Victory Base")
    assert 'class="depth-1"' in page
    row = page.split('href="/places/biap/"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in row


def test_demo_indexes(client, demo, django_assert_num_queries):
    with django_assert_num_queries(4):
        assert "Ain al-Asad Air Base" in client.get("/places/").content.decode()
    with django_assert_num_queries(1):
        assert client.get("/actors/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/sources/").status_code == 200


def test_sources_index_pages_and_survives_bad_page_numbers(client, db, django_assert_num_queries):
    for _ in range(55):
        CitationFactory(article=SourceArticleFactory(text="SECRET BODY"))
    with django_assert_num_queries(2):
        first = client.get("/sources/").content.decode()
    assert 'rel="next"' in first and "SECRET BODY" not in first
    for bad in ("2", "999", "abc", "-1", "１"):
        assert client.get(f"/sources/?page={bad}").status_code == 200


def _rows(html: str) -> list[str]:
    """The place slugs of an index page, in order."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [part.split('/"')[0] for part in body.split('href="/places/')[1:]]


def test_places_index_pages_sorts_and_searches_a_large_gazetteer(
    client, db, django_assert_num_queries
):
    for n in range(120):
        PlaceFactory(slug=f"site-{n:03}", name_en=f"Site {n:03}", name_ar=f"موقع {n:03}")
    busy = PlaceFactory(slug="zz-busy", name_en="Zz Busy", aliases=["Qaim airstrip"])
    recent = PlaceFactory(slug="zz-recent", name_en="Zz Recent")
    IncidentFactory.create_batch(3, place=busy, date_start=dt.date(2021, 5, 1))
    IncidentFactory(place=recent, date_start=dt.date(2024, 2, 1))
    with django_assert_num_queries(4):  # as for two places
        first = client.get("/places/").content.decode()
    assert len(_rows(first)) == 50 and _rows(first)[0] == "site-000"
    assert 'rel="next"' in first and "122 places" in first
    last = client.get("/places/?page=3").content.decode()
    assert _rows(last)[-2:] == ["zz-busy", "zz-recent"] and 'rel="next"' not in last
    with django_assert_num_queries(3):
        by_attacks = client.get("/places/?sort=attacks").content.decode()
    assert _rows(by_attacks)[:2] == ["zz-busy", "zz-recent"]
    assert _rows(client.get("/places/?sort=last").content.decode())[:2] == ["zz-recent", "zz-busy"]
    # Found by an alias, by its Arabic name, and with the sort kept in the pager's links.
    assert _rows(client.get("/places/?q=qaim").content.decode()) == ["zz-busy"]
    assert _rows(client.get("/places/?q=موقع 007").content.decode()) == ["site-007"]
    assert "No place matches." in client.get("/places/?q=nowhere").content.decode()
    for bad in ("?page=abc", "?page=-4", "?page=999", "?sort=drop+table", "?page=１"):
        assert client.get("/places/" + bad).status_code == 200, bad
