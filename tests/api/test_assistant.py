"""POST /api/v1/assistant/suggest/: an editor sends an article and gets suggestions with
their evidence; bad input is a 400 naming the field; nothing is written."""

import pytest

from incidents.models import Incident
from tests.factories import IncidentFactory, PlaceFactory

URL = "/api/v1/assistant/suggest/"
TEXT = "سقط صاروخان على قاعدة عين الأسد الجوية فجر اليوم، دون وقوع خسائر بشرية."


@pytest.fixture
def asad(db):
    return PlaceFactory(
        slug="ain-al-asad",
        name_en="Ain al-Asad Air Base",
        name_ar="قاعدة عين الأسد الجوية",
        aliases=["Ayn al-Asad", "عين الأسد"],
    )


def test_editor_gets_suggestions_with_evidence(client_for, alice, asad):
    response = client_for(alice).post(
        URL, {"text": TEXT, "language": "ar", "published": "2024-02-07"}, format="json"
    )
    assert response.status_code == 200, response.content
    (inc,) = response.json()["incidents"]
    assert inc["place"]["slug"] == "ain-al-asad"
    assert (inc["date_start"], inc["date_precision"]) == ("2024-02-07", "day")
    assert (inc["weapon"], inc["launched"], inc["killed"], inc["wounded"]) == ("rocket", 2, 0, 0)
    span = inc["evidence"]["launched"][0]
    assert TEXT[span["start"] : span["end"]] == span["text"]
    assert Incident.objects.count() == 0  # a suggestion saves nothing


def test_likely_duplicates_are_listed(client_for, alice, asad):
    existing = IncidentFactory(
        place=asad, weapon="rocket", date_start="2024-02-07", date_end="2024-02-07"
    )
    IncidentFactory(place=asad, weapon="rocket", date_start="2023-05-01", date_end="2023-05-01")
    response = client_for(alice).post(
        URL, {"text": TEXT, "language": "ar", "published": "2024-02-07"}, format="json"
    )
    (inc,) = response.json()["incidents"]
    assert [d["public_id"] for d in inc["duplicates"]] == [existing.public_id]


def test_anonymous_and_readers_are_refused(api, client_for, bob, asad):
    body = {"text": TEXT, "language": "ar"}
    assert api.post(URL, body, format="json").status_code in (401, 403)
    assert client_for(bob).post(URL, body, format="json").status_code == 403


@pytest.mark.parametrize(
    "body, field",
    [
        ({"language": "ar"}, "text"),
        ({"text": "", "language": "ar"}, "text"),
        ({"text": "   ", "language": "ar"}, "text"),
        ({"text": "x" * 200_001, "language": "en"}, "text"),
        ({"text": "\x01\x02\x03\x04 junk", "language": "en"}, "text"),
        ({"text": 42, "language": "ar"}, "text"),
        ({"text": TEXT}, "language"),
        ({"text": TEXT, "language": "fr"}, "language"),
        ({"text": TEXT, "language": "ar", "published": "07/02/2024"}, "published"),
        ({"text": TEXT, "language": "ar", "published": "2999-01-01"}, "published"),
        ({"text": TEXT, "language": "ar", "extra": 1}, "extra"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client_for, alice, asad, body, field):
    response = client_for(alice).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in str(response.json()), response.json()


def test_not_json_is_refused(client_for, alice):
    response = client_for(alice).post(URL, "text=hello", content_type="text/plain")
    assert response.status_code == 415


def test_documented_in_the_schema(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/assistant/suggest/"]["post"]
    assert operation["operationId"] == "assistant_suggest"
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("SuggestResponse")
    assert "400" in operation["responses"]
