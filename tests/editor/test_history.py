"""Every change is recorded with who, when, what (field by field) and why; an editor can revert
to an earlier version, and the revert goes through the same version check."""

import pytest

from incidents.models import Incident
from incidents.services import VersionConflict, incident_revert, incident_update
from tests.factories import ActorFactory, CitationFactory, IncidentFactory

from .conftest import incident_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(alice, rita):
    incident = CitationFactory(incident=IncidentFactory(status="draft", launched=2)).incident
    incident.history.update(history_user=alice)
    us = ActorFactory(slug="us-forces", name_en="US forces", kind="state_force")
    incident_update(
        incident=incident,
        user=alice,
        expected_version=incident.version,
        changes={"launched": 3, "weapon_detail": "Shahed-136"},
        targeted_forces=[us],
        reason="Second source says three",
    )
    incident_update(
        incident=incident,
        user=rita,
        expected_version=incident.version,
        changes={"launched": 4},
        reason="Pentagon figure",
    )
    return incident


def test_edit_page_records_who_what_and_why(as_alice, alice):
    incident = CitationFactory(incident=IncidentFactory(status="draft")).incident
    data = incident_form_data(incident, weapon_detail="Katyusha", reason="per the article")
    assert as_alice.post(f"/editor/incidents/{incident.public_id}/edit/", data).status_code == 302
    latest = incident.history.first()
    assert (latest.history_user, latest.history_change_reason) == (alice, "per the article")
    changed = [c.field for c in latest.diff_against(latest.prev_record).changes]
    assert changed == ["updated_by", "weapon_detail"]


def test_history_page_shows_field_changes(as_alice, edited, django_assert_num_queries):
    url = f"/editor/incidents/{edited.public_id}/history/"
    # Session, user, role, incident, then history: versions, targeted forces, citations,
    # claims, attributions, place / actor / article names. Constant in the number of versions.
    with django_assert_num_queries(12):
        response = as_alice.get(url)
    entries = response.context["entries"]
    assert [e.record.version for e in entries] == [3, 2, 1]
    newest, middle = entries[0], entries[1]
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("launched", "3", "4")]
    assert {(c.field, c.old, c.new) for c in middle.changes} == {
        ("launched", "2", "3"),
        ("weapon_detail", "—", "Shahed-136"),
        ("targeted_forces", "—", "US forces"),
    }
    html = response.content.decode()
    assert "Second source says three" in html and "rita" in html
    assert response.context["related"][0].kind == "+"  # the citation, when it was added


def test_revert_restores_an_earlier_version(as_alice, edited):
    first = edited.history.get(version=1)
    response = as_alice.post(
        f"/editor/incidents/{edited.public_id}/revert/",
        {
            "version": edited.version,
            "history_id": first.history_id,
            "reason": "bad figures",
        },
    )
    assert response.status_code == 302
    edited.refresh_from_db()
    assert (edited.launched, edited.weapon_detail, edited.version) == (2, "", 4)
    assert list(edited.targeted_forces.all()) == []
    assert edited.history.first().history_change_reason == "Reverted to version 1: bad figures"


def test_revert_refuses_a_stale_version(alice, edited):
    first = edited.history.get(version=1)
    with pytest.raises(VersionConflict):
        incident_revert(
            incident=edited, history_id=first.history_id, user=alice, expected_version=2
        )
    edited.refresh_from_db()
    assert edited.launched == 4


def test_revert_through_the_page_when_stale_says_so(as_alice, edited):
    first = edited.history.get(version=1)
    response = as_alice.post(
        f"/editor/incidents/{edited.public_id}/revert/",
        {"version": 2, "history_id": first.history_id},
        follow=True,
    )
    assert "changed by someone else" in response.content.decode()
    assert Incident.objects.get(pk=edited.pk).launched == 4


def test_revert_to_a_version_of_another_incident_is_refused(as_alice, edited):
    other = IncidentFactory()
    response = as_alice.post(
        f"/editor/incidents/{edited.public_id}/revert/",
        {"version": edited.version, "history_id": other.history.first().history_id},
        follow=True,
    )
    assert "No such version of this incident" in response.content.decode()
