"""Dates as people type and read them in either interface language.

An Arabic reader writes a date day first (25/12/2023), often in Arabic-Indic digits
(٢٥/١٢/٢٠٢٣), and a copied date may carry the invisible direction marks Django's Arabic
formats put between its parts. All of these are read here, as is ISO 8601 (2023-12-25), which
the English pages' native date input sends. Month-first (12/25/2023) is never guessed: a
second number above 12 is an error, not a month.

Digits shown on pages follow the reader's choice (Western by default, as Arabic news sites
differ): see ``numerals`` and ``show_digits``. What machines read (URLs, data attributes,
API JSON, CSV) always keeps Western digits."""

import datetime as dt
import re
from contextvars import ContextVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"  # Persian and Urdu keyboards
_TO_WESTERN = str.maketrans(ARABIC_INDIC + EXTENDED_ARABIC_INDIC, "0123456789" * 2)
_TO_ARABIC = str.maketrans("0123456789", ARABIC_INDIC)
# Direction marks and isolates: invisible, but present in a date copied from an Arabic page.
_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_STRICT_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")

# The reader's digits for this request: "latn" (0-9) or "arab" (٠-٩); set by
# config.middleware.DigitsMiddleware from the salvo_digits cookie, only in Arabic.
DIGITS_COOKIE = "salvo_digits"
numerals: ContextVar[str] = ContextVar("numerals", default="latn")


def western_digits(text: str) -> str:
    return text.translate(_TO_WESTERN)


def show_digits(text) -> str:
    """Text for a reader: digits in Arabic-Indic when this reader chose them."""
    text = str(text)
    return text.translate(_TO_ARABIC) if numerals.get() == "arab" else text


def parse_date_text(text: str) -> dt.date | None:
    """The date in `text` (day/month/year or year-month-day, either digit set), None when
    empty; ValueError when it is not a date in one of those forms."""
    text = western_digits(_MARKS.sub("", text or "")).strip().replace(" ", "")
    if not text:
        return None
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise ValueError(text)
    return dt.date(int(year), int(month), int(day))  # ValueError for 31/02 or month 13


def day_first(value: dt.date) -> str:
    """25/12/2023, in the reader's digits."""
    return show_digits(value.strftime("%d/%m/%Y"))


class DayFirstDateInput(forms.DateInput):
    """A native date picker in left-to-right pages; in Arabic a text box taking the date day
    first, since the browser's picker follows the browser's locale (mm/dd/yyyy), not the page's.
    A value that is not a date is shown again exactly as typed."""

    def get_context(self, name, value, attrs):
        self.input_type = "text" if get_language_bidi() else "date"
        context = super().get_context(name, value, attrs)
        if self.input_type == "text":
            context["widget"]["attrs"].update(
                {"placeholder": _("dd/mm/yyyy"), "autocomplete": "off", "spellcheck": "false"}
            )
        return context

    def format_value(self, value):
        if isinstance(value, str) and _STRICT_ISO.fullmatch(value):
            try:  # a prefilled ISO date, or one sent by the native picker
                value = dt.date.fromisoformat(value)
            except ValueError:
                return value
        if isinstance(value, dt.date):
            return day_first(value) if get_language_bidi() else value.isoformat()
        return value  # what the reader typed, kept as it is when it is not a date


class DayFirstDateField(forms.DateField):
    widget = DayFirstDateInput
    default_error_messages = {
        "invalid": _(
            "“%(value)s” is not a date. Write it day first, as day/month/year (25/12/2023), "
            "or as year-month-day (2023-12-25)."
        ),
    }

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date_text(value)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value.strip()}
            ) from None
