"""Index pages: bases, actors, sources, each in a fixed number of queries."""

from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory, PlaceFactory, SourceArticleFactory


def test_places_index_nests_places_and_counts_published(client, db, django_assert_num_queries):
    airport = PlaceFactory(slug="biap", name_en="Baghdad Airport")
    PlaceFactory(slug="victory", name_en="Victory Base", parent=airport)
    IncidentFactory(place=airport)
    IncidentFactory(place=airport, status=Incident.Status.DRAFT)
    with django_assert_num_queries(1):
        page = client.get("/places/").content.decode()
    assert page.index("Baghdad Airport") < page.index("Victory Base")
    assert 'class="depth-1"' in page
    row = page.split('href="/places/biap/"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in row


def test_demo_indexes(client, demo, django_assert_num_queries):
    with django_assert_num_queries(1):
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
