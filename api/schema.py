"""OpenAPI descriptions of the query parameters the views parse by hand, so the schema (and
the fuzz test that reads it) knows every parameter, its type and its allowed values."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from incidents.querysets import TIMELINE_BUCKETS

from . import responses
from .filters import (
    BoolFilter,
    ChoicesListFilter,
    DateTimeFilter,
    IncidentFilterSet,
    WeaponsFilter,
)
from .pagination import MAX_LIMIT, ORDERINGS

QUERY = OpenApiParameter.QUERY


EMPTY = {"type": "string", "maxLength": 0}  # an empty parameter means "not given"


def _or_empty(schema: dict) -> dict:
    return {"anyOf": [schema, EMPTY]}


DATE = _or_empty({"type": "string", "format": "date"})
COUNTRY_CODE = _or_empty({"type": "string", "pattern": "^[A-Za-z]{2}$"})
DATETIME = _or_empty({"type": "string", "format": "date-time"})


def _int(low: int, high: int) -> dict:
    return _or_empty({"type": "integer", "minimum": low, "maximum": high})


# The multi-valued filters' items are the choice sets the responses name (config/settings.py
# ENUM_NAME_OVERRIDES), so a generated client has one Weapon type for filters and results.
LIST_ITEMS = {  # filter name -> the enum component of its items
    "weapon": "WeaponEnum",
    "source_reliability": "ReliabilityEnum",
    "credibility": "CredibilityEnum",
}


def _list_param(name, kwargs: dict) -> OpenApiParameter:
    """A filter taking several values: an array in the schema, so a generated client takes a
    list (and sends `weapon=drone&weapon=rocket`, which the API reads as `weapon=drone,rocket`,
    also accepted). An empty item is "not given", as an empty parameter is everywhere."""
    return OpenApiParameter(
        name,
        {"type": "array", "items": _or_empty({"$ref": f"#/components/schemas/{LIST_ITEMS[name]}"})},
        QUERY,
        style="form",
        explode=True,
        **kwargs,
    )


def _filter_param(name, filt) -> OpenApiParameter:
    kwargs = {"description": str(filt.extra.get("help_text", ""))}
    if isinstance(filt, BoolFilter):
        return OpenApiParameter(
            name, _or_empty({"type": "string", "enum": ["true", "false"]}), QUERY, **kwargs
        )
    if isinstance(filt, DateTimeFilter):
        return OpenApiParameter(name, DATETIME, QUERY, **kwargs)
    if isinstance(filt, ChoicesListFilter | WeaponsFilter):
        return _list_param(name, kwargs)
    if name in ("date_from", "date_to"):
        return OpenApiParameter(name, DATE, QUERY, **kwargs)
    if name == "status":
        status = _or_empty({"$ref": "#/components/schemas/StatusEnum"})
        return OpenApiParameter(name, status, QUERY, **kwargs)
    if name == "country":
        return OpenApiParameter(name, COUNTRY_CODE, QUERY, **kwargs)
    return OpenApiParameter(name, str, QUERY, **kwargs)


FILTERS = [_filter_param(n, f) for n, f in IncidentFilterSet.base_filters.items()]
LIMIT = OpenApiParameter(
    "limit", _int(1, MAX_LIMIT), QUERY, description=f"Page size, 1-{MAX_LIMIT} (default 100)."
)
CURSOR = OpenApiParameter(
    "cursor", str, QUERY, description="Opaque; copy it from a next/previous link."
)
PAGING = [
    LIMIT,
    CURSOR,
    OpenApiParameter(
        "ordering",
        str,
        QUERY,
        enum=list(ORDERINGS),
        description="Sort by date or update time; '-' for newest first.",
    ),
]
COLUMNS = OpenApiParameter(
    "columns",
    str,
    QUERY,
    enum=["salvo", "acled"],
    description="CSV column set: Salvo's own or ACLED-compatible names.",
)
RELATED = OpenApiParameter(
    "related",
    str,
    QUERY,
    enum=["true", "false"],
    description="GeoJSON: true adds each incident's claimed_by, attributed_to and source_count "
    "to its properties, as the JSON list gives them (the export then takes about three times "
    "as long).",
)
FORMAT = [
    OpenApiParameter(
        "format",
        str,
        QUERY,
        enum=["json", "geojson", "csv"],
        description="json pages; geojson or csv stream the whole filtered set (so does "
        "`Accept: application/geo+json` or `text/csv`; /incidents.geojson and /incidents.csv "
        "are the same exports as operations of their own, for generated clients).",
    ),
    COLUMNS,
    RELATED,
]
BUCKET = OpenApiParameter(
    "bucket", str, QUERY, enum=list(TIMELINE_BUCKETS), description="Period size (default month)."
)
ZOOM = OpenApiParameter("zoom", _int(0, 22), QUERY, description="Map zoom 0-22 (default 5).")
TOP_LIMIT = OpenApiParameter(
    "limit",
    _int(1, MAX_LIMIT),
    QUERY,
    description=f"Only the places with the most incidents, 1-{MAX_LIMIT} of them (default: "
    "every place); total and place_count still count every match.",
)
COUNTRY = OpenApiParameter(
    "country", COUNTRY_CODE, QUERY, description="ISO 3166-1 alpha-2 code, e.g. IQ."
)
UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    DATETIME,
    QUERY,
    description="Report what was withdrawn at or after this time (ISO 8601; as on the list). "
    "One of updated_since or since is required.",
)
SINCE = OpenApiParameter(
    "since",
    DATETIME,
    QUERY,
    description="The same as updated_since (its older name).",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag from your last read, e.g. "3" (strong; a list of tags is allowed; '
    "`*` is refused with 428).",
)
TEXT_Q = OpenApiParameter("q", str, QUERY, description="Words in any script.")

OBJECT = OpenApiTypes.OBJECT
# Every error is RFC 9457 problem details (api/problems.py): type, title, status, detail, and
# errors {name: [messages]} on a 400.
PROBLEM = "application/problem+json"


def _problem(status: int, description: str, body=responses.ProblemSerializer) -> dict:
    return {(status, PROBLEM): OpenApiResponse(body, description)}


GEOJSON = "application/geo+json"
CSV = "text/csv"
GEOJSON_RESPONSE = {
    (200, GEOJSON): OpenApiResponse(
        responses.IncidentFeatureCollectionSerializer, "RFC 7946, streamed: every match."
    )
}
CSV_RESPONSE = {(200, CSV): OpenApiResponse(OpenApiTypes.STR, "UTF-8 CSV, streamed: every match.")}
# The list's first media type is JSON: a generator that reads only the first one (as
# openapi-python-client does) gets pages; the exports also have operations of their own.
LIST_RESPONSES = {
    (200, "application/json"): OpenApiResponse(responses.IncidentPageSerializer),
    **GEOJSON_RESPONSE,
    **CSV_RESPONSE,
}

ERRORS = {
    **_problem(
        400, "A parameter or field is wrong: see `errors`.", responses.ValidationErrorSerializer
    ),
    **_problem(404, "Not found (drafts are not found for the public)."),
    **_problem(429, "Too many requests: wait for Retry-After seconds."),
}
WRITE_ERRORS = {
    **ERRORS,
    **_problem(401, "Not signed in, or a token that is not valid."),
    **_problem(403, "Signed in but not an editor."),
    **_problem(413, "The body is too large."),
    **_problem(415, "The body is not JSON."),
}
PRECONDITION_ERRORS = {
    **_problem(
        412, "If-Match does not hold the current ETag.", responses.VersionConflictSerializer
    ),
    **_problem(428, "No usable If-Match (missing, or `*`).", responses.VersionConflictSerializer),
}
