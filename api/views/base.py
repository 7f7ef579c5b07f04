"""What every API view shares: JSON written by orjson, editors-only writes, JSON-only request
bodies, and strict query strings: a parameter the view does not read, a repeated one, or a
`format` the view cannot produce is a 400 naming it (not silently ignored)."""

import orjson
from django.http import HttpResponse
from drf_spectacular.openapi import AutoSchema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.views import APIView

from incidents.roles import is_editor

from ..filters import MULTI_VALUED
from ..parsers import StrictJSONParser

FORMATS = ("json", "geojson", "csv")


def json_response(data, status: int = 200, headers: dict | None = None) -> HttpResponse:
    return HttpResponse(
        orjson.dumps(data), status=status, content_type="application/json", headers=headers
    )


def parse_format(params, allowed=FORMATS) -> str:
    fmt = params.get("format") or "json"
    if fmt not in allowed:
        raise ValidationError({"format": [f"Use one of {', '.join(allowed)}."]})
    return fmt


def negotiate(accept: str, offers: dict[str, str], default: str = "json") -> str:
    """The format `accept` (an Accept header) prefers among `offers` {media type: format}:
    highest q wins, earlier on a tie; wildcards and anything unknown mean `default`."""
    best, best_q = default, 0.0
    for part in accept.split(","):
        media, _, params = part.partition(";")
        media = media.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        choice = default if media in ("*/*", "application/*") else offers.get(media)
        if choice is not None and q > best_q:
            best, best_q = choice, q
    return best


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """Errors and DRF-rendered responses are always JSON; `?format=` is read by the views."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class IsEditorOrReadOnly(BasePermission):
    message = "Only editors can change the catalogue."

    def has_permission(self, request, view):
        if not hasattr(view, request.method.lower()):
            return True  # let the view answer 405 Method Not Allowed
        return request.method in SAFE_METHODS or is_editor(request.user)


class SalvoSchema(AutoSchema):
    """Reads are public: the schema says so, rather than listing optional credentials."""

    def get_auth(self):
        return [] if self.method in SAFE_METHODS else super().get_auth()


def check_query(params, allowed: set[str], formats=("json",), multi=frozenset()) -> None:
    """Refuse what a client could believe was applied: unknown names (a typo such as
    `wepon=drone` would otherwise return everything), repeated single-valued parameters
    (which one wins is arbitrary) and a `format` this endpoint does not produce. `multi`
    names may repeat (`weapon=drone&weapon=rocket`, as generated clients send a list)."""
    errors = {}
    for name, values in params.lists():
        if name != "format" and name not in allowed:
            known = ", ".join(sorted(allowed | {"format"}))
            errors[name] = [f"Unknown parameter. This endpoint reads: {known}."]
        elif len(values) > 1 and name not in multi:
            errors[name] = ["Give this parameter once (separate several values with commas)."]
        elif name == "format" and values[0] not in formats:
            errors[name] = [f"Use one of {', '.join(formats)}."]
    if errors:
        raise ValidationError(errors)


class ApiView(APIView):
    schema = SalvoSchema()
    permission_classes = [IsEditorOrReadOnly]
    content_negotiation_class = JSONOnlyNegotiation
    # Writes take JSON only: one body format the schema (and a generated client) can state,
    # and the only one in which a count can be set back to null ("unknown").
    parser_classes = [StrictJSONParser]
    # The query parameters GET reads (the schema's OpenApiParameters, so the two agree) and
    # the formats it produces.
    query_parameters: list = []
    formats: tuple[str, ...] = ("json",)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            allowed = {p.name for p in self.query_parameters if p.location == "query"}
            check_query(request.query_params, allowed, self.formats, MULTI_VALUED)
