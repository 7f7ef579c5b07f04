"""The base page: its profile, attack history including the places inside it, public only."""

import datetime as dt

from incidents.models import Incident
from tests.factories import IncidentFactory, PlaceFactory


def test_demo_airport_counts_places_inside_it(client, demo, django_assert_num_queries):
    with django_assert_num_queries(6):
        response = client.get("/places/baghdad-international-airport/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "مطار بغداد الدولي" in page and "Baghdad International Airport" in page  # both scripts
    assert 'href="/places/victory-base/"' in page  # a place inside it
    # Its own incident plus those at Victory Base and the diplomatic support centre.
    assert page.split('data-testid="total"')[1].startswith(">3")
    assert 'class="tempo-bar"' in page


def test_first_last_weapons_and_tempo(client, db, django_assert_num_queries):
    base = PlaceFactory(slug="harir", name_en="Harir Air Base")
    inside = PlaceFactory(slug="harir-east", parent=base)
    IncidentFactory(place=base, date_start=dt.date(2023, 1, 5), weapon="rocket")
    IncidentFactory(place=inside, date_start=dt.date(2023, 3, 9), weapon="drone")
    IncidentFactory(place=inside, date_start=dt.date(2023, 3, 20), weapon="drone")
    IncidentFactory(place=base, status=Incident.Status.DRAFT, date_start=dt.date(2024, 1, 1))
    for _ in range(5):  # more rows must not mean more queries
        IncidentFactory(place=base, date_start=dt.date(2022, 12, 1))
    with django_assert_num_queries(6):
        page = client.get("/places/harir/").content.decode()
    assert page.split('data-testid="first"')[1].split("</dd>")[0].endswith("Dec. 1, 2022")
    assert page.split('data-testid="last"')[1].split("</dd>")[0].endswith("March 20, 2023")
    assert page.split('data-testid="total"')[1].startswith(">8")  # the draft is not counted
    # Dec, Jan, Feb (empty), Mar: four monthly bars, empty months kept so time is to scale.
    assert page.count('class="tempo-bar"') == 4
    assert "February 2023: 0" in page


def test_unknown_place_is_404(client, db):
    assert client.get("/places/nowhere/").status_code == 404


def test_place_names_are_escaped(client, db):
    place = PlaceFactory(
        name_en="<script>alert(1)</script>", aliases=["<img src=x onerror=alert(1)>"]
    )
    page = client.get(place.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_countries_are_named_in_the_readers_language(client, db):
    PlaceFactory(slug="harir", name_en="Harir Air Base", country="IQ", admin1="Erbil")
    PlaceFactory(slug="far", name_en="Far Away", country="NZ")  # no name in Salvo: the code
    english = client.get("/places/harir/").content.decode()
    assert "<bdi>Iraq</bdi>, <bdi>Erbil</bdi>" in english
    client.cookies["django_language"] = "ar"
    arabic = client.get("/places/harir/").content.decode()
    assert "<bdi>العراق</bdi>، <bdi>Erbil</bdi>" in arabic
    index = client.get("/places/").content.decode()
    assert "<bdi>العراق</bdi>" in index and "<bdi>NZ</bdi>" in index
    assert ">IQ<" not in index
