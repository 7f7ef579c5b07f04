"""Admiralty grading through the API: an outlet's reliability and a citation's own grade are
shown with each citation, filter the incidents list, and travel in the CSV export."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from tests.factories import CitationFactory, IncidentFactory, OutletFactory, SourceArticleFactory

LIST = "/api/v1/incidents/"


def _download(response) -> bytes:
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.fixture
def graded(db):
    """Three published incidents: one cited by a usually reliable wire (B, no own grade), one
    by the same wire graded down for this report (D4), one by an ungraded blog."""
    wire = OutletFactory(slug="wire", reliability="B")
    blog = OutletFactory(slug="blog", reliability="")
    from_wire = IncidentFactory(summary_en="from the wire")
    doubted = IncidentFactory(summary_en="doubted")
    from_blog = IncidentFactory(summary_en="from the blog")
    CitationFactory(incident=from_wire, article=SourceArticleFactory(outlet=wire), credibility=2)
    CitationFactory(
        incident=doubted,
        article=SourceArticleFactory(outlet=wire),
        reliability="D",
        credibility=4,
    )
    CitationFactory(incident=from_blog, article=SourceArticleFactory(outlet=blog))
    return {"wire": from_wire, "doubted": doubted, "blog": from_blog}


def _ids(response):
    assert response.status_code == 200, response.content
    return {r["public_id"] for r in response.json()["results"]}


def test_each_citation_shows_its_grade_the_outlet_standing_in(api, graded):
    wire = api.get(f"{LIST}{graded['wire'].public_id}/").json()["citations"][0]
    assert (wire["reliability"], wire["credibility"], wire["grade"]) == ("", 2, "B2")
    assert wire["article"]["outlet_reliability"] == "B"
    doubted = api.get(f"{LIST}{graded['doubted'].public_id}/").json()["citations"][0]
    assert doubted["grade"] == "D4"  # the citation's own grade beats the outlet's
    blog = api.get(f"{LIST}{graded['blog'].public_id}/").json()["citations"][0]
    assert blog["grade"] == ""  # nothing graded: no grade invented


def test_outlets_list_their_reliability(api, graded):
    outlets = {o["slug"]: o["reliability"] for o in api.get("/api/v1/outlets/").json()["results"]}
    assert outlets["wire"] == "B" and outlets["blog"] == ""


def test_the_list_filters_by_source_reliability(api, graded):
    wire, doubted = graded["wire"].public_id, graded["doubted"].public_id
    assert _ids(api.get(LIST, {"source_reliability": "A,B"})) == {wire}
    assert _ids(api.get(LIST, {"source_reliability": "d"})) == {doubted}
    assert _ids(api.get(LIST, {"source_reliability": "E,F"})) == set()


def test_the_list_filters_by_credibility(api, graded):
    assert _ids(api.get(LIST, {"credibility": "1,2"})) == {graded["wire"].public_id}
    assert _ids(api.get(LIST, {"credibility": "4"})) == {graded["doubted"].public_id}


@pytest.mark.parametrize(
    "name, value", [("source_reliability", "G"), ("source_reliability", ","), ("credibility", "7")]
)
def test_an_unknown_grade_is_a_400_naming_the_parameter(api, graded, name, value):
    response = api.get(LIST, {name: value})
    assert response.status_code == 400
    assert name in response.json()["errors"]


def test_exports_carry_the_grades(api, graded):
    text = _download(api.get(LIST, {"format": "csv"})).decode("utf-8-sig")
    rows = {r["summary_en"]: r["source_grades"] for r in csv.DictReader(io.StringIO(text))}
    assert rows == {"from the wire": "B2", "doubted": "D4", "from the blog": ""}


def test_an_incident_with_two_grades_lists_both_once(api, graded):
    incident = graded["wire"]
    wire = incident.citations.get().article.outlet
    CitationFactory(incident=incident, article=SourceArticleFactory(outlet=wire), credibility=2)
    CitationFactory(incident=incident, reliability="C", credibility=3)
    text = _download(api.get(LIST, {"format": "csv"})).decode("utf-8-sig")
    rows = {r["summary_en"]: r["source_grades"] for r in csv.DictReader(io.StringIO(text))}
    assert rows["from the wire"] == "B2; C3"


def test_an_editor_grades_a_citation_as_it_is_made(client_for, alice, api, db):
    incident = IncidentFactory()
    article = SourceArticleFactory(text="أعلنت مصادر أمنية سقوط صاروخين", outlet=OutletFactory())
    url = "/api/v1/citations/"
    body = {"article": article.pk, "incident": incident.public_id, "quote": "سقوط صاروخين"}
    bad = client_for(alice).post(url, {**body, "reliability": "G"}, format="json")
    assert bad.status_code == 400 and "reliability" in bad.json()["errors"]
    made = client_for(alice).post(
        url, {**body, "reliability": "C", "credibility": 3}, format="json"
    )
    assert made.status_code == 201, made.content
    assert (made.json()["reliability"], made.json()["credibility"]) == ("C", 3)
    shown = api.get(f"{LIST}{incident.public_id}/").json()["citations"][0]
    assert shown["grade"] == "C3"
