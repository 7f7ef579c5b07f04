"""No lost edits: when two editors change the same incident, the second save is refused with
the fields that changed in between, and the form comes back with everything they typed."""

import pytest

from incidents.models import Incident
from tests.factories import CitationFactory, IncidentFactory

from .conftest import incident_form_data, signed_in

pytestmark = pytest.mark.django_db


def test_second_save_is_refused_and_keeps_the_input(alice, rita):
    incident = CitationFactory(incident=IncidentFactory(status="draft", launched=2)).incident
    url = f"/editor/incidents/{incident.public_id}/edit/"
    first, second = signed_in(alice), signed_in(rita)
    # Both open the form at version 1.
    form_a = incident_form_data(incident, launched="3", reason="AFP says three")
    form_b = incident_form_data(incident, weapon_detail="Katyusha", summary_en="Rita's text")
    assert first.post(url, form_a).status_code == 302

    response = second.post(url, form_b)
    assert response.status_code == 409
    html = response.content.decode()
    assert "someone else changed this incident" in html
    assert "version 1" in html and "version 2" in html
    changes = response.context["conflict"]["changes"]
    assert [(c.field, c.old, c.new) for c in changes] == [("launched", "2", "3")]
    # Nothing rita typed is lost.
    assert "Rita&#x27;s text" in html and 'value="Katyusha"' in html
    incident.refresh_from_db()
    assert (incident.launched, incident.weapon_detail) == (3, "")

    # Having seen the change, she saves again: the form now carries version 2.
    assert response.context["form"]["version"].value() == 2
    retry = {**form_b, "version": 2}
    assert second.post(url, retry).status_code == 302
    incident.refresh_from_db()
    assert (incident.weapon_detail, incident.version) == ("Katyusha", 3)


def test_invalid_edit_shows_errors_next_to_fields(as_alice):
    incident = IncidentFactory(status="draft")
    data = incident_form_data(
        incident,
        launched="2",
        intercepted="5",
        killed_low="4",
        killed="1",
        date_precision="2",
        date_end="",
    )
    response = as_alice.post(f"/editor/incidents/{incident.public_id}/edit/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "date_end" in errors
    html = response.content.decode()
    assert 'value="5"' in html
    assert Incident.objects.get(pk=incident.pk).version == incident.version


def test_model_rules_come_back_as_field_errors(as_alice):
    incident = IncidentFactory(status="draft")
    data = incident_form_data(incident, launched="2", intercepted="5")
    response = as_alice.post(f"/editor/incidents/{incident.public_id}/edit/", data)
    assert response.status_code == 400
    assert "Cannot be more than the 2 launched" in str(response.context["form"].errors)
    # The refused save did not consume a version.
    assert Incident.objects.get(pk=incident.pk).version == incident.version
