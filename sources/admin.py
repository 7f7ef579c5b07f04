from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from incidents.admin import NormalisedSearchMixin

from .models import Citation, Outlet, SourceArticle


@admin.register(Outlet)
class OutletAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
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
class SourceArticleAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
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
        super().save_model(request, obj, form, change)


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["incident", "article", "role", "quote_language", "created_at"]
    list_filter = ["role", "quote_language"]
    list_select_related = ["incident__place", "article"]
    autocomplete_fields = ["incident", "article"]
    search_fields = ["quote", "incident__public_id", "article__title"]
