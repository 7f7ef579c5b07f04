"""Counts as Arabic and English reports write them (sentences written for these tests)."""

import pytest

from assistant import numbers
from assistant.text import fold


@pytest.mark.parametrize(
    "word, value",
    [
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("أربعة", 4),
        ("خمسة عشر", 15),
        ("إحدى عشرة", 11),
        ("خمسة وعشرين", 25),
        ("عشرين", 20),
        ("17", 17),
        ("١٧", 17),
        ("seven", 7),
        ("twenty five", 25),
        ("dozen", None),
    ],
)
def test_number_words(word, value):
    assert numbers.value(fold(word).folded) == value


@pytest.mark.parametrize(
    "sentence, launched",
    [
        ("سقط صاروخان على قاعدة عين الأسد الجوية فجر اليوم", 2),
        ("استهدفت طائرتان مسيرتان قاعدة حرير", 2),
        ("هاجمت طائرتين مسيرتين قاعدة عين الأسد", 2),
        ("أطلقت ثلاثة صواريخ على قاعدة عين الأسد", 3),
        ("أطلقت ثلاث قذائف على قاعدة عين الأسد", 3),
        ("سقط ٧ صواريخ كاتيوشا على قاعدة عين الأسد", 7),
        ("استهدفت طائرة مسيرة قاعدة حرير الجوية", 1),
        ("Nine rockets struck Ain al-Asad air base.", 9),
        ("A single drone attacked Harir air base.", 1),
        ("At least (12) 107mm rockets hit Ain al-Asad air base.", 12),
    ],
)
def test_counts_in_sentences(read, sentence, launched):
    language = "en" if sentence.isascii() else "ar"
    (inc,) = read(sentence, "2024-02-06", language=language)["incidents"]
    assert inc["launched"] == launched
    start, end = inc["evidence"]["launched"][0]["start"], inc["evidence"]["launched"][0]["end"]
    assert sentence[start:end] == inc["evidence"]["launched"][0]["text"]


def test_several_is_not_a_number(read):
    (inc,) = read("استهدفت عدة طائرات مسيرة قاعدة حرير الجوية", "2024-02-06")["incidents"]
    assert inc["weapon"] == "drone"
    assert inc["launched"] is None


def test_a_rocket_attack_is_not_a_count_of_two(read):
    """The dual of "two rocket attacks" (هجومين صاروخين) describes attacks, not rockets."""
    (inc,) = read("تعرضت قاعدة عين الأسد إلى هجومين صاروخين ليل الخميس", "2024-07-26")["incidents"]
    assert inc["launched"] is None


def test_unfired_rockets_are_not_launched(read):
    (inc,) = read(
        "Rockets hit Ain al-Asad air base on Sunday. Police found 6 unused rockets nearby.",
        "2024-02-06",
        language="en",
    )["incidents"]
    assert inc["launched"] is None
