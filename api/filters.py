"""The incident filters shared by every incident endpoint (list, exports, timeline, clusters,
by-place): one FilterSet, so the map, the timeline and the list always show the same set.

Each parameter is parsed by a form field that rejects bad input with a message, and the view
turns form errors into a 400 naming the parameter: nothing here can raise a 500."""

import datetime as dt
import math
import re

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Actor, Incident, Party, Place, Weapon
from incidents.rules import MAX_COUNT
from sources.models import Citation, Credibility, Reliability, reliability_q

MAX_TEXT = 200


def _finite(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise forms.ValidationError(_("%(name)s must be a number.") % {"name": name}) from None
    if not math.isfinite(value):
        raise forms.ValidationError(_("%(name)s must be a finite number.") % {"name": name})
    return value


class TextField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_TEXT)
        super().__init__(*args, **kwargs)
        if not any(isinstance(v, ProhibitNullCharactersValidator) for v in self.validators):
            self.validators.append(ProhibitNullCharactersValidator())


class StrictBooleanField(forms.Field):
    """true or false; anything else is an error rather than silently ignored."""

    TRUE, FALSE = {"true"}, {"false"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Use true or false."))


class BBoxField(TextField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        parts = value.split(",")
        if len(parts) != 4:
            raise forms.ValidationError(_("Use minLon,minLat,maxLon,maxLat."))
        names = ("minLon", "minLat", "maxLon", "maxLat")
        min_lon, min_lat, max_lon, max_lat = (
            _finite(p, n) for p, n in zip(parts, names, strict=True)
        )
        if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
            raise forms.ValidationError(_("Longitudes must be between -180 and 180."))
        if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
            raise forms.ValidationError(_("Latitudes must be between -90 and 90."))
        if min_lon > max_lon or min_lat > max_lat:
            raise forms.ValidationError(
                _("The minimum must not exceed the maximum (boxes across 180° are not supported).")
            )
        return (min_lon, min_lat, max_lon, max_lat)


NEAR_ORDER = _("Use lat,lon,km: latitude first (unlike bbox, which is lon,lat).")


class NearField(TextField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        parts = value.split(",")
        if len(parts) != 3:
            raise forms.ValidationError(NEAR_ORDER)
        lat, lon, km = (_finite(p, n) for p, n in zip(parts, ("lat", "lon", "km"), strict=True))
        if not -90 <= lat <= 90 or not -180 <= lon <= 180:
            raise forms.ValidationError(
                _("The point is outside latitude -90..90, longitude -180..180. %(order)s")
                % {"order": NEAR_ORDER}
            )
        if not 0 < km <= 5000:
            raise forms.ValidationError(_("The distance must be more than 0 and at most 5000 km."))
        return (lat, lon, km)


class WeaponsField(TextField):
    """One weapon or several, comma-separated: weapon=drone,rocket."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        wanted = [w.strip() for w in value.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in Weapon.values]
        if unknown or not wanted:
            raise forms.ValidationError(
                _("Unknown weapon %(w)s; use one of %(all)s.")
                % {"w": ", ".join(unknown) or "''", "all": ", ".join(Weapon.values)}
            )
        return wanted


class ChoicesListField(TextField):
    """One value or several, comma-separated, each one of `choices`: source_reliability=A,B."""

    def __init__(self, *args, choices=(), **kwargs):
        self.allowed = [str(c) for c in choices]
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        wanted = [w.strip().upper() for w in value.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in self.allowed]
        if unknown or not wanted:
            raise forms.ValidationError(
                _("Unknown grade %(w)s; use one or more of %(all)s, comma-separated.")
                % {"w": ", ".join(unknown) or "''", "all": ", ".join(self.allowed)}
            )
        return wanted


class SidesField(TextField):
    """One side or several, comma-separated: side=us_forces,contractors."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        wanted = [w.strip().lower() for w in value.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in Party.values]
        if unknown or not wanted:
            raise forms.ValidationError(
                _("Unknown side %(w)s; use one or more of %(all)s, comma-separated.")
                % {"w": ", ".join(unknown) or "''", "all": ", ".join(Party.values)}
            )
        return wanted


class CountryCodeField(TextField):
    """An ISO 3166-1 alpha-2 code (IQ, sy): a country name would otherwise match nothing."""

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return ""
        if len(value) != 2 or not value.isascii() or not value.isalpha():
            raise forms.ValidationError(_("Use a two-letter ISO 3166-1 code, e.g. IQ, SY, JO."))
        return value.upper()


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ISODateField(forms.DateField):
    """YYYY-MM-DD only: 01/02/2024 is 1 February to some readers and 2 January to others."""

    input_formats = ["%Y-%m-%d"]

    def __init__(self, *args, **kwargs):
        kwargs["input_formats"] = self.input_formats
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = _("Use an ISO 8601 date, YYYY-MM-DD.")

    def to_python(self, value):
        # strptime takes 2024-1-2 too; ISO 8601 has two digits for month and day.
        if isinstance(value, str) and value.strip() and not ISO_DAY.fullmatch(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class UTCDateTimeField(forms.DateTimeField):
    """ISO 8601 only; a time without a zone is read as UTC so sync clients get the same
    answer. Django's locale formats (01/02/2024 10:00) are not accepted: they are ambiguous."""

    def __init__(self, *args, **kwargs):
        kwargs["input_formats"] = []
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = _("Use an ISO 8601 date-time, e.g. 2024-05-01T00:00Z.")

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 64:
            raise forms.ValidationError(_("Enter a valid date/time."))
        if isinstance(value, str):
            value = value.replace(" ", "+") if "T" in value else value  # '+' decoded as space
        result = super().to_python(value)
        if result is None:
            return None
        if result.tzinfo is None:
            return result.replace(tzinfo=dt.UTC)
        # Sent to the database in UTC: PostgreSQL refuses offsets beyond ±16 h that Python
        # parses happily ("-20:14").
        try:
            return result.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(_("Enter a valid date/time.")) from None


class SlugLookupField(TextField):
    """A slug that must name an existing row of `model`; returns the row's id."""

    def __init__(self, *args, model=None, **kwargs):
        self.model = model
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        pk = self.model.objects.filter(slug=value).values_list("id", flat=True).first()
        if pk is None:
            raise forms.ValidationError(
                _("No %(what)s with slug %(slug)s.")
                % {"what": self.model._meta.verbose_name, "slug": value}
            )
        return pk


class ValueFilter(django_filters.Filter):
    """A filter whose form field does the parsing and a QuerySet method does the filtering."""

    def __init__(self, *args, apply=None, **kwargs):
        self.apply = apply
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None or value == "" or value == []:
            return qs
        return self.apply(qs, value)


class BBoxFilter(ValueFilter):
    field_class = BBoxField


class NearFilter(ValueFilter):
    field_class = NearField


class WeaponsFilter(ValueFilter):
    field_class = WeaponsField


class ChoicesListFilter(ValueFilter):
    field_class = ChoicesListField


def _cited(q):
    return lambda qs, v: qs.filter(
        models.Exists(Citation.objects.filter(q(v), incident=models.OuterRef("pk")))
    )


class BoolFilter(ValueFilter):
    field_class = StrictBooleanField


class SidesFilter(ValueFilter):
    field_class = SidesField


class CountFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_COUNT, **kwargs)


class DateTimeFilter(ValueFilter):
    field_class = UTCDateTimeField


class TextFilter(ValueFilter):
    field_class = TextField


class CountryFilter(ValueFilter):
    field_class = CountryCodeField


class ISODateFilter(django_filters.DateFilter):
    field_class = ISODateField


class SlugFilter(ValueFilter):
    field_class = SlugLookupField


def _actors(qs_method):
    def apply(qs, actor_id):
        return getattr(qs, qs_method)(Actor.objects.with_member_ids([actor_id]))

    return apply


class IncidentFilterSet(django_filters.FilterSet):
    date_from = ISODateFilter(
        method="filter_date_from",
        help_text="Incidents whose date window [date_start, date_end] reaches this day or later "
        "(a month-precision incident matches any range overlapping its month).",
    )
    date_to = ISODateFilter(
        method="filter_date_to",
        help_text="Incidents whose date window starts on or before this day.",
    )
    weapon = WeaponsFilter(
        apply=lambda qs, v: qs.filter(weapon__in=v),
        help_text="One or more of " + ", ".join(Weapon.values) + ", comma-separated.",
    )
    place = SlugFilter(
        model=Place,
        apply=lambda qs, pk: qs.filter(place_id__in=Place.objects.with_descendant_ids([pk])),
        help_text="Place slug; includes places inside it (Victory Base for the airport).",
    )
    country = CountryFilter(
        apply=lambda qs, v: qs.in_country(v),
        help_text="ISO 3166-1 alpha-2 code of the place's country, e.g. IQ.",
    )
    admin1 = TextFilter(
        apply=lambda qs, v: qs.filter(place__admin1__iexact=v.strip()),
        help_text="Province / governorate of the place, e.g. Anbar.",
    )
    claimed_by = SlugFilter(
        model=Actor,
        apply=_actors("claimed_by"),
        help_text="Actor slug: claimed by it or by a group under it.",
    )
    attributed_to = SlugFilter(
        model=Actor,
        apply=_actors("attributed_to"),
        help_text="Actor slug: attributed to it or to a group under it.",
    )
    actor = SlugFilter(
        model=Actor,
        apply=_actors("involving"),
        help_text="Actor slug: claimed by or attributed to it (or a group under it).",
    )
    claimed = BoolFilter(
        apply=lambda qs, v: qs.claimed(v), help_text="true: someone claimed it; false: nobody."
    )
    has_casualties = BoolFilter(
        apply=lambda qs, v: qs.with_casualties(v),
        help_text="true: killed or wounded reported; false: none reported or unknown.",
    )
    side = SidesFilter(
        apply=lambda qs, v: qs.hurt_on(v),
        help_text="One or more of " + ", ".join(Party.values) + ", comma-separated: someone "
        "on one of these sides reported killed or wounded. With killed_min / wounded_min, "
        "those figures count these sides only.",
    )
    killed_min = CountFilter(
        method="filter_at_least",
        help_text="At least this many killed (the best figure, else the low estimate): in all, "
        "or on the sides named by `side` together.",
    )
    wounded_min = CountFilter(
        method="filter_at_least",
        help_text="At least this many wounded, counted as killed_min counts.",
    )
    intercepted = BoolFilter(
        apply=lambda qs, v: qs.intercepted_any(v),
        help_text="true: at least one intercepted; false: none reported or unknown.",
    )
    source_reliability = ChoicesListFilter(
        choices=Reliability.values,
        apply=_cited(reliability_q),
        help_text="Admiralty source reliability, one or more of A-F comma-separated: incidents "
        "with at least one citation so graded (an ungraded citation takes its outlet's grade).",
    )
    credibility = ChoicesListFilter(
        choices=Credibility.values,
        apply=_cited(lambda v: models.Q(credibility__in=[int(c) for c in v])),
        help_text="Admiralty information credibility, one or more of 1-6 comma-separated: "
        "incidents with at least one citation so graded.",
    )
    bbox = BBoxFilter(
        apply=lambda qs, v: qs.in_bbox(*v),
        help_text="minLon,minLat,maxLon,maxLat (WGS 84) of the incident's place.",
    )
    near = NearFilter(
        apply=lambda qs, v: qs.near(*v),
        help_text="lat,lon,km (latitude first, unlike bbox): places within km of the point.",
    )
    q = TextFilter(
        apply=lambda qs, v: qs.matching(v),
        help_text="Words in Arabic or English; Arabic spelling variants and diacritics are "
        "folded (أ/إ/آ→ا, ة→ه, ى→ي, tatweel).",
    )
    updated_since = DateTimeFilter(
        apply=lambda qs, v: qs.filter(updated_at__gte=v),
        help_text="ISO 8601 date-time: only incidents changed at or after it.",
    )
    status = django_filters.ChoiceFilter(
        choices=Incident.Status.choices,
        help_text="Editors only: draft, published or retracted (others only see published).",
    )

    class Meta:
        model = Incident
        fields = []

    def filter_date_from(self, qs, name, value):
        return qs.overlapping(date_from=value)

    def filter_date_to(self, qs, name, value):
        return qs.overlapping(date_to=value)

    def filter_at_least(self, qs, name, value):
        what = name.removesuffix("_min")
        return qs.at_least(what, value, sides=self.form.cleaned_data.get("side"))

    def clean_date_range(self):
        data = self.form.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.form.add_error("date_to", _("date_to is before date_from."))


# Filters taking several values: comma-separated in one parameter, or the parameter repeated.
MULTI_VALUED = frozenset(
    name
    for name, filt in IncidentFilterSet.base_filters.items()
    if isinstance(filt, WeaponsFilter | ChoicesListFilter)
)


def _joined(params):
    """`weapon=drone&weapon=rocket` read as `weapon=drone,rocket` (a copy only when needed)."""
    repeated = [n for n in MULTI_VALUED if len(params.getlist(n)) > 1]
    if not repeated:
        return params
    params = params.copy()
    for name in repeated:
        params[name] = ",".join(params.getlist(name))
    return params


def filtered_incidents(request, queryset=None):
    """The incidents this request may see, filtered by its query string. Raises a DRF
    ValidationError (400, keyed by parameter) on bad input."""
    from rest_framework.exceptions import ValidationError

    base = queryset if queryset is not None else Incident.objects.visible_to(request.user)
    if not any(name in request.query_params for name in IncidentFilterSet.base_filters):
        # Nothing to filter (the dashboard's default view, a sync client's first page):
        # building the FilterSet and its form would cost more than the page's SQL.
        return base
    filterset = IncidentFilterSet(_joined(request.query_params), queryset=base, request=request)
    if filterset.is_valid():
        filterset.clean_date_range()
    if filterset.form.errors:
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.form.errors.items()}
        )
    return filterset.qs
