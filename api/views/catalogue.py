"""Places (the gazetteer), actors, outlets and source articles: read for everyone."""

from django import forms
from django.db.models import Count, Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError

from fetching.selectors import snapshot_rows
from incidents.models import Actor, Incident, Place
from sources.models import Citation, Outlet, SourceArticle

from .. import responses, schema
from ..filters import CountryCodeField, TextField
from ..pagination import BY_SLUG, page_link, paginate, paging_in
from ..rows import article_dict, article_values
from .base import ApiView, json_response
from .writes import SourceUpdateMixin, SourceWriteMixin

PLACE_VALUES = (
    "slug",
    "name_en",
    "name_ar",
    "aliases",
    "kind",
    "parent__slug",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "location_precision",
)
ACTOR_VALUES = (
    "slug",
    "name_en",
    "name_ar",
    "aliases",
    "kind",
    "parent__slug",
    "country",
    "description",
)


def _text_param(request, name):
    from django import forms
    from rest_framework.exceptions import ValidationError

    try:
        return TextField(required=False).clean(request.query_params.get(name, ""))
    except forms.ValidationError as error:
        raise ValidationError({name: error.messages}) from None


def source_pk(raw: str) -> int:
    """Article ids in the path; anything else is a JSON 404, not Django's HTML one."""
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) < 2**63:
        raise NotFound("No source with this id.")
    return int(raw)


COUNTRY_FIELD = CountryCodeField(required=False)


def _rename_parent(row):
    row["parent"] = row.pop("parent__slug")
    return row


def _page_by_slug(request, qs, shape=dict) -> dict:
    """A cursor page of `qs` (values() with the slug) in slug order, shaped as the incident
    list's: {"next", "previous", "results"}. One query, over a range of the slug index."""
    paging = paging_in(request.query_params, BY_SLUG)
    rows, next_cursor, previous_cursor = paginate(qs, paging)
    return {
        "next": page_link(request, next_cursor),
        "previous": page_link(request, previous_cursor),
        "results": [shape(r) for r in rows],
    }


class PlaceListView(ApiView):
    query_parameters = [schema.TEXT_Q, schema.COUNTRY, schema.LIMIT, schema.CURSOR]

    @extend_schema(
        operation_id="places_list",
        parameters=query_parameters,
        responses={200: responses.PlacePageSerializer, **schema.ERRORS},
    )
    def get(self, request):
        qs = Place.objects.all()
        if q := _text_param(request, "q"):
            qs = qs.matching(q)
        if country := _text_param(request, "country"):
            try:
                qs = qs.filter(country=COUNTRY_FIELD.clean(country))
            except forms.ValidationError as error:
                raise ValidationError({"country": error.messages}) from None
        return json_response(_page_by_slug(request, qs.values(*PLACE_VALUES), _rename_parent))


class PlaceDetailView(ApiView):
    @extend_schema(responses={200: responses.PlaceDetailSerializer, **schema.ERRORS})
    def get(self, request, slug):
        row = Place.objects.filter(slug=slug).values("id", *PLACE_VALUES).first()
        if row is None:
            raise NotFound("No place with this slug.")
        pk = row.pop("id")
        row = _rename_parent(row)
        row["children"] = list(
            Place.objects.filter(parent_id=pk).order_by("slug").values_list("slug", flat=True)
        )
        # Counted with the places inside it, as the incident filter does.
        row["incident_count"] = (
            Incident.objects.visible_to(request.user)
            .filter(place_id__in=Place.objects.with_descendant_ids([pk]))
            .count()
        )
        return json_response(row)


class ActorListView(ApiView):
    query_parameters = [schema.TEXT_Q, schema.LIMIT, schema.CURSOR]

    @extend_schema(
        operation_id="actors_list",
        parameters=query_parameters,
        responses={200: responses.ActorPageSerializer, **schema.ERRORS},
    )
    def get(self, request):
        qs = Actor.objects.all()
        if q := _text_param(request, "q"):
            qs = qs.matching(q)
        return json_response(_page_by_slug(request, qs.values(*ACTOR_VALUES), _rename_parent))


class ActorDetailView(ApiView):
    @extend_schema(responses={200: responses.ActorDetailSerializer, **schema.ERRORS})
    def get(self, request, slug):
        visible = Incident.objects.visible_to(request.user).values("id")
        row = (
            Actor.objects.filter(slug=slug)
            .annotate(
                claim_count=Count(
                    "claims__incident", filter=Q(claims__incident__in=visible), distinct=True
                ),
            )
            .values("id", *ACTOR_VALUES, "claim_count")
            .first()
        )
        if row is None:
            raise NotFound("No actor with this slug.")
        pk = row.pop("id")
        row["attribution_count"] = (
            Incident.objects.filter(id__in=visible, attributions__actor_id=pk).distinct().count()
        )
        row["members"] = list(
            Actor.objects.filter(parent_id=pk).order_by("slug").values_list("slug", flat=True)
        )
        return json_response(_rename_parent(row))


class OutletListView(ApiView):
    query_parameters = [schema.LIMIT, schema.CURSOR]

    @extend_schema(
        operation_id="outlets_list",
        parameters=query_parameters,
        responses={200: responses.OutletPageSerializer, **schema.ERRORS},
    )
    def get(self, request):
        rows = Outlet.objects.values(
            "slug", "name_en", "name_ar", "kind", "website", "country", "language", "reliability"
        )
        return json_response(_page_by_slug(request, rows))


class SourceListView(SourceWriteMixin, ApiView):
    """Articles, newest change first, by keyset cursor. Metadata only: never the text. The
    public sees only articles a published incident cites; editors see every one."""

    query_parameters = [
        schema.LIMIT,
        schema.CURSOR,
        OpenApiParameter("outlet", str),
        OpenApiParameter("language", str),
    ]

    @extend_schema(
        operation_id="sources_list",
        parameters=query_parameters,
        responses={200: responses.SourcePageSerializer, **schema.ERRORS},
    )
    def get(self, request):
        paging = paging_in(request.query_params, "-updated")
        qs = SourceArticle.objects.visible_to(request.user)
        if outlet := _text_param(request, "outlet"):
            qs = qs.filter(outlet__slug=outlet)
        if language := _text_param(request, "language"):
            qs = qs.filter(language=language)
        rows, next_cursor, previous_cursor = paginate(
            qs.values(*article_values(), "updated_at"), paging
        )
        return json_response(
            {
                "next": page_link(request, next_cursor),
                "previous": page_link(request, previous_cursor),
                "results": [{**article_dict(r), "updated_at": r["updated_at"]} for r in rows],
            }
        )


class SourceDetailView(SourceUpdateMixin, ApiView):
    @extend_schema(responses={200: responses.SourceDetailSerializer, **schema.ERRORS})
    def get(self, request, pk):
        pk = source_pk(pk)
        row = (
            SourceArticle.objects.visible_to(request.user)
            .filter(pk=pk)
            .values(*article_values(), "updated_at", "published_note")
            .first()
        )
        if row is None:
            raise NotFound("No source with this id.")
        out = {
            **article_dict(row),
            "published_note": row["published_note"],
            "updated_at": row["updated_at"],
        }
        visible = Incident.objects.visible_to(request.user).values("id")
        out["citations"] = list(
            Citation.objects.filter(article_id=pk, incident__in=visible)
            .order_by("id")
            .values("id", "role", "quote", "quote_language", "incident__public_id")
        )
        for c in out["citations"]:
            c["incident"] = c.pop("incident__public_id")
        out["snapshots"] = snapshot_rows(pk)
        return json_response(out)
