"""The incident as editors see it, with its sources, claims and attributions."""

import pytest

from incidents.models import Attribution, Claim

pytestmark = pytest.mark.django_db


def test_page_query_count_is_constant(seed000, as_alice, django_assert_num_queries):
    # Session, user, role x2, incident, citations, claims, attributions, notes, forces,
    # merged-from, and the claim/attribution forms' source lists and actor lookups.
    with django_assert_num_queries(13):
        response = as_alice.get("/editor/incidents/SLV-S0000001/")
    assert response.status_code == 200
    assert "تم اعتراض طائرتين" in response.content.decode()


def test_add_claim_typed_in_arabic(seed000, as_alice, alice):
    response = as_alice.post(
        "/editor/incidents/SLV-S0000001/claims/",
        {
            "claim-actor": "المقاومة الإسلامية في العراق",
            "claim-channel": "telegram",
            "claim-source": seed000.pk,
            "claim-quote": "",
        },
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.actor.slug == "islamic-resistance-in-iraq"
    assert claim.history.get().history_user == alice


def test_attribution_needs_a_source_unless_analyst(seed000, as_alice):
    data = {
        "attr-actor": "[iran-backed-militias]",
        "attr-attributed_by": "us_official",
        "attr-source": "",
    }
    response = as_alice.post("/editor/incidents/SLV-S0000001/attributions/", data)
    assert response.status_code == 400
    assert "Name the article that reports this attribution" in response.content.decode()
    data["attr-source"] = seed000.pk
    assert as_alice.post("/editor/incidents/SLV-S0000001/attributions/", data).status_code == 302
    assert Attribution.objects.get().actor.slug == "iran-backed-militias"


def test_unknown_incident_is_404(as_alice, db):
    assert as_alice.get("/editor/incidents/SLV-NOPE/").status_code == 404
