"""POST /api/v1/sources/fetch/: Salvo fetches a link server-side (refusing private addresses),
archives the page as a snapshot and returns what it read, for the client to confirm and then
record with POST /api/v1/sources/ {…, "snapshot": id}."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from fetching.selectors import snapshot_row
from fetching.services import fetch_article
from sources.models import URL_MAX_LENGTH

from .. import schema
from ..responses import SnapshotSerializer
from ..serializers import StrictSerializer, model_errors
from .base import ApiView, json_response


class FetchRequestSerializer(StrictSerializer):
    url = serializers.CharField(
        max_length=URL_MAX_LENGTH, help_text="An http or https link to a public page."
    )


class PrefillSerializer(serializers.Serializer):
    url = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    published_on = serializers.DateField(allow_null=True)
    published_note = serializers.CharField(allow_blank=True)
    language = serializers.CharField()
    author = serializers.CharField(allow_blank=True)
    outlet = serializers.CharField(
        allow_blank=True, help_text="The outlet whose website is on the link's host, if any."
    )


class FetchResponseSerializer(serializers.Serializer):
    snapshot = SnapshotSerializer()
    changed = serializers.BooleanField(
        help_text="False: the page is byte for byte the last archived copy (no new snapshot)."
    )
    existing = serializers.IntegerField(
        allow_null=True, help_text="The id of the article already recorded with this link."
    )
    fields = PrefillSerializer(help_text="What was read from the page: check before recording.")
    captions = serializers.ListField(
        child=serializers.CharField(), help_text="Photo captions, kept apart from the text."
    )


class FetchView(ApiView):
    @extend_schema(
        operation_id="sources_fetch",
        summary="Fetch and archive an article by its link",
        description=(
            "Fetches the page server-side (private, loopback and link-local addresses are refused "
            "at every redirect; limits on time, size and redirects), archives the bytes with "
            "their SHA-256 and reads the article's text, title, date, language and author. "
            "Nothing is recorded as a source until you POST /api/v1/sources/ with `snapshot`. "
            "A link already recorded gets a new snapshot only when the page changed. Editors "
            "only."
        ),
        request=FetchRequestSerializer,
        responses={200: FetchResponseSerializer, **schema.WRITE_ERRORS},
        examples=[
            OpenApiExample("A link", request_only=True, value={"url": "https://example.org/news/1"})
        ],
        tags=["sources"],
    )
    def post(self, request):
        serializer = FetchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = fetch_article(url=serializer.validated_data["url"], user=request.user)
        except DjangoValidationError as error:
            raise ValidationError(model_errors(error)) from None
        return json_response(
            {
                "snapshot": snapshot_row(result.snapshot),
                "changed": result.changed,
                "existing": result.existing.pk if result.existing else None,
                "fields": {
                    **result.prefill,
                    "published_on": result.prefill["published_on"] or None,
                },
                "captions": result.captions,
            }
        )
