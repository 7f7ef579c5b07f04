"""Merging two incidents that are the same attack keeps every source, claim and attribution,
unions the targeted forces, and the old public identifier keeps resolving."""

import pytest

from editor.models import MergedIncident
from editor.selectors import resolve_public_id
from incidents.models import Actor, Incident
from incidents.services import incident_merge
from tests.factories import (
    ActorFactory,
    AttributionFactory,
    CitationFactory,
    ClaimFactory,
    IncidentFactory,
    SourceArticleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db):
    us = ActorFactory(slug="us", kind=Actor.Kind.STATE_FORCE)
    iraq = ActorFactory(slug="iraq", kind=Actor.Kind.STATE_FORCE)
    survivor = IncidentFactory(status=Incident.Status.DRAFT)
    duplicate = IncidentFactory(place=survivor.place)
    survivor.targeted_forces.set([us])
    duplicate.targeted_forces.set([us, iraq])
    shared = SourceArticleFactory(text="نص فيه اقتباس اول واقتباس ثان")
    CitationFactory(incident=survivor, article=shared, quote="اقتباس اول")
    CitationFactory(incident=duplicate, article=shared, quote="اقتباس ثان")
    CitationFactory(incident=duplicate)  # a source only the duplicate cites
    front = ActorFactory(slug="front")
    ClaimFactory(incident=survivor, actor=front, source=shared)
    ClaimFactory(incident=duplicate, actor=front, source=shared)  # the same claim twice
    AttributionFactory(incident=duplicate)
    return survivor, duplicate, {us.pk, iraq.pk}


def test_merge_keeps_everything_once(as_rita, rita, pair):
    survivor, duplicate, forces = pair
    old_id = duplicate.public_id
    response = as_rita.post(
        f"/editor/incidents/{survivor.public_id}/merge/",
        {
            "version": survivor.version,
            "duplicate": old_id.lower(),
            "reason": "same attack",
        },
    )
    assert response.status_code == 302
    survivor.refresh_from_db()
    assert not Incident.objects.filter(public_id=old_id).exists()
    assert survivor.citations.count() == 2
    folded = survivor.citations.get(quote="اقتباس اول")
    assert "اقتباس ثان" in folded.note  # the duplicate's quote is not lost
    assert survivor.claims.count() == 1 and survivor.attributions.count() == 1
    assert set(survivor.targeted_forces.values_list("pk", flat=True)) == forces
    # The duplicate was public, so the survivor is too: its link must keep working.
    assert survivor.status == "published"
    assert resolve_public_id(old_id) == survivor
    assert MergedIncident.objects.get(old_public_id=old_id).merged_by == rita
    reasons = list(survivor.history.values_list("history_change_reason", flat=True))
    assert any(f"Merged {old_id} into {survivor.public_id}" in (r or "") for r in reasons)
    deleted = Incident.history.filter(public_id=old_id, history_type="-").get()
    assert deleted.history_user == rita


def test_old_identifier_redirects_in_the_editor(as_rita, rita, pair):
    survivor, duplicate, _ = pair
    incident_merge(duplicate=duplicate, into=survivor, user=rita, expected_version=survivor.version)
    response = as_rita.get(f"/editor/incidents/{duplicate.public_id}/")
    assert response.status_code == 302
    assert response["Location"] == f"/editor/incidents/{survivor.public_id}/"


def test_chained_merges_resolve_to_the_last_survivor(rita, pair):
    survivor, duplicate, _ = pair
    third = IncidentFactory(place=survivor.place)
    incident_merge(duplicate=duplicate, into=survivor, user=rita, expected_version=survivor.version)
    survivor.refresh_from_db()
    incident_merge(duplicate=survivor, into=third, user=rita, expected_version=third.version)
    assert resolve_public_id(duplicate.public_id) == third
    assert resolve_public_id(survivor.public_id) == third
    assert resolve_public_id("SLV-NOTHING0") is None


def test_merge_form_errors(as_rita, pair):
    survivor, _, _ = pair
    url = f"/editor/incidents/{survivor.public_id}/merge/"
    response = as_rita.post(url, {"version": survivor.version, "duplicate": "SLV-NOPE"})
    assert response.status_code == 400
    assert "No incident has the public ID SLV-NOPE" in response.content.decode()
    response = as_rita.post(url, {"version": survivor.version, "duplicate": survivor.public_id})
    assert "cannot be merged into itself" in response.content.decode()


def test_editors_cannot_merge(alice, pair):
    from django.core.exceptions import PermissionDenied

    survivor, duplicate, _ = pair
    with pytest.raises(PermissionDenied):
        incident_merge(
            duplicate=duplicate, into=survivor, user=alice, expected_version=survivor.version
        )
