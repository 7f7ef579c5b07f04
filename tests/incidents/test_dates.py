"""Dates typed the way an Arabic reader writes them: day first, in either digit set, or ISO.
Month-first is never guessed, and a non-date is an error naming its field."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from incidents.dates import DayFirstDateField, numerals, parse_date_text, show_digits

CHRISTMAS = dt.date(2023, 12, 25)


@pytest.mark.parametrize(
    "text",
    [
        "25/12/2023",
        "٢٥/١٢/٢٠٢٣",  # Arabic-Indic digits
        "۲۵/۱۲/۲۰۲۳",  # Extended (Persian) digits
        "25-12-2023",
        "25.12.2023",
        " 25 / 12 / 2023 ",
        "25\u200f/12\u200f/2023",  # as copied from Django's Arabic short date
        "2023-12-25",
        "٢٠٢٣-١٢-٢٥",
        "2023/12/25",
    ],
)
def test_day_first_and_iso_in_either_digit_set(text):
    assert parse_date_text(text) == CHRISTMAS


def test_one_digit_day_and_month():
    assert parse_date_text("5/3/2024") == dt.date(2024, 3, 5)
    assert parse_date_text("٥/٣/٢٠٢٤") == dt.date(2024, 3, 5)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_is_no_date(text):
    assert parse_date_text(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "12/25/2023",  # month first: 25 is no month, and it is not guessed
        "31/02/2024",
        "٣١/٠٢/٢٠٢٤",
        "2023-02-30",
        "25/13/2023",
        "25/12/23",  # two-digit years are ambiguous
        "25122023",
        "2023/12",
        "yesterday",
        "أمس",
    ],
)
def test_non_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date_text(text)


class PeriodForm(forms.Form):
    date_start = DayFirstDateField(label="Date")
    date_end = DayFirstDateField(label="Last day", required=False)


def test_field_reads_arabic_digits_day_first():
    form = PeriodForm({"date_start": "٠٥/٠٣/٢٠٢٤", "date_end": "2024-03-07"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"date_start": dt.date(2024, 3, 5), "date_end": dt.date(2024, 3, 7)}


def test_bad_date_is_an_error_on_its_field_quoting_what_was_typed():
    form = PeriodForm({"date_start": "٣١/٠٢/٢٠٢٤", "date_end": "12/25/2023"})
    assert not form.is_valid()
    assert set(form.errors) == {"date_start", "date_end"}
    assert form.errors["date_start"] == [
        "“٣١/٠٢/٢٠٢٤” is not a date. Write it day first, as day/month/year (25/12/2023), "
        "or as year-month-day (2023-12-25)."
    ]
    assert "“12/25/2023”" in form.errors["date_end"][0]


def test_bad_date_message_in_arabic():
    with translation.override("ar"):
        form = PeriodForm({"date_start": "غدًا"})
        assert not form.is_valid()
        assert form.errors["date_start"][0].startswith("«غدًا» ليس تاريخًا.")


def test_arabic_box_is_text_taking_the_day_first():
    with translation.override("ar"):
        html = str(PeriodForm(initial={"date_start": CHRISTMAS})["date_start"])
    assert 'type="text"' in html and 'placeholder="يوم/شهر/سنة"' in html
    assert 'value="25/12/2023"' in html


def test_english_box_is_the_native_picker_with_iso():
    with translation.override("en"):
        html = str(PeriodForm(initial={"date_start": CHRISTMAS})["date_start"])
    assert 'type="date"' in html and 'value="2023-12-25"' in html


def test_what_was_typed_is_shown_again_on_an_error():
    with translation.override("ar"):
        form = PeriodForm({"date_start": "٣١/٠٢/٢٠٢٤"})
        form.is_valid()
        assert 'value="٣١/٠٢/٢٠٢٤"' in str(form["date_start"])


def test_prefilled_iso_text_is_shown_day_first_in_arabic():
    with translation.override("ar"):
        assert 'value="05/01/2022"' in str(
            PeriodForm(initial={"date_start": "2022-01-05"})["date_start"]
        )


def test_arabic_indic_digits_only_when_chosen():
    assert show_digits("25/12/2023") == "25/12/2023"
    token = numerals.set("arab")
    try:
        assert show_digits("25/12/2023") == "٢٥/١٢/٢٠٢٣"
        with translation.override("ar"):
            html = str(PeriodForm(initial={"date_start": CHRISTMAS})["date_start"])
        assert 'value="٢٥/١٢/٢٠٢٣"' in html
    finally:
        numerals.reset(token)
