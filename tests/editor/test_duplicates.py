"""Duplicate candidates: entering seed 001's three attacks after seed 000 finds the two attacks
seed 000 already recorded first, even where the articles name different parts of the airport."""

import datetime as dt

import pytest

from editor.selectors import duplicate_candidates
from incidents.models import Incident, Place
from tests.factories import IncidentFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def ids(candidates):
    return [c.row["public_id"] for c in candidates]


def place(slug):
    return Place.objects.get(slug=slug).pk


def test_seed_001_attacks_find_seed_000_incidents_first(seed000, django_assert_num_queries):
    # "قاعدة فيكتوريا بمطار بغداد الدولي ... أول أمس الإثنين" -> Victory Base, 3 January, drones.
    victory_base = place("victory-base")
    with django_assert_num_queries(2):
        victory = duplicate_candidates(
            place_id=victory_base, date_start=dt.date(2022, 1, 3), weapon="drone"
        )
    assert ids(victory)[0] == "SLV-S0000002"
    assert "same day" in victory[0].reasons
    # "استهداف قاعدة عين الأسد ... بطائرتين مسيرتين" hours before dawn on the 5th.
    asad = duplicate_candidates(
        place_id=place("ain-al-asad"), date_start=dt.date(2022, 1, 4), weapon="drone"
    )
    assert ids(asad) == ["SLV-S0000001"]
    # The new rocket attack on Camp Nasr, 5 January: the airport's drone attack two days before
    # is near, but ranks low (different weapon, days apart), so the editor creates a new one.
    rockets = duplicate_candidates(
        place_id=place("victory-base"), date_start=dt.date(2022, 1, 5), weapon="rocket"
    )
    assert ids(rockets) == ["SLV-S0000002"]
    assert rockets[0].score < victory[0].score - 4


def test_same_place_same_day_same_weapon_ranks_above_looser_matches(db):
    airport = PlaceFactory(slug="airport")
    camp = PlaceFactory(slug="camp", parent=airport)
    centre = PlaceFactory(slug="centre", parent=airport)
    elsewhere = PlaceFactory(slug="elsewhere")
    day = dt.date(2023, 5, 10)
    exact = IncidentFactory(place=camp, date_start=day, weapon="rocket")
    sibling = IncidentFactory(place=centre, date_start=day, weapon="rocket")
    parent_next_day = IncidentFactory(
        place=airport, date_start=day + dt.timedelta(1), weapon="rocket"
    )
    other_weapon = IncidentFactory(place=camp, date_start=day, weapon="drone")
    IncidentFactory(place=elsewhere, date_start=day, weapon="rocket")  # unrelated place
    IncidentFactory(place=camp, date_start=day + dt.timedelta(10), weapon="rocket")  # too late
    found = duplicate_candidates(place_id=camp.pk, date_start=day, weapon="rocket")
    assert ids(found) == [e.public_id for e in (exact, sibling, parent_next_day, other_weapon)]


def test_coarse_dates_are_found_through_their_window(db):
    base = PlaceFactory(slug="base")
    month = IncidentFactory(
        place=base,
        date_start=dt.date(2023, 10, 1),
        date_end=dt.date(2023, 10, 31),
        date_precision=4,
    )
    year = IncidentFactory(
        place=base, date_start=dt.date(2023, 1, 1), date_end=dt.date(2023, 12, 31), date_precision=5
    )
    week = IncidentFactory(
        place=base,
        date_start=dt.date(2023, 10, 15),
        date_end=dt.date(2023, 10, 21),
        date_precision=3,
    )
    found = duplicate_candidates(place_id=base.pk, date_start=dt.date(2023, 10, 21))
    assert set(ids(found)) == {month.public_id, year.public_id, week.public_id}
    # The week is the tightest window around the day, so it comes first.
    assert ids(found)[0] == week.public_id


def test_drafts_are_candidates_too_and_the_incident_itself_is_excluded(db):
    base = PlaceFactory(slug="base")
    mine = IncidentFactory(place=base, status=Incident.Status.DRAFT)
    theirs = IncidentFactory(place=base, status=Incident.Status.DRAFT)
    found = duplicate_candidates(
        place_id=base.pk, date_start=mine.date_start, exclude_ids=[mine.pk]
    )
    assert ids(found) == [theirs.public_id]


def test_workspace_lists_candidates_for_typed_arabic_place(seed000, as_alice):
    response = as_alice.get(
        f"/editor/sources/{seed000.pk}/",
        {
            "place": "معسكر النصر",
            "date_start": "2022-01-03",
            "date_precision": "1",
            "weapon": "drone",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="SLV-S0000002"' in html
    assert "Is it one of these?" in html
