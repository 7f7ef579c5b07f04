"""/feeds/incidents.atom: a dashboard view as an Atom feed a reader can follow. Parsed with
feedparser (what many readers use) and checked against RFC 4287's required elements."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from incidents.models import Incident
from tests.factories import IncidentFactory, PlaceFactory

URL = "/feeds/incidents.atom"
ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_demo_catalogue_as_a_valid_atom_feed(client, demo):
    response = client.get(URL)
    feed = parsed(response)
    published = Incident.objects.filter(status=Incident.Status.PUBLISHED)
    assert len(feed.entries) == published.count() > 0
    # RFC 4287: the feed and every entry carry an id, a title and an updated time; the
    # feed has an author (or every entry does).
    root = etree.fromstring(response.content)
    for element in [root, *root.iter(f"{ATOM}entry")]:
        for required in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{required}") is not None, (element.tag, required)
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Salvo"
    first = published.order_by("-updated_at", "-id").first()
    assert feed.entries[0].id == f"http://testserver/incidents/{first.public_id}/"
    assert feed.entries[0].link == feed.entries[0].id


def test_entries_follow_the_views_filters_and_never_show_drafts(client, db):
    base = PlaceFactory(slug="asad", name_en="Ain al-Asad", country="IQ")
    other = PlaceFactory(slug="tanf", name_en="Al-Tanf", country="SY")
    rocket = IncidentFactory(place=base, weapon="rocket")
    IncidentFactory(place=other, weapon="drone")
    IncidentFactory(place=base, weapon="rocket", status=Incident.Status.DRAFT)
    ids = lambda query: [e.id for e in parsed(client.get(URL + query)).entries]  # noqa: E731
    assert ids("?weapon=rocket") == [f"http://testserver/incidents/{rocket.public_id}/"]
    assert ids("?place=asad") == ids("?country=IQ") == ids("?weapon=rocket")
    assert len(ids("")) == 2  # the draft is not in the feed


def test_a_retraction_is_an_updated_entry(client, db):
    incident = IncidentFactory(weapon="rocket")
    before = parsed(client.get(URL)).entries[0]
    Incident.objects.filter(pk=incident.pk).update(
        status=Incident.Status.RETRACTED, updated_at=incident.updated_at + dt.timedelta(hours=1)
    )
    after = parsed(client.get(URL)).entries[0]
    assert after.id == before.id  # the same entry, so readers update it in place
    assert after.title.startswith("Retracted:") and after.updated != before.updated


def test_an_unchanged_feed_answers_304_after_two_small_queries(
    client, db, django_assert_num_queries
):
    incident = IncidentFactory()
    first = client.get(URL + "?weapon=drone")
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(2):  # the latest edit, the latest status change
        again = client.get(URL + "?weapon=drone", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert (
        client.get(URL + "?weapon=drone", headers={"if-modified-since": modified}).status_code
        == 304
    )
    incident.summary_en = "A third drone fell short."
    incident.save()
    changed = client.get(URL + "?weapon=drone", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "A third drone fell short." in parsed(changed).entries[0].summary


def test_bad_filters_are_400s_naming_the_parameter(client, db):
    for query, field in [
        ("?date_from=yesterday", "date_from"),
        ("?lang=fr", "lang"),
        ("?weapon=catapult", "weapon"),
    ]:
        response = client.get(URL + query)
        assert response.status_code == 400, query
        assert field in response.json()["errors"]


def test_entries_in_the_readers_language_with_text_escaped(client, db):
    IncidentFactory(
        weapon="rocket",
        place=PlaceFactory(name_en="Harir", name_ar="حرير"),
        summary_en="Rockets <script>alert(1)</script> hit the base.",
        summary_ar="سقطت صواريخ على القاعدة.",
    )
    english = client.get(URL)
    assert b"<script>" not in english.content  # the summary is text, escaped
    assert "Rockets &lt;script&gt;" in parsed(english).entries[0].summary  # shown as text
    arabic = parsed(client.get(URL + "?lang=ar"))
    assert arabic.feed.language == "ar"
    assert "حرير" in arabic.entries[0].title and "صاروخ" in arabic.entries[0].title
    assert "سقطت صواريخ على القاعدة." in arabic.entries[0].summary


def test_at_most_200_entries(client, db):
    IncidentFactory.create_batch(205)
    assert len(parsed(client.get(URL)).entries) == 200


@pytest.mark.parametrize("page", ["/places/asad/", "/"])
def test_pages_link_their_feed(client, db, page):
    PlaceFactory(slug="asad")
    html = client.get(page).content.decode()
    assert 'type="application/atom+xml"' in html


def test_a_deleted_incident_leaves_the_feed_at_the_next_poll(client, db, rita):
    from incidents.services import incident_delete

    kept, gone = IncidentFactory(), IncidentFactory()
    # Last edited an hour ago: Last-Modified counts whole seconds.
    Incident.objects.update(updated_at=timezone.now() - dt.timedelta(hours=1))
    first = client.get(URL)
    assert len(parsed(first).entries) == 2
    incident_delete(incident=gone, user=rita, reason="A duplicate entered by mistake")
    for header in ({"if-none-match": first["ETag"]}, {"if-modified-since": first["Last-Modified"]}):
        again = client.get(URL, headers=header)
        assert again.status_code == 200, header
        assert [e.id for e in parsed(again).entries] == [
            f"http://testserver/incidents/{kept.public_id}/"
        ]
