"""Fetch by link in the editor workspace: the intake form filled in from the page, the snapshot
kept with the recorded article, shown as inert text, and refetched."""

import hashlib

import pytest
from django.test import Client

from incidents.models import Incident
from sources.models import Snapshot, SourceArticle
from tests.factories import CitationFactory, IncidentFactory


@pytest.fixture
def as_alice(alice):
    client = Client()
    client.force_login(alice)
    return client


def _fetch(client, url):
    return client.post("/editor/sources/fetch/", {"url": url})


def test_a_fetched_page_fills_in_the_intake_form(as_alice, pages):
    response = _fetch(as_alice, pages + "/ar/story")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "هجوم بطائرة مسيرة على قاعدة تجريبية"
    assert form.initial["published_on"] == "2024-02-03"
    assert form.initial["language"] == "ar"
    html = response.content.decode()
    assert "عين الأسد" in html  # the text is in the textarea, for the editor to check
    assert "صورة أرشيفية للقاعدة من عام 2019" in html  # the caption, shown apart
    snap = Snapshot.objects.get()
    assert snap.sha256 in html
    assert f'name="snapshot" value="{snap.pk}"' in html


def test_recording_it_keeps_the_snapshot_with_the_article(as_alice, pages):
    fetched = _fetch(as_alice, pages + "/ar/story").context["form"].initial
    response = as_alice.post(
        "/editor/sources/new/",
        {
            "snapshot": fetched["snapshot"],
            "url": fetched["url"],
            "title": fetched["title"],
            "author": fetched["author"],
            "published_on": fetched["published_on"],
            "published_note": fetched["published_note"],
            "language": fetched["language"],
            "text": fetched["text"],
        },
    )
    assert response.status_code == 302
    article = SourceArticle.objects.get()
    snap = article.snapshots.get()
    assert article.author == "مراسل الاختبار"
    assert article.retrieved_at == snap.fetched_at
    workspace = as_alice.get(response.url).content.decode()
    assert "Archived on" in workspace and snap.sha256[:16] in workspace
    assert f"/editor/snapshots/{snap.pk}/" in workspace


def test_a_refused_link_is_explained_and_kept_in_the_box(as_alice, pages):
    response = _fetch(as_alice, "http://10.0.0.8/secret")
    assert response.status_code == 400
    html = response.content.decode()
    assert "private" in html and "http://10.0.0.8/secret" in html
    assert Snapshot.objects.count() == 0


def test_a_link_already_recorded_opens_its_source(as_alice, pages, alice):
    fetched = _fetch(as_alice, pages + "/en/story").context["form"].initial
    article = SourceArticle.objects.create(title="t", url=fetched["url"], created_by=alice)
    response = _fetch(as_alice, pages + "/en/story")
    assert response.status_code == 302 and response.url == f"/editor/sources/{article.pk}/"


def test_the_snapshot_is_inert_text_for_editors_only(as_alice, pages, client):
    _fetch(as_alice, pages + "/ar/story")
    snap = Snapshot.objects.get()
    response = as_alice.get(f"/editor/snapshots/{snap.pk}/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<figcaption>" in response.content.decode()  # the source, not a rendering of it
    raw = as_alice.get(f"/editor/snapshots/{snap.pk}/?download=1")
    assert raw["Content-Disposition"].startswith("attachment")
    assert hashlib.sha256(raw.content).hexdigest() == snap.sha256
    assert client.get(f"/editor/snapshots/{snap.pk}/").status_code in (302, 403)


def test_refetch_says_whether_the_page_changed(as_alice, pages, alice):
    fetched = _fetch(as_alice, pages + "/changing").context["form"].initial
    as_alice.post(
        "/editor/sources/new/",
        {
            **{k: v or "" for k, v in fetched.items() if k != "outlet"},
            "snapshot": fetched["snapshot"],
        },
    )
    article = SourceArticle.objects.get()
    same = as_alice.post(f"/editor/sources/{article.pk}/refetch/", follow=True)
    assert "unchanged" in same.content.decode() and article.snapshots.count() == 1
    changed = as_alice.post(f"/editor/sources/{article.pk}/refetch/", follow=True)
    assert "has changed" in changed.content.decode() and article.snapshots.count() == 2


def test_the_public_source_page_shows_when_it_was_archived_and_the_hash(
    as_alice, pages, alice, client
):
    fetched = _fetch(as_alice, pages + "/en/story").context["form"].initial
    article = SourceArticle.objects.create(
        title="Rockets fired at a test base", url=fetched["url"], text=fetched["text"]
    )
    Snapshot.objects.filter(pk=fetched["snapshot"]).update(article=article)
    incident = IncidentFactory(status=Incident.Status.PUBLISHED)
    CitationFactory(article=article, incident=incident, quote="Two rockets were fired")
    html = client.get(f"/sources/{article.pk}/").content.decode()
    snap = Snapshot.objects.get()
    assert "Archived on" in html and snap.sha256[:16] in html
    assert "/editor/snapshots/" not in html  # the copy itself stays with the editors
