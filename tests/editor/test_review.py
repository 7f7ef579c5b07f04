"""Review: the queue, publishing (only with a source), sending back with a comment, retracting
with a reason. The public sees only what is published."""

import pytest
from django.test import Client

from editor.models import ReviewNote
from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return CitationFactory(incident=IncidentFactory(status=Incident.Status.DRAFT)).incident


def post(client, incident, action, **data):
    return client.post(
        f"/editor/incidents/{incident.public_id}/{action}/",
        {"version": incident.version, **data},
        follow=True,
    )


def test_queue_lists_drafts_and_changed_published_incidents(
    as_rita, draft, rita, alice, django_assert_num_queries
):
    published = CitationFactory().incident
    post(as_rita, published, "send-back", comment="check the date")
    published.refresh_from_db()
    post(as_rita, published, "publish")
    published.refresh_from_db()
    from incidents.services import incident_update

    incident_update(
        incident=published,
        user=alice,
        expected_version=published.version,
        changes={"weapon_detail": "Shahed"},
    )
    IncidentFactory(status=Incident.Status.DRAFT)
    # Session, user, role check, drafts, changed: the same however long the queue is.
    with django_assert_num_queries(5):
        response = as_rita.get("/editor/review/")
    drafts, changed = response.context["drafts"], response.context["changed"]
    assert len(drafts) == 2 and draft in drafts
    assert list(changed) == [published]


def test_publish_makes_it_public(as_rita, draft):
    assert Client().get(f"/api/v1/incidents/{draft.public_id}/").status_code == 404
    response = post(as_rita, draft, "publish", comment="")
    assert "Published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "published"
    assert ReviewNote.objects.get(incident=draft).action == "publish"
    assert Incident.objects.published().filter(pk=draft.pk).exists()


def test_publishing_without_a_source_is_refused(as_rita):
    bare = IncidentFactory(status=Incident.Status.DRAFT)
    response = post(as_rita, bare, "publish")
    assert "Cite at least one source" in response.content.decode()
    bare.refresh_from_db()
    assert bare.status == "draft"


def test_send_back_needs_a_comment_and_shows_it(as_rita, as_alice, draft):
    response = post(as_rita, draft, "send-back", comment="")
    assert "Say what the editor should change" in response.content.decode()
    post(as_rita, draft, "send-back", comment="Which day? The text says Monday.")
    draft.refresh_from_db()
    assert (draft.status, draft.status_reason) == ("draft", "Which day? The text says Monday.")
    page = as_alice.get(f"/editor/incidents/{draft.public_id}/").content.decode()
    assert "Which day? The text says Monday." in page


def test_retract_needs_a_reason_and_hides_it_from_the_public(as_rita):
    incident = CitationFactory().incident
    post(as_rita, incident, "retract", comment="")
    incident.refresh_from_db()
    assert incident.status == "published"
    post(as_rita, incident, "retract", comment="The source withdrew the report.")
    incident.refresh_from_db()
    assert (incident.status, incident.status_reason) == (
        "retracted",
        "The source withdrew the report.",
    )
    assert not Incident.objects.published().filter(pk=incident.pk).exists()


def test_stale_decision_is_refused(as_rita, draft, alice):
    from incidents.services import incident_update

    seen = draft.version
    incident_update(
        incident=draft,
        user=alice,
        expected_version=seen,
        changes={"weapon_detail": "changed meanwhile"},
    )
    response = as_rita.post(
        f"/editor/incidents/{draft.public_id}/publish/", {"version": seen}, follow=True
    )
    assert "changed by someone else" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_review_buttons_are_only_shown_to_reviewers(as_alice, as_rita, draft):
    url = f"/editor/incidents/{draft.public_id}/"
    assert "/publish/" not in as_alice.get(url).content.decode()
    assert "/publish/" in as_rita.get(url).content.decode()
