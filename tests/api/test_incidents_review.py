"""POST /api/v1/incidents/<id>/publish|send-back|retract/: the API's only way to change an
incident's status, with the review queue's rules (reviewers only, a citation before
publishing, a comment to send back, a reason to retract, a review note each time)."""

import pytest

from editor.models import ReviewNote
from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory

URL = "/api/v1/incidents/{}/{}/"


def act(client, incident, action, body=None, version=None):
    return client.post(
        URL.format(incident.public_id, action),
        body or {},
        format="json",
        HTTP_IF_MATCH=f'"{version or incident.version}"',
    )


def test_a_reviewer_publishes_a_cited_draft_with_a_note(client_for, rita, db):
    draft = IncidentFactory(status="draft")
    CitationFactory(incident=draft)
    response = act(client_for(rita), draft, "publish", {"comment": "Two sources agree."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published" and response["ETag"] == '"2"'
    note = ReviewNote.objects.get(incident=draft)
    assert (note.action, note.comment, note.author) == ("publish", "Two sources agree.", rita)


def test_publishing_without_a_citation_is_refused(client_for, rita, db):
    draft = IncidentFactory(status="draft")
    response = act(client_for(rita), draft, "publish")
    assert response.status_code == 400
    assert "Cite" in response.json()["errors"]["non_field_errors"][0]
    assert Incident.objects.get(pk=draft.pk).status == "draft"


@pytest.mark.parametrize("action", ["publish", "send-back", "retract"])
def test_editors_and_the_public_cannot_decide(client_for, alice, bob, db, action):
    incident = IncidentFactory(status="published")
    CitationFactory(incident=incident)
    for user in (None, bob, alice):
        response = act(client_for(user), incident, action, {"comment": "x"})
        assert response.status_code in (401, 403), (user, response.content)
    assert Incident.objects.get(pk=incident.pk).status == "published"


def test_send_back_needs_a_comment_and_retract_a_reason(client_for, rita, db):
    incident = IncidentFactory(status="published")
    client = client_for(rita)
    assert "comment" in act(client, incident, "send-back").json()["errors"]
    assert "reason" in act(client, incident, "retract").json()["errors"]
    misplaced = act(client, incident, "retract", {"comment": "wrong field"})
    assert misplaced.status_code == 400 and "comment" in misplaced.json()["errors"]
    done = act(client, incident, "retract", {"reason": "The base was not hit."})
    assert done.status_code == 200 and done.json()["status"] == "retracted"


def test_a_review_action_needs_the_current_etag(client_for, rita, db):
    incident = IncidentFactory(status="published")
    client = client_for(rita)
    missing = client.post(URL.format(incident.public_id, "retract"), {"reason": "x"}, format="json")
    assert missing.status_code == 428
    stale = act(client, incident, "retract", {"reason": "x"}, version=7)
    assert stale.status_code == 412 and stale.json()["version"] == 1


def test_long_reasons_are_kept_in_history(client_for, rita, db):
    # The history column was varchar(100): a 150-character reason was a 500 on PostgreSQL.
    incident = IncidentFactory(status="published")
    reason = "The second source retracted its report; " * 4
    response = act(client_for(rita), incident, "retract", {"reason": reason})
    assert response.status_code == 200
    assert reason.strip() in incident.history.first().history_change_reason
