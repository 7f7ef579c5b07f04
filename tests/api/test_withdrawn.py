"""GET /api/v1/incidents/withdrawn/?since=: what a sync client must remove."""

import datetime as dt

from incidents.services import incident_merge
from tests.factories import IncidentFactory

URL = "/api/v1/incidents/withdrawn/"
SINCE = "2000-01-01T00:00:00Z"


def test_retracted_unpublished_and_deleted_are_listed(api, db, django_assert_num_queries):
    retracted = IncidentFactory()
    retracted.status, retracted.status_reason = "retracted", "Duplicate report"
    retracted.save()
    unpublished = IncidentFactory()
    unpublished.status = "draft"
    unpublished.save()
    deleted = IncidentFactory()
    deleted_id = deleted.public_id
    deleted.delete()
    IncidentFactory()  # still published
    IncidentFactory(status="draft").delete()  # never public: not disclosed
    # Two queries, and a third to tell merges from deletions when something was deleted.
    with django_assert_num_queries(3):
        rows = api.get(URL, {"since": SINCE}).json()["results"]
    reasons = {r["public_id"]: r["reason"] for r in rows}
    assert reasons == {
        retracted.public_id: "retracted",
        unpublished.public_id: "unpublished",
        deleted_id: "deleted",
    }
    assert next(r for r in rows if r["reason"] == "retracted")["note"] == "Duplicate report"


def test_since_limits_the_feed(api, db):
    incident = IncidentFactory()
    incident.status, incident.status_reason = "retracted", "Wrong base"
    incident.save()
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    assert api.get(URL, {"since": future}).json()["results"] == []


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


def test_nothing_withdrawn_costs_two_queries(api, db, django_assert_num_queries):
    IncidentFactory()
    with django_assert_num_queries(2):
        assert api.get(URL, {"since": SINCE}).json()["results"] == []
