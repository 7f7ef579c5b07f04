"""Casualties by side through the API: written as a `casualties` array, read back on the list
and the detail, and the totals always their sums."""

import pytest

from incidents.models import Casualty, Incident
from tests.factories import PlaceFactory

URL = "/api/v1/incidents/"
NEW = {"date_start": "2023-11-20", "place": "harir", "weapon": "drone", "summary_en": "Drone."}
SIDES = [
    {"party": "contractors", "wounded": 1},
    {"party": "us_forces", "killed": 3, "wounded_low": 2, "wounded": 4, "wounded_high": 6},
]


@pytest.fixture
def harir(db):
    PlaceFactory(slug="harir")


def _side(party, **figures):
    keys = ("killed_low", "killed", "killed_high", "wounded_low", "wounded", "wounded_high")
    return {"party": party, **dict.fromkeys(keys), **figures}


def test_sides_written_come_back_in_order_with_their_totals(client_for, alice, harir):
    response = client_for(alice).post(URL, {**NEW, "casualties": SIDES}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["casualties"] == [  # US forces before contractors, whatever the order sent
        _side("us_forces", killed=3, wounded_low=2, wounded=4, wounded_high=6),
        _side("contractors", wounded=1),
    ]
    assert (body["killed"], body["wounded_low"], body["wounded"], body["wounded_high"]) == (
        3,
        3,
        5,
        7,
    )
    listed = client_for(alice).get(URL, {"status": "draft"}).json()["results"][0]
    assert listed["casualties"] == body["casualties"]


def test_totals_alone_are_the_unknown_side(client_for, alice, harir):
    body = client_for(alice).post(URL, {**NEW, "killed": 2}, format="json").json()
    assert body["casualties"] == [_side("unknown", killed=2)]


def test_sides_and_totals_together_are_refused_naming_the_totals(client_for, alice, harir):
    response = client_for(alice).post(URL, {**NEW, "killed": 9, "casualties": SIDES}, format="json")
    assert response.status_code == 400
    assert "killed" in str(response.json())
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("sides", "field"),
    [
        ([{"party": "aliens", "killed": 1}], "party"),
        ([{"party": "civilians", "killed": "three"}], "killed"),
        ([{"party": "civilians", "killed_low": 4, "killed": 1}], "casualties"),
        ([{"party": "civilians"}, {"party": "civilians"}], "casualties"),
        ("three dead", "casualties"),
    ],
)
def test_bad_sides_are_a_400_naming_the_field(client_for, alice, harir, sides, field):
    response = client_for(alice).post(URL, {**NEW, "casualties": sides}, format="json")
    assert response.status_code == 400, response.content
    assert field in str(response.json())
    assert not Incident.objects.exists()


def test_patching_totals_over_named_sides_is_a_400_and_keeps_the_sides(client_for, alice, harir):
    client = client_for(alice)
    body = client.post(URL, {**NEW, "casualties": SIDES}, format="json").json()
    one = f"{URL}{body['public_id']}/"
    response = client.patch(one, {"killed": 1}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400
    assert "killed" in response.json().get("errors", response.json())
    assert Casualty.objects.filter(incident__public_id=body["public_id"]).count() == 2
    replaced = client.patch(
        one,
        {"casualties": [{"party": "civilians", "killed": 1}]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["casualties"] == [_side("civilians", killed=1)]
    assert replaced.json()["killed"] == 1


def test_put_without_sides_replaces_them_with_the_totals_sent(client_for, alice, harir):
    client = client_for(alice)
    body = client.post(URL, {**NEW, "casualties": SIDES}, format="json").json()
    response = client.put(
        f"{URL}{body['public_id']}/", {**NEW, "wounded": 2}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.content
    assert response.json()["casualties"] == [_side("unknown", wounded=2)]
    assert response.json()["killed"] is None


@pytest.fixture
def hurt(db, alice):
    from incidents import services

    place = PlaceFactory(slug="tower-22")
    made = {}
    for name, sides in {
        "us3": [{"party": "us_forces", "killed": 3}, {"party": "contractors", "wounded": 2}],
        "us_range": [{"party": "us_forces", "killed_low": 1, "killed_high": 4}],
        "iraqi": [{"party": "iraqi_forces", "killed": 2}, {"party": "us_forces", "killed": 0}],
        "none": [],
    }.items():
        made[name] = services.incident_create(
            user=alice,
            date_start="2024-01-28",
            place=place,
            weapon="drone",
            summary_en=name,
            casualties=sides,
        ).public_id
    from incidents.models import Incident

    Incident.objects.update(status="published")
    return made


def _found(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return {row["summary_en"] for row in response.json()["results"]}


def test_filter_by_side_hurt(api, hurt):
    assert _found(api, side="us_forces") == {"us3", "us_range"}  # 0 killed is not hurt
    assert _found(api, side="contractors,iraqi_forces") == {"us3", "iraqi"}


def test_filter_by_killed_on_a_side_or_in_all(api, hurt):
    assert _found(api, side="us_forces", killed_min=1) == {"us3", "us_range"}  # low counts
    assert _found(api, side="us_forces", killed_min=2) == {"us3"}
    assert _found(api, killed_min=2) == {"us3", "iraqi"}
    assert _found(api, side="contractors", wounded_min=2) == {"us3"}
    assert _found(api, side="iraqi_forces,us_forces", killed_min=2) == {"us3", "iraqi"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"side": "martians"}, "side"),
        ({"killed_min": "0"}, "killed_min"),
        ({"wounded_min": "many"}, "wounded_min"),
    ],
)
def test_bad_casualty_filters_are_a_400_naming_them(api, hurt, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert field in str(response.json())
