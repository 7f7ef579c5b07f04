"""Every change of status, through every door, as every role (issues 13 and 16). Only
reviewers (and admins) publish, send back and retract, only through the review actions of the
workspace and the API; an edit (API PATCH/PUT, the admin's change form) never changes the
status; an import publishes only for a reviewer. Each change a reviewer makes is in the
withdrawn feed when it took an incident off the public record."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from incidents.models import Incident, StatusChange
from tests.factories import CitationFactory, IncidentFactory
from tests.imports.conftest import acled_csv
from tests.incidents.test_admin import _incident_form

ROLES = ["anonymous", "bob", "alice", "rita", "root"]
DECIDERS = {"rita", "root"}

# (action, status before, status after, the note field)
ACTIONS = [
    ("publish", "draft", "published", "comment"),
    ("send-back", "published", "draft", "comment"),
    ("retract", "published", "retracted", "reason"),
]


@pytest.fixture
def people(request, bob, alice, rita, root):
    return {"anonymous": None, "bob": bob, "alice": alice, "rita": rita, "root": root}


def cited(status: str) -> Incident:
    reason = "Sources withdrew the report." if status == "retracted" else ""
    incident = IncidentFactory(status=status, status_reason=reason)
    CitationFactory(incident=incident)
    return incident


def status_of(incident) -> str:
    return Incident.objects.values_list("status", flat=True).get(pk=incident.pk)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "before", "after", "note"), ACTIONS)
def test_the_workspace_review_actions(people, role, action, before, after, note):
    incident = cited(before)
    client = Client()
    if people[role]:
        client.force_login(people[role])
    client.post(
        f"/editor/incidents/{incident.public_id}/{action}/",
        {"version": incident.version, "comment": "Checked against two sources."},
    )
    assert status_of(incident) == (after if role in DECIDERS else before)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "before", "after", "note"), ACTIONS)
def test_the_api_review_actions(people, role, action, before, after, note):
    incident = cited(before)
    client = APIClient()
    if people[role]:
        client.force_authenticate(people[role])
    response = client.post(
        f"/api/v1/incidents/{incident.public_id}/{action}/",
        {note: "Checked against two sources."},
        format="json",
        HTTP_IF_MATCH=f'"{incident.version}"',
    )
    expected = 200 if role in DECIDERS else (401, 403)
    assert response.status_code in ((expected,) if expected == 200 else expected)
    assert status_of(incident) == (after if role in DECIDERS else before)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("before", "wanted"), [("published", "draft"), ("retracted", "draft"), ("draft", "published")]
)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_an_api_edit_never_changes_the_status(people, role, before, wanted, method):
    incident = cited(before)
    client = APIClient()
    if people[role]:
        client.force_authenticate(people[role])
    body = {
        "status": wanted,
        "date_start": "2022-01-04",
        "place": incident.place.slug,
        "weapon": "drone",
    }
    response = getattr(client, method)(
        f"/api/v1/incidents/{incident.public_id}/",
        body,
        format="json",
        HTTP_IF_MATCH=f'"{incident.version}"',
    )
    assert response.status_code in (400, 401, 403, 404)
    assert status_of(incident) == before


@pytest.mark.parametrize("role", ["alice", "rita", "root"])
@pytest.mark.parametrize(
    ("before", "wanted"),
    [("draft", "published"), ("published", "draft"), ("retracted", "published")],
)
def test_the_admin_change_form_never_changes_the_status(people, role, before, wanted):
    incident = cited(before)
    client = Client()
    client.force_login(people[role])
    form = _incident_form(incident, weapon_detail="edited in the admin")
    form["status"], form["status_reason"] = wanted, "typed into the admin"
    response = client.post(f"/admin/incidents/incident/{incident.pk}/change/", form)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.weapon_detail == "edited in the admin"  # the edit itself went through
    assert incident.status == before
    assert incident.status_reason != "typed into the admin"


@pytest.mark.parametrize("role", ["alice", "rita", "root"])
def test_an_admin_add_is_always_a_draft(people, role):
    place = IncidentFactory().place
    client = Client()
    client.force_login(people[role])
    form = {
        "status": "published",
        "date_start": "2022-02-01",
        "date_precision": 1,
        "place": place.pk,
        "location_precision": 1,
        "weapon": "rocket",
        **{
            f"{p}-{k}": 0
            for p in ("citations", "claims", "attributions")
            for k in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post("/admin/incidents/incident/add/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = Incident.objects.get(weapon="rocket")
    assert added.status == "draft"
    assert StatusChange.objects.get(incident=added).to_status == "draft"


@pytest.mark.parametrize("role", ["bob", "alice", "rita", "root"])
def test_an_import_publishes_only_for_a_reviewer(people, role, settings, tmp_path):
    settings.SALVO_IMPORT_INLINE = True
    settings.DATA_DIR = tmp_path
    client = Client()
    client.force_login(people[role])
    upload = SimpleUploadedFile("events.csv", acled_csv({}).encode(), content_type="text/csv")
    client.post("/editor/imports/", {"file": upload, "format": "acled", "publish": "on"})
    published = Incident.objects.filter(status="published").count()
    assert published == (1 if role in DECIDERS else 0)


def test_the_withdrawn_feed_hears_of_every_door(rita, root):
    api = APIClient()
    api.force_authenticate(rita)
    through_api = cited("published")
    api.post(
        f"/api/v1/incidents/{through_api.public_id}/retract/",
        {"reason": "Not an attack on the base."},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    through_workspace = cited("published")
    workspace = Client()
    workspace.force_login(rita)
    workspace.post(
        f"/editor/incidents/{through_workspace.public_id}/send-back/",
        {"version": 1, "comment": "Check the date."},
    )
    through_admin = cited("published")
    admin = Client()
    admin.force_login(root)
    admin.post(f"/admin/incidents/incident/{through_admin.pk}/delete/", {"post": "yes"})
    rows = (
        Client()
        .get("/api/v1/incidents/withdrawn/", {"updated_since": "2000-01-01T00:00:00Z"})
        .json()["results"]
    )
    assert {r["public_id"]: r["reason"] for r in rows} == {
        through_api.public_id: "retracted",
        through_workspace.public_id: "unpublished",
        through_admin.public_id: "deleted",
    }
