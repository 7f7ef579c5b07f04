"""What every read returns, described for the OpenAPI schema (and so for generated clients and
the fuzz test's conformance check).

Schema-only: these serializers are never instantiated on a request. The views answer with the
plain dicts api/rows.py, api/aggregates.py and the catalogue views build (a ModelSerializer
per incident would cost milliseconds; a dict costs microseconds); these classes say what those
dicts hold. tests/api/test_contract.py reads every endpoint through a client generated from
them, so a field added to a dict and not here (or the other way round) fails there.

`allow_null=True` marks the counts and dates where null is a value: "unknown" (an unreported
death toll is null, not 0)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers as s

from incidents.models import Actor as ActorModel
from incidents.models import (
    Attribution,
    Claim,
    Damage,
    DatePrecision,
    Incident,
    LocationPrecision,
    Party,
    Weapon,
)
from incidents.models import Place as PlaceModel
from incidents.querysets import TIMELINE_BUCKETS, WITHDRAWN_REASON
from sources.models import LANGUAGES, Citation, Credibility, Reliability
from sources.models import Outlet as OutletModel


def count():
    return s.IntegerField(min_value=0, allow_null=True, help_text="null: not reported.")


def slug(**kwargs):
    return s.CharField(**kwargs)


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}(\.\d+)?$"})
class LocalTimeField(s.CharField):
    """The local time at the place, "HH:MM:SS" without a zone: not OpenAPI's `format: time`,
    which is RFC 3339's and needs an offset."""


def weapon_counts():
    return s.DictField(
        child=s.IntegerField(min_value=0),
        help_text="Incidents per weapon, keys in the order of the weapon list.",
    )


class ActorNameSerializer(s.Serializer):
    slug = slug()
    name_en = s.CharField()
    name_ar = s.CharField()


class PlaceNameSerializer(ActorNameSerializer):
    pass


class IncidentPlaceSerializer(PlaceNameSerializer):
    country = s.CharField(help_text="ISO 3166-1 alpha-2; empty when not set.")
    admin1 = s.CharField()
    latitude = s.FloatField()
    longitude = s.FloatField()
    location_precision = s.ChoiceField(choices=LocationPrecision.choices)


class CasualtySideSerializer(s.Serializer):
    """Killed and wounded on one side; the incident's totals are the sums of its sides."""

    party = s.ChoiceField(choices=Party.choices)
    killed_low = count()
    killed = count()
    killed_high = count()
    wounded_low = count()
    wounded = count()
    wounded_high = count()


class IncidentSerializer(s.Serializer):
    """One incident as the list gives it (api/rows.py list_row)."""

    public_id = s.CharField()
    url = s.URLField()
    status = s.ChoiceField(choices=Incident.Status.choices)
    date_start = s.DateField()
    date_end = s.DateField()
    date_precision = s.ChoiceField(choices=DatePrecision.choices)
    time_of_day = LocalTimeField(allow_null=True, help_text="Local time at the place.")
    location_precision = s.ChoiceField(choices=LocationPrecision.choices)
    weapon = s.ChoiceField(choices=Weapon.choices)
    weapon_detail = s.CharField(allow_blank=True)
    launched = count()
    intercepted = count()
    impacted = count()
    fell_short = count()
    killed_low = count()
    killed = count()
    killed_high = count()
    wounded_low = count()
    wounded = count()
    wounded_high = count()
    damage = s.ChoiceField(choices=Damage.choices, allow_blank=True)
    launch_site = s.CharField(allow_blank=True)
    summary_en = s.CharField(allow_blank=True)
    summary_ar = s.CharField(allow_blank=True)
    updated_at = s.DateTimeField()
    version = s.IntegerField(min_value=1, help_text="The number to send back in If-Match.")
    place = IncidentPlaceSerializer()
    claimed_by = ActorNameSerializer(many=True)
    attributed_to = ActorNameSerializer(many=True)
    targeted_forces = ActorNameSerializer(many=True)
    source_count = s.IntegerField(min_value=0)
    casualties = CasualtySideSerializer(
        many=True,
        help_text="Killed and wounded by side, in a fixed order of sides; the killed/wounded "
        "totals are their sums. Empty when no figure is known.",
    )


class ArticleSerializer(s.Serializer):
    """A source article's public metadata (never its text)."""

    id = s.IntegerField()
    url = s.CharField(allow_blank=True)
    title = s.CharField()
    author = s.CharField(allow_blank=True)
    published_on = s.DateField(allow_null=True)
    language = s.ChoiceField(choices=LANGUAGES, allow_blank=True)
    retrieved_at = s.DateTimeField(allow_null=True)
    content_hash = s.CharField(allow_blank=True)
    outlet = slug(allow_null=True)
    outlet_name = s.CharField(allow_null=True)
    outlet_reliability = s.ChoiceField(
        choices=Reliability.choices, allow_blank=True, allow_null=True
    )
    wire_agency = slug(allow_null=True)


class CitationSerializer(s.Serializer):
    id = s.IntegerField()
    role = s.ChoiceField(choices=Citation.Role.choices)
    quote = s.CharField()
    quote_language = s.ChoiceField(choices=LANGUAGES, allow_blank=True)
    reported_date = s.DateField(allow_null=True)
    reported_launched = count()
    reported_intercepted = count()
    reported_killed = count()
    reported_wounded = count()
    note = s.CharField(allow_blank=True)
    reliability = s.ChoiceField(choices=Reliability.choices, allow_blank=True)
    credibility = s.ChoiceField(choices=Credibility.choices, allow_null=True)
    grade = s.CharField(allow_blank=True, help_text='Admiralty grade as written, e.g. "B2".')
    article = ArticleSerializer()


class ClaimSerializer(s.Serializer):
    id = s.IntegerField()
    actor = slug()
    channel = s.ChoiceField(choices=Claim.Channel.choices)
    claimed_on = s.DateField(allow_null=True)
    source = s.IntegerField(allow_null=True, help_text="The article id.")
    quote = s.CharField(allow_blank=True)


class AttributionSerializer(s.Serializer):
    id = s.IntegerField()
    actor = slug()
    attributed_by = s.ChoiceField(choices=Attribution.By.choices)
    attributed_by_detail = s.CharField(allow_blank=True)
    source = s.IntegerField(allow_null=True, help_text="The article id.")
    quote = s.CharField(allow_blank=True)


class IncidentDetailSerializer(IncidentSerializer):
    status_reason = s.CharField(allow_blank=True)
    time_note = s.CharField(allow_blank=True)
    date_note = s.CharField(allow_blank=True)
    location_note = s.CharField(allow_blank=True)
    defence_system = s.CharField(allow_blank=True)
    casualty_note = s.CharField(allow_blank=True)
    damage_detail = s.CharField(allow_blank=True)
    created_at = s.DateTimeField()
    launch_place = PlaceNameSerializer(allow_null=True)
    citations = CitationSerializer(many=True)
    claims = ClaimSerializer(many=True)
    attributions = AttributionSerializer(many=True)


class IncidentPageSerializer(s.Serializer):
    next = s.URLField(allow_null=True, help_text="The next page; null on the last.")
    previous = s.URLField(allow_null=True, help_text="The page before; null on the first.")
    results = IncidentSerializer(many=True)


# --- GeoJSON (RFC 7946) -------------------------------------------------------------------


class PointSerializer(s.Serializer):
    type = s.ChoiceField(choices=["Point"])
    coordinates = s.ListField(
        child=s.FloatField(), min_length=2, max_length=2, help_text="[longitude, latitude]"
    )


class IncidentFeaturePropertiesSerializer(s.Serializer):
    public_id = s.CharField()
    url = s.URLField()
    status = s.ChoiceField(choices=Incident.Status.choices)
    date_start = s.DateField()
    date_end = s.DateField()
    date_precision = s.ChoiceField(choices=DatePrecision.choices)
    weapon = s.ChoiceField(choices=Weapon.choices)
    weapon_detail = s.CharField(allow_blank=True)
    launched = count()
    intercepted = count()
    impacted = count()
    killed = count()
    wounded = count()
    location_precision = s.ChoiceField(choices=LocationPrecision.choices)
    updated_at = s.DateTimeField()
    place = slug()
    place_name_en = s.CharField()
    place_name_ar = s.CharField()
    place_precision = s.ChoiceField(choices=LocationPrecision.choices)
    precision = s.ChoiceField(
        choices=LocationPrecision.choices,
        help_text="What a map should draw: the worse of the incident's and the place's.",
    )
    killed_low = count()
    killed_high = count()
    wounded_low = count()
    wounded_high = count()
    claimed_by = ActorNameSerializer(
        many=True, required=False, help_text="With related=true: groups claiming it."
    )
    attributed_to = ActorNameSerializer(
        many=True, required=False, help_text="With related=true: actors others blame."
    )
    source_count = s.IntegerField(
        min_value=0, required=False, help_text="With related=true: articles citing it."
    )
    casualties = CasualtySideSerializer(
        many=True, required=False, help_text="With related=true: killed and wounded by side."
    )


class IncidentFeatureSerializer(s.Serializer):
    type = s.ChoiceField(choices=["Feature"])
    id = s.CharField(help_text="The incident's public_id.")
    geometry = PointSerializer()
    properties = IncidentFeaturePropertiesSerializer()


class IncidentFeatureCollectionSerializer(s.Serializer):
    type = s.ChoiceField(choices=["FeatureCollection"])
    features = IncidentFeatureSerializer(many=True)


# --- aggregates -----------------------------------------------------------------------------


class TimelineBucketSerializer(s.Serializer):
    period = s.DateField(help_text="The first day of the day, ISO week or month.")
    counts = weapon_counts()


class TimelineSerializer(s.Serializer):
    bucket = s.ChoiceField(choices=list(TIMELINE_BUCKETS))
    weapons = s.ListField(child=s.ChoiceField(choices=Weapon.choices))
    series = TimelineBucketSerializer(many=True)


class ClusterPlaceSerializer(PlaceNameSerializer):
    location_precision = s.ChoiceField(choices=LocationPrecision.choices)


class ClusterSerializer(s.Serializer):
    lat = s.FloatField()
    lon = s.FloatField()
    count = s.IntegerField(min_value=1)
    bounds = s.ListField(
        child=s.FloatField(),
        min_length=4,
        max_length=4,
        help_text="[minLon, minLat, maxLon, maxLat]",
    )
    weapons = weapon_counts()
    place = ClusterPlaceSerializer(allow_null=True, help_text="The place, when only one.")
    precision = s.ChoiceField(
        choices=LocationPrecision.choices, help_text="The worst location precision in it."
    )


class ClustersSerializer(s.Serializer):
    total = s.IntegerField(min_value=0)
    clusters = ClusterSerializer(many=True)


class PlaceCountSerializer(IncidentPlaceSerializer):
    count = s.IntegerField(min_value=1)
    weapons = weapon_counts()
    last = s.DateField(help_text="The latest incident's first day.")


class ByPlaceSerializer(s.Serializer):
    total = s.IntegerField(min_value=0, help_text="Incidents that match, past any limit.")
    place_count = s.IntegerField(
        min_value=0, help_text="Places with an incident that matches, past any limit."
    )
    places = PlaceCountSerializer(many=True)


# --- the catalogue --------------------------------------------------------------------------


class PlaceSerializer(PlaceNameSerializer):
    aliases = s.ListField(child=s.CharField())
    kind = s.ChoiceField(choices=PlaceModel.Kind.choices)
    parent = slug(allow_null=True)
    country = s.CharField(allow_blank=True)
    admin1 = s.CharField(allow_blank=True)
    latitude = s.FloatField()
    longitude = s.FloatField()
    location_precision = s.ChoiceField(choices=LocationPrecision.choices)


class PlaceDetailSerializer(PlaceSerializer):
    children = s.ListField(child=slug())
    incident_count = s.IntegerField(min_value=0, help_text="Including the places inside it.")


class ActorSerializer(ActorNameSerializer):
    aliases = s.ListField(child=s.CharField())
    kind = s.ChoiceField(choices=ActorModel.Kind.choices)
    parent = slug(allow_null=True)
    country = s.CharField(allow_blank=True)
    description = s.CharField(allow_blank=True)


class ActorDetailSerializer(ActorSerializer):
    claim_count = s.IntegerField(min_value=0)
    attribution_count = s.IntegerField(min_value=0)
    members = s.ListField(child=slug())


class OutletSerializer(s.Serializer):
    slug = slug()
    name_en = s.CharField()
    name_ar = s.CharField(allow_blank=True)
    kind = s.ChoiceField(choices=OutletModel.Kind.choices)
    website = s.CharField(allow_blank=True)
    country = s.CharField(allow_blank=True)
    language = s.ChoiceField(choices=LANGUAGES, allow_blank=True)
    reliability = s.ChoiceField(choices=Reliability.choices, allow_blank=True)


def catalogue_page(name: str, item) -> type[s.Serializer]:
    """A cursor page in slug order, shaped as the incident list's."""
    return type(
        f"{name}PageSerializer",
        (s.Serializer,),
        {
            "next": s.URLField(allow_null=True, help_text="The next page; null on the last."),
            "previous": s.URLField(
                allow_null=True, help_text="The page before; null on the first."
            ),
            "results": item(many=True),
        },
    )


PlacePageSerializer = catalogue_page("Place", PlaceSerializer)
ActorPageSerializer = catalogue_page("Actor", ActorSerializer)
OutletPageSerializer = catalogue_page("Outlet", OutletSerializer)


class SourceSerializer(ArticleSerializer):
    updated_at = s.DateTimeField()


class SourcePageSerializer(s.Serializer):
    next = s.URLField(allow_null=True)
    previous = s.URLField(allow_null=True)
    results = SourceSerializer(many=True)


class SourceCitationSerializer(s.Serializer):
    id = s.IntegerField()
    role = s.ChoiceField(choices=Citation.Role.choices)
    quote = s.CharField()
    quote_language = s.ChoiceField(choices=LANGUAGES, allow_blank=True)
    incident = s.CharField(help_text="The incident's public_id.")


class SnapshotSerializer(s.Serializer):
    id = s.IntegerField()
    article = s.IntegerField(allow_null=True, help_text="null until recorded.")
    requested_url = s.CharField()
    final_url = s.CharField(help_text="Where the redirects ended.")
    http_status = s.IntegerField()
    content_type = s.CharField()
    fetched_at = s.DateTimeField()
    sha256 = s.CharField(help_text="SHA-256 of the bytes as received (hex).")
    size = s.IntegerField(help_text="Bytes, after any transfer compression.")


class SourceDetailSerializer(SourceSerializer):
    published_note = s.CharField(allow_blank=True)
    citations = SourceCitationSerializer(many=True)
    snapshots = SnapshotSerializer(many=True)  # as POST /sources/fetch/ returns it


# --- sync -----------------------------------------------------------------------------------


class WithdrawnEntrySerializer(s.Serializer):
    public_id = s.CharField()
    reason = s.ChoiceField(choices=sorted(set(WITHDRAWN_REASON.values())))
    withdrawn_at = s.DateTimeField()
    note = s.CharField(allow_blank=True, help_text="The public retraction reason, if any.")
    replaced_by = s.CharField(allow_null=True, help_text="Merged into this public_id.")


class WithdrawnFeedSerializer(s.Serializer):
    since = s.DateTimeField()
    results = WithdrawnEntrySerializer(many=True)


# --- errors: RFC 9457 problem details (api/problems.py) -------------------------------------


class ProblemSerializer(s.Serializer):
    type = s.CharField(help_text='Always "about:blank": the status says what happened.')
    title = s.CharField()
    status = s.IntegerField()
    detail = s.CharField(allow_blank=True)


class ValidationErrorSerializer(ProblemSerializer):
    errors = s.DictField(
        child=s.ListField(child=s.CharField()),
        required=False,
        help_text="{parameter or field name: [messages]}: on every refused parameter or "
        "field; absent only when a write's body is not JSON at all.",
    )


class VersionConflictSerializer(ProblemSerializer):
    version = s.IntegerField(help_text="The incident's current version (also the ETag).")
