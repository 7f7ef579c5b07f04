"""Timeline, map clusters and per-place counts over the same filters as the incident list."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError

from incidents.querysets import TIMELINE_BUCKETS

from .. import aggregates, responses, schema
from ..filters import filtered_incidents
from ..pagination import parse_limit
from .base import ApiView, json_response

MAX_ZOOM = 22


def parse_zoom(params) -> int:
    raw = params.get("zoom")
    if raw in (None, ""):
        return 5
    if not raw.isascii() or not raw.isdigit() or len(raw) > 2 or int(raw) > MAX_ZOOM:
        raise ValidationError({"zoom": [f"Use a whole number from 0 to {MAX_ZOOM}."]})
    return int(raw)


class TimelineView(ApiView):
    query_parameters = schema.FILTERS + [schema.BUCKET]

    @extend_schema(
        operation_id="incidents_timeline",
        parameters=query_parameters,
        responses={200: responses.TimelineSerializer, **schema.ERRORS},
    )
    def get(self, request):
        bucket = request.query_params.get("bucket") or "month"
        if bucket not in TIMELINE_BUCKETS:
            raise ValidationError({"bucket": [f"Use one of {', '.join(TIMELINE_BUCKETS)}."]})
        return json_response(aggregates.timeline(filtered_incidents(request), bucket))


class ClustersView(ApiView):
    query_parameters = schema.FILTERS + [schema.ZOOM]

    @extend_schema(
        operation_id="incidents_clusters",
        parameters=query_parameters,
        responses={200: responses.ClustersSerializer, **schema.ERRORS},
    )
    def get(self, request):
        zoom = parse_zoom(request.query_params)
        return json_response(aggregates.clusters(filtered_incidents(request), zoom))


class ByPlaceView(ApiView):
    query_parameters = schema.FILTERS + [schema.TOP_LIMIT]

    @extend_schema(
        operation_id="incidents_by_place",
        parameters=query_parameters,
        responses={200: responses.ByPlaceSerializer, **schema.ERRORS},
    )
    def get(self, request):
        limit = parse_limit(request.query_params, default=None)
        return json_response(aggregates.by_place(filtered_incidents(request), limit=limit))
