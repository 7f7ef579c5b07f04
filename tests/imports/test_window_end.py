"""An attack known only to this week, month or year has a window that ends after today. It
must be recordable, editable and round-trip through the export, while a first day in the
future is still refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from api.exports import csv_chunks
from incidents.models import DatePrecision, Incident, date_window
from tests.editor.conftest import incident_form_data, signed_in
from tests.factories import IncidentFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def this_year() -> tuple[dt.date, dt.date]:
    return date_window(dt.date.today(), DatePrecision.YEAR)


def test_an_attack_known_to_this_year_validates_and_saves():
    start, end = this_year()
    incident = IncidentFactory.build(
        place=PlaceFactory(), date_start=start, date_end=end, date_precision=DatePrecision.YEAR
    )
    incident.full_clean()  # today is before 31 December (or is it): either way no error
    incident.save()
    assert Incident.objects.get(pk=incident.pk).date_end == end


def test_a_first_day_in_the_future_is_still_refused_and_so_is_an_absurd_end():
    later = dt.date.today() + dt.timedelta(days=40)
    future = IncidentFactory.build(
        place=PlaceFactory(),
        date_start=later.replace(day=1),
        date_end=date_window(later, DatePrecision.MONTH)[1],
        date_precision=DatePrecision.MONTH,
    )
    with pytest.raises(ValidationError) as refused:
        future.full_clean()
    assert "future" in str(refused.value.message_dict["date_start"])
    absurd = IncidentFactory.build(
        place=PlaceFactory(),
        date_start=dt.date(2024, 1, 1),
        date_end=dt.date(9999, 12, 31),
        date_precision=DatePrecision.YEAR,
    )
    with pytest.raises(ValidationError) as refused:
        absurd.full_clean()
    assert "future" in str(refused.value.message_dict["date_end"])


def test_an_editor_can_edit_an_incident_known_to_this_year(alice):
    start, end = this_year()
    incident = IncidentFactory(
        status="draft", date_start=start, date_end=end, date_precision=DatePrecision.YEAR
    )
    data = incident_form_data(incident, weapon_detail="long-range", reason="detail")
    response = signed_in(alice).post(f"/editor/incidents/{incident.public_id}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    incident.refresh_from_db()
    assert (incident.weapon_detail, incident.date_end) == ("long-range", end)


def test_the_salvo_export_of_this_years_attack_imports_back(rita, run_import):
    start, end = this_year()
    IncidentFactory(date_start=start, date_end=end, date_precision=DatePrecision.YEAR)
    exported = "".join(csv_chunks(Incident.objects.all(), "http://testserver/", acled=False))
    Incident.objects.all().delete()
    report = run_import(rita, exported, "salvo")
    assert report["error_count"] == 0, report["errors"]
    assert Incident.objects.get().date_end == end
