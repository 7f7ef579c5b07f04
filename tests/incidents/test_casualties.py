"""Casualties by side: the field reports "three US soldiers killed, a contractor wounded", and
the incident's killed/wounded totals are the sums of such rows, whichever door writes them."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from incidents import services
from incidents.models import Casualty, Incident, Party, casualty_totals
from tests.factories import IncidentFactory, PlaceFactory

migration = importlib.import_module("incidents.migrations.0011_casualties_by_side")


def _new(user, casualties=None, **fields):
    return services.incident_create(
        user=user,
        date_start=dt.date(2024, 2, 2),
        date_precision=1,
        place=PlaceFactory(),
        weapon="drone",
        summary_en="A drone struck the base.",
        casualties=casualties,
        **fields,
    )


def _sides(incident):
    return {
        row.party: (row.killed_low, row.killed, row.killed_high, row.wounded)
        for row in incident.casualties.all()
    }


def test_totals_of_one_side_are_its_figures_exactly():
    side = {"killed_low": None, "killed": 3, "killed_high": None}
    side |= {"wounded_low": 2, "wounded": 4, "wounded_high": None}
    assert casualty_totals([side]) == side


def test_totals_add_the_sides_that_report_each_figure():
    us = {"killed_low": None, "killed": 3, "killed_high": 5, "wounded": None}
    us |= {"wounded_low": None, "wounded_high": None}
    contractors = {"killed_low": None, "killed": None, "killed_high": None}
    contractors |= {"wounded_low": None, "wounded": 1, "wounded_high": None}
    totals = casualty_totals([us, contractors])
    # Contractors say nothing of deaths: the killed total is the US figure, not unknown.
    assert (totals["killed_low"], totals["killed"], totals["killed_high"]) == (None, 3, 5)
    assert (totals["wounded_low"], totals["wounded"], totals["wounded_high"]) == (None, 1, None)


def test_a_side_with_a_best_figure_only_counts_it_as_its_range():
    ranged = dict.fromkeys(["wounded_low", "wounded", "wounded_high"])
    ranged |= {"killed_low": 1, "killed": 2, "killed_high": 6}
    exact = dict.fromkeys(["wounded_low", "wounded", "wounded_high", "killed_low", "killed_high"])
    exact["killed"] = 3
    totals = casualty_totals([ranged, exact])
    assert (totals["killed_low"], totals["killed"], totals["killed_high"]) == (4, 5, 9)


def test_an_unknown_best_on_one_side_makes_the_best_total_unknown():
    a = dict.fromkeys(["wounded_low", "wounded", "wounded_high", "killed_low"])
    a |= {"killed": None, "killed_high": 4}
    b = dict.fromkeys(["wounded_low", "wounded", "wounded_high", "killed_low", "killed_high"])
    b["killed"] = 2
    totals = casualty_totals([a, b])
    assert totals["killed"] is None
    assert totals["killed_high"] == 6


def test_none_reported_is_not_unknown():
    side = dict.fromkeys(["killed_low", "killed_high", "wounded_low", "wounded", "wounded_high"])
    side["killed"] = 0
    assert casualty_totals([side])["killed"] == 0
    assert casualty_totals([])["killed"] is None


def test_creating_with_sides_stores_them_and_derives_the_totals(alice):
    incident = _new(
        alice,
        casualties=[
            {"party": "us_forces", "killed": 3, "wounded_low": 2, "wounded": 4, "wounded_high": 8},
            {"party": Party.CONTRACTORS, "wounded": 1},
            {"party": Party.CIVILIANS},  # says nothing: not kept
        ],
    )
    incident.refresh_from_db()
    assert (incident.killed, incident.wounded) == (3, 5)
    assert (incident.wounded_low, incident.wounded_high) == (3, 9)
    assert set(_sides(incident)) == {"us_forces", "contractors"}
    history = Casualty.history.filter(incident_id=incident.pk)
    assert {(h.party, h.history_type, h.history_user_id) for h in history} == {
        ("us_forces", "+", alice.pk),
        ("contractors", "+", alice.pk),
    }


def test_totals_given_without_sides_become_the_unknown_side(alice):
    incident = _new(alice, killed=2, wounded=0)
    assert _sides(incident) == {"unknown": (None, 2, None, 0)}
    incident = services.incident_update(
        incident=incident, user=alice, expected_version=incident.version, changes={"killed": 4}
    )
    assert _sides(incident) == {"unknown": (None, 4, None, 0)}
    services.incident_update(
        incident=incident,
        user=alice,
        expected_version=incident.version,
        changes={"killed": None, "wounded": None},
    )
    assert _sides(incident) == {}
    assert Casualty.history.filter(incident_id=incident.pk, history_type="-").count() == 1


def test_an_edit_that_does_not_touch_figures_writes_no_casualty_history(alice):
    incident = _new(alice, killed=2)
    before = Casualty.history.count()
    services.incident_update(
        incident=incident,
        user=alice,
        expected_version=incident.version,
        changes={"summary_en": "A drone struck the runway."},
    )
    assert Casualty.history.count() == before


def test_totals_that_contradict_the_sides_are_refused_and_nothing_is_saved(alice):
    incident = _new(alice, casualties=[{"party": Party.US_FORCES, "killed": 3}])
    with pytest.raises(ValidationError) as error:
        services.incident_update(
            incident=incident,
            user=alice,
            expected_version=incident.version,
            changes={"killed": 5, "summary_en": "Changed."},
        )
    assert set(error.value.message_dict) == {"killed"}
    incident.refresh_from_db()
    assert (incident.killed, incident.summary_en, incident.version) == (
        3,
        "A drone struck the base.",
        1,
    )


def test_new_sides_replace_the_old_ones(alice):
    incident = _new(alice, killed=2)
    incident = services.incident_update(
        incident=incident,
        user=alice,
        expected_version=incident.version,
        changes={},
        casualties=[
            {"party": Party.IRAQI_FORCES, "killed": 1},
            {"party": Party.ATTACKERS, "killed": 2},
        ],
    )
    assert set(_sides(incident)) == {"iraqi_forces", "attackers"}
    assert incident.killed == 3


@pytest.mark.parametrize(
    ("casualties", "says"),
    [
        ([{"party": "us_forces", "killed": 1}, {"party": "us_forces", "killed": 2}], "twice"),
        ([{"party": "us_forces", "killed_low": 5, "killed": 2}], "low ≤ best ≤ high"),
        ([{"party": "martians", "killed": 1}], "not a valid choice"),
        ([{"party": "civilians", "killed": -1}], "greater than or equal to 0"),
        ([{"party": "civilians", "dead": 1}], "Unknown casualty fields: dead"),
    ],
)
def test_bad_sides_are_refused_naming_the_casualties(alice, casualties, says):
    with pytest.raises(ValidationError) as error:
        _new(alice, casualties=casualties)
    assert says in " ".join(error.value.message_dict["casualties"])
    assert not Incident.objects.exists()


def test_reverting_brings_back_the_sides_of_that_version(alice):
    incident = _new(alice, casualties=[{"party": Party.US_FORCES, "killed": 3}])
    first = incident.history.order_by("history_id").first()
    incident = services.incident_update(
        incident=incident,
        user=alice,
        expected_version=incident.version,
        changes={},
        casualties=[{"party": Party.CIVILIANS, "killed": 7}],
    )
    incident = services.incident_revert(
        incident=incident,
        history_id=first.history_id,
        user=alice,
        expected_version=incident.version,
    )
    assert _sides(incident) == {"us_forces": (None, 3, None, None)}
    assert incident.killed == 3


def test_the_migration_moves_every_total_to_an_unknown_side(db):
    hurt = IncidentFactory(killed_low=1, killed=2, killed_high=4, wounded=0)
    only_high = IncidentFactory(wounded_high=9)
    IncidentFactory()  # no figures: no row
    Casualty.objects.all().delete()
    Casualty.history.all().delete()
    migration.totals_to_unknown_side(None, SimpleNamespace(connection=connection))
    rows = {
        r.incident_id: r
        for r in Casualty.objects.all()  # every figure, as it was
    }
    assert set(rows) == {hurt.pk, only_high.pk}
    got = rows[hurt.pk]
    assert (got.party, got.killed_low, got.killed, got.killed_high) == ("unknown", 1, 2, 4)
    assert (got.wounded_low, got.wounded, got.wounded_high) == (None, 0, None)
    assert rows[only_high.pk].wounded_high == 9
    assert Casualty.history.filter(history_type="+").count() == 2
    for incident in (hurt, only_high):
        totals = casualty_totals(incident.casualties.all())
        assert all(totals[f] == getattr(incident, f) for f in totals)
