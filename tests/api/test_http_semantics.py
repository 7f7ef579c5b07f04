"""HTTP as a sync client, a generated client or a browser on another site uses it: writes that
survive a missing slash, RFC 9110 conditional requests, one error shape, strict query strings,
Accept negotiation, CORS for public reads and cheap HEAD on exports."""

import pytest
from django.test import RequestFactory, override_settings
from rest_framework.authtoken.models import Token

from tests.factories import IncidentFactory, PlaceFactory

URL = "/api/v1/incidents/"
PROBLEM_KEYS = {"type", "title", "status", "detail"}


def detail(incident) -> str:
    return f"{URL}{incident.public_id}/"


def _patch(client, incident, if_match, **extra):
    headers = {} if if_match is None else {"If-Match": if_match}
    return client.patch(
        detail(incident), {"weapon_detail": "changed"}, format="json", headers=headers, **extra
    )


# --- 14.2: unsafe methods never redirect into a lost write -----------------------------------


@pytest.mark.parametrize("debug", [False, True])
def test_a_slashless_write_is_a_308_to_the_slashed_url(client_for, alice, db, debug):
    incident = IncidentFactory(version=1)
    with override_settings(DEBUG=debug):  # DEBUG (the demo) used to raise a RuntimeError: 500
        response = client_for(alice).patch(
            detail(incident).rstrip("/"),
            {"weapon_detail": "changed"},
            format="json",
            headers={"If-Match": '"1"'},
        )
    assert response.status_code == 308  # not 301, which clients repeat as a body-less GET
    assert response["Location"] == detail(incident)
    assert detail(incident) in response.json()["detail"]


def test_the_token_endpoint_without_its_slash_says_where_to_go(api, alice):
    response = api.post("/api/v1/auth/token", {"username": "alice"}, format="json")
    assert response.status_code == 308 and response["Location"] == "/api/v1/auth/token/"


def test_a_slashless_form_post_outside_the_api_is_a_308_too(client, alice):
    client.force_login(alice)
    response = client.post("/editor/sources/new", {"url": "https://example.org/x"})
    assert response.status_code == 308 and response["Location"] == "/editor/sources/new/"


def test_a_slashless_get_still_redirects_as_before(api, db):
    assert api.get(URL.rstrip("/")).status_code == 301


# --- 14.4 / 13.11: RFC 9110 conditional requests --------------------------------------------


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ('"2"', 304),
        ('W/"2"', 304),  # If-None-Match compares weakly: a gzipping proxy weakens tags
        ('"0", "2"', 304),
        ('"0", W/"2"', 304),
        ("*", 304),
        ('"1"', 200),
        ("2", 400),  # not an entity tag
    ],
)
def test_if_none_match(api, db, header, status):
    incident = IncidentFactory(status="published", version=2)
    response = api.get(detail(incident), headers={"If-None-Match": header})
    assert response.status_code == status
    if status != 400:
        assert response["ETag"] == '"2"'


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ('"2"', 200),
        ('"0", "2"', 200),  # a list holding the current tag matches
        ('W/"2"', 412),  # If-Match compares strongly
        ('"1"', 412),
        ('"1", W/"2"', 412),
        ("*", 428),  # "any version" would skip the lost-update check
        (None, 428),
        ("2", 400),  # unquoted
        ('"2', 400),
    ],
)
def test_if_match(client_for, alice, db, header, status):
    incident = IncidentFactory(version=2)
    response = _patch(client_for(alice), incident, header)
    assert response.status_code == status, response.content
    incident.refresh_from_db()
    assert (incident.weapon_detail == "changed") == (status == 200)
    body = response.json()
    if status in (412, 428):
        assert set(body) >= PROBLEM_KEYS and body["version"] == 2
        assert response["ETag"] == '"2"'
    if status == 400:
        assert "If-Match" in body["errors"]


# --- 14.5: the generated client can write ---------------------------------------------------


def test_bearer_tokens_are_accepted(api, alice):
    token = Token.objects.create(user=alice)
    incident = IncidentFactory(version=1)
    auth = {"Authorization": f"Bearer {token.key}"}
    response = api.patch(
        detail(incident),
        {"weapon_detail": "changed"},
        format="json",
        headers={**auth, "If-Match": '"1"'},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("header", ["Basic YWxpY2U6eA==", "Bearer not-a-token", "Bearer"])
def test_credentials_that_are_not_understood_are_a_401_not_anonymous(api, db, header):
    response = api.get(URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert set(response.json()) >= PROBLEM_KEYS


def test_writes_take_json_only_in_the_schema_and_on_the_wire(client_for, alice, api, db):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in ("post", "put", "patch") and "requestBody" in operation:
                assert list(operation["requestBody"]["content"]) == ["application/json"], path
    assert "post" in schema["paths"]["/api/v1/auth/token/"]
    response = client_for(alice).post(URL, {"weapon": "drone"})  # multipart
    assert response.status_code == 415


def test_the_token_endpoint_takes_json(api, alice):
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "alice", "password": "correct horse battery"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["token"]


# --- 14.6: wrong parameters are refused, never ignored --------------------------------------


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (f"{URL}?wepon=drone", "wepon"),
        (f"{URL}?country=Iraq", "country"),
        (f"{URL}?date_from=01/02/2024", "date_from"),
        (f"{URL}?date_from=2024-1-2", "date_from"),
        (f"{URL}?updated_since=01/02/2024%2010:00", "updated_since"),
        (f"{URL}?place=a&place=b", "place"),
        (f"{URL}?format=xml", "format"),
        (f"{URL}timeline/?format=csv", "format"),
        (f"{URL}by-place/?format=geojson", "format"),
        (f"{URL}withdrawn/?since=2024-01-01&format=csv", "format"),
        ("/api/v1/places/?format=csv", "format"),
        ("/api/v1/places/?country=Iraq", "country"),
        ("/api/v1/sources/?format=geojson", "format"),
        ("/api/v1/outlets/?sort=name", "sort"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(api, db, url, name):
    response = api.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and set(body) >= PROBLEM_KEYS
    assert name in body["errors"], body


def test_format_on_one_incident_is_refused_unless_json(api, db):
    incident = IncidentFactory(status="published")
    assert api.get(detail(incident), {"format": "csv"}).status_code == 400
    assert api.get(detail(incident), {"format": "json"}).status_code == 200


def test_a_swapped_near_says_latitude_comes_first(api, db):
    response = api.get(URL, {"near": "142.44,33.79,50"})
    assert response.status_code == 400
    assert "lat,lon,km" in response.json()["errors"]["near"][0]


# --- 14.7: HTTP-level gaps -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/geo+json", "application/geo+json"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/csv;q=0.5, application/geo+json", "application/geo+json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/json"),
    ],
)
def test_accept_chooses_the_export(api, db, accept, content_type):
    IncidentFactory(status="published")
    response = api.get(URL, headers={"Accept": accept})
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert "Accept" in response["Vary"]


def test_format_wins_over_accept(api, db):
    response = api.get(URL, {"format": "json"}, headers={"Accept": "text/csv"})
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_head_on_an_export_reads_no_rows(db, django_assert_num_queries, fmt):
    from api.views.incidents import IncidentListView

    IncidentFactory.create_batch(3, status="published")
    request = RequestFactory().head(URL, {"format": fmt})
    response = IncidentListView.as_view()(request)
    assert response.status_code == 200 and response["Content-Disposition"]
    with django_assert_num_queries(0):
        assert b"".join(response.streaming_content) == b""


def test_unknown_api_routes_are_json_404s(api, db):
    response = api.get("/api/v1/weapons/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_one_error_shape(client_for, alice, api, db):
    incident = IncidentFactory(version=1)
    responses = [
        api.get(URL, {"bbox": "x"}),  # was {field: [...]}
        api.get(f"{URL}SLV-NOPE0000/"),  # was {detail}
        api.post(URL, {}, format="json"),  # was {detail}, 401
        _patch(client_for(alice), incident, '"0"'),  # was {detail, version}
        client_for(alice).post(URL, "[1]", content_type="application/json"),  # non_field_errors
    ]
    for response in responses:
        body = response.json()
        assert response["Content-Type"] == "application/problem+json", body
        assert set(body) >= PROBLEM_KEYS and body["status"] == response.status_code, body
        assert set(body) - PROBLEM_KEYS <= {"errors", "version"}, body


def test_cors_for_public_reads_only(client_for, alice, api, db):
    origin = {"Origin": "https://tool.example.net"}
    read = api.get(URL, headers=origin)
    assert read["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in read["Access-Control-Expose-Headers"]
    assert not read.has_header("Access-Control-Allow-Credentials")
    preflight = api.options(URL, headers={**origin, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]
    write_preflight = api.options(
        URL,
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert not write_preflight.has_header("Access-Control-Allow-Origin")
    write = client_for(alice).post(URL, {}, format="json", headers=origin)
    assert not write.has_header("Access-Control-Allow-Origin")


@override_settings(SALVO_CORS_ORIGINS=["https://allowed.example.net"])
def test_cors_origins_are_configurable(api, db):
    allowed = api.get(URL, headers={"Origin": "https://allowed.example.net"})
    assert allowed["Access-Control-Allow-Origin"] == "https://allowed.example.net"
    assert "Origin" in allowed["Vary"]
    other = api.get(URL, headers={"Origin": "https://other.example.net"})
    assert not other.has_header("Access-Control-Allow-Origin")


def test_withdrawn_takes_updated_since_like_the_list(api, db):
    incident = IncidentFactory(status="published")
    incident.status, incident.status_reason = "retracted", "Wrong base"
    incident.save()
    for name in ("updated_since", "since"):
        response = api.get(f"{URL}withdrawn/", {name: "2000-01-01T00:00:00Z"})
        assert response.status_code == 200, response.content


def test_places_actors_and_outlets_honour_limit(api, db):
    PlaceFactory.create_batch(3)
    cut = api.get("/api/v1/places/", {"limit": 2}).json()
    # A next link says the list was cut, and where it goes on.
    assert len(cut["results"]) == 2 and cut["next"] is not None
    whole = api.get("/api/v1/places/").json()
    assert len(whole["results"]) == 3 and whole["next"] is None
    assert api.get("/api/v1/actors/", {"limit": 0}).status_code == 400
    assert api.get("/api/v1/outlets/", {"limit": 1}).status_code == 200
