"""POST /api/v1/assistant/suggest/: an article's text in, suggested incidents out, each value
with the words of the text that support it (see assistant/engine.py)."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from assistant.engine import MAX_CHARS, AssistantInputError
from assistant.selectors import suggestions

from .. import schema
from ..serializers import StrictSerializer
from .base import ApiView, json_response


class SuggestRequestSerializer(StrictSerializer):
    text = serializers.CharField(
        max_length=MAX_CHARS, trim_whitespace=False, help_text="The article's text, as published."
    )
    language = serializers.ChoiceField(choices=["ar", "en"], help_text="The article's language.")
    published = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Its publication date; weekdays and 'yesterday' are counted back from it.",
    )


class SpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the first character in `text`.")
    end = serializers.IntegerField(help_text="Offset after the last character.")
    text = serializers.CharField(help_text="text[start:end], the words quoted.")


class EntitySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())


class WhoSerializer(serializers.Serializer):
    actor = EntitySerializer(allow_null=True)
    name_in_text = serializers.CharField()


class LaunchSiteSerializer(serializers.Serializer):
    text = serializers.CharField()
    place = EntitySerializer(allow_null=True)


def _count(help_text):
    return serializers.IntegerField(allow_null=True, help_text=help_text)


class SuggestionSerializer(serializers.Serializer):
    background = serializers.BooleanField(
        help_text="True for an earlier attack the article only mentions in passing."
    )
    place = EntitySerializer(allow_null=True, help_text="The gazetteer's place; null if unnamed.")
    location_precision = serializers.IntegerField(allow_null=True)
    date_start = serializers.DateField(allow_null=True)
    date_end = serializers.DateField(allow_null=True)
    date_precision = serializers.ChoiceField(
        choices=["day", "span", "week", "month", "year"], allow_null=True
    )
    date_text = serializers.CharField(
        allow_null=True, help_text="The words the date was read from."
    )
    date_resolved = serializers.CharField(allow_null=True, help_text="What they resolved to.")
    weapon = serializers.ChoiceField(
        choices=[
            "drone",
            "rocket",
            "mortar",
            "ballistic_missile",
            "cruise_missile",
            "ied",
            "unknown",
        ],
        allow_null=True,
    )
    launched = _count("Projectiles or drones launched; null when the text does not say.")
    intercepted = _count("Shot down; null when the text does not say.")
    impacted = _count("Landed or hit.")
    killed = _count("0 when the text says none; null when it does not say.")
    wounded = _count("0 when the text says none; null when it does not say.")
    claimed_by = WhoSerializer(many=True, help_text="Who claimed it (a claim, not blame).")
    attributed_to = WhoSerializer(many=True, help_text="Who officials or the outlet blamed.")
    launch_site = LaunchSiteSerializer(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField(), help_text="Other figures given.")
    evidence = serializers.DictField(
        child=SpanSerializer(many=True), help_text="For each field set, the words that support it."
    )
    duplicates = serializers.ListField(
        child=serializers.DictField(),
        help_text="Catalogue incidents this may be (same place, dates within days, same weapon).",
    )


class SuggestResponseSerializer(serializers.Serializer):
    language = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    incidents = SuggestionSerializer(many=True)
    unmatched_places = SpanSerializer(
        many=True,
        help_text="Bases the text names that the gazetteer lacks: add them, then ask again.",
    )


class SuggestView(ApiView):
    @extend_schema(
        operation_id="assistant_suggest",
        summary="Suggest the incidents an article reports",
        description=(
            "Reads an Arabic or English article and suggests the incidents it reports. Every value "
            "comes with the words of the text that support it (`evidence`: offsets into `text`); "
            "a value the text does not give is null. Editors only. Nothing is saved."
        ),
        request=SuggestRequestSerializer,
        responses={200: SuggestResponseSerializer, **schema.WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "An Arabic sentence",
                request_only=True,
                value={
                    "text": "سقط صاروخان على قاعدة عين الأسد الجوية فجر اليوم دون خسائر بشرية.",
                    "language": "ar",
                    "published": "2024-02-07",
                },
            )
        ],
        tags=["assistant"],
    )
    def post(self, request):
        serializer = SuggestRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            result = suggestions(
                data["text"], language=data["language"], published=data.get("published")
            )
        except AssistantInputError as error:
            raise ValidationError({error.field: [error.message]}) from None
        return json_response(result)
