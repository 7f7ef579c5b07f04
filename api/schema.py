"""OpenAPI descriptions of the query parameters the views parse by hand, so the schema (and
the fuzz test that reads it) knows every parameter, its type and its allowed values."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from incidents.models import Incident, Weapon
from incidents.querysets import TIMELINE_BUCKETS

from .filters import BoolFilter, ChoicesListFilter, DateTimeFilter, IncidentFilterSet
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


def _filter_param(name, filt) -> OpenApiParameter:
    kwargs = {"description": str(filt.extra.get("help_text", ""))}
    if isinstance(filt, BoolFilter):
        return OpenApiParameter(
            name, _or_empty({"type": "string", "enum": ["true", "false"]}), QUERY, **kwargs
        )
    if isinstance(filt, DateTimeFilter):
        return OpenApiParameter(name, DATETIME, QUERY, **kwargs)
    if isinstance(filt, ChoicesListFilter):
        one = "[" + "".join(str(c) for c in filt.extra["choices"]) + "]"
        if one.upper() != one.lower():
            one = "[" + "".join(str(c) + str(c).lower() for c in filt.extra["choices"]) + "]"
        pattern = f"^{one}(,{one})*$"
        return OpenApiParameter(
            name, _or_empty({"type": "string", "pattern": pattern}), QUERY, **kwargs
        )
    if name in ("date_from", "date_to"):
        return OpenApiParameter(name, DATE, QUERY, **kwargs)
    if name == "status":
        return OpenApiParameter(name, str, QUERY, enum=Incident.Status.values, **kwargs)
    if name == "country":
        return OpenApiParameter(name, COUNTRY_CODE, QUERY, **kwargs)
    if name == "weapon":
        return OpenApiParameter(name, str, QUERY, enum=Weapon.values, **kwargs)
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
FORMAT = [
    OpenApiParameter(
        "format",
        str,
        QUERY,
        enum=["json", "geojson", "csv"],
        description="json pages; geojson or csv stream the whole filtered set.",
    ),
    OpenApiParameter(
        "columns",
        str,
        QUERY,
        enum=["salvo", "acled"],
        description="CSV column set: Salvo's own or ACLED-compatible names.",
    ),
]
BUCKET = OpenApiParameter(
    "bucket", str, QUERY, enum=list(TIMELINE_BUCKETS), description="Period size (default month)."
)
ZOOM = OpenApiParameter("zoom", _int(0, 22), QUERY, description="Map zoom 0-22 (default 5).")
CATALOGUE_LIMIT = OpenApiParameter(
    "limit", _int(1, MAX_LIMIT), QUERY, description=f"At most this many rows, 1-{MAX_LIMIT}."
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
EXPORTS = {
    (200, "application/json"): OBJECT,
    (200, "application/geo+json"): OBJECT,
    (200, "text/csv"): OpenApiTypes.STR,
}
# Every error is RFC 9457 problem details (api/problems.py): type, title, status, detail, and
# errors {name: [messages]} on a 400.
PROBLEM = "application/problem+json"
ERRORS = {
    (400, PROBLEM): OpenApiResponse(OBJECT, "A parameter or field is wrong: see `errors`."),
    (404, PROBLEM): OpenApiResponse(OBJECT, "Not found (drafts are not found for the public)."),
}
WRITE_ERRORS = {
    **ERRORS,
    (401, PROBLEM): OpenApiResponse(OBJECT, "Not signed in, or a token that is not valid."),
    (403, PROBLEM): OpenApiResponse(OBJECT, "Signed in but not an editor."),
    (415, PROBLEM): OpenApiResponse(OBJECT, "The body is not JSON."),
}
PRECONDITION_ERRORS = {
    (412, PROBLEM): OpenApiResponse(OBJECT, "If-Match does not hold the current ETag."),
    (428, PROBLEM): OpenApiResponse(OBJECT, "No usable If-Match (missing, or `*`)."),
}
