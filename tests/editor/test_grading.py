"""Grading in the editor: an editor grades a citation and an outlet (Admiralty scale), the public
pages show it, the incident gets a new version, and a reader without a role cannot grade."""

import pytest

from incidents.models import Incident
from sources.models import Outlet
from tests.editor.conftest import signed_in
from tests.factories import CitationFactory, IncidentFactory, OutletFactory, SourceArticleFactory


@pytest.fixture
def cited(db):
    outlet = OutletFactory(slug="wire", name_en="Test Wire", reliability="")
    incident = IncidentFactory()
    citation = CitationFactory(incident=incident, article=SourceArticleFactory(outlet=outlet))
    return incident, citation


def _grade(client, incident, citation, reliability, credibility):
    prefix = f"grade-{citation.pk}"
    return client.post(
        f"/editor/incidents/{incident.public_id}/citations/{citation.pk}/grade/",
        {f"{prefix}-reliability": reliability, f"{prefix}-credibility": credibility},
    )


def test_an_editor_grades_a_citation_and_the_public_page_shows_it(alice, cited, client):
    incident, citation = cited
    version = incident.version
    response = _grade(signed_in(alice), incident, citation, "C", "3")
    assert response.status_code == 302
    citation.refresh_from_db()
    assert (citation.reliability, citation.credibility, citation.grade) == ("C", 3, "C3")
    assert Incident.objects.get(pk=incident.pk).version == version + 1  # its ETag moves
    page = client.get(f"/incidents/{incident.public_id}/").content.decode()
    assert ">C3</abbr>" in page
    assert "3: possibly true" in page  # the grade's words, for a reader who does not know it
    assert citation.history.first().history_change_reason == "Graded"


def test_a_grade_off_the_scale_is_refused_and_nothing_changes(alice, cited):
    incident, citation = cited
    client = signed_in(alice)
    response = _grade(client, incident, citation, "Z", "9")
    assert response.status_code == 302
    citation.refresh_from_db()
    assert (citation.reliability, citation.credibility) == ("", None)
    page = client.get(response.url).content.decode()
    assert "Select a valid choice" in page


def test_readers_cannot_grade(bob, cited):
    incident, citation = cited
    response = _grade(signed_in(bob), incident, citation, "A", "1")
    assert response.status_code in (302, 403)
    citation.refresh_from_db()
    assert citation.reliability == ""


def test_an_outlet_grade_stands_in_for_its_ungraded_citations(alice, cited, client):
    incident, citation = cited
    editor = signed_in(alice)
    listing = editor.get("/editor/outlets/").content.decode()
    assert "Test Wire" in listing and "not graded" in listing
    response = editor.post(
        "/editor/outlets/wire/",
        {"name_en": "Test Wire", "kind": "wire", "reliability": "B", "language": "en"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Outlet.objects.get(slug="wire").reliability == "B"
    source_page = client.get(citation.article.get_absolute_url()).content.decode()
    assert "B: usually reliable" in source_page
    page = client.get(f"/incidents/{incident.public_id}/").content.decode()
    assert ">B?</abbr>" in page  # the outlet's letter; this report's credibility not judged


def test_an_editor_adds_a_graded_outlet(alice):
    response = signed_in(alice).post(
        "/editor/outlets/new/",
        {"name_en": "Another Site", "kind": "news", "reliability": "D", "language": "ar"},
    )
    assert response.status_code == 302
    outlet = Outlet.objects.get(name_en="Another Site")
    assert (outlet.slug, outlet.reliability) == ("another-site", "D")


def test_an_outlet_form_with_a_bad_website_says_so(alice, cited):
    response = signed_in(alice).post(
        "/editor/outlets/wire/", {"name_en": "Test Wire", "kind": "wire", "website": "not a url"}
    )
    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()
    assert Outlet.objects.get(slug="wire").website == ""
