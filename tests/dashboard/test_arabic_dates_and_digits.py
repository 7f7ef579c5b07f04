"""The dashboard's period typed day first in Arabic, and the reader's choice of digits: shown
numbers and dates follow it, while URLs, data attributes and the API keep Western digits."""

import datetime as dt

import pytest

from tests.factories import CitationFactory, IncidentFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic(client):
    client.cookies["django_language"] = "ar"
    return client


def test_period_typed_day_first_in_arabic_digits_becomes_iso_in_the_address(arabic):
    response = arabic.get(
        "/", {"date_from": "٠٥/٠٣/٢٠٢٢", "date_to": "2022-03-31", "weapon": "drone"}
    )
    assert response.status_code == 302
    assert response.url == "/?date_from=2022-03-05&date_to=2022-03-31&weapon=drone"


def test_iso_period_is_shown_day_first_in_arabic_and_iso_in_english(client, arabic):
    html = arabic.get("/", {"date_from": "2022-03-05"}).content.decode()
    assert 'type="text" placeholder="يوم/شهر/سنة"' in html
    assert 'value="05/03/2022"' in html
    client.cookies["django_language"] = "en"
    html = client.get("/", {"date_from": "2022-03-05"}).content.decode()
    assert 'type="date"' in html and 'value="2022-03-05"' in html


def test_bad_period_is_an_error_naming_the_box_and_keeps_what_was_typed(arabic):
    response = arabic.get("/", {"date_from": "31/02/2022", "date_to": "٠١/٠٤/٢٠٢٢"}, follow=True)
    # The box that holds a date is normalised; the wrong one stays as typed.
    assert response.redirect_chain == [("/?date_from=31%2F02%2F2022&date_to=2022-04-01", 302)]
    boxes = response.context["period"]
    assert boxes["date_from"]["value"] == "31/02/2022"
    assert boxes["date_from"]["error"].startswith("من: «31/02/2022» ليس تاريخًا.")
    assert boxes["date_to"]["error"] == ""
    html = response.content.decode()
    assert 'value="31/02/2022"' in html and 'aria-invalid="true"' in html


def test_digits_switch_sets_a_cookie_and_returns_to_the_page(arabic):
    response = arabic.post("/digits/", {"digits": "arab", "next": "/places/?page=2"})
    assert response.status_code == 302 and response.url == "/places/?page=2"
    assert response.cookies["salvo_digits"].value == "arab"
    elsewhere = arabic.post("/digits/", {"digits": "latn", "next": "https://evil.example/"})
    assert elsewhere.url == "/" and elsewhere.cookies["salvo_digits"].value == "latn"


def test_switch_is_offered_only_in_arabic(client, arabic):
    assert 'action="/digits/"' in arabic.get("/").content.decode()
    client.cookies["django_language"] = "en"
    assert 'action="/digits/"' not in client.get("/").content.decode()


def main(response) -> str:
    """The page's own content, without the header's 123/١٢٣ switch."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def incident(db):
    place = PlaceFactory(slug="camp-digits", name_ar="معسكر الأرقام")
    incident = IncidentFactory(place=place, date_start=dt.date(2022, 3, 5), launched=12, killed=3)
    CitationFactory(incident=incident)
    return incident


def test_arabic_page_shows_arabic_month_and_western_digits_by_default(arabic, incident):
    html = main(arabic.get(incident.get_absolute_url()))
    assert "5 مارس، 2022" in html
    assert not any(digit in html for digit in "٠١٢٣٤٥٦٧٨٩")


def test_chosen_arabic_indic_digits_on_the_page_but_not_in_links_or_data(arabic, incident):
    arabic.cookies["salvo_digits"] = "arab"
    html = arabic.get(incident.get_absolute_url()).content.decode()
    assert "٥ مارس، ٢٠٢٢" in html
    assert 'data-digits="arab"' in html
    assert "١٢" in html and "٣" in html  # launched and killed
    # What machines read keeps its digits: the map's coordinates.
    place = incident.place
    assert f'data-lat="{place.latitude:f}"' in html and f'data-lon="{place.longitude:f}"' in html


def test_english_pages_and_the_api_ignore_the_digits_cookie(client, incident):
    client.cookies["salvo_digits"] = "arab"
    client.cookies["django_language"] = "en"
    html = client.get(incident.get_absolute_url()).content.decode()
    assert "March 5, 2022" in html and "٢" not in html and "data-digits" not in html
    client.cookies["django_language"] = "ar"
    api = client.get(f"/api/v1/incidents/{incident.public_id}/").json()
    assert api["date_start"] == "2022-03-05" and api["launched"] == 12
    csv = b"".join(client.get("/api/v1/incidents/", {"format": "csv"}).streaming_content).decode()
    assert "2022-03-05" in csv and "٢" not in csv
