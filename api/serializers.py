"""Input serializers for writes: explicit fields, nothing implied by the model. A field the
client may not set (ids, authorship, version, status: that goes through the review actions)
or does not exist is a 400 naming it, rather than being silently dropped."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from incidents.models import (
    CASUALTY_FIGURES,
    Actor,
    Claim,
    Damage,
    DatePrecision,
    Incident,
    Party,
    Place,
    Weapon,
)
from incidents.rules import MAX_COUNT
from incidents.services import STATUS_FIELDS
from sources.models import (
    LANGUAGES,
    Citation,
    Credibility,
    Outlet,
    Reliability,
    Snapshot,
    SourceArticle,
)

READ_ONLY = {
    "id",
    "public_id",
    "url",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "search_text",
    "content_hash",
    "source_count",
    "claimed_by",
    "attributed_to",
    "citations",
    "claims",
    "attributions",
}


class StrictSerializer(serializers.Serializer):
    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Send a JSON object."]})
        errors = {}
        for name in data:
            if name in self.fields and not self.fields[name].read_only:
                pass
            elif name in STATUS_FIELDS:
                errors[name] = [
                    "The status changes only through POST .../publish/, .../send-back/ or "
                    ".../retract/ (reviewers)."
                ]
            elif name in READ_ONLY:
                errors[name] = ["This field cannot be set."]
            else:
                errors[name] = ["Unknown field."]
            wrong = _wrong_type(self.fields.get(name), data[name])
            if wrong:
                errors[name] = [wrong]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def _wrong_type(field, value) -> str:
    """JSON has types: a number where text belongs (or text where a count belongs) is a
    mistake to report, not something to convert silently as DRF would."""
    if field is None or value is None or field.read_only:
        return ""
    if isinstance(field, serializers.CharField) and not isinstance(value, str):
        return "Must be a string."
    if isinstance(field, serializers.IntegerField) and (
        isinstance(value, bool) or not isinstance(value, int)
    ):
        return "Must be a whole number."
    return ""


def count_field():
    return serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, required=False, allow_null=True
    )


def text(max_length=None, **kwargs):
    kwargs.setdefault("required", False)
    return serializers.CharField(max_length=max_length, allow_blank=True, **kwargs)


class CasualtyWriteSerializer(StrictSerializer):
    party = serializers.ChoiceField(choices=Party.choices)
    killed_low = count_field()
    killed = count_field()
    killed_high = count_field()
    wounded_low = count_field()
    wounded = count_field()
    wounded_high = count_field()


class IncidentWriteSerializer(StrictSerializer):
    date_start = serializers.DateField()
    date_end = serializers.DateField(required=False)
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    time_of_day = serializers.TimeField(required=False, allow_null=True)
    time_note = text(120)
    date_note = text()
    place = serializers.SlugRelatedField(slug_field="slug", queryset=Place.objects.all())
    location_precision = serializers.IntegerField(min_value=1, max_value=5, required=False)
    location_note = text(300)
    weapon = serializers.ChoiceField(choices=Weapon.choices)
    weapon_detail = text(120)
    launched = count_field()
    intercepted = count_field()
    impacted = count_field()
    fell_short = count_field()
    defence_system = text(120)
    killed_low = count_field()
    killed = count_field()
    killed_high = count_field()
    wounded_low = count_field()
    wounded = count_field()
    wounded_high = count_field()
    casualties = CasualtyWriteSerializer(
        many=True,
        required=False,
        help_text="Killed and wounded by side, replacing the incident's sides; the "
        "killed/wounded totals are then their sums, so send one or the other. Totals sent "
        "alone are recorded as the unknown side (refused once named sides are recorded).",
    )
    casualty_note = text(300)
    damage = serializers.ChoiceField(choices=Damage.choices, required=False, allow_blank=True)
    damage_detail = text()
    launch_site = text(200)
    launch_place = serializers.SlugRelatedField(
        slug_field="slug", queryset=Place.objects.all(), required=False, allow_null=True
    )
    targeted_forces = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), many=True, required=False
    )
    summary_en = text()
    summary_ar = text()
    reason = text(300, write_only=True, help_text="Why the change was made (kept in history).")

    def validate(self, attrs):
        if "casualties" in attrs:
            both = [f for f in CASUALTY_FIGURES if f in self.initial_data]
            if both:
                raise serializers.ValidationError(
                    dict.fromkeys(
                        both, ["Derived from `casualties`: send the sides or the totals."]
                    )
                )
        return attrs


class ReviewSerializer(StrictSerializer):
    """A reviewer's decision: publish (comment optional), send back (comment: what to fix),
    retract (reason, shown publicly with the incident)."""

    comment = text(2000, help_text="For publish and send-back: the note the editors read.")
    reason = text(2000, help_text="For retract: why, shown with the retracted incident.")


class ArticleWriteSerializer(StrictSerializer):
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True)
    outlet = serializers.SlugRelatedField(
        slug_field="slug", queryset=Outlet.objects.all(), required=False, allow_null=True
    )
    wire_agency = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Outlet.objects.filter(kind=Outlet.Kind.WIRE),
        required=False,
        allow_null=True,
    )
    title = serializers.CharField(max_length=500)
    author = text(200, help_text="The byline, if any.")
    published_on = serializers.DateField(required=False, allow_null=True)
    published_note = text(300)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    text = text(200_000, help_text="Article text: kept for search and editors, never public.")
    retrieved_at = serializers.DateTimeField(required=False, allow_null=True)
    snapshot = serializers.PrimaryKeyRelatedField(
        queryset=Snapshot.objects.filter(article=None).defer("body"),
        required=False,
        allow_null=True,
        help_text="On create: the `snapshot.id` that POST /sources/fetch/ returned, archived "
        "with the new article. Only a snapshot no article holds yet.",
        error_messages={"does_not_exist": "No unattached snapshot with id {pk_value}."},
    )


class CitationWriteSerializer(StrictSerializer):
    article = serializers.PrimaryKeyRelatedField(queryset=SourceArticle.objects.all())
    incident = serializers.SlugRelatedField(slug_field="public_id", queryset=Incident.objects.all())
    role = serializers.ChoiceField(choices=Citation.Role.choices, required=False)
    quote = serializers.CharField(max_length=1000)
    quote_language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    reported_date = serializers.DateField(required=False, allow_null=True)
    reported_launched = count_field()
    reported_intercepted = count_field()
    reported_killed = count_field()
    reported_wounded = count_field()
    note = text()
    reliability = serializers.ChoiceField(
        choices=Reliability.choices,
        required=False,
        allow_blank=True,
        help_text="Admiralty source reliability A-F of this report; empty: the outlet's grade.",
    )
    credibility = serializers.ChoiceField(
        choices=Credibility.choices,
        required=False,
        allow_null=True,
        help_text="Admiralty information credibility 1-6; null: not graded.",
    )


class ClaimWriteSerializer(StrictSerializer):
    incident = serializers.SlugRelatedField(slug_field="public_id", queryset=Incident.objects.all())
    actor = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all())
    channel = serializers.ChoiceField(choices=Claim.Channel.choices, required=False)
    claimed_on = serializers.DateField(required=False, allow_null=True)
    source = serializers.PrimaryKeyRelatedField(
        queryset=SourceArticle.objects.all(), required=False, allow_null=True
    )
    quote = text()
    notes = text()


def model_errors(error: DjangoValidationError) -> dict:
    """A model's full_clean() errors as a DRF error body keyed by field."""
    if hasattr(error, "error_dict"):
        return {
            k if k != "__all__" else "non_field_errors": v for k, v in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}
