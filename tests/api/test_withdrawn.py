"""GET /api/v1/incidents/withdrawn/?updated_since=: what a sync client must remove. The feed
reads the StatusChange rows the services write, so it is complete whichever door changed the
status (the role test in tests/integration/test_every_door.py goes through each)."""

import datetime as dt

from incidents.services import (
    incident_delete,
    incident_merge,
    incident_publish,
    incident_retract,
    incident_send_back,
)
from tests.factories import CitationFactory, IncidentFactory

URL = "/api/v1/incidents/withdrawn/"
SINCE = "2000-01-01T00:00:00Z"


def test_retracted_unpublished_and_deleted_are_listed(api, rita, django_assert_num_queries):
    # Made as published rows without any history or status record, like generate_incidents
    # and bulk imports make them: their withdrawal must still be reported.
    retracted, unpublished, deleted, kept = IncidentFactory.create_batch(4)
    incident_retract(incident=retracted, user=rita, expected_version=1, reason="Duplicate report")
    incident_send_back(
        incident=unpublished, user=rita, expected_version=1, comment="Check the base: internal"
    )
    deleted_id = deleted.public_id
    incident_delete(incident=deleted, user=rita)
    incident_delete(incident=IncidentFactory(status="draft"), user=rita)  # never public
    with django_assert_num_queries(1):
        rows = api.get(URL, {"updated_since": SINCE}).json()["results"]
    by_id = {r["public_id"]: r for r in rows}
    assert {k: r["reason"] for k, r in by_id.items()} == {
        retracted.public_id: "retracted",
        unpublished.public_id: "unpublished",
        deleted_id: "deleted",
    }
    assert by_id[retracted.public_id]["note"] == "Duplicate report"
    # A reviewer's comment to the editors is not for the public.
    assert by_id[unpublished.public_id]["note"] == ""


def test_an_incident_public_again_is_not_withdrawn(api, rita):
    incident = IncidentFactory()
    CitationFactory(incident=incident)
    incident = incident_send_back(incident=incident, user=rita, expected_version=1, comment="x")
    incident_publish(incident=incident, user=rita, expected_version=incident.version)
    assert api.get(URL, {"updated_since": SINCE}).json()["results"] == []


def test_since_limits_the_feed(api, rita):
    incident = IncidentFactory()
    incident_retract(incident=incident, user=rita, expected_version=1, reason="Wrong base")
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    assert api.get(URL, {"since": future}).json()["results"] == []
    assert len(api.get(URL, {"since": SINCE}).json()["results"]) == 1


def test_since_is_required_and_validated(api, db):
    for params in ({}, {"since": "yesterday"}, {"since": "2022-13-01T00:00:00Z"}):
        response = api.get(URL, params)
        assert response.status_code == 400
        assert set(response.json()["errors"]) & {"since", "updated_since"}


def test_a_merged_incident_is_reported_with_its_replacement(api, rita):
    into = IncidentFactory()
    duplicate = IncidentFactory(place=into.place)
    old_id = duplicate.public_id
    incident_merge(duplicate=duplicate, into=into, user=rita, expected_version=into.version)
    rows = api.get(URL, {"since": SINCE}).json()["results"]
    assert [(r["public_id"], r["reason"], r["replaced_by"]) for r in rows] == [
        (old_id, "merged", into.public_id)
    ]


def test_nothing_withdrawn_costs_one_query(api, db, django_assert_num_queries):
    IncidentFactory()
    with django_assert_num_queries(1):
        assert api.get(URL, {"since": SINCE}).json()["results"] == []


def test_generated_incidents_are_withdrawn_when_retracted_or_cleared(demo, api, rita):
    from django.core.management import call_command

    from incidents.models import Incident
    from incidents.synthetic import ID_PREFIX

    call_command("generate_incidents", "--count", "40", "--seed", "3", verbosity=0)
    generated = Incident.objects.filter(public_id__startswith=ID_PREFIX)
    public = list(generated.filter(status="published").order_by("id"))
    incident_retract(incident=public[0], user=rita, expected_version=1, reason="Not an attack")
    incident_send_back(incident=public[1], user=rita, expected_version=1, comment="Recheck")
    reasons = {
        r["public_id"]: r["reason"] for r in api.get(URL, {"since": SINCE}).json()["results"]
    }
    assert reasons == {public[0].public_id: "retracted", public[1].public_id: "unpublished"}

    call_command("generate_incidents", "--count", "0", "--clear", verbosity=0)
    reasons = {
        r["public_id"]: r["reason"] for r in api.get(URL, {"since": SINCE}).json()["results"]
    }
    # Every generated incident a client could have copied is reported, and no draft.
    assert set(reasons) == {i.public_id for i in public}
    assert reasons[public[0].public_id] == "retracted"
    assert {reasons[i.public_id] for i in public[2:]} == {"deleted"}
