"""Places, actors, outlets and sources: public reads, never the article text."""

import pytest

from tests.factories import CitationFactory, IncidentFactory, SourceArticleFactory


def test_places_list_and_search(api, demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = api.get("/api/v1/places/").json()["results"]
    assert len(rows) == 93
    found = api.get("/api/v1/places/", {"q": "عين الاسد"}).json()["results"]
    assert [p["slug"] for p in found] == ["ain-al-asad"]
    assert found[0]["latitude"] == pytest.approx(33.7856)


def test_place_detail_counts_places_inside(api, demo):
    body = api.get("/api/v1/places/baghdad-international-airport/").json()
    assert set(body["children"]) == {"victory-base", "baghdad-diplomatic-support-center"}
    assert body["incident_count"] >= 1
    assert api.get("/api/v1/places/victory-base/").json()["parent"] == (
        "baghdad-international-airport"
    )
    assert api.get("/api/v1/places/atlantis/").status_code == 404


def test_actors(api, demo):
    rows = api.get("/api/v1/actors/").json()["results"]
    assert len(rows) == 24
    body = api.get("/api/v1/actors/islamic-resistance-in-iraq/").json()
    assert "kataib-hezbollah" in body["members"]
    assert api.get("/api/v1/actors/nobody/").status_code == 404


def test_outlets(api, demo):
    assert len(api.get("/api/v1/outlets/").json()["results"]) == 6


def test_sources_never_expose_article_text(api, demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = api.get("/api/v1/sources/", {"limit": 2})
    page = response.json()
    assert len(page["results"]) == 2 and page["next"]
    assert all("text" not in row for row in page["results"])
    second = api.get(page["next"]).json()
    last = api.get(second["next"]).json()
    ids = [r["id"] for r in page["results"] + second["results"] + last["results"]]
    assert len(ids) == len(set(ids)) == 5 and last["next"] is None
    detail = api.get(f"/api/v1/sources/{page['results'][0]['id']}/").json()
    assert "text" not in detail
    assert detail["citations"] and detail["citations"][0]["incident"].startswith("SLV-")


def test_an_article_cited_only_by_drafts_is_not_public(api, client_for, alice, db):
    article = SourceArticleFactory(text="secret full text", title="Unpublished lead")
    CitationFactory(article=article, incident=IncidentFactory(status="draft"))
    url = f"/api/v1/sources/{article.pk}/"
    assert api.get(url).status_code == 404
    assert api.get("/api/v1/sources/").json()["results"] == []
    # Editors see it, with the draft's citation, but never the text.
    body = client_for(alice).get(url).json()
    assert body["title"] == "Unpublished lead" and len(body["citations"]) == 1
    assert b"secret full text" not in client_for(alice).get(url).content


def test_a_public_article_lists_only_its_published_citations(api, db):
    article = SourceArticleFactory()
    CitationFactory(article=article, incident=IncidentFactory(status="published"))
    CitationFactory(article=article, incident=IncidentFactory(status="draft"))
    body = api.get(f"/api/v1/sources/{article.pk}/").json()
    assert len(body["citations"]) == 1


@pytest.mark.parametrize("url", ["/api/v1/sources/99999999999999999999/", "/api/v1/sources/0/"])
def test_missing_source_is_404(api, db, url):
    assert api.get(url).status_code == 404
