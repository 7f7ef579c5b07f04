"""Dates resolved against the publication day (sentences written for these tests)."""

import datetime as dt

import pytest

from assistant.dates import find_dates
from assistant.text import fold

PUBLISHED = dt.date(2024, 2, 7)  # a Wednesday


def when(text, published=PUBLISHED):
    folded = fold(text).folded
    found = find_dates(folded, 0, len(folded), published)
    return found[0] if found else None


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("هجوم أمس الثلاثاء على القاعدة", "2024-02-06", "2024-02-06", "day"),
        ("هجوم يوم الاثنين على القاعدة", "2024-02-05", "2024-02-05", "day"),
        ("هجوم الأربعاء على القاعدة", "2024-02-07", "2024-02-07", "day"),  # the day itself
        ("هجوم أمس على القاعدة", "2024-02-06", "2024-02-06", "day"),
        ("هجوم أمس الأول على القاعدة", "2024-02-05", "2024-02-05", "day"),
        ("هجوم فجر اليوم على القاعدة", "2024-02-07", "2024-02-07", "day"),
        ("وقع الهجوم في 4 يناير 2022", "2022-01-04", "2022-01-04", "day"),
        ("وقع الهجوم في ٤ كانون الثاني ٢٠٢٢", "2022-01-04", "2022-01-04", "day"),
        ("the attack on Tuesday night", "2024-02-06", "2024-02-06", "day"),
        ("rockets fell yesterday", "2024-02-06", "2024-02-06", "day"),
        ("the attack on 3 December", "2023-12-03", "2023-12-03", "day"),
        ("the attack on December 3, 2023", "2023-12-03", "2023-12-03", "day"),
        ("a drone attack in late January", "2024-01-01", "2024-01-31", "month"),
        ("هجوم في يناير الماضي", "2024-01-01", "2024-01-31", "month"),
        ("هجوم الشهر الماضي", "2024-01-01", "2024-01-31", "month"),
    ],
)
def test_resolved(text, start, end, precision):
    w = when(text)
    assert w is not None, text
    assert (w.start.isoformat(), w.end.isoformat(), w.precision) == (start, end, precision)


def test_last_weekday_is_strictly_before():
    w = when("a drone attack last Wednesday")
    assert w.start == dt.date(2024, 1, 31)


def test_no_date_in_the_text_is_none():
    assert when("سقط صاروخ على القاعدة") is None
    assert when("rockets fell on the base") is None


def test_weekday_without_publication_date_is_unresolved():
    assert when("هجوم أمس الثلاثاء", published=None) is None


def test_evidence_offsets_point_at_the_words():
    text = "أفاد مصدر أن هجوماً وقع مساء أمس الثلاثاء على القاعدة"
    f = fold(text)
    (w,) = find_dates(f.folded, 0, len(f.folded), PUBLISHED)
    start, end = f.span(*w.span)
    assert "أمس الثلاثاء" in text[start:end]
