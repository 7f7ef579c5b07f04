"""Every editor form refuses a POST without the CSRF token, even from a signed-in reviewer."""

import pytest
from django.test import Client

from incidents.models import Incident

pytestmark = pytest.mark.django_db

POSTS = [
    "/editor/sources/new/",
    "/editor/sources/{src}/cite/",
    "/editor/sources/{src}/incidents/new/",
    "/editor/incidents/SLV-S0000001/edit/",
    "/editor/incidents/SLV-S0000001/claims/",
    "/editor/incidents/SLV-S0000001/attributions/",
    "/editor/incidents/SLV-S0000001/revert/",
    "/editor/incidents/SLV-S0000001/publish/",
    "/editor/incidents/SLV-S0000001/send-back/",
    "/editor/incidents/SLV-S0000001/retract/",
    "/editor/incidents/SLV-S0000001/merge/",
    "/editor/places/new/",
    "/editor/actors/new/",
    "/editor/logout/",
]


@pytest.fixture
def strict_rita(rita):
    client = Client(enforce_csrf_checks=True)
    client.force_login(rita)
    return client


@pytest.mark.parametrize("url", POSTS)
def test_post_without_token_is_refused(seed000, strict_rita, url):
    version = Incident.objects.get(public_id="SLV-S0000001").version
    response = strict_rita.post(
        url.format(src=seed000.pk),
        {"version": version, "comment": "x", "duplicate": "SLV-S0000002"},
    )
    assert response.status_code == 403
    assert Incident.objects.get(public_id="SLV-S0000001").version == version
    assert Incident.objects.filter(public_id="SLV-S0000002").exists()


def test_post_with_token_from_the_page_is_accepted(seed000, strict_rita):
    page = strict_rita.get("/editor/incidents/SLV-S0000001/")
    token = page.context["csrf_token"]
    incident = Incident.objects.get(public_id="SLV-S0000001")
    Incident.objects.filter(pk=incident.pk).update(status="draft")
    response = strict_rita.post(
        "/editor/incidents/SLV-S0000001/publish/",
        {"version": incident.version, "comment": "", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Incident.objects.get(pk=incident.pk).status == "published"
