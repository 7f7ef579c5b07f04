"""Places and actors are found by typing in either script, and a missing one can be added."""

import pytest

from incidents.models import Actor, Place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["عين الاسد", "عين الأسد", "Ayn al-Asad", "al asad airbase"])
def test_place_lookup_in_either_script(demo, as_alice, typed, django_assert_num_queries):
    with django_assert_num_queries(4):  # session, user, role, places
        response = as_alice.get("/editor/lookup/places/", {"q": typed})
    slugs = [row["slug"] for row in response.json()["results"]]
    assert slugs == ["ain-al-asad"]
    assert response.json()["results"][0]["label"] == (
        "Ain al-Asad Air Base — قاعدة عين الأسد الجوية [ain-al-asad]"
    )


def test_actor_lookup_and_empty_query(demo, as_alice):
    found = as_alice.get("/editor/lookup/actors/", {"q": "المقاومة الإسلامية"}).json()["results"]
    assert any("islamic-resistance" in row["slug"] for row in found)
    assert as_alice.get("/editor/lookup/actors/").json() == {"results": []}


def test_lookup_escapes_nothing_and_survives_junk(demo, as_alice):
    response = as_alice.get("/editor/lookup/places/", {"q": "'\"<>%_\\" * 40})
    assert response.status_code == 200 and response.json() == {"results": []}


def test_add_place_with_coordinates(demo, as_alice, alice):
    response = as_alice.post(
        "/editor/places/new/",
        {
            "name_en": "Mission Support Site Euphrates",
            "name_ar": "موقع دعم الفرات",
            "aliases_text": "MSS Euphrates\nقاعدة الفرات",
            "kind": "support_site",
            "parent": "",
            "country": "SY",
            "admin1": "Deir ez-Zor",
            "latitude": "35.08",
            "longitude": "40.43",
            "location_precision": "2",
            "next": "/editor/sources/1/?place=x",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/editor/sources/1/?place=x"
    place = Place.objects.get(slug="mission-support-site-euphrates")
    assert place.aliases == ["MSS Euphrates", "قاعدة الفرات"]
    assert place.history.get().history_user == alice
    assert Place.objects.matching("الفرات").get() == place


def test_add_place_with_bad_values_keeps_input(demo, as_alice):
    response = as_alice.post(
        "/editor/places/new/",
        {
            "name_en": "Somewhere",
            "name_ar": "مكان",
            "kind": "camp",
            "country": "iraq",
            "latitude": "123",
            "longitude": "east",
            "location_precision": "1",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"country", "latitude", "longitude"} <= set(errors)
    assert 'value="Somewhere"' in response.content.decode()
    assert response.context["next"] == ""  # no open redirect
    assert not Place.objects.filter(name_en="Somewhere").exists()


def test_add_actor_under_an_umbrella_typed_in_arabic(demo, as_alice):
    response = as_alice.post(
        "/editor/actors/new/",
        {
            "name_en": "Test Front",
            "name_ar": "جبهة الاختبار",
            "kind": "front_group",
            "parent": "المقاومة الإسلامية في العراق",
            "country": "IQ",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    actor = Actor.objects.get(slug="test-front")
    assert actor.parent.slug.startswith("islamic-resistance")


def test_a_typed_slug_or_exact_name_is_one_place_however_many_share_its_words():
    from editor.forms import place_field
    from tests.factories import PlaceFactory

    # Eight places contain the words "p" and "1"; sorted by name, the one typed comes last,
    # beyond the six fuzzy matches the field looks at.
    wanted = PlaceFactory(slug="p-1", name_en="Zulu outpost 1")
    for i in range(7):
        PlaceFactory(slug=f"p-1{i}", name_en=f"Alpha outpost 1{i}")
    field = place_field(label="Place")
    assert field.clean("p-1") == wanted
    assert field.clean("zulu OUTPOST 1") == wanted
