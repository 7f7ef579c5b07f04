"""Who may open each editor page and perform each action: anonymous visitors are sent to sign
in, bob (no role) is refused, alice (editor) writes drafts, rita (reviewer) and root (admin)
also publish, send back, retract and merge. Refused actions change nothing."""

import pytest
from django.test import Client

from incidents.models import Incident
from sources.models import Citation, SourceArticle

from .conftest import incident_form_data, seed_text

pytestmark = pytest.mark.django_db

EDITOR_PAGES = [
    "/editor/",
    "/editor/sources/new/",
    "/editor/sources/{src}/",
    "/editor/sources/{src}/incidents/new/",
    "/editor/incidents/SLV-S0000001/",
    "/editor/incidents/SLV-S0000001/edit/",
    "/editor/incidents/SLV-S0000001/history/",
    "/editor/lookup/places/?q=asad",
    "/editor/lookup/actors/?q=resistance",
    "/editor/places/new/",
    "/editor/actors/new/",
]
REVIEWER_PAGES = ["/editor/review/", "/editor/incidents/SLV-S0000001/merge/"]
USERS = ["anonymous", "bob", "alice", "rita", "root"]


def client_for(request, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("page", EDITOR_PAGES + REVIEWER_PAGES)
def test_pages(request, db, who, page):
    # Roles are checked before anything is looked up, so only permitted users need the data.
    src = request.getfixturevalue("seed000").pk if who in ("alice", "rita", "root") else 1
    url = page.format(src=src)
    response = client_for(request, who).get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/editor/login/?next=")
    elif who == "bob" or (who == "alice" and page in REVIEWER_PAGES):
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def _intake(src):
    return (
        "/editor/sources/new/",
        {"text": seed_text(1), "language": "ar"},
        (lambda: SourceArticle.objects.count() == 2),
    )


def _cite(src):
    other = SourceArticle.objects.create(title="Other", text="سقوط صاروخ على القاعدة")
    return (
        f"/editor/sources/{other.pk}/cite/",
        {
            "incident": "SLV-S0000001",
            "quote": "سقوط صاروخ",
            "role": "main",
            "place": "[ain-al-asad]",
            "date_start": "2022-01-04",
            "date_precision": "1",
            "weapon": "drone",
        },
        lambda: Citation.objects.filter(article=other).exists(),
    )


def _create(src):
    data = incident_form_data(Incident.objects.get(public_id="SLV-S0000001"))
    data.update(quote="طائرتين مسيّرتين مفخختين", role="main")
    return f"/editor/sources/{src}/incidents/new/", data, lambda: Incident.objects.count() == 3


def _edit(src):
    incident = Incident.objects.get(public_id="SLV-S0000001")
    return (
        "/editor/incidents/SLV-S0000001/edit/",
        incident_form_data(incident, weapon_detail="edited by the test"),
        lambda: Incident.objects.get(pk=incident.pk).weapon_detail == "edited by the test",
    )


def _review(action, status, comment="checked"):
    def build(src):
        incident = Incident.objects.get(public_id="SLV-S0000001")
        if status == "published":  # start from a draft so publishing changes something
            Incident.objects.filter(pk=incident.pk).update(status="draft")
        return (
            f"/editor/incidents/SLV-S0000001/{action}/",
            {"version": incident.version, "comment": comment},
            lambda: Incident.objects.get(pk=incident.pk).status == status,
        )

    return build


def _merge(src):
    into = Incident.objects.get(public_id="SLV-S0000001")
    return (
        "/editor/incidents/SLV-S0000001/merge/",
        {"version": into.version, "duplicate": "SLV-S0000002", "reason": "same"},
        lambda: not Incident.objects.filter(public_id="SLV-S0000002").exists(),
    )


EDITOR_ACTIONS = {"intake": _intake, "cite": _cite, "create": _create, "edit": _edit}
REVIEWER_ACTIONS = {
    "publish": _review("publish", "published"),
    "send-back": _review("send-back", "draft"),
    "retract": _review("retract", "retracted"),
    "merge": _merge,
}


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("action", [*EDITOR_ACTIONS, *REVIEWER_ACTIONS])
def test_actions(request, seed000, who, action):
    build = {**EDITOR_ACTIONS, **REVIEWER_ACTIONS}[action]
    url, data, done = build(seed000.pk)
    response = client_for(request, who).post(url, data)
    allowed = who in ("rita", "root") or (who == "alice" and action in EDITOR_ACTIONS)
    if allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert done()
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        if who == "anonymous":
            assert response["Location"].startswith("/editor/login/")
        assert not done()


def test_login_and_logout_pages(alice):
    client = Client()
    assert client.get("/editor/login/").status_code == 200
    response = client.post(
        "/editor/login/", {"username": "alice", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and response["Location"] == "/editor/"
    assert client.get("/editor/").status_code == 200
    assert client.post("/editor/logout/").status_code == 302
    assert client.get("/editor/").status_code == 302
