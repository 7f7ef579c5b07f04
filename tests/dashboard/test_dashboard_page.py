"""The dashboard page itself: filter options rendered server-side, data URLs in data-*
attributes, no inline script, and the state of a shared link pre-filled."""

import re

from incidents.models import Place
from tests.factories import ActorFactory, PlaceFactory


def test_filter_options_and_data_urls(client, demo, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="f-place-text" role="combobox"' in page  # places are typed, not listed
    assert 'value="ain-al-asad"' not in page
    assert '<option value="IQ"' in page and '<option value="SY"' in page  # countries
    assert 'value="drone"' in page and 'value="rocket"' in page  # weapons
    assert 'data-clusters-url="/api/v1/incidents/clusters/"' in page
    assert 'data-timeline-url="/api/v1/incidents/timeline/"' in page
    assert 'data-list-url="/api/v1/incidents/"' in page
    assert 'data-first="2021-06-06"' in page


def test_no_inline_script_and_no_cdn(client, db):
    page = client.get("/").content.decode()
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "http://" not in page.replace('xmlns="http://www.w3.org', "")
    assert "https://" not in page
    assert 'data-tile-url=""' in page  # tests run offline: no tile layer


def test_shared_link_prefills_the_form(client, db):
    PlaceFactory(slug="harir", name_en="Harir Air Base", name_ar="قاعدة حرير الجوية")
    page = client.get("/?date_from=2022-01-01&weapon=drone,rocket&place=harir&intercepted=true")
    page = page.content.decode()
    assert 'value="2022-01-01"' in page
    assert re.search(r'value="drone"\s+checked', page)
    assert re.search(r'value="rocket"\s+checked', page)
    assert '<input type="hidden" id="f-place" name="place" value="harir">' in page
    assert re.search(r'id="f-place-text"[^>]*value="Harir Air Base"', page)
    assert re.search(r'name="intercepted" value="true"\s+checked', page)


def test_garbage_query_string_is_not_an_error(client, db):
    response = client.get("/?date_from=notadate&weapon=drone,laser&place=<script>&q=" + "x" * 5000)
    assert response.status_code == 200
    assert "<script>&" not in response.content.decode()


def test_a_nul_character_is_refused_with_its_parameter_named(client, db):
    # No Salvo text may hold NUL (PostgreSQL cannot store it); one guard answers for every page.
    response = client.get("/?weapon=%00")
    assert response.status_code == 400
    assert "weapon" in response.content.decode()


def test_arabic_names_in_options(client, db):
    ActorFactory(slug="kh", name_en="Kataib Hezbollah", name_ar="كتائب حزب الله")
    client.cookies["django_language"] = "ar"
    page = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "كتائب حزب الله" in page and "Kataib Hezbollah" not in page


def test_arabic_interface_is_translated(client, db):
    client.cookies["django_language"] = "ar"
    page = client.get("/").content.decode()
    assert "لوحة المتابعة" in page  # the nav
    assert "طائرة مسيّرة" in page  # weapon labels
    assert "الفترة" in page  # filter legends


def test_a_shared_link_shows_the_place_name_in_arabic(client, db):
    PlaceFactory(slug="harir", name_en="Harir Air Base", name_ar="قاعدة حرير الجوية")
    client.cookies["django_language"] = "ar"
    page = client.get("/?place=harir").content.decode()
    assert re.search(r'id="f-place-text"[^>]*value="قاعدة حرير الجوية"', page)


def test_an_unknown_place_in_a_link_is_kept_but_not_named(client, db):
    page = client.get("/?place=nowhere").content.decode()
    assert '<input type="hidden" id="f-place" name="place" value="nowhere">' in page
    assert re.search(r'id="f-place-text"[^>]*value=""', page)


def test_the_page_does_not_grow_with_the_gazetteer(client, db, django_assert_num_queries):
    """No per-place options: the places are looked up as the user types, so neither the query
    count nor the HTML follows the size of the gazetteer."""
    PlaceFactory(slug="only-one", country="IQ")
    with django_assert_num_queries(3):
        small = client.get("/").content.decode()
    Place.objects.bulk_create(
        Place(
            slug=f"synthetic-{i}",
            name_en=f"Synthetic Place {i}",
            name_ar=f"مكان تجريبي {i}",
            kind="military_base",
            country="SY" if i % 2 else "IQ",
            latitude=33.0,
            longitude=44.0,
        )
        for i in range(300)
    )
    with django_assert_num_queries(3):
        big = client.get("/").content.decode()
    assert "synthetic-" not in big and "Synthetic Place" not in big
    assert big.count("<option") == small.count("<option") + 1  # Syria joins the countries
    assert '<option value="SY"' in big
    assert len(big) - len(small) < 200
    # A chosen place costs one more query, still whatever the number of places.
    with django_assert_num_queries(4):
        chosen = client.get("/?place=synthetic-7").content.decode()
    assert 'value="Synthetic Place 7"' in chosen and "Synthetic Place 8" not in chosen
