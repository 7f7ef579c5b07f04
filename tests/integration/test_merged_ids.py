"""A merged incident's old identifier keeps working for readers and for API clients."""

import pytest

from incidents.models import Incident
from incidents.services import incident_merge
from tests.factories import CitationFactory, IncidentFactory


@pytest.fixture
def merged(rita):
    into = IncidentFactory()
    duplicate = IncidentFactory(place=into.place)
    CitationFactory(incident=duplicate)
    old_id = duplicate.public_id
    incident_merge(duplicate=duplicate, into=into, user=rita, expected_version=into.version)
    return old_id, Incident.objects.get(pk=into.pk)


def test_old_page_address_redirects_to_the_survivor(client, merged):
    old_id, into = merged
    response = client.get(f"/incidents/{old_id}/")
    assert response.status_code == 301
    assert response["Location"] == f"/incidents/{into.public_id}/"
    assert client.get(response["Location"]).status_code == 200


def test_old_api_address_redirects_to_the_survivor(client, merged):
    old_id, into = merged
    response = client.get(f"/api/v1/incidents/{old_id}/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/incidents/{into.public_id}/")
    assert client.get(response["Location"]).json()["public_id"] == into.public_id


def test_merging_into_a_draft_does_not_reveal_it(client, rita):
    into = IncidentFactory(status=Incident.Status.DRAFT)
    duplicate = IncidentFactory(place=into.place, status=Incident.Status.DRAFT)
    old_id = duplicate.public_id
    incident_merge(duplicate=duplicate, into=into, user=rita, expected_version=into.version)
    assert client.get(f"/incidents/{old_id}/").status_code == 404
    assert client.get(f"/api/v1/incidents/{old_id}/").status_code == 404


def test_unknown_ids_stay_404(client, db):
    assert client.get("/incidents/SLV-NOPE0000/").status_code == 404
    assert client.get("/api/v1/incidents/SLV-NOPE0000/").status_code == 404
