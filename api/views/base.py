"""What every API view shares: JSON written by orjson, editors-only writes, and a `format`
parameter the views handle themselves (an unknown format is a 400, not DRF's 404)."""

import orjson
from django.http import HttpResponse
from drf_spectacular.openapi import AutoSchema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.views import APIView

from incidents.roles import is_editor

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


class ApiView(APIView):
    schema = SalvoSchema()
    permission_classes = [IsEditorOrReadOnly]
    content_negotiation_class = JSONOnlyNegotiation
