"""A small gazetteer written for these tests, so that what they assert does not move when the
demo gazetteer grows."""

import datetime as dt

import pytest

from assistant.engine import suggest
from assistant.gazetteer import Entry, build

PLACES = [
    Entry(1, "iraq", "Iraq", "العراق", ("Republic of Iraq",), "country", None, 5),
    Entry(
        2,
        "anbar",
        "Anbar Governorate",
        "محافظة الأنبار",
        ("Al Anbar", "الانبار"),
        "admin_area",
        1,
        4,
    ),
    Entry(
        3,
        "ain-al-asad",
        "Ain al-Asad Air Base",
        "قاعدة عين الأسد الجوية",
        ("Ayn al-Asad", "Al Asad Airbase", "عين الأسد"),
        "air_base",
        2,
        1,
    ),
    Entry(4, "mosul", "Mosul", "الموصل", ("Mosul city",), "town", 1, 3),
    Entry(
        5,
        "baghdad-airport",
        "Baghdad International Airport",
        "مطار بغداد الدولي",
        ("BIAP", "Baghdad Airport", "مطار بغداد"),
        "airport",
        1,
        1,
    ),
    Entry(
        6,
        "victory-base",
        "Victory Base",
        "قاعدة فكتوري",
        ("Camp Victory", "معسكر النصر"),
        "military_base",
        5,
        1,
    ),
    Entry(7, "harir", "Harir Air Base", "قاعدة حرير الجوية", ("Harir", "حرير"), "air_base", 1, 1),
    Entry(
        8,
        "erbil-airport",
        "Erbil International Airport",
        "مطار أربيل الدولي",
        ("Erbil airport", "مطار اربيل"),
        "airport",
        1,
        1,
    ),
]
ACTORS = [
    Entry(
        1,
        "islamic-resistance-in-iraq",
        "Islamic Resistance in Iraq",
        "المقاومة الإسلامية في العراق",
        ("IRI", "Islamic Resistance"),
        "umbrella",
    ),
    Entry(
        2,
        "kataib-hezbollah",
        "Kataib Hezbollah",
        "كتائب حزب الله",
        ("Kata'ib Hizballah",),
        "armed_group",
    ),
    Entry(
        3,
        "irgc",
        "Islamic Revolutionary Guard Corps",
        "الحرس الثوري الإيراني",
        ("IRGC",),
        "state_force",
    ),
]


@pytest.fixture(scope="session")
def gazetteer():
    return build(PLACES), build(ACTORS)


@pytest.fixture
def read(gazetteer):
    """suggest() over the test gazetteer: read(text, "2024-02-06", language="ar")."""

    def run(text, published=None, language="ar"):
        places, actors = gazetteer
        day = dt.date.fromisoformat(published) if published else None
        return suggest(text, language=language, published=day, places=places, actors=actors)

    return run


def assert_evidence_holds(text: str, result: dict) -> None:
    """Every value the assistant gives has words of the text behind it, at their offsets."""
    for inc in result["incidents"]:
        ev = inc["evidence"]
        for spans in ev.values():
            for span in spans:
                assert text[span["start"] : span["end"]] == span["text"]
        for key in (
            "place",
            "weapon",
            "launched",
            "intercepted",
            "impacted",
            "killed",
            "wounded",
            "launch_site",
        ):
            if inc[key] is not None:
                assert ev.get(key), f"{key} = {inc[key]!r} has no evidence"
        if inc["date_start"] is not None:
            assert ev.get("date")
        if inc["claimed_by"]:
            assert ev.get("claimed_by")
        if inc["attributed_to"]:
            assert ev.get("attributed_to")
