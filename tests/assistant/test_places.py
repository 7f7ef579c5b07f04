"""Places found through names, aliases and clitics in both scripts (sentences written for
these tests); a base the gazetteer lacks is reported, never mapped to a known one."""

import pytest

from tests.assistant.conftest import assert_evidence_holds


@pytest.mark.parametrize(
    "sentence, slug, language",
    [
        ("سقط صاروخ على قاعدة عين الأسد الجوية", "ain-al-asad", "ar"),
        ("سقط صاروخ على قاعدة عين الاسد", "ain-al-asad", "ar"),  # without hamza
        ("سقط صاروخ بعين الأسد", "ain-al-asad", "ar"),  # with a clitic
        ("سقط صاروخ على معسكر النصر", "victory-base", "ar"),  # an alias
        ("A rocket hit Ayn al-Asad on Monday.", "ain-al-asad", "en"),
        ("A rocket hit the Al Asad Airbase on Monday.", "ain-al-asad", "en"),
        ("Two drones targeted Camp Victory at Baghdad airport.", "victory-base", "en"),
    ],
)
def test_named_base(read, sentence, slug, language):
    (inc,) = read(sentence, "2024-02-06", language=language)["incidents"]
    assert inc["place"]["slug"] == slug
    assert_evidence_holds(sentence, {"incidents": [inc]})


def test_the_more_specific_place_wins(read):
    """The camp at the airport, not the airport; the base, not its province."""
    (inc,) = read("سقط صاروخان على معسكر النصر في مطار بغداد الدولي", "2024-02-06")["incidents"]
    assert inc["place"]["slug"] == "victory-base"
    (inc,) = read("سقط صاروخان على قاعدة عين الأسد في محافظة الأنبار", "2024-02-06")["incidents"]
    assert inc["place"]["slug"] == "ain-al-asad"


def test_near_lowers_location_precision(read):
    exact = read("سقط صاروخ على قاعدة عين الأسد", "2024-02-06")["incidents"][0]
    near = read("سقط صاروخ قرب قاعدة عين الأسد", "2024-02-06")["incidents"][0]
    assert exact["location_precision"] == 1
    assert near["location_precision"] == 2


def test_a_landmark_is_not_the_target(read):
    """ "Harir base, 45 km from Erbil airport": Harir was attacked."""
    (inc,) = read(
        "استهدفت طائرتان مسيرتان قاعدة حرير التي تبعد 45 كيلومترا عن مطار أربيل الدولي فجر اليوم",
        "2024-02-06",
    )["incidents"]
    assert inc["place"]["slug"] == "harir"


def test_unknown_base_is_reported_not_guessed(read):
    result = read("سقط صاروخان على قاعدة الزهراء العسكرية فجر اليوم", "2024-02-06")
    assert all(inc["place"] is None for inc in result["incidents"])
    assert any("الزهراء" in u["text"] for u in result["unmatched_places"])


def test_a_town_with_a_base_word_is_the_area(read):
    (inc,) = read("سقط صاروخ قرب قاعدة عسكرية في مدينة الموصل مساء اليوم", "2024-02-06")[
        "incidents"
    ]
    assert inc["place"]["slug"] == "mosul"


def test_a_town_named_in_passing_is_no_incident(read):
    assert read("زار الوزير الموصل أمس", "2024-02-06")["incidents"] == []


def test_unknown_base_in_english_is_reported(read):
    result = read("Rockets hit Zahra air base on Monday.", "2024-02-06", language="en")
    assert [u["text"] for u in result["unmatched_places"]] == ["Zahra"]


def test_words_that_describe_a_base_are_not_reported_as_names(read):
    text = "سقط صاروخ على قاعدة عسكرية تستضيف قوات أمريكية. Rockets hit a US military base."
    assert read(text, "2024-02-06")["unmatched_places"] == []
