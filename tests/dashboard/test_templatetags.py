import datetime as dt

from django.utils import translation

from dashboard.templatetags.salvo import date_text, name, place_text
from incidents.models import Place


def test_name_follows_the_interface_language_and_falls_back():
    place = Place(name_en="Ain al-Asad", name_ar="عين الأسد")
    with translation.override("ar"):
        assert name(place) == "عين الأسد"
        assert name({"name_en": "Tower 22", "name_ar": ""}) == "Tower 22"
    with translation.override("en"):
        assert name(place) == "Ain al-Asad"


def test_dates_only_as_precise_as_known():
    day = dt.date(2022, 1, 4)
    with translation.override("en"):
        assert date_text(day, day, 1) == "Jan. 4, 2022"
        assert date_text(dt.date(2022, 1, 1), dt.date(2022, 1, 31), 4) == (
            "January 2022 (date known to the month)"
        )
        assert "2022" in date_text(dt.date(2022, 1, 1), dt.date(2022, 12, 31), 5)
        assert date_text(day, dt.date(2022, 1, 6), 2).startswith("between")


def test_place_wording_by_precision():
    place = Place(name_en="Rumelan", name_ar="رميلان")
    with translation.override("en"):
        assert place_text(place, 1) == "Rumelan"
        assert place_text(place, 2) == "near Rumelan"
        assert "province" in place_text(place, 4)
