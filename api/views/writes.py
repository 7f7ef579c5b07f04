"""Editor writes beside incidents: articles, citations, claims."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError

from fetching.selectors import snapshot_rows
from fetching.services import snapshot_attach
from incidents import services
from sources.models import SourceArticle

from .. import schema
from ..rows import article_dict, article_values
from ..serializers import (
    ArticleWriteSerializer,
    CitationWriteSerializer,
    ClaimWriteSerializer,
    model_errors,
)
from .base import ApiView, json_response


def _valid(serializer_class, request, partial=False) -> dict:
    serializer = serializer_class(data=request.data, partial=partial, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(model_errors(error)) from None


def article_body(pk: int) -> dict:
    row = SourceArticle.objects.filter(pk=pk).values(*article_values(), "updated_at").get()
    return {**article_dict(row), "updated_at": row["updated_at"], "snapshots": snapshot_rows(pk)}


class SourceWriteMixin:
    @extend_schema(
        request=ArticleWriteSerializer, responses={201: schema.OBJECT, **schema.WRITE_ERRORS}
    )
    @transaction.atomic
    def post(self, request):
        fields = _valid(ArticleWriteSerializer, request)
        snapshot = fields.pop("snapshot", None)
        article = _call(
            services.source_create, user=request.user, reason="Created via API", **fields
        )
        if snapshot is not None:
            snapshot_attach(snapshot_id=snapshot.pk, article=article)
        return json_response(article_body(article.pk), status=201)


class SourceUpdateMixin:
    @extend_schema(
        request=ArticleWriteSerializer, responses={200: schema.OBJECT, **schema.WRITE_ERRORS}
    )
    def patch(self, request, pk):
        from .catalogue import source_pk

        article = SourceArticle.objects.filter(pk=source_pk(pk)).first()
        if article is None:
            raise NotFound("No source with this id.")
        changes = _valid(ArticleWriteSerializer, request, partial=True)
        if "snapshot" in changes:
            raise ValidationError(
                {"snapshot": ["A snapshot is archived with a new article only; refetch instead."]}
            )
        _call(
            services.source_update,
            article=article,
            user=request.user,
            changes=changes,
            reason="Changed via API",
        )
        return json_response(article_body(article.pk))


class CitationCreateView(ApiView):
    @extend_schema(
        request=CitationWriteSerializer, responses={201: schema.OBJECT, **schema.WRITE_ERRORS}
    )
    def post(self, request):
        citation = _call(
            services.citation_create,
            user=request.user,
            reason="Cited via API",
            **_valid(CitationWriteSerializer, request),
        )
        return json_response(
            {
                "id": citation.pk,
                "article": citation.article_id,
                "incident": citation.incident.public_id,
                "role": citation.role,
                "quote": citation.quote,
                "reliability": citation.reliability,
                "credibility": citation.credibility,
            },
            status=201,
        )


class ClaimCreateView(ApiView):
    @extend_schema(
        request=ClaimWriteSerializer, responses={201: schema.OBJECT, **schema.WRITE_ERRORS}
    )
    def post(self, request):
        claim = _call(
            services.claim_create,
            user=request.user,
            reason="Claim added via API",
            **_valid(ClaimWriteSerializer, request),
        )
        return json_response(
            {
                "id": claim.pk,
                "incident": claim.incident.public_id,
                "actor": claim.actor.slug,
                "channel": claim.channel,
                "source": claim.source_id,
                "quote": claim.quote,
            },
            status=201,
        )
