"""Intake of an article, and entering the attacks it reports beside its text."""

import pytest

from incidents.models import Incident
from sources.models import Citation, SourceArticle

from .conftest import incident_form_data, seed_text

pytestmark = pytest.mark.django_db


def test_new_article_is_recorded_with_title_from_first_line(seed000, as_alice, alice):
    response = as_alice.post(
        "/editor/sources/new/",
        {
            "url": "https://www.ultrasawt.com/some-article?utm_source=x",
            "language": "ar",
            "published_on": "2022-01-05",
            "text": seed_text(1),
        },
    )
    article = SourceArticle.objects.latest("id")
    assert response["Location"] == f"/editor/sources/{article.pk}/"
    assert article.title == "05-يناير-2022"
    assert article.url == "https://ultrasawt.com/some-article"
    assert article.created_by == alice
    assert article.history.get().history_user == alice


def test_known_url_opens_the_existing_source(seed000, as_alice):
    SourceArticle.objects.filter(pk=seed000.pk).update(url="https://asharq.com/a/1")
    response = as_alice.post(
        "/editor/sources/new/",
        {
            "url": "http://www.asharq.com/a/1/#top",
            "language": "ar",
            "text": "نص مختلف تماما",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/editor/sources/{seed000.pk}/"
    assert "already recorded" in response.content.decode()
    assert SourceArticle.objects.count() == 1


def test_same_text_repasted_opens_the_existing_source(seed000, as_alice):
    # Extra whitespace and a different hamza spelling are still the same article.
    text = "  " + seed_text(0).replace("أفاد", "افاد") + "\n\n"
    response = as_alice.post("/editor/sources/new/", {"language": "ar", "text": text})
    assert response["Location"] == f"/editor/sources/{seed000.pk}/"
    assert SourceArticle.objects.count() == 1


def test_bad_intake_input_is_reported_next_to_the_field_and_kept(seed000, as_alice):
    response = as_alice.post(
        "/editor/sources/new/",
        {
            "url": "not a url",
            "language": "xx",
            "published_on": "2022-13-45",
            "text": "",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"url", "language", "published_on", "text"}
    assert 'value="not a url"' in response.content.decode()
    assert SourceArticle.objects.count() == 1


def test_article_text_is_shown_right_to_left_and_escaped(seed000, as_alice):
    SourceArticle.objects.filter(pk=seed000.pk).update(text="<script>alert(1)</script> نص")
    html = as_alice.get(f"/editor/sources/{seed000.pk}/").content.decode()
    assert 'id="article-text" class="article-text pre" lang="ar" dir="auto"' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_cite_existing_incident_with_quote_from_the_text(seed000, as_alice):
    other = SourceArticle.objects.create(title="001", text=seed_text(1), language="ar")
    quote = "استهداف قاعدة عين الأسد العراقية غربي البلاد بطائرتين مسيرتين"
    response = as_alice.post(
        f"/editor/sources/{other.pk}/cite/",
        {
            "place": "عين الاسد",
            "date_start": "2022-01-04",
            "date_precision": "1",
            "weapon": "drone",
            "incident": "SLV-S0000001",
            "quote": quote,
            "role": "main",
            "reported_launched": "2",
            "reported_intercepted": "2",
        },
    )
    assert response.status_code == 302
    citation = Citation.objects.get(article=other)
    assert citation.incident.public_id == "SLV-S0000001"
    assert (citation.quote, citation.reported_launched) == (quote, 2)


def test_quote_not_in_the_article_is_refused_and_everything_kept(seed000, as_alice):
    other = SourceArticle.objects.create(title="001", text=seed_text(1), language="ar")
    response = as_alice.post(
        f"/editor/sources/{other.pk}/cite/",
        {
            "place": "[ain-al-asad]",
            "date_start": "2022-01-04",
            "date_precision": "1",
            "weapon": "drone",
            "incident": "SLV-S0000001",
            "quote": "جملة لم ترد في المقال",
            "role": "main",
            "note": "my note",
        },
    )
    assert response.status_code == 400
    assert "does not appear in the article" in str(response.context["cite_form"].errors["quote"])
    html = response.content.decode()
    assert "جملة لم ترد في المقال" in html and "my note" in html
    # The candidates are still listed, with the editor's choice still selected.
    assert 'value="SLV-S0000001" id="cand-SLV-S0000001" checked' in html
    assert not Citation.objects.filter(article=other).exists()


def test_citing_twice_is_a_form_error(seed000, as_alice):
    response = as_alice.post(
        f"/editor/sources/{seed000.pk}/cite/",
        {
            "place": "[ain-al-asad]",
            "date_start": "2022-01-04",
            "date_precision": "1",
            "weapon": "drone",
            "incident": "SLV-S0000001",
            "role": "main",
            "quote": "تم اعتراض طائرتين مسيّرتين مفخختين",
        },
    )
    assert response.status_code == 400
    assert "already cites this incident" in response.content.decode()


def test_new_incident_from_article_is_a_cited_draft(seed000, as_alice, alice):
    other = SourceArticle.objects.create(title="001", text=seed_text(1), language="ar")
    template = Incident.objects.get(public_id="SLV-S0000002")
    data = incident_form_data(
        template,
        place="معسكر النصر",
        date_start="2022-01-05",
        weapon="rocket",
        weapon_detail="Katyusha",
        launched="4",
        intercepted="3",
        launch_site="حي الجهاد",
    )
    data.update(quote="بواسطة أربعة صواريخ كاتيوشا", role="main")
    response = as_alice.post(f"/editor/sources/{other.pk}/incidents/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    incident = Incident.objects.latest("id")
    assert (incident.status, incident.place.slug, incident.launched) == ("draft", "victory-base", 4)
    assert incident.created_by == alice
    assert incident.citations.get().article == other


def test_new_incident_with_bad_values_shows_errors_by_field(seed000, as_alice):
    template = Incident.objects.get(public_id="SLV-S0000001")
    data = incident_form_data(
        template,
        place="لا يوجد مكان بهذا الاسم",
        launched="2",
        intercepted="5",
        date_start="2099-01-01",
    )
    data.update(quote="", role="main")
    response = as_alice.post(f"/editor/sources/{seed000.pk}/incidents/new/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "place" in errors and "quote" in errors
    assert "Nothing in the gazetteer matches" in errors["place"][0]
    assert Incident.objects.count() == 2


def test_prefill_carries_what_was_typed_into_the_new_incident_form(seed000, as_alice):
    response = as_alice.post(
        f"/editor/sources/{seed000.pk}/incidents/new/",
        {
            "prefill": "1",
            "place": "[victory-base]",
            "date_start": "2022-01-05",
            "date_precision": "1",
            "weapon": "rocket",
            "quote": "سقوط صاروخ",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["quote"] == "سقوط صاروخ" and form.initial["weapon"] == "rocket"
