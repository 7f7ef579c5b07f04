"""Editor forms. Places and actors are typed, not picked from a thousand-row menu: the field
accepts a name or alias in either script (or the "Name — الاسم [slug]" label the lookup offers)
and says plainly when nothing, or more than one place, matches."""

import re

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from incidents.dates import DayFirstDateField
from incidents.models import (
    CASUALTY_FIGURES,
    PARTY_ORDER,
    RANGE_ORDER,
    Actor,
    Attribution,
    Claim,
    DatePrecision,
    Incident,
    Party,
    Place,
    casualty_totals,
    date_window,
    date_window_problem,
    disordered_ranges,
)
from incidents.rules import MAX_COUNT, plausible_date_problem, window_end_problem
from sources.models import Citation, Outlet, SourceArticle

from .selectors import place_label

_SLUG_IN_LABEL = re.compile(r"\[([a-z0-9-]+)\]\s*$")


class IsolatedSelect(forms.Select):
    """A select whose options are each a bidi isolate: an article title or name in either
    script reads whole in either page direction. With option_dir=None the options take the
    page's direction, for coded labels ("A: موثوق تمامًا") whose letter must lead."""

    def __init__(self, *args, option_dir: str | None = "auto", **kwargs):
        super().__init__(*args, **kwargs)
        self.option_dir = option_dir

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["dir"] = self.option_dir or ("rtl" if get_language_bidi() else "ltr")
        return option


class LookupField(forms.CharField):
    """A text input resolved to one Place or Actor by slug label or by name search."""

    def __init__(self, model, *, lookup_url: str, **kwargs):
        self.model = model
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "data-lookup": lookup_url,
                "autocomplete": "off",
                "dir": "auto",
                "class": "lookup",
            }
        )

    def prepare_value(self, value):
        if isinstance(value, self.model):
            return place_label(value)
        if isinstance(value, int):
            obj = self.model.objects.filter(pk=value).first()
            return place_label(obj) if obj else ""
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        slug = _SLUG_IN_LABEL.search(text)
        if slug:
            found = self.model.objects.filter(slug=slug.group(1)).first()
            if found:
                return found
        # A slug or a whole name typed exactly is one place, however many others share words
        # with it (the fuzzy list below is cut at six and might not hold it).
        typed = text.strip()
        exact = list(
            self.model.objects.filter(Q(slug=typed) | Q(name_en__iexact=typed) | Q(name_ar=typed))[
                :2
            ]
        )
        if len(exact) == 1:
            return exact[0]
        matches = list(self.model.objects.matching(text)[:6])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                _("Nothing in the gazetteer matches “%(q)s”. Check the spelling or add it."),
                params={"q": text},
                code="no_match",
            )
        raise forms.ValidationError(
            _("“%(q)s” matches several: %(names)s. Pick one from the list."),
            params={"q": text, "names": "; ".join(str(m) for m in matches[:5])},
            code="ambiguous",
        )


def place_field(**kwargs):
    return LookupField(Place, lookup_url="/editor/lookup/places/", **kwargs)


def actor_field(**kwargs):
    return LookupField(Actor, lookup_url="/editor/lookup/actors/", **kwargs)


def lines_to_list(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"[\n;]+", text or "") if line.strip()]


class DateWindowMixin:
    """Fills date_end from date_start and the precision, except for spans, which need both."""

    def clean(self):
        data = super().clean()
        start, end = data.get("date_start"), data.get("date_end")
        precision = data.get("date_precision")
        checks = (
            ("date_start", start, plausible_date_problem),
            ("date_end", end, window_end_problem),
        )
        for name, day, problem_of in checks:
            problem = problem_of(day)
            if problem:
                self.add_error(name, problem)
                return data
        if start and precision:
            precision = int(precision)
            if precision == DatePrecision.SPAN:
                if not end:
                    self.add_error("date_end", _("A span needs its last day."))
            else:
                start, end = date_window(start, precision)
                data["date_start"], data["date_end"] = start, end
            if start and end:
                problem = date_window_problem(start, end, precision)
                if problem:
                    self.add_error("date_end", problem)
        return data


class FetchForm(forms.Form):
    url = forms.CharField(
        label=_("Link to the article"),
        max_length=2000,
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
        help_text=_(
            "Salvo fetches the page, keeps an archived copy with its hash and fills in the form "
            "below for you to check."
        ),
    )


class SourceIntakeForm(forms.ModelForm):
    snapshot = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Left empty, the first line of the text is used."),
    )
    text = forms.CharField(
        label=_("Article text"),
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        help_text=_("Paste the whole article. It stays private to editors."),
    )

    class Meta:
        model = SourceArticle
        fields = [
            "url",
            "outlet",
            "wire_agency",
            "title",
            "author",
            "published_on",
            "published_note",
            "language",
            "text",
        ]
        field_classes = {"published_on": DayFirstDateField}
        widgets = {
            "url": forms.URLInput(attrs={"dir": "ltr"}),
            "author": forms.TextInput(attrs={"dir": "auto"}),
            "published_note": forms.TextInput(attrs={"dir": "auto"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = Outlet.objects.order_by("name_en")
        self.fields["wire_agency"].queryset = Outlet.objects.filter(kind=Outlet.Kind.WIRE)

    def clean(self):
        data = super().clean()
        if not data.get("title") and data.get("text"):
            first = next((line.strip() for line in data["text"].splitlines() if line.strip()), "")
            data["title"] = first[:500]
        return data

    def _post_clean(self):
        # Known URLs and texts are not errors: the view opens the existing source instead,
        # and the service runs the model's own validation for everything else.
        pass


_REPORTED = ["reported_launched", "reported_intercepted", "reported_killed", "reported_wounded"]


class FindIncidentForm(DateWindowMixin, forms.Form):
    """Step one for each attack an article reports: where, when, what, and the quote."""

    place = place_field(label=_("Place"))
    date_start = DayFirstDateField(label=_("Date"))
    date_precision = forms.TypedChoiceField(
        label=_("Date known to"),
        choices=DatePrecision.choices,
        coerce=int,
        initial=DatePrecision.DAY,
    )
    date_end = DayFirstDateField(label=_("Last day (spans only)"), required=False)
    weapon = forms.ChoiceField(
        label=_("Weapon"), choices=Incident._meta.get_field("weapon").choices
    )
    quote = forms.CharField(
        label=_("Quote"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto", "class": "quote-target"}),
        help_text=_("Select the passage in the article, then “Use selection as quote”."),
    )


class CitationForm(forms.ModelForm):
    """Attach the article to an incident that already exists."""

    class Meta:
        model = Citation
        fields = [
            "role",
            "quote",
            "reported_date",
            *_REPORTED,
            "note",
            "reliability",
            "credibility",
        ]
        labels = {
            "reliability": _("Source reliability (A–F)"),
            "credibility": _("Information credibility (1–6)"),
            "role": _("This article"),
            "quote": _("Quote"),
            "note": _("Note"),
            "reported_date": _("Date this source gives"),
            "reported_launched": _("Launched, per this source"),
            "reported_intercepted": _("Intercepted, per this source"),
            "reported_killed": _("Killed, per this source"),
            "reported_wounded": _("Wounded, per this source"),
        }
        help_texts = {
            "quote": _("A short passage from the article, in its own language."),
            "reliability": _("Leave empty to use the outlet's grade."),
            "credibility": _("How far other reporting bears this report out."),
        }
        field_classes = {"reported_date": DayFirstDateField}
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 3, "dir": "auto", "class": "quote-target"}),
            "note": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }


class GradeForm(forms.ModelForm):
    """The Admiralty grade of one citation: how reliable the source, how credible this report."""

    class Meta:
        model = Citation
        fields = ["reliability", "credibility"]
        labels = {
            "reliability": _("Source reliability"),
            "credibility": _("Information credibility"),
        }
        widgets = {
            "reliability": IsolatedSelect(option_dir=None),
            "credibility": IsolatedSelect(option_dir=None),
        }


class OutletForm(forms.ModelForm):
    class Meta:
        model = Outlet
        fields = [
            "name_en",
            "name_ar",
            "kind",
            "website",
            "country",
            "language",
            "reliability",
            "notes",
        ]
        labels = {"reliability": _("Source reliability (A–F)")}
        help_texts = {
            "reliability": _(
                "How far this outlet has proved right before. Each citation may grade a report "
                "differently; an ungraded citation takes this grade."
            )
        }
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "website": forms.URLInput(attrs={"dir": "ltr"}),
            "notes": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }


def _count_input(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        widget=forms.NumberInput(attrs={"class": "count", "inputmode": "numeric"}),
    )


class CasualtySideForm(forms.Form):
    """One row of the "by side" table: a side and its killed and wounded, low/best/high."""

    party = forms.ChoiceField(label=_("Side"), choices=[("", "—"), *Party.choices], required=False)
    killed_low = _count_input(_("killed (low)"))
    killed = _count_input(_("killed (best)"))
    killed_high = _count_input(_("killed (high)"))
    wounded_low = _count_input(_("wounded (low)"))
    wounded = _count_input(_("wounded (best)"))
    wounded_high = _count_input(_("wounded (high)"))

    def clean(self):
        data = super().clean()
        figures = [data.get(f) for f in CASUALTY_FIGURES]
        if all(v is None for v in figures):
            return data  # an empty row: nothing recorded (a side left alone is dropped)
        if not data.get("party"):
            self.add_error("party", _("Say whose casualties these are."))
        for what in disordered_ranges(data.get):
            self.add_error(what, RANGE_ORDER)
        return data

    def side(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("party") or all(data.get(f) is None for f in CASUALTY_FIGURES):
            return None
        return {"party": data["party"], **{f: data.get(f) for f in CASUALTY_FIGURES}}


class BaseCasualtySides(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        labels = dict(Party.choices)
        for form in self.forms:
            party = form.cleaned_data.get("party")
            if party and form.side():
                if party in seen:
                    form.add_error("party", _("%(side)s is given twice.") % {"side": labels[party]})
                seen.add(party)

    def sides(self) -> list[dict]:
        return [side for form in self.forms if (side := form.side())]


CasualtySides = forms.formset_factory(
    CasualtySideForm, formset=BaseCasualtySides, extra=2, max_num=len(Party), absolute_max=20
)


class IncidentForm(DateWindowMixin, forms.ModelForm):
    place = place_field(label=_("Place"))
    launch_place = place_field(label=_("Launch site in the gazetteer"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=300,
        help_text=_("Optional; kept in the history."),
    )

    class Meta:
        model = Incident
        fields = [
            "date_start",
            "date_precision",
            "date_end",
            "time_of_day",
            "time_note",
            "date_note",
            "place",
            "location_precision",
            "location_note",
            "weapon",
            "weapon_detail",
            "launched",
            "intercepted",
            "impacted",
            "fell_short",
            "defence_system",
            "killed_low",
            "killed",
            "killed_high",
            "wounded_low",
            "wounded",
            "wounded_high",
            "casualty_note",
            "damage",
            "damage_detail",
            "launch_site",
            "launch_place",
            "targeted_forces",
            "summary_en",
            "summary_ar",
        ]
        field_classes = {"date_start": DayFirstDateField, "date_end": DayFirstDateField}
        widgets = {
            "time_of_day": forms.TimeInput(attrs={"type": "time"}),
            "targeted_forces": forms.CheckboxSelectMultiple,
            "summary_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "summary_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
            "date_note": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "damage_detail": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }

    GROUPS = [
        (
            _("When"),
            ["date_start", "date_precision", "date_end", "time_of_day", "time_note", "date_note"],
        ),
        (_("Where"), ["place", "location_precision", "location_note"]),
        (
            _("What"),
            [
                "weapon",
                "weapon_detail",
                "launched",
                "intercepted",
                "impacted",
                "fell_short",
                "defence_system",
            ],
        ),
        (
            _("Harm (empty = unknown, 0 = none reported)"),
            [
                "killed_low",
                "killed",
                "killed_high",
                "wounded_low",
                "wounded",
                "wounded_high",
                "casualty_note",
                "damage",
                "damage_detail",
            ],
        ),
        (_("Launch site and targeted forces"), ["launch_site", "launch_place", "targeted_forces"]),
        (_("Summary in your own words"), ["summary_en", "summary_ar"]),
    ]

    def fieldsets(self):
        """(legend, bound fields, whether the casualties-by-side table follows)."""
        return [
            (label, [self[name] for name in names], "killed" in names)
            for label, names in self.GROUPS
        ]

    TOTALS_WITH_SIDES = _(
        "The totals are the sums of the sides below: change the sides, or clear them to "
        "give totals alone."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A post without the table (a page from before it existed, a script) gives totals
        # only, as before: the sides are then left to follow them.
        with_table = self.is_bound and "side-TOTAL_FORMS" in self.data
        self.sides = CasualtySides(
            self.data if with_table else None, prefix="side", initial=self._initial_sides()
        )
        self.fields["date_end"].required = False
        for name in CASUALTY_FIGURES:  # checked here: the totals go on as the unknown side
            self.fields[name].max_value = MAX_COUNT
            self.fields[name].validators.append(MaxValueValidator(MAX_COUNT))
        self.fields["targeted_forces"].queryset = Actor.objects.filter(
            kind__in=[Actor.Kind.STATE_FORCE, Actor.Kind.COALITION]
        )
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
            # An edit says which version it started from; without it a save could not tell
            # whether it overwrites someone else's.
            self.fields["version"].required = True

    def _initial_sides(self) -> list[dict]:
        """The incident's sides, unless the only one is "unknown": those are its totals,
        which the totals fields already show."""
        if not self.instance.pk:
            return []
        rows = sorted(self.instance.casualties.all(), key=lambda r: PARTY_ORDER[r.party])
        if all(row.party == Party.UNKNOWN for row in rows):
            return []
        return [{"party": r.party, **{f: getattr(r, f) for f in CASUALTY_FIGURES}} for r in rows]

    def is_valid(self):
        valid = super().is_valid()
        return (not self.sides.is_bound or self.sides.is_valid()) and valid

    def clean(self):
        data = super().clean()
        if self.sides.is_bound and self.sides.is_valid() and (sides := self.sides.sides()):
            derived = casualty_totals(sides)
            for name in CASUALTY_FIGURES:
                if name in self.changed_data and data.get(name) != derived[name]:
                    self.add_error(name, self.TOTALS_WITH_SIDES)
        return data

    def casualties(self) -> list[dict] | None:
        """What the services record by side: the table's rows, or, when it is empty, the
        totals fields as the unknown side (none at all when they are empty too). None when
        the post had no table."""
        if not self.sides.is_bound:
            return None
        sides = self.sides.sides()
        if sides:
            return sides
        data = self.cleaned_data
        return [{"party": Party.UNKNOWN, **{f: data.get(f) for f in CASUALTY_FIGURES}}]

    def _post_clean(self):
        # Model validation runs in the service, which reports errors field by field;
        # running it here too would validate twice.
        pass

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in self.Meta.fields
            if name != "targeted_forces" and name in data
        }


class NewIncidentForm(IncidentForm):
    """A new incident read from an article: the incident fields plus the citation's quote."""

    quote = forms.CharField(
        label=_("Quote"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto", "class": "quote-target"}),
    )
    role = forms.ChoiceField(
        label=_("This article"), choices=Citation.Role.choices, initial=Citation.Role.MAIN
    )


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class MergeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    duplicate = forms.CharField(
        label=_("Public ID of the duplicate to fold into this incident"),
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "placeholder": "SLV-…"}),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def clean_duplicate(self):
        public_id = self.cleaned_data["duplicate"].strip().upper()
        found = Incident.objects.filter(public_id=public_id).first()
        if found is None:
            raise forms.ValidationError(
                _("No incident has the public ID %(id)s."), params={"id": public_id}
            )
        return found


class RevertForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    history_id = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class _NamedForm(forms.ModelForm):
    aliases_text = forms.CharField(
        label=_("Aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("One per line: other spellings and transliterations, in any script."),
    )

    def clean(self):
        data = super().clean()
        data["aliases"] = lines_to_list(data.get("aliases_text", ""))
        return data


class PlaceForm(_NamedForm):
    parent = place_field(label=_("Lies inside"), required=False)

    class Meta:
        model = Place
        fields = [
            "name_en",
            "name_ar",
            "kind",
            "parent",
            "country",
            "admin1",
            "latitude",
            "longitude",
            "location_precision",
            "notes",
        ]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "latitude": forms.NumberInput(attrs={"step": "any", "class": "lat"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "class": "lng"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class ActorForm(_NamedForm):
    parent = actor_field(label=_("Belongs to (umbrella or parent)"), required=False)

    class Meta:
        model = Actor
        fields = ["name_en", "name_ar", "kind", "parent", "country", "description"]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class ClaimForm(forms.ModelForm):
    actor = actor_field(label=_("Who claims it"))

    class Meta:
        model = Claim
        fields = ["actor", "channel", "claimed_on", "source", "quote"]
        field_classes = {"claimed_on": DayFirstDateField}
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "source": IsolatedSelect,
        }


class AttributionForm(forms.ModelForm):
    actor = actor_field(label=_("Blamed actor"))

    class Meta:
        model = Attribution
        fields = ["actor", "attributed_by", "attributed_by_detail", "source", "quote"]
        widgets = {
            "attributed_by_detail": forms.TextInput(attrs={"dir": "auto"}),
            "source": IsolatedSelect,
            "quote": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }


def limit_sources(form, incident):
    """Claims and attributions name an article this incident already cites."""
    form.fields["source"].queryset = SourceArticle.objects.filter(
        citations__incident=incident
    ).only("id", "title")
    return form
