"""The assistant's suggestions in the article workspace, and the one-step actions they offer
(sentences written for these tests)."""

import pytest
from django.urls import reverse

from incidents.models import Incident, StatusChange
from sources.models import Citation
from tests.editor.conftest import signed_in
from tests.factories import IncidentFactory, PlaceFactory, SourceArticleFactory

TEXT = (
    "سقط صاروخان على قاعدة عين الأسد الجوية فجر اليوم، دون وقوع خسائر بشرية.\n"
    "وقال مصدر أمني إن الهجوم لم يسفر عن أضرار."
)


@pytest.fixture
def asad(db):
    return PlaceFactory(
        slug="ain-al-asad",
        name_en="Ain al-Asad Air Base",
        name_ar="قاعدة عين الأسد الجوية",
        aliases=["عين الأسد"],
    )


@pytest.fixture
def article(asad):
    return SourceArticleFactory(text=TEXT, language="ar", published_on="2024-02-07")


def test_workspace_shows_suggestions_with_their_evidence(alice, article, django_assert_num_queries):
    client = signed_in(alice)
    url = reverse("editor:source", kwargs={"pk": article.pk})
    client.get(url)  # warm the gazetteer cache and the session
    with django_assert_num_queries(11):  # the 11th: the article's latest archived snapshot
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "article-text-original" in page
    (suggestion,) = response.context["suggestions"]
    start, end = (int(x) for x in suggestion["spans"]["launched"].split("-"))
    assert TEXT[start:end] == "صاروخان"
    assert f'data-evidence="{suggestion["spans"]["launched"]}"' in page


def test_create_draft_in_one_step(alice, article):
    response = signed_in(alice).post(
        reverse("editor:suggestion_draft", kwargs={"pk": article.pk}), {"index": "0"}
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "editor:incident_edit", kwargs={"public_id": incident.public_id}
    )
    assert incident.status == "draft" and incident.place.slug == "ain-al-asad"
    assert (str(incident.date_start), incident.date_precision, incident.weapon) == (
        "2024-02-07",
        1,
        "rocket",
    )
    assert (incident.launched, incident.killed, incident.wounded, incident.intercepted) == (
        2,
        0,
        0,
        None,
    )
    assert "فجر اليوم" in incident.date_note
    (citation,) = Citation.objects.filter(incident=incident)
    assert citation.article_id == article.pk and citation.quote in TEXT
    assert StatusChange.objects.filter(public_id=incident.public_id, to_status="draft").count() == 1


def test_cite_an_existing_incident_in_one_click(alice, article, asad):
    existing = IncidentFactory(
        place=asad, weapon="rocket", date_start="2024-02-07", date_end="2024-02-07", launched=3
    )
    client = signed_in(alice)
    page = client.get(reverse("editor:source", kwargs={"pk": article.pk}))
    (suggestion,) = page.context["suggestions"]
    assert [d["public_id"] for d in suggestion["duplicates"]] == [existing.public_id]
    button = f"Cite this article for {existing.public_id}"
    assert button in page.content.decode()
    response = client.post(
        reverse("editor:suggestion_cite", kwargs={"pk": article.pk}),
        {"index": "0", "incident": existing.public_id},
        follow=True,
    )
    assert f"Cited this article for {existing.public_id}" in response.content.decode()
    citation = Citation.objects.get(incident=existing, article=article)
    assert citation.quote == suggestion["quote"] and citation.quote in TEXT
    # The article says two rockets where the incident says three: the citation keeps the
    # article's figure; the incident's own value is left for the editor to decide.
    assert citation.reported_launched == 2 and citation.reported_date is None
    existing.refresh_from_db()
    assert existing.launched == 3 and Incident.objects.count() == 1


def test_citing_twice_or_an_unknown_incident_is_a_message(alice, article, asad):
    existing = IncidentFactory(
        place=asad, weapon="rocket", date_start="2024-02-07", date_end="2024-02-07"
    )
    client = signed_in(alice)
    url = reverse("editor:suggestion_cite", kwargs={"pk": article.pk})
    client.post(url, {"index": "0", "incident": existing.public_id})
    again = client.post(url, {"index": "0", "incident": existing.public_id}, follow=True)
    assert again.status_code == 200 and "Could not cite" in again.content.decode()
    unknown = client.post(url, {"index": "0", "incident": "SLV-X9999999"}, follow=True)
    assert unknown.status_code == 200 and "No such incident" in unknown.content.decode()
    assert Citation.objects.filter(article=article).count() == 1


def test_a_suggestion_without_a_place_opens_the_form(alice, db):
    article = SourceArticleFactory(
        text="سقط صاروخان على قاعدة عسكرية فجر اليوم.", language="ar", published_on="2024-02-07"
    )
    response = signed_in(alice).post(
        reverse("editor:suggestion_draft", kwargs={"pk": article.pk}), {"index": "0"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("editor:incident_new", kwargs={"pk": article.pk})
    )
    assert "date_start=2024-02-07" in response["Location"]
    assert Incident.objects.count() == 0


@pytest.mark.parametrize("index", ["", "7", "x"])
def test_a_stale_index_is_a_message_not_an_error(alice, article, index):
    response = signed_in(alice).post(
        reverse("editor:suggestion_draft", kwargs={"pk": article.pk}), {"index": index}, follow=True
    )
    assert response.status_code == 200
    assert "no longer there" in response.content.decode()
    assert Incident.objects.count() == 0


def test_readers_cannot_draft(bob, article):
    response = signed_in(bob).post(
        reverse("editor:suggestion_draft", kwargs={"pk": article.pk}), {"index": "0"}
    )
    assert response.status_code in (302, 403)
    assert Incident.objects.count() == 0
