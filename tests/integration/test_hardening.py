"""The outside audits' bad inputs (issues 13 and 16), each through the door it was found at:
a clear 4xx naming what is wrong, never a 500, nothing stored outside the rules. Django's test
client re-raises a server error, so every request below would fail loudly if one came back."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from incidents.models import Claim, Incident, Place
from sources.models import SourceArticle
from tests.factories import (
    ActorFactory,
    CitationFactory,
    IncidentFactory,
    PlaceFactory,
    SourceArticleFactory,
)


@pytest.fixture
def catalogue(db):
    place = PlaceFactory(slug="asad")
    ActorFactory(slug="us-forces", kind="state_force")
    ActorFactory(slug="kh", kind="armed_group")
    incident = IncidentFactory(place=place, status="draft")
    article = SourceArticleFactory(text="سقطت ثلاثة صواريخ قرب القاعدة فجر اليوم.")
    CitationFactory(incident=incident, article=article, quote="ثلاثة صواريخ")
    return {"place": place, "incident": incident, "article": article}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_post(user, url, body, **headers):
    token = Token.objects.get_or_create(user=user)[0].key
    return Client().post(
        url,
        body if isinstance(body, str | bytes) else json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
        **headers,
    )


def api_errors(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json().get("errors", {})


NEW = {"date_start": "2024-01-03", "place": "asad", "weapon": "drone"}


# --- NUL characters: one guard, every door (13.5, 16.6) ---------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/incidents/%00/",
        "/api/v1/places/%00/",
        "/api/v1/actors/%00/",
        "/api/v1/incidents/?q=%00",
        "/incidents/%00/",
        "/places/a%00b/",
        "/?weapon=%00",
    ],
)
def test_nul_in_public_urls_is_a_400(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/editor/incidents/%00/",
        "/editor/incidents/%00/history/",
        "/editor/lookup/places/?q=%00",
        "/editor/lookup/actors/?q=%00",
        "/admin/incidents/incident/?status__exact=%00",
        "/admin/autocomplete/?term=%00&app_label=incidents&model_name=incident&field_name=place",
    ],
)
def test_nul_in_editor_and_admin_urls_is_a_400(rita, catalogue, url):
    assert signed_in(rita).get(url).status_code == 400


def test_nul_in_an_admin_form_is_refused_or_removed_never_stored(root, catalogue):
    response = signed_in(root).post(
        "/admin/incidents/place/add/",
        {"name_en": "X", "name_ar": "س", "slug": "x", "aliases": '["a\\u0000b"]'},
    )
    # The JSON field's text holds the six characters \u0000, not a NUL: the model refuses
    # the decoded control character with a form message instead.
    assert response.status_code == 200
    assert not Place.objects.filter(slug="x").exists()
    nul = signed_in(root).post("/admin/incidents/place/add/", {"name_en": "X\x00", "slug": "x"})
    # The NUL is taken out and the form comes back with what was typed, saying so.
    assert nul.status_code == 200
    assert "NUL character was removed from: name_en" in nul.content.decode()
    assert nul.context["adminform"].form.data["name_en"] == "X"


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/incidents/", {**NEW, "place": "as\x00ad"}, "place"),
        ("/api/v1/incidents/", {**NEW, "targeted_forces": ["us\x00"]}, "targeted_forces.0"),
        ("/api/v1/incidents/", {**NEW, "summary_en": "a\x00b"}, "summary_en"),
        ("/api/v1/claims/", {"incident": "SLV-\x00", "actor": "kh"}, "incident"),
        ("/api/v1/sources/", {"title": "t", "outlet": "o\x00"}, "outlet"),
    ],
)
def test_nul_in_a_json_body_names_the_field(alice, catalogue, url, body, field):
    assert field in api_errors(api_post(alice, url, body))


def test_the_token_endpoint_refuses_nul_in_a_form(db):
    response = Client().post("/api/v1/auth/token/", {"username": "a\x00", "password": "x"})
    assert response.status_code == 400


# --- bodies: depth and size (13.8) ---------------------------------------------------------


def test_deeply_nested_json_is_a_400(alice, catalogue):
    response = api_post(alice, "/api/v1/incidents/", '{"x":' + "[" * 100_000)
    assert response.status_code == 400


def test_json_nested_past_the_limit_but_valid_is_a_400(alice, catalogue):
    body = '{"summary_en": ' + "[" * 30 + "1" + "]" * 30 + "}"
    response = api_post(alice, "/api/v1/incidents/", body)
    assert response.status_code == 400 and "nests" in response.json()["detail"]


def test_a_body_over_the_limit_is_a_413(alice, catalogue):
    body = json.dumps({**NEW, "summary_en": "x" * 3_000_000})
    assert api_post(alice, "/api/v1/incidents/", body).status_code == 413
    assert Incident.objects.count() == 1


# --- URLs that cannot be stored (13.6, 16.6) ----------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://e.org/?q=" + "ش" * 900,  # 5,400 characters once percent-encoded
        "https://example.org:99999/a",
        "http://[::1/x",
    ],
)
def test_article_urls_that_cannot_be_kept_are_named(alice, catalogue, url):
    body = {"title": "t", "url": url, "language": "ar", "text": "نص"}
    errors = api_errors(api_post(alice, "/api/v1/sources/", body))
    assert "url" in errors
    form = signed_in(alice).post(
        reverse("editor:source_new"), {"url": url, "title": "t", "language": "ar", "text": "نص"}
    )
    assert form.status_code == 400
    assert not SourceArticle.objects.filter(title="t").exists()


def test_an_ipv6_article_url_keeps_its_brackets(alice, catalogue):
    body = {"title": "t", "url": "http://[2001:db8::1]/x", "language": "en", "text": "t"}
    response = api_post(alice, "/api/v1/sources/", body)
    assert response.status_code == 201, response.content
    assert response.json()["url"] == "https://[2001:db8::1]/x"


# --- dates and counts in range, one rule for every door (13.7, 13.10, 16.6, 16.7) ---------


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"date_start": "0001-01-01"}, "date_start"),
        ({"date_start": "1989-12-31"}, "date_start"),
        ({"date_start": "9999-12-30", "date_precision": 3}, "date_start"),
        ({"date_start": "9999-12-31"}, "date_start"),
        ({"launched": 1_000_001}, "launched"),
        ({"targeted_forces": ["kh"]}, "targeted_forces"),
        ({"summary_en": "x" * 1_000_000}, "summary_en"),
        ({"weapon_detail": "Katyusha\x07"}, "weapon_detail"),
    ],
)
def test_the_api_refuses_values_outside_the_domain(alice, catalogue, extra, field):
    assert field in api_errors(api_post(alice, "/api/v1/incidents/", {**NEW, **extra}))


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"published_on": "9999-12-31"}, "published_on"),
        ({"published_on": "1989-01-01"}, "published_on"),
        ({"retrieved_at": "9999-12-31T00:00:00Z"}, "retrieved_at"),
        ({"title": "Drones\x1bdowned"}, "title"),
    ],
)
def test_sources_outside_the_domain_are_refused(alice, catalogue, extra, field):
    body = {"title": "t", "language": "ar", "text": "نص", **extra}
    assert field in api_errors(api_post(alice, "/api/v1/sources/", body))


def test_claims_follow_the_rules(alice, catalogue):
    incident, article = catalogue["incident"], catalogue["article"]
    ActorFactory(slug="iraqi-army", kind="state_force")
    other = SourceArticleFactory()
    base = {"incident": incident.public_id, "actor": "kh"}
    cases = [
        ({"claimed_on": "0001-01-01"}, "claimed_on"),
        ({"actor": "iraqi-army"}, "actor"),  # a state force blames; it does not claim
        ({"source": other.pk}, "source"),  # the incident does not cite this article
        ({"notes": "x" * 1_000_000}, "notes"),
    ]
    for extra, field in cases:
        assert field in api_errors(api_post(alice, "/api/v1/claims/", {**base, **extra})), extra
    good = api_post(alice, "/api/v1/claims/", {**base, "source": article.pk})
    assert good.status_code == 201
    assert Claim.objects.count() == 1


def test_the_editor_form_refuses_what_the_api_refuses(alice, catalogue):
    incident = catalogue["incident"]
    url = reverse("editor:incident_edit", args=[incident.public_id])
    form = {
        "date_start": "2024-01-03",
        "date_precision": 1,
        "place": incident.place.slug,
        "location_precision": 1,
        "weapon": "drone",
        "version": incident.version,
    }
    for extra, field in [
        ({"date_start": "0001-01-01"}, "date_start"),
        ({"date_start": "9999-12-30", "date_precision": 3}, "date_start"),
        ({"launched": 2**70}, "launched"),  # beyond 64 bits: a 500 on SQLite before
        ({"launched": 2_147_483_647}, "launched"),
    ]:
        response = signed_in(alice).post(url, {**form, **extra})
        assert response.status_code == 400, extra
        assert field in response.context["form"].errors, (extra, response.context["form"].errors)
    incident.refresh_from_db()
    assert incident.version == 1


def test_the_workspace_and_merge_page_survive_the_calendars_ends(alice, rita, catalogue):
    article = catalogue["article"]
    url = reverse("editor:source", args=[article.pk])
    for start in ("9999-12-31", "0001-01-01"):
        query = {"place": "asad", "date_start": start, "date_precision": 1, "weapon": "rocket"}
        assert signed_in(alice).get(url, query).status_code in (200, 400)
    # A row stored before the rules (the audit's year-0001 incident) still opens.
    old = IncidentFactory(place=catalogue["place"], status="draft")
    Incident.objects.filter(pk=old.pk).update(
        date_start=dt.date(1, 1, 1), date_end=dt.date(1, 1, 1)
    )
    merge = signed_in(rita).get(reverse("editor:merge", args=[old.public_id]))
    assert merge.status_code == 200


def test_one_absurd_old_row_does_not_blow_up_the_base_page(client, catalogue):
    place = catalogue["place"]
    IncidentFactory(place=place, status="published")
    absurd = IncidentFactory(place=place, status="published")
    Incident.objects.filter(pk=absurd.pk).update(
        date_start=dt.date(1, 1, 1), date_end=dt.date(1, 1, 1)
    )
    response = client.get(f"/places/{place.slug}/")
    assert response.status_code == 200
    assert len(response.content) < 100_000  # was 3.28 MB of empty months


def test_the_admin_add_form_refuses_a_week_at_the_end_of_the_calendar(root, catalogue):
    response = signed_in(root).post(
        "/admin/incidents/incident/add/",
        {
            "date_start": "9999-12-30",
            "date_precision": 3,
            "place": catalogue["place"].pk,
            "location_precision": 1,
            "weapon": "drone",
            **{
                f"{p}-{k}": v
                for p in ("citations", "claims", "attributions")
                for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
            },
        },
    )
    assert response.status_code == 200
    assert "date_start" in response.context["adminform"].form.errors


def test_admin_history_of_a_non_number_is_a_404(root, db):
    assert signed_in(root).get("/admin/incidents/incident/abc/history/").status_code == 404


def test_a_cursor_from_the_start_of_the_calendar_is_a_400(client, db):
    import base64

    payload = {"o": "-updated", "k": "0001-01-01T00:00:00+14:00", "i": 1, "b": False}
    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    response = client.get("/api/v1/incidents/", {"ordering": "-updated", "cursor": cursor})
    assert response.status_code == 400 and "cursor" in response.json()["errors"]


def test_a_country_code_must_exist(alice, catalogue):
    response = signed_in(alice).post(
        reverse("editor:place_new"),
        {
            "name_en": "Nowhere",
            "name_ar": "لا مكان",
            "kind": "town",
            "country": "ZZ",
            "latitude": 33,
            "longitude": 44,
            "location_precision": 1,
        },
    )
    assert response.status_code == 400
    assert not Place.objects.filter(name_en="Nowhere").exists()


# --- exports (13.4, 13.12) ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["country=ZZ", "bbox=0,0,1,1", "near=0,0,1"])
def test_geojson_of_nothing_is_a_whole_file(client, catalogue, query):
    response = client.get(f"/api/v1/incidents/?{query}&format=geojson")
    assert response.status_code == 200
    body = json.loads(b"".join(response.streaming_content))
    assert body == {"type": "FeatureCollection", "features": []}


def test_an_empty_columns_parameter_is_refused_as_the_schema_says(client, db):
    assert "columns" in api_errors(client.get("/api/v1/incidents/?format=csv&columns="))
    assert "format" in api_errors(client.get("/api/v1/incidents/?format="))
