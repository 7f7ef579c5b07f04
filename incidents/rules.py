"""The catalogue's domain rules, one copy for every door (forms, admin, API, import): what a
plausible date, count and piece of text is. Models attach these as field validators and
check constraints, so `full_clean()` (which every service calls) and the database agree.

- Dates of attacks, publications, claims and retrievals lie between EARLIEST_DATE and
  tomorrow (tomorrow, because an article dated in Baghdad can be "tomorrow" in UTC).
  Salvo covers attacks from 1990 on; anything earlier is a typing error, and a year-0001
  date made a base's tempo chart draw two thousand years of months.
- Counts (launched, killed ...) are at most MAX_COUNT: no attack involves more, and the
  cap keeps every value inside a 32-bit column on every database.
- Text has no control characters other than tab and line breaks (PostgreSQL refuses NUL;
  the others are invisible and break CSV and feeds), and no field is unbounded.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = dt.date(1990, 1, 1)
MAX_COUNT = 1_000_000
# Longest free text in a field without its own limit (summaries, notes, reasons).
MAX_NOTE = 5_000
# An article's text: the longest real reports are a few tens of thousands of characters.
MAX_ARTICLE_TEXT = 500_000

max_count = MaxValueValidator(MAX_COUNT, _("At most 1,000,000."))
max_note = MaxLengthValidator(MAX_NOTE)


def latest_date() -> dt.date:
    return dt.date.today() + dt.timedelta(days=1)


def _date_problem(value: dt.date | None, latest: dt.date):
    if value is None:
        return None
    if value < EARLIEST_DATE:
        return _("Salvo records dates from 1990-01-01 on.")
    if value > latest:
        return _("The date is in the future.")
    return None


def plausible_date_problem(value: dt.date | None):
    """Why `value` cannot be a Salvo date, or None when it can (or is empty)."""
    return _date_problem(value, latest_date())


def window_end_problem(value: dt.date | None):
    """Why `value` cannot be the last day of an attack's date window, or None.

    A window known to the week, month or year may end after today: an attack "in December"
    recorded on the 7th runs to the 31st. What keeps the window honest is its first day (at
    most tomorrow) and the precision, which ties the last day to the first; this bound only
    refuses ends no window starting by tomorrow can reach."""
    return _date_problem(value, latest_date() + dt.timedelta(days=366))


@deconstructible
class PlausibleDate:
    """Field validator: a date (or the date of a date-time) within Salvo's range."""

    problem = staticmethod(plausible_date_problem)

    def __call__(self, value):
        day = value.date() if isinstance(value, dt.datetime) else value
        problem = self.problem(day)
        if problem:
            raise ValidationError(problem, code="implausible_date")

    def __eq__(self, other):
        return type(other) is type(self)


@deconstructible
class PlausibleWindowEnd(PlausibleDate):
    """Field validator for the last day of a date window (see window_end_problem)."""

    problem = staticmethod(window_end_problem)


plausible_date = PlausibleDate()
plausible_window_end = PlausibleWindowEnd()

# C0 controls and DEL, except tab, line feed and carriage return; plus the C1 block.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f]")


def control_character_problem(value: str, *, single_line: bool = False):
    pattern = _CONTROL_OR_BREAK if single_line else _CONTROL
    found = pattern.search(value or "")
    if found:
        return _("Remove the invisible control character (U+%(code)04X) from this text.") % {
            "code": ord(found.group())
        }
    return None


class CleanTextMixin:
    """Models: refuse control characters in every text field (single-line fields refuse line
    breaks too) during full_clean(), so forms, admin, API and import all say so with the
    field named instead of storing them (or PostgreSQL refusing NUL with a 500)."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude or field.name in errors:
                continue
            if field.get_internal_type() not in ("CharField", "TextField", "SlugField"):
                value = getattr(self, field.attname, None)
                if field.get_internal_type() == "JSONField" and isinstance(value, list):
                    problems = [
                        control_character_problem(v, single_line=True)
                        for v in value
                        if isinstance(v, str)
                    ]
                    if any(problems):
                        errors[field.name] = [next(p for p in problems if p)]
                continue
            value = getattr(self, field.attname, None)
            if isinstance(value, str):
                single = field.get_internal_type() != "TextField"
                problem = control_character_problem(value, single_line=single)
                if problem:
                    errors[field.name] = [problem]
        if errors:
            raise ValidationError(errors)


def nul_path(value, path: str = "") -> str | None:
    """Where in a request value (str, or lists/dicts of them, as JSON gives) a NUL sits, as
    "field" or "field.0" ("body" for the top level); None when there is none."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        name = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and "\x00" in key:
            return path or "body"
        found = nul_path(item, name)
        if found:
            return found
    return None


COUNT_FIELDS = (
    "launched",
    "intercepted",
    "impacted",
    "fell_short",
    "killed_low",
    "killed",
    "killed_high",
    "wounded_low",
    "wounded",
    "wounded_high",
)


def rule_violations(*, incident, source, claim, place) -> dict[str, list[str]]:
    """Rows already stored that today's rules would refuse, by rule: what the data migration
    reports (it changes nothing: an editor decides) and `manage.py check_catalogue` lists.
    Takes the model classes, so a migration can pass its historical models."""
    from django.db.models import Q

    from .countries import ISO_3166_ALPHA2

    today_plus = latest_date()
    too_many = Q()
    for name in COUNT_FIELDS:
        too_many |= Q(**{f"{name}__gt": MAX_COUNT})

    def ids(qs, field):
        return [str(v) for v in qs.values_list(field, flat=True)[:1000]]

    out_of_range = Q(date_start__lt=EARLIEST_DATE) | Q(date_start__gt=today_plus)
    bad_date = Q(published_on__lt=EARLIEST_DATE) | Q(published_on__gt=today_plus)
    bad_claim = Q(claimed_on__lt=EARLIEST_DATE) | Q(claimed_on__gt=today_plus)
    return {
        "incident dated outside 1990-01-01..tomorrow": ids(
            incident.objects.filter(out_of_range), "public_id"
        ),
        "incident with a count over 1,000,000": ids(incident.objects.filter(too_many), "public_id"),
        "incident targeting an actor that is not a state force or coalition": ids(
            incident.objects.filter(targeted_forces__isnull=False)
            .exclude(targeted_forces__kind__in=["state_force", "coalition"])
            .distinct(),
            "public_id",
        ),
        "claim by an actor that is not a group": ids(
            claim.objects.exclude(
                actor__kind__in=["armed_group", "front_group", "umbrella", "unknown"]
            ),
            "incident__public_id",
        ),
        "claim dated outside 1990-01-01..tomorrow": ids(
            claim.objects.filter(bad_claim), "incident__public_id"
        ),
        "source published outside 1990-01-01..tomorrow": ids(source.objects.filter(bad_date), "pk"),
        "place whose country is not an ISO 3166-1 code": ids(
            place.objects.exclude(country__in=ISO_3166_ALPHA2), "slug"
        ),
    }
