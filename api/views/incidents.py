"""Incidents: the list (JSON pages, GeoJSON, CSV), one incident, and the withdrawn feed."""

from django.http import HttpResponse
from django.urls import reverse
from rest_framework.exceptions import NotFound

from incidents.models import Incident

from .. import exports
from ..filters import filtered_incidents
from ..pagination import page_link, paginate, parse_paging
from ..rows import incident_detail, incident_values, list_rows
from .base import ApiView, json_response, parse_format


def incidents_base_url(request) -> str:
    return request.build_absolute_uri(reverse("api:incident-list"))


class IncidentListView(ApiView):
    def get(self, request):
        fmt = parse_format(request.query_params)
        qs = filtered_incidents(request)
        if fmt == "geojson":
            return exports.geojson_response(qs, request)
        if fmt == "csv":
            return exports.csv_response(qs, request)
        paging = parse_paging(request.query_params)
        rows, next_cursor, previous_cursor = paginate(incident_values(qs), paging)
        return json_response(
            {
                "next": page_link(request, next_cursor),
                "previous": page_link(request, previous_cursor),
                "results": list_rows(rows, incidents_base_url(request)),
            }
        )


def visible_incident_id(request, public_id: str) -> int:
    pk = (
        Incident.objects.visible_to(request.user)
        .filter(public_id=public_id)
        .values_list("id", flat=True)
        .first()
    )
    if pk is None:  # drafts are 404 to the public: not even their existence leaks
        raise NotFound("No incident with this id.")
    return pk


def etag(version: int) -> str:
    return f'"{version}"'


class IncidentDetailView(ApiView):
    def get(self, request, public_id):
        data = incident_detail(visible_incident_id(request, public_id), incidents_base_url(request))
        tag = etag(data["version"])
        if request.headers.get("If-None-Match") == tag:
            return HttpResponse(status=304, headers={"ETag": tag})
        return json_response(data, headers={"ETag": tag})


class WithdrawnView(ApiView):
    """What a sync client must remove: incidents once public that were retracted, sent back
    to draft, deleted (or, with the editor's merge, merged) since `since`."""

    def get(self, request):
        from django import forms
        from rest_framework.exceptions import ValidationError

        from ..filters import UTCDateTimeField

        try:
            since = UTCDateTimeField().clean(request.query_params.get("since"))
        except forms.ValidationError as error:
            raise ValidationError({"since": error.messages}) from None
        return json_response({"since": since, "results": Incident.objects.withdrawn_since(since)})
