"""OpenAPI descriptions of the query parameters the views parse by hand, so the schema (and
the fuzz test that reads it) knows every parameter, its type and its allowed values."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from incidents.models import Incident, Weapon
from incidents.querysets import TIMELINE_BUCKETS

from .filters import BoolFilter, DateTimeFilter, IncidentFilterSet
from .pagination import MAX_LIMIT, ORDERINGS

QUERY = OpenApiParameter.QUERY


EMPTY = {"type": "string", "maxLength": 0}  # an empty parameter means "not given"


def _or_empty(schema: dict) -> dict:
    return {"anyOf": [schema, EMPTY]}


DATE = _or_empty({"type": "string", "format": "date"})
DATETIME = _or_empty({"type": "string", "format": "date-time"})


def _int(low: int, high: int) -> dict:
    return _or_empty({"type": "integer", "minimum": low, "maximum": high})


def _filter_param(name, filt) -> OpenApiParameter:
    kwargs = {"description": str(filt.extra.get("help_text", ""))}
    if isinstance(filt, BoolFilter):
        return OpenApiParameter(name, str, QUERY, enum=["true", "false"], **kwargs)
    if isinstance(filt, DateTimeFilter):
        return OpenApiParameter(name, DATETIME, QUERY, **kwargs)
    if name in ("date_from", "date_to"):
        return OpenApiParameter(name, DATE, QUERY, **kwargs)
    if name == "status":
        return OpenApiParameter(name, str, QUERY, enum=Incident.Status.values, **kwargs)
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
SINCE = OpenApiParameter(
    "since",
    OpenApiTypes.DATETIME,
    QUERY,
    required=True,
    description="Report what was withdrawn at or after this time.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag from your last read, e.g. "3".',
)
TEXT_Q = OpenApiParameter("q", str, QUERY, description="Words in any script.")

OBJECT = OpenApiTypes.OBJECT
EXPORTS = {
    (200, "application/json"): OBJECT,
    (200, "application/geo+json"): OBJECT,
    (200, "text/csv"): OpenApiTypes.STR,
}
ERRORS = {
    400: OpenApiResponse(OBJECT, "A parameter or field is wrong; its name is the key."),
    404: OpenApiResponse(OBJECT, "Not found (drafts are not found for the public)."),
}
WRITE_ERRORS = {
    **ERRORS,
    401: OpenApiResponse(OBJECT, "Not signed in."),
    403: OpenApiResponse(OBJECT, "Signed in but not an editor."),
}
