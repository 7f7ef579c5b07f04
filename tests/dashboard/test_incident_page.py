"""The incident page: every fact with its sources, precision shown honestly, public only."""

import datetime as dt

import pytest

from incidents.models import Incident
from tests.factories import (
    AttributionFactory,
    CitationFactory,
    ClaimFactory,
    IncidentFactory,
    PlaceFactory,
    SourceArticleFactory,
)

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_demo_incident_shows_facts_and_sources(client, demo, django_assert_num_queries):
    with django_assert_num_queries(6):
        response = client.get("/incidents/SLV-S0000003/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Victory Base (Camp Nasr)" in page
    assert 'href="/places/baghdad-international-airport/"' in page  # the base it lies inside
    assert "Katyusha" in page
    assert "C-RAM" in page
    # The supporting quote, in Arabic, and the source's own link and outlet.
    assert "أربعة صواريخ كاتيوشا" in page
    assert "Ultra Sawt" in page
    assert 'href="/sources/' in page


def test_query_count_does_not_grow_with_sources_and_actors(client, db, django_assert_num_queries):
    incident = IncidentFactory()
    for _ in range(4):
        CitationFactory(incident=incident)
        ClaimFactory(incident=incident)
        AttributionFactory(incident=incident)
    with django_assert_num_queries(6):
        response = client.get(incident.get_absolute_url())
    assert response.content.decode().count('class="quote"') >= 4


def test_unknown_and_none_reported_look_different(client, db):
    incident = IncidentFactory(killed=0, wounded=None)
    page = client.get(incident.get_absolute_url()).content.decode()
    killed = page.split('data-testid="killed"')[1].split("</dd>")[0]
    wounded = page.split('data-testid="wounded"')[1].split("</dd>")[0]
    assert "None reported" in killed
    assert "Unknown" in wounded and "None reported" not in wounded


def test_casualty_range_is_shown(client, db):
    incident = IncidentFactory(killed_low=1, killed=2, killed_high=4)
    page = client.get(incident.get_absolute_url()).content.decode()
    killed = page.split('data-testid="killed"')[1]
    assert "1–4" in killed.split("</dd>")[0]


def test_approximate_date_and_place_say_so(client, db):
    place = PlaceFactory(name_en="Rumelan base")
    incident = IncidentFactory(
        place=place,
        location_precision=2,
        date_start=dt.date(2024, 4, 1),
        date_end=dt.date(2024, 4, 30),
        date_precision=4,
    )
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "near Rumelan base" in page
    assert "date known to the month" in page
    assert 'data-precision="2"' in page  # the mini map draws a dashed circle, not a pin


@pytest.mark.parametrize("status", [Incident.Status.DRAFT, Incident.Status.RETRACTED])
def test_unpublished_incidents_are_404_even_for_editors(client, alice, status):
    incident = IncidentFactory(status=status, status_reason="wrong base")
    assert client.get(incident.get_absolute_url()).status_code == 404
    client.force_login(alice)
    assert client.get(incident.get_absolute_url()).status_code == 404


def test_unknown_id_is_404(client, db):
    assert client.get("/incidents/SLV-NOPE/").status_code == 404


def test_user_text_is_escaped(client, db):
    article = SourceArticleFactory(title=XSS, text="")
    incident = IncidentFactory(summary_en=XSS, weapon_detail=XSS)
    CitationFactory(incident=incident, article=article, quote=XSS)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_article_text_never_appears(client, db):
    article = SourceArticleFactory(text="SECRET FULL ARTICLE TEXT تم اعتراض طائرتين مسيرتين")
    incident = IncidentFactory()
    CitationFactory(incident=incident, article=article)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "SECRET FULL ARTICLE TEXT" not in page


def test_arabic_interface_uses_arabic_names_and_summary(client, demo):
    client.cookies["django_language"] = "ar"
    page = client.get("/incidents/SLV-S0000001/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "قاعدة عين الأسد الجوية" in page
    assert "دمّرت الدفاعات الجوية" in page  # the Arabic summary
