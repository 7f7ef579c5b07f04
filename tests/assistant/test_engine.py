"""Whole short reports, written for these tests in the style of wire copy."""

import pytest

from assistant.engine import AssistantInputError
from tests.assistant.conftest import assert_evidence_holds

ARABIC_REPORT = (
    "أفاد مصدر أمني عراقي، أمس الثلاثاء، بأن ثلاثة صواريخ كاتيوشا سقطت على قاعدة عين الأسد الجوية "
    "في محافظة الأنبار، وتمكنت منظومة الدفاع الجوي من إسقاط اثنين منها، دون وقوع خسائر بشرية.\n"
    "وأعلنت المقاومة الإسلامية في العراق مسؤوليتها عن الهجوم في بيان على تليجرام.\n"
    "وكانت قاعدة حرير الجوية قد تعرضت في يناير الماضي لهجوم بطائرة مسيرة."
)


def test_arabic_report(read):
    result = read(ARABIC_REPORT, "2024-02-07")
    main, *rest = result["incidents"]
    assert main["background"] is False
    assert main["place"]["slug"] == "ain-al-asad"
    assert (main["date_start"], main["date_end"], main["date_precision"]) == ("2024-02-06",) * 2 + (
        "day",
    )
    assert main["weapon"] == "rocket"
    assert main["launched"] == 3
    assert main["intercepted"] == 2
    assert (main["killed"], main["wounded"]) == (0, 0)  # a stated "no casualties" is 0
    assert [c["actor"]["slug"] for c in main["claimed_by"]] == ["islamic-resistance-in-iraq"]
    assert main["attributed_to"] == []
    (background,) = rest
    assert background["background"] is True
    assert background["place"]["slug"] == "harir"
    assert (background["date_start"], background["date_precision"]) == ("2024-01-01", "month")
    assert background["weapon"] == "drone"
    assert_evidence_holds(ARABIC_REPORT, result)


def test_silence_is_unknown_not_zero(read):
    (inc,) = read("سقط صاروخان على قاعدة عين الأسد فجر اليوم", "2024-02-07")["incidents"]
    assert (inc["killed"], inc["wounded"], inc["intercepted"]) == (None, None, None)
    assert inc["claimed_by"] == []


def test_unconfirmed_toll_stays_unknown(read):
    (inc,) = read(
        "سقط صاروخان على قاعدة عين الأسد فجر اليوم، ولم ترد معلومات مؤكدة عن وقوع خسائر بشرية.",
        "2024-02-07",
    )["incidents"]
    assert (inc["killed"], inc["wounded"]) == (None, None)


def test_english_report(read):
    text = (
        "Two drones targeted Harir air base in northern Iraq on Monday night, officials said. "
        "One drone was shot down and two soldiers were slightly wounded. "
        "Kataib Hezbollah was blamed for the attack by US officials; no group claimed it."
    )
    (inc,) = read(text, "2024-02-07", language="en")["incidents"]
    assert inc["place"]["slug"] == "harir"
    assert inc["date_start"] == "2024-02-05"
    assert (inc["weapon"], inc["launched"], inc["intercepted"], inc["wounded"]) == (
        "drone",
        2,
        1,
        2,
    )
    assert inc["killed"] is None
    assert inc["claimed_by"] == []  # blame is not a claim
    assert [a["actor"]["slug"] for a in inc["attributed_to"]] == ["kataib-hezbollah"]
    assert_evidence_holds(text, {"incidents": [inc]})


def test_a_photo_caption_gives_no_incident(read):
    text = "صورة أرشيفية لقاعدة عين الأسد الجوية بعد هجوم صاروخي في 8 يناير 2020"
    assert read(text, "2024-02-07")["incidents"] == []


def test_retaliation_is_not_an_attack_on_a_base(read):
    text = "شنت طائرات أمريكية غارات جوية على مواقع لفصائل مسلحة قرب الموصل فجر اليوم."
    assert read(text, "2024-02-07")["incidents"] == []


def test_a_date_the_text_does_not_give_stays_empty(read):
    (inc,) = read("سقط صاروخان على قاعدة عين الأسد", "2024-02-07")["incidents"]
    assert (inc["date_start"], inc["date_end"], inc["date_precision"]) == (None, None, None)


def test_differing_figures_are_noted(read):
    text = (
        "سقط صاروخان على قاعدة عين الأسد فجر اليوم بحسب الجيش. "
        "وقالت مصادر أمنية إن أربعة صواريخ سقطت على القاعدة."
    )
    (inc,) = read(text, "2024-02-07")["incidents"]
    assert inc["launched"] == 2
    assert any("4" in note for note in inc["notes"])


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"text": ""}, "text"),
        ({"text": "   \n"}, "text"),
        ({"text": "x" * 1_000_001}, "text"),
        ({"text": "\x00\x01\x02 binary"}, "text"),
        ({"text": "سقط صاروخ", "language": "fr"}, "language"),
        ({"text": "سقط صاروخ", "published": "2999-01-01"}, "published"),
    ],
)
def test_bad_input_names_the_field(read, kwargs, field):
    text = kwargs.pop("text")
    with pytest.raises(AssistantInputError) as exc:
        read(text, **kwargs)
    assert exc.value.field == field


def test_text_in_another_language_gives_nothing(read):
    result = read("Der Wetterbericht für morgen: sonnig und warm.", "2024-02-07", language="en")
    assert result["incidents"] == []
