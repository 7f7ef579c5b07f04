from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from incidents import services
from incidents.admin import (
    HistoryAdmin,
    NormalisedSearchMixin,
    RelatedInlineFormsetMixin,
    ServiceSaveMixin,
)

from .models import Citation, Outlet, SourceArticle


@admin.register(Outlet)
class OutletAdmin(ServiceSaveMixin, NormalisedSearchMixin, HistoryAdmin):
    save_service = services.outlet_save
    object_keyword = "outlet"
    list_display = ["name_en", "name_ar", "kind", "country", "language", "article_count"]
    list_filter = ["kind", "country", "language"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description=_("articles"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["incident"]
    fields = [("incident", "role"), "quote", "quote_language", "note"]


@admin.register(SourceArticle)
class SourceArticleAdmin(RelatedInlineFormsetMixin, NormalisedSearchMixin, HistoryAdmin):
    list_display = ["title", "outlet", "wire_agency", "published_on", "language", "citation_count"]
    list_filter = ["language", "outlet", "wire_agency", ("published_on", admin.DateFieldListFilter)]
    list_select_related = ["outlet", "wire_agency"]
    autocomplete_fields = ["outlet", "wire_agency"]
    readonly_fields = ["content_hash", "created_at", "updated_at", "created_by"]
    inlines = [CitationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "url",
                    ("outlet", "wire_agency"),
                    ("published_on", "published_note"),
                    ("language", "retrieved_at"),
                ]
            },
        ),
        (_("Text (kept for editors and search; never published)"), {"fields": ["text"]}),
        (_("Record"), {"fields": ["content_hash", ("created_at", "updated_at"), "created_by"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_citations=Count("citations"))

    @admin.display(description=_("citations"), ordering="n_citations")
    def citation_count(self, obj):
        return obj.n_citations

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        services.source_update(
            article=obj,
            user=request.user,
            changes={},
            reason="Changed in the admin" if change else "Added in the admin",
        )


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    list_display = ["incident", "article", "role", "quote_language", "created_at"]
    list_filter = ["role", "quote_language"]
    list_select_related = ["incident__place", "article"]
    autocomplete_fields = ["incident", "article"]
    search_fields = ["quote", "incident__public_id", "article__title"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        services.related_save(obj=obj, user=request.user, reason="Changed in the admin")

    def delete_model(self, request, obj):
        services.related_delete(obj=obj, user=request.user, reason="Removed in the admin")

    def delete_queryset(self, request, queryset):
        for citation in queryset:
            self.delete_model(request, citation)
