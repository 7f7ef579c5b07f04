"""The incident form's "by side" table: an editor records who was killed or wounded, and the
totals follow; mistakes come back next to the row, with everything typed kept."""

import pytest

from incidents import services
from incidents.models import Incident
from tests.editor.conftest import incident_form_data, side_rows
from tests.factories import PlaceFactory


@pytest.fixture
def incident(alice):
    return services.incident_create(
        user=alice,
        date_start="2024-01-28",
        place=PlaceFactory(slug="tower-22"),
        weapon="drone",
        summary_en="A drone hit the housing area.",
        casualties=[{"party": "us_forces", "killed": 3, "wounded_low": 25, "wounded_high": 40}],
    )


def _edit(client, incident, **data):
    return client.post(f"/editor/incidents/{incident.public_id}/edit/", data)


def test_the_form_shows_the_recorded_sides(as_alice, incident):
    page = as_alice.get(f"/editor/incidents/{incident.public_id}/edit/").content.decode()
    assert 'id="casualty-sides"' in page
    assert 'name="side-0-party"' in page and 'value="us_forces" selected' in page
    assert 'name="side-0-wounded_low" value="25"' in page
    assert 'name="side-2-party"' in page  # two blank rows to add sides


def test_sides_typed_in_become_the_incident_and_its_totals(as_alice, incident):
    sides = [
        {"party": "us_forces", "killed": 3, "wounded": 30},
        {"party": "contractors", "wounded": 2},
    ]
    data = incident_form_data(incident)
    data.update(side_rows(sides))
    response = _edit(as_alice, incident, **data)
    assert response.status_code == 302, response.content.decode()[:2000]
    incident.refresh_from_db()
    assert (incident.killed, incident.wounded) == (3, 32)
    assert {c.party: c.wounded for c in incident.casualties.all()} == {
        "us_forces": 30,
        "contractors": 2,
    }


@pytest.mark.parametrize(
    ("sides", "says"),
    [
        ([{"party": "civilians", "killed": 1}, {"party": "civilians", "wounded": 2}], "twice"),
        ([{"killed": 4}], "Say whose casualties these are."),
        ([{"party": "attackers", "killed_low": 5, "killed": 2}], "low ≤ best ≤ high"),
        ([{"party": "attackers", "killed": -2}], "greater than or equal to 0"),
    ],
)
def test_a_wrong_row_is_explained_and_nothing_typed_is_lost(as_alice, incident, sides, says):
    data = incident_form_data(incident, summary_en="Typed before the mistake.")
    data.update(side_rows(sides))
    response = _edit(as_alice, incident, **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert says in page
    assert "Typed before the mistake." in page
    assert 'name="side-0-killed' in page
    incident.refresh_from_db()
    assert incident.summary_en == "A drone hit the housing area." and incident.version == 1


def test_changing_a_total_over_sides_is_refused(as_alice, incident):
    response = _edit(as_alice, incident, **incident_form_data(incident, killed=5))
    assert response.status_code == 400
    assert "sums of the sides" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).killed == 3


def test_clearing_the_sides_leaves_the_totals_as_the_unknown_side(as_alice, incident):
    data = incident_form_data(incident, killed=4)
    data.update(side_rows([]))
    assert _edit(as_alice, incident, **data).status_code == 302
    incident.refresh_from_db()
    assert [(c.party, c.killed) for c in incident.casualties.all()] == [("unknown", 4)]
    # The unknown side is the totals: the table stays empty, the totals fields show it.
    page = as_alice.get(f"/editor/incidents/{incident.public_id}/edit/").content.decode()
    assert 'value="unknown" selected' not in page


def test_a_post_without_the_table_edits_the_totals_as_before(as_alice, alice):
    plain = services.incident_create(
        user=alice,
        date_start="2024-01-28",
        place=PlaceFactory(slug="harir"),
        weapon="rocket",
        summary_en="Rockets.",
        killed=1,
    )
    data = {k: v for k, v in incident_form_data(plain, killed=2).items() if "side-" not in k}
    assert _edit(as_alice, plain, **data).status_code == 302
    assert [(c.party, c.killed) for c in plain.casualties.all()] == [("unknown", 2)]
