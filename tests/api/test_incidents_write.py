"""Writes: who may create and edit, which fields are off limits, and If-Match concurrency."""

import pytest
from rest_framework.authtoken.models import Token

from incidents.models import Incident
from tests.factories import (
    ActorFactory,
    IncidentFactory,
    OutletFactory,
    PlaceFactory,
    SourceArticleFactory,
)

URL = "/api/v1/incidents/"
NEW = {
    "date_start": "2022-01-04",
    "place": "asad",
    "weapon": "drone",
    "launched": 2,
    "intercepted": 2,
    "summary_en": "Two drones downed.",
    "targeted_forces": ["us-forces"],
}


@pytest.fixture
def gazetteer(db):
    PlaceFactory(slug="asad")
    ActorFactory(slug="us-forces", kind="state_force")


def test_editor_creates_a_draft(client_for, alice, gazetteer):
    response = client_for(alice).post(URL, NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["version"] == 1
    assert response["ETag"] == '"1"'
    assert body["targeted_forces"][0]["slug"] == "us-forces"
    incident = Incident.objects.get(public_id=body["public_id"])
    assert incident.created_by == alice
    assert incident.history.first().history_user == alice


def test_month_precision_fills_the_window(client_for, alice, gazetteer):
    response = client_for(alice).post(
        URL, {**NEW, "date_start": "2022-02-01", "date_precision": 4}, format="json"
    )
    assert response.json()["date_end"] == "2022-02-28"


@pytest.mark.parametrize("who", [None, "bob"])
def test_public_and_users_without_role_cannot_write(client_for, bob, gazetteer, who):
    client = client_for(bob if who else None)
    assert client.post(URL, NEW, format="json").status_code in (401, 403)
    assert not Incident.objects.exists()


def test_token_auth(api, alice, gazetteer):
    token = Token.objects.create(user=alice)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.post(URL, NEW, format="json").status_code == 201


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"public_id": "SLV-HACKED00"}, "public_id"),
        ({"version": 7}, "version"),
        ({"created_by": 1}, "created_by"),
        ({"colour": "red"}, "colour"),
        ({"status": "published"}, "status"),  # alice is not a reviewer
        ({"launched": 10**12}, "launched"),
        ({"launched": "two"}, "launched"),
        ({"launched": "2"}, "launched"),  # JSON has numbers; a quoted one is a client bug
        ({"launched": True}, "launched"),
        ({"weapon_detail": 7}, "weapon_detail"),
        ({"date_start": "2022-02-30"}, "date_start"),
        ({"place": "atlantis"}, "place"),
        ({"weapon": "laser"}, "weapon"),
        ({"summary_en": "a\x00b"}, "summary_en"),
        ({"intercepted": 5}, "intercepted"),  # more than launched: the model says no
        ({"date_start": "2999-01-01"}, "date_start"),
        ({"date_precision": 2}, "date_end"),  # a span needs its last day
    ],
)
def test_bad_or_forbidden_fields_are_named(client_for, alice, gazetteer, extra, field):
    response = client_for(alice).post(URL, {**NEW, **extra}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_not_an_object(client_for, alice, gazetteer):
    assert client_for(alice).post(URL, [1, 2], format="json").status_code == 400


def test_not_even_a_reviewer_sets_the_status_by_writing_it(client_for, rita, gazetteer):
    client = client_for(rita)
    assert client.post(URL, {**NEW, "status": "published"}, format="json").status_code == 400
    draft = client.post(URL, NEW, format="json").json()
    response = client.patch(
        f"{URL}{draft['public_id']}/", {"status": "published"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400
    assert "publish/" in response.json()["errors"]["status"][0]
    assert Incident.objects.get(public_id=draft["public_id"]).status == "draft"


def test_an_armed_group_is_not_a_targeted_force(client_for, alice, gazetteer):
    ActorFactory(slug="kh", kind="armed_group")
    response = client_for(alice).post(
        URL, {**NEW, "targeted_forces": ["us-forces", "kh"]}, format="json"
    )
    assert response.status_code == 400
    assert "targeted_forces" in response.json()["errors"]


def test_draft_detail_is_404_to_public_and_visible_to_editors(
    client_for, alice, rita, root, bob, db
):
    draft = IncidentFactory(status="draft")
    url = f"{URL}{draft.public_id}/"
    assert client_for().get(url).status_code == 404
    assert client_for(bob).get(url).status_code == 404
    for user in (alice, rita, root):
        assert client_for(user).get(url).status_code == 200


def test_detail_etag_and_conditional_get(api, db, django_assert_num_queries):
    incident = IncidentFactory()
    url = f"{URL}{incident.public_id}/"
    # id lookup, the incident, its related actors and sources (one), citations, claims,
    # attributions
    with django_assert_num_queries(6):
        response = api.get(url)
    assert response["ETag"] == '"1"'
    assert api.get(url, HTTP_IF_NONE_MATCH='"1"').status_code == 304


def test_patch_requires_if_match(client_for, alice, db):
    incident = IncidentFactory(status="draft")
    response = client_for(alice).patch(
        f"{URL}{incident.public_id}/", {"launched": 3}, format="json"
    )
    assert response.status_code == 428
    assert response.json()["version"] == 1


def test_patch_with_matching_if_match(client_for, alice, db):
    incident = IncidentFactory(status="draft")
    response = client_for(alice).patch(
        f"{URL}{incident.public_id}/",
        {"launched": 3, "reason": "Second source"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["launched"] == 3
    assert response["ETag"] == '"2"'
    assert incident.history.first().history_change_reason == "Second source"


def test_stale_if_match_is_412_with_current_version(client_for, alice, rita, db):
    incident = IncidentFactory(status="draft")
    url = f"{URL}{incident.public_id}/"
    first = client_for(rita).patch(url, {"launched": 4}, format="json", HTTP_IF_MATCH='"1"')
    assert first.status_code == 200
    stale = client_for(alice).patch(url, {"launched": 3}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["version"] == 2 and stale["ETag"] == '"2"'
    incident.refresh_from_db()
    assert incident.launched == 4  # rita's edit was not overwritten


def test_put_replaces(client_for, alice, gazetteer):
    incident = IncidentFactory(status="draft", weapon_detail="Katyusha")
    response = client_for(alice).put(
        f"{URL}{incident.public_id}/",
        {**NEW, "weapon": "rocket"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["weapon"] == "rocket" and body["weapon_detail"] == ""  # not sent: cleared
    assert body["place"]["slug"] == "asad"


def test_editor_cannot_publish_by_patch(client_for, alice, db):
    incident = IncidentFactory(status="draft")
    response = client_for(alice).patch(
        f"{URL}{incident.public_id}/", {"status": "published"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400 and "status" in response.json()["errors"]


def test_bob_cannot_patch(client_for, bob, db):
    incident = IncidentFactory()
    response = client_for(bob).patch(
        f"{URL}{incident.public_id}/", {"launched": 1}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 403


def test_sources_citations_and_claims(client_for, alice, api, db):
    incident = IncidentFactory()
    OutletFactory(slug="shafaq")
    actor = ActorFactory(slug="kh")
    client = client_for(alice)
    article = client.post(
        "/api/v1/sources/",
        {
            "url": "https://www.example.org/a?utm_source=x",
            "outlet": "shafaq",
            "title": "Drones downed",
            "published_on": "2022-01-04",
            "text": "تم اعتراض طائرتين",
        },
        format="json",
    )
    assert article.status_code == 201, article.content
    assert article.json()["url"] == "https://example.org/a"
    assert "text" not in article.json()
    cite = client.post(
        "/api/v1/citations/",
        {
            "article": article.json()["id"],
            "incident": incident.public_id,
            "quote": "اعتراض طائرتين",
        },
        format="json",
    )
    assert cite.status_code == 201, cite.content
    bad_quote = client.post(
        "/api/v1/claims/",
        {"incident": incident.public_id, "actor": "kh", "extra": 1},
        format="json",
    )
    assert bad_quote.status_code == 400 and "extra" in bad_quote.json()["errors"]
    claim = client.post(
        "/api/v1/claims/",
        {"incident": incident.public_id, "actor": "kh", "channel": "telegram"},
        format="json",
    )
    assert claim.status_code == 201
    row = api.get(URL).json()["results"][0]
    assert row["source_count"] == 1 and row["claimed_by"][0]["slug"] == actor.slug
    patched = client.patch(
        f"/api/v1/sources/{article.json()['id']}/", {"title": "New"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["title"] == "New"
    assert api.post("/api/v1/claims/", {}, format="json").status_code in (401, 403)


def test_quote_must_be_in_the_article(client_for, alice, db):
    incident = IncidentFactory()
    article = SourceArticleFactory(text="نص المقال")
    response = client_for(alice).post(
        "/api/v1/citations/",
        {"article": article.pk, "incident": incident.public_id, "quote": "not there"},
        format="json",
    )
    assert response.status_code == 400 and "quote" in response.json()["errors"]
