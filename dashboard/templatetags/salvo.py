"""Template helpers for showing catalogue data honestly in either interface language."""

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from incidents.countries import country_name
from incidents.dates import show_digits
from incidents.models import PARTY_ORDER, DatePrecision, LocationPrecision, Party

register = template.Library()


def in_arabic() -> bool:
    return (get_language() or "").startswith("ar")


@register.filter
def name(obj) -> str:
    """The Arabic name when the interface is Arabic, the English one otherwise.

    Works on model instances and on dicts from values(); falls back to whichever name exists,
    so a place with no Arabic name is still labelled."""
    get = obj.get if isinstance(obj, dict) else lambda key, default="": getattr(obj, key, default)
    first, second = ("name_ar", "name_en") if in_arabic() else ("name_en", "name_ar")
    return get(first, "") or get(second, "") or ""


@register.filter
def country(code: str) -> str:
    """A country code as its name in the interface language ("IQ": Iraq, العراق)."""
    return country_name(code)


@register.filter
def bdi(value) -> str:
    """The value in <bdi>, for a name or identifier put into a translated sentence."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def summary(incident) -> str:
    first, second = ("summary_ar", "summary_en") if in_arabic() else ("summary_en", "summary_ar")
    return getattr(incident, first) or getattr(incident, second)


@register.filter
def summary_lang(incident) -> str:
    """The language the shown summary is written in, for the lang attribute."""
    if in_arabic():
        return "ar" if incident.summary_ar else "en"
    return "en" if incident.summary_en else "ar"


@register.filter
def casualty_sides(incident) -> list:
    """The incident's sides in a fixed order, or none when its only side is "unknown" (the
    totals already say all there is)."""
    sides = sorted(incident.casualties.all(), key=lambda side: PARTY_ORDER[side.party])
    return [] if all(side.party == Party.UNKNOWN for side in sides) else sides


@register.inclusion_tag("dashboard/_count.html")
def count(value, low=None, high=None):
    """A casualty or munition count: NULL is unknown, 0 is 'none reported', a range is shown."""
    return {
        "value": value,
        "low": low,
        "high": high,
        "ranged": (low is not None and low != value) or (high is not None and high != value),
    }


@register.filter
def digits(value) -> str:
    """A number or date for the reader, in Arabic-Indic digits when an Arabic reader chose
    them. Never for URLs or data attributes, which machines read."""
    return "" if value is None else show_digits(value)


@register.filter
def day(value, fmt: str = "Y-m-d") -> str:
    """A date (or date and time) as the reader expects it: Y-m-d (or the given format) in
    English, the Arabic locale's format, month names in Arabic, in Arabic."""
    if not value:
        return ""
    if isinstance(value, str):  # an ISO date from JSON, as the assistant gives them
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    if not in_arabic():
        return formats.date_format(value, fmt)
    text = formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, dt.datetime):
        text += " " + formats.time_format(value, "H:i")
    return show_digits(text)


@register.simple_tag
def date_text(start: dt.date, end: dt.date, precision: int) -> str:
    """The date as precisely as it is known, and no more."""
    return show_digits(_date_text(start, end, precision))


def _date_text(start: dt.date, end: dt.date, precision: int) -> str:
    if precision == DatePrecision.DAY:
        return formats.date_format(start, "DATE_FORMAT")
    if precision == DatePrecision.MONTH:
        return _("%(month)s (date known to the month)") % {
            "month": formats.date_format(start, "YEAR_MONTH_FORMAT")
        }
    if precision == DatePrecision.YEAR:
        return _("%(year)s (date known to the year)") % {"year": start.year}
    if precision == DatePrecision.WEEK:
        return _("week of %(start)s (date known to the week)") % {
            "start": formats.date_format(start, "DATE_FORMAT")
        }
    return _("between %(start)s and %(end)s") % {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


def _place_phrase(precision: int) -> str:
    if precision <= LocationPrecision.EXACT:
        return "%(place)s"
    if precision == LocationPrecision.NEAR:
        return _("near %(place)s")
    if precision == LocationPrecision.DISTRICT:
        return _("somewhere in the district of %(place)s")
    if precision == LocationPrecision.PROVINCE:
        return _("somewhere in the province of %(place)s")
    return _("somewhere in %(place)s (country only)")


@register.simple_tag
def place_text(place, precision: int) -> str:
    """'Ain al-Asad' when exact, 'near Ain al-Asad' or coarser wording when it is not
    (plain text, for attributes; page text uses place_html)."""
    return _place_phrase(precision) % {"place": name(place)}


@register.simple_tag
def place_html(place, precision: int) -> str:
    """place_text with the name in <bdi>: an English or mixed-script name keeps its own
    direction, and its brackets, inside an Arabic sentence."""
    return mark_safe(  # noqa: S308 - the phrase is escaped and the name goes through format_html
        escape(_place_phrase(precision)) % {"place": format_html("<bdi>{}</bdi>", name(place))}
    )


@register.filter
def effective_precision(incident) -> int:
    """An incident is never located more exactly than the place it is attached to."""
    return max(incident.location_precision, incident.place.location_precision)
