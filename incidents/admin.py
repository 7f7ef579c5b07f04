from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Citation

from .models import Actor, Attribution, Claim, Incident, Place


class NormalisedSearchMixin:
    """Admin search over the Arabic-normalised search column, so عين الاسد finds عين الأسد and
    "ayn al-asad" finds Ain al-Asad through its aliases."""

    search_fields = ["search_text"]  # shows the search box; the lookup itself is below

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False


class MapPickerMixin:
    """A small Leaflet map on the change form that reads and sets latitude/longitude.
    Leaflet comes from django-leaflet's static files; leaflet.admin is never imported."""

    change_form_template = "admin/incidents/map_change_form.html"

    class Media:
        css = {"all": ["leaflet/leaflet.css"]}
        js = ["leaflet/leaflet.js", "incidents/admin-map-picker.js"]


@admin.register(Place)
class PlaceAdmin(NormalisedSearchMixin, MapPickerMixin, SimpleHistoryAdmin):
    list_display = [
        "name_en",
        "name_ar",
        "kind",
        "country",
        "admin1",
        "parent",
        "location_precision",
        "incident_count",
    ]
    list_filter = ["kind", "country", "admin1", "location_precision"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (None, {"fields": ["name_en", "name_ar", "slug", "aliases", "kind", "parent"]}),
        (
            _("Location"),
            {"fields": ["country", "admin1", "latitude", "longitude", "location_precision"]},
        ),
        (_("Notes"), {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(n_incidents=Count("incidents"))
        )

    @admin.display(description=_("incidents"), ordering="n_incidents")
    def incident_count(self, obj):
        return obj.n_incidents


@admin.register(Actor)
class ActorAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ["name_en", "name_ar", "kind", "parent", "country"]
    list_filter = ["kind", "country"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["parent"]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["article"]
    fields = [
        ("article", "role"),
        "quote",
        "quote_language",
        (
            "reported_date",
            "reported_launched",
            "reported_intercepted",
            "reported_killed",
            "reported_wounded",
        ),
        "note",
    ]


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    autocomplete_fields = ["actor", "source"]
    fields = ["actor", "channel", "claimed_on", "source", "quote"]


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    autocomplete_fields = ["actor", "source"]
    fields = ["actor", "attributed_by", "attributed_by_detail", "source", "quote"]


class IncidentAdminForm(forms.ModelForm):
    """Carries the version the editor started from, so a save over someone else's is refused
    on the form instead of silently overwriting it."""

    editing_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Incident
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["editing_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        started_from = cleaned.get("editing_version")
        if self.instance.pk and started_from is not None:
            current = (
                Incident.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != started_from:
                raise forms.ValidationError(
                    _(
                        "Someone else saved this incident while you were editing it (now version "
                        "%(now)s, you started from %(was)s). Your changes are still in the form: "
                        "open the incident in a new tab, compare, and save again."
                    )
                    % {"now": current, "was": started_from}
                )
        return cleaned


@admin.register(Incident)
class IncidentAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    form = IncidentAdminForm
    list_display = [
        "public_id",
        "date_start",
        "date_precision",
        "place",
        "weapon",
        "launched",
        "intercepted",
        "killed",
        "status",
        "updated_at",
    ]
    list_filter = [
        "status",
        "weapon",
        "date_precision",
        "place__country",
        "place__admin1",
        "location_precision",
        ("date_start", admin.DateFieldListFilter),
    ]
    list_select_related = ["place"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["place", "launch_place", "targeted_forces"]
    readonly_fields = [
        "public_id",
        "version",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    inlines = [CitationInline, ClaimInline, AttributionInline]
    fieldsets = [
        (None, {"fields": [("public_id", "version"), ("status", "status_reason")]}),
        (
            _("When"),
            {
                "fields": [
                    ("date_start", "date_end", "date_precision"),
                    ("time_of_day", "time_note"),
                    "date_note",
                ]
            },
        ),
        (
            _("Where"),
            {
                "fields": [
                    ("place", "location_precision"),
                    "location_note",
                    ("launch_site", "launch_place"),
                ]
            },
        ),
        (
            _("What"),
            {
                "fields": [
                    ("weapon", "weapon_detail"),
                    ("launched", "intercepted", "impacted", "fell_short"),
                    "defence_system",
                    "targeted_forces",
                ]
            },
        ),
        (
            _("Harm (blank = unknown, 0 = none reported)"),
            {
                "fields": [
                    ("killed_low", "killed", "killed_high"),
                    ("wounded_low", "wounded", "wounded_high"),
                    "casualty_note",
                    ("damage", "damage_detail"),
                ]
            },
        ),
        (_("Summary, in your own words"), {"fields": ["summary_en", "summary_ar"]}),
        (
            _("Record"),
            {
                "fields": [
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                    "editing_version",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if not change:
            obj.created_by = request.user
        else:
            obj.version = (form.cleaned_data.get("editing_version") or obj.version) + 1
        super().save_model(request, obj, form, change)
