"""The Django admin, for admins and editors: the same rules as every other door. Saves go
through incidents.services (validated, attributed, versioned; the incidents that show a
changed place, actor or citation get a new version), an incident's status is read-only here
(it changes in the review queue), and an incident save is a conditional update on the version
the form was opened at, so two concurrent admin saves cannot both succeed."""

from django import forms
from django.contrib import admin
from django.db.models import Count, F
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from sources.models import Citation

from . import services
from .models import CASUALTY_FIGURES, Actor, Attribution, Casualty, Claim, Incident, Party, Place


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin with an object id checked first (/incidents/incident/abc/
    history/ was a 500) and without its revert form (SIMPLE_HISTORY_REVERT_DISABLED): a
    revert there would bypass the version check and the review rules; editors revert in the
    workspace's history page."""

    def _checked(self, object_id):
        try:
            self.model._meta.pk.to_python(object_id)
        except Exception as error:  # noqa: BLE001 - any unparseable id is simply not found
            raise Http404(_("No such record.")) from error

    def history_view(self, request, object_id, extra_context=None):
        self._checked(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._checked(object_id)
        try:
            int(version_id)
        except ValueError as error:
            raise Http404(_("No such version.")) from error
        return super().history_form_view(request, object_id, version_id, extra_context)


class ServiceSaveMixin:
    """save_model through a service: `save_service(obj=..., user=..., reason=...)`."""

    save_service = None
    object_keyword = "obj"

    def save_model(self, request, obj, form, change):
        service = type(self).save_service
        service(**{self.object_keyword: obj}, user=request.user, reason="Changed in the admin")


class RelatedInlineFormsetMixin:
    """Inline citations, claims and attributions saved through the services, so each is
    validated, attributed and the incidents involved get a new version."""

    # On the incident's own form its save already gave it a new version.
    inlines_touch_incident = True

    def save_formset(self, request, form, formset, change):
        if formset.model not in (Citation, Claim, Attribution):
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        touch = self.inlines_touch_incident
        for obj in formset.deleted_objects:
            services.related_delete(
                obj=obj, user=request.user, reason="Removed in the admin", touch=touch
            )
        for obj in instances:
            services.related_save(
                obj=obj, user=request.user, reason="Changed in the admin", touch=touch
            )
        formset.save_m2m()


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
class PlaceAdmin(ServiceSaveMixin, NormalisedSearchMixin, MapPickerMixin, HistoryAdmin):
    save_service = services.place_save
    object_keyword = "place"
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
class ActorAdmin(ServiceSaveMixin, NormalisedSearchMixin, HistoryAdmin):
    save_service = services.actor_save
    object_keyword = "actor"
    list_display = ["name_en", "name_ar", "kind", "parent", "country"]
    list_filter = ["kind", "country"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    list_select_related = ["parent"]

    def delete_model(self, request, obj):
        services.actor_delete(actor=obj, user=request.user, reason="Deleted in the admin")

    def delete_queryset(self, request, queryset):
        for actor in queryset:
            services.actor_delete(actor=actor, user=request.user, reason="Deleted in the admin")


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


class CasualtyInline(admin.TabularInline):
    """Shown, not edited: sides are entered in the editor's incident form, which keeps the
    totals their sums."""

    model = Casualty
    extra = 0
    can_delete = False
    fields = ["party", *CASUALTY_FIGURES]
    readonly_fields = fields
    verbose_name_plural = _("casualties by side (edit them in the editor's incident form)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IncidentAdminForm(forms.ModelForm):
    """Carries the version the editor started from, so a save over someone else's is refused
    on the form instead of silently overwriting it. Required on a change: a form posted
    without it cannot say what it overwrites."""

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
        if self.instance.pk and started_from is None:
            raise forms.ValidationError(
                _("This form does not say which version it edits: reload the page.")
            )
        if self.instance.pk:
            current = (
                Incident.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            named = self.instance.casualties.exclude(party=Party.UNKNOWN).exists()
            for name in CASUALTY_FIGURES:
                if named and name in self.changed_data:
                    self.add_error(
                        name,
                        _(
                            "This incident records casualties by side: change them in the "
                            "editor's incident form, and the totals follow."
                        ),
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
class IncidentAdmin(RelatedInlineFormsetMixin, NormalisedSearchMixin, HistoryAdmin):
    form = IncidentAdminForm
    inlines_touch_incident = False
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
        "status",
        "status_reason",
        "review_link",
        "version",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    inlines = [CasualtyInline, CitationInline, ClaimInline, AttributionInline]

    def get_inlines(self, request, obj):
        # A new incident has no sides to show yet.
        return self.inlines if obj is not None else self.inlines[1:]

    fieldsets = [
        (
            None,
            {"fields": [("public_id", "version"), ("status", "status_reason"), "review_link"]},
        ),
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

    @admin.display(description=_("publish, send back, retract"))
    def review_link(self, obj):
        if not obj.pk:
            return _("A new incident is a draft; reviewers publish it from the review queue.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("editor:incident", args=[obj.public_id]),
            _("In the editor workspace (reviewers), with a note"),
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.VersionConflict:
            # Another save won the race between this form's check and its write; the
            # transaction is rolled back. A second pass sees the new version in clean() and
            # shows the form again, with everything typed and the conflict explained.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if not change:
            obj.created_by = request.user
            services.incident_save_new(
                incident=obj, user=request.user, reason="Created in the admin"
            )
            return
        started_from = form.cleaned_data["editing_version"]
        # The write itself is conditional: only the save that still finds the version the
        # form was opened at goes on (the row stays locked until the transaction ends).
        bumped = Incident.objects.filter(pk=obj.pk, version=started_from).update(
            version=F("version") + 1
        )
        if not bumped:
            raise services.VersionConflict(
                incident=Incident.objects.get(pk=obj.pk), expected_version=started_from
            )
        obj.version = started_from + 1
        services.incident_save_checked(
            incident=obj, user=request.user, reason="Changed in the admin"
        )

    def delete_model(self, request, obj):
        services.incident_delete(incident=obj, user=request.user, reason="Deleted in the admin")

    def delete_queryset(self, request, queryset):
        for incident in queryset:
            services.incident_delete(
                incident=incident, user=request.user, reason="Deleted in the admin"
            )
