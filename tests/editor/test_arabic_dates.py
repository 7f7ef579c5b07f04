"""The incident form in Arabic: its date boxes take the date day first in either digit set, and
a wrong date comes back named, with what was typed still in the box."""

import datetime as dt

import pytest

from incidents.models import Incident
from tests.factories import IncidentFactory

from .conftest import incident_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_alice(as_alice):
    as_alice.cookies["django_language"] = "ar"
    return as_alice


def test_edit_form_shows_the_date_day_first_in_arabic(arabic_alice):
    incident = IncidentFactory(status="draft", date_start=dt.date(2022, 1, 4))
    html = arabic_alice.get(f"/editor/incidents/{incident.public_id}/edit/").content.decode()
    assert 'name="date_start" value="04/01/2022"' in html
    assert 'type="date"' not in html


def test_day_first_arabic_digits_are_saved_as_that_day(arabic_alice):
    incident = IncidentFactory(status="draft", date_start=dt.date(2022, 1, 4))
    data = incident_form_data(incident, date_start="٠٥/٠١/٢٠٢٢", date_end="")
    response = arabic_alice.post(f"/editor/incidents/{incident.public_id}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    incident.refresh_from_db()
    assert (incident.date_start, incident.date_end) == (dt.date(2022, 1, 5), dt.date(2022, 1, 5))


def test_bad_date_is_named_in_the_summary_and_kept_in_its_box(arabic_alice):
    incident = IncidentFactory(status="draft", date_start=dt.date(2022, 1, 4))
    data = incident_form_data(incident, date_start="٣١/٠٢/٢٠٢٢", weapon_detail="كاتيوشا")
    response = arabic_alice.post(f"/editor/incidents/{incident.public_id}/edit/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["date_start"]
    html = response.content.decode()
    label = str(form["date_start"].label)
    assert f'<a href="#id_date_start">{label}</a>: «٣١/٠٢/٢٠٢٢» ليس تاريخًا.' in html
    assert 'value="٣١/٠٢/٢٠٢٢"' in html and 'value="كاتيوشا"' in html
    assert Incident.objects.get(pk=incident.pk).date_start == dt.date(2022, 1, 4)


def test_english_form_keeps_the_native_picker(as_alice):
    incident = IncidentFactory(status="draft", date_start=dt.date(2022, 1, 4))
    html = as_alice.get(f"/editor/incidents/{incident.public_id}/edit/").content.decode()
    assert 'type="date" name="date_start" value="2022-01-04"' in html
