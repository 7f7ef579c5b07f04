"""A client that mirrors Salvo over HTTP never drifts from the public catalogue (issue 14): a
real server, the plain-`requests` client in sync_client.py, and every kind of change through
every door between two pulls — API edits, citations and retractions, the workspace's send-back,
publish and merge, the admin's edits and deletion, an article retitled, an import. After the
second pull the copy must equal what a client starting from nothing would get."""

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.authtoken.models import Token

from incidents.models import Incident
from incidents.services import source_update
from tests.factories import CitationFactory, IncidentFactory, OutletFactory, SourceArticleFactory
from tests.imports.conftest import acled_csv
from tests.incidents.test_admin import _incident_form

from .sync_client import Mirror


def cited(**fields) -> Incident:
    incident = IncidentFactory(**fields)
    CitationFactory(incident=incident, article=SourceArticleFactory(outlet=OutletFactory()))
    return incident


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def server(live_server, settings, tmp_path):
    settings.SALVO_IMPORT_INLINE = True
    settings.DATA_DIR = tmp_path
    return f"{live_server.url}/api/v1"


def test_the_mirror_equals_the_public_catalogue_after_changes_through_every_door(
    server, alice, rita, root
):
    public = [cited() for _ in range(8)]
    draft = cited(status="draft")
    mirror = Mirror(server)
    mirror.pull()
    assert set(mirror.incidents) == {i.public_id for i in public}

    editor = requests.Session()
    editor.headers["Authorization"] = f"Bearer {Token.objects.create(user=alice).key}"
    reviewer = requests.Session()
    reviewer.headers["Authorization"] = f"Bearer {Token.objects.create(user=rita).key}"
    edited, recited, retracted, sent_back, survivor, duplicate, in_admin, gone = public

    # The API: an edit, a new citation, a retraction.
    patch = editor.patch(
        f"{server}/incidents/{edited.public_id}/",
        json={"weapon_detail": "107 mm", "reason": "second source"},
        headers={"If-Match": '"1"'},
    )
    assert patch.status_code == 200, patch.text
    article = SourceArticleFactory(text="سقطت ثلاثة صواريخ قرب القاعدة")
    cite = editor.post(
        f"{server}/citations/",
        json={"article": article.pk, "incident": recited.public_id, "quote": "ثلاثة صواريخ"},
    )
    assert cite.status_code == 201, cite.text
    retract = reviewer.post(
        f"{server}/incidents/{retracted.public_id}/retract/",
        json={"reason": "Not an attack on the base."},
        headers={"If-Match": '"1"'},
    )
    assert retract.status_code == 200, retract.text

    # The workspace: a send-back, a draft published, a merge.
    workspace = as_user(rita)
    workspace.post(
        f"/editor/incidents/{sent_back.public_id}/send-back/",
        {"version": 1, "comment": "Check the date."},
    )
    workspace.post(
        f"/editor/incidents/{draft.public_id}/publish/", {"version": 1, "comment": "Checked."}
    )
    workspace.post(
        f"/editor/incidents/{survivor.public_id}/merge/",
        {"version": 1, "duplicate": duplicate.public_id, "reason": "same attack"},
    )

    # The admin: an edit and a deletion; a cited article retitled.
    admin = as_user(root)
    in_admin.refresh_from_db()
    form = _incident_form(in_admin, weapon_detail="edited in the admin")
    assert admin.post(f"/admin/incidents/incident/{in_admin.pk}/change/", form).status_code == 302
    source_update(
        article=edited.citations.get().article,
        user=root,
        changes={"title": "A corrected headline"},
    )
    admin.post(f"/admin/incidents/incident/{gone.pk}/delete/", {"post": "yes"})

    # An import, published by a reviewer.
    upload = SimpleUploadedFile("events.csv", acled_csv({}).encode(), content_type="text/csv")
    workspace.post("/editor/imports/", {"file": upload, "format": "acled", "publish": "on"})

    changed = mirror.pull()
    truth = Mirror(server)
    truth.pull()
    assert mirror.incidents == truth.incidents
    # What a sync client must have noticed, each in its own way.
    assert duplicate.public_id not in mirror.incidents and gone.public_id not in mirror.incidents
    assert retracted.public_id not in mirror.incidents
    assert sent_back.public_id not in mirror.incidents
    assert draft.public_id in mirror.incidents
    assert mirror.incidents[edited.public_id]["weapon_detail"] == "107 mm"
    assert mirror.incidents[recited.public_id]["source_count"] == 2
    assert mirror.incidents[in_admin.public_id]["weapon_detail"] == "edited in the admin"
    assert len(mirror.incidents) == 8 - 4 + 1 + 1  # four withdrawn, one published, one imported
    assert changed["removed"] == 4

    # A third pull with nothing changed brings nothing new.
    again = mirror.pull()
    assert again["removed"] == 0 and mirror.incidents == truth.incidents
