"""Incidents: the list (JSON pages, GeoJSON, CSV), one incident, and the withdrawn feed."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission

from editor.selectors import resolve_public_id
from incidents.models import CASUALTY_FIGURES, Incident, date_window
from incidents.roles import is_reviewer
from incidents.services import (
    VersionConflict,
    incident_create,
    incident_publish,
    incident_retract,
    incident_send_back,
    incident_update,
)

from .. import exports, responses, schema
from ..conditional import not_modified, precondition_failed
from ..filters import filtered_incidents
from ..pagination import page_link, paginate, parse_paging
from ..problems import problem
from ..rows import incident_detail, incident_values, list_rows
from ..serializers import IncidentWriteSerializer, ReviewSerializer, model_errors
from ..throttling import ExportRateThrottle
from .base import FORMATS, ApiView, json_response, negotiate, parse_format

# What Accept can ask the list for instead of ?format= (the query parameter wins).
EXPORT_TYPES = {
    "application/json": "json",
    "application/geo+json": "geojson",
    "text/csv": "csv",
}


def incidents_base_url(request) -> str:
    return request.build_absolute_uri(reverse("api:incident-list"))


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


# --- writes -------------------------------------------------------------------------------


def _write_payload(request, *, partial: bool) -> tuple[dict, list | None, str]:
    serializer = IncidentWriteSerializer(
        data=request.data, partial=partial, context={"request": request}
    )
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    if "casualties" in data:
        data["casualties"] = [dict(side) for side in data["casualties"]]
    return data, data.pop("targeted_forces", None), data.pop("reason", "")


def _with_date_end(data: dict, current: Incident | None = None) -> dict:
    """A week/month/year date needs no date_end: it is the whole week, month or year."""
    if "date_end" in data or not ({"date_start", "date_precision"} & set(data)):
        return data
    start = data.get("date_start") or current.date_start
    precision = data.get("date_precision") or (current.date_precision if current else 1)
    data["date_end"] = date_window(start, precision)[1]
    return data


def _model_call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(model_errors(error)) from None


def _precondition(request, current: int) -> int | HttpResponse:
    """The version the client edited, from If-Match; or the 428/412/400 response to send."""
    return precondition_failed(request, current) or current


class IncidentWriteMixin:
    @extend_schema(
        request=IncidentWriteSerializer,
        responses={201: responses.IncidentDetailSerializer, **schema.WRITE_ERRORS},
    )
    def post(self, request):
        data, forces, reason = _write_payload(request, partial=False)
        incident = _model_call(
            incident_create,
            user=request.user,
            targeted_forces=forces or (),
            reason=reason or "Created via API",
            **_with_date_end(data),
        )
        body = incident_detail(incident.pk, incidents_base_url(request))
        return json_response(
            body, status=201, headers={"ETag": etag(incident.version), "Location": body["url"]}
        )


class IncidentUpdateMixin:
    def _update(self, request, public_id, *, partial: bool):
        incident = Incident.objects.get(pk=visible_incident_id(request, public_id))
        expected = _precondition(request, incident.version)
        if isinstance(expected, HttpResponse):
            return expected
        data, forces, reason = _write_payload(request, partial=partial)
        if not partial:  # PUT replaces: what is not sent goes back to its default
            skip = {"reason", "targeted_forces", "date_end", "casualties"}
            for name in IncidentWriteSerializer().fields:
                if name not in data and name not in skip:
                    data[name] = Incident._meta.get_field(name).get_default()
            forces = forces or []
            if "casualties" not in data:  # the totals sent (if any) are all there is
                data["casualties"] = [
                    {"party": "unknown", **{f: data.pop(f) for f in CASUALTY_FIGURES}}
                ]
        try:
            incident = _model_call(
                incident_update,
                incident=incident,
                user=request.user,
                expected_version=expected,
                casualties=data.pop("casualties", None),
                changes=_with_date_end(data, incident),
                targeted_forces=forces,
                reason=reason or "Changed via API",
            )
        except VersionConflict as conflict:
            now = conflict.incident.version
            return problem(412, str(conflict), headers={"ETag": etag(now)}, version=now)
        body = incident_detail(incident.pk, incidents_base_url(request))
        return json_response(body, headers={"ETag": etag(incident.version)})

    @extend_schema(
        parameters=[schema.IF_MATCH],
        request=IncidentWriteSerializer,
        responses={
            200: responses.IncidentDetailSerializer,
            **schema.PRECONDITION_ERRORS,
            **schema.WRITE_ERRORS,
        },
    )
    def put(self, request, public_id):
        return self._update(request, public_id, partial=False)

    @extend_schema(
        parameters=[schema.IF_MATCH],
        request=IncidentWriteSerializer,
        responses={
            200: responses.IncidentDetailSerializer,
            **schema.PRECONDITION_ERRORS,
            **schema.WRITE_ERRORS,
        },
    )
    def patch(self, request, public_id):
        return self._update(request, public_id, partial=True)


# --- review actions (reviewers): the only way the API changes an incident's status ----------


class IsReviewer(BasePermission):
    message = "Only reviewers publish, send back or retract."

    def has_permission(self, request, view):
        return is_reviewer(request.user)


class ReviewActionView(ApiView):
    """POST with If-Match: the same publish / send back / retract as the review queue, with
    its rules (a citation before publishing, a comment or reason, a review note)."""

    permission_classes = [IsReviewer]
    service = None
    note_field = "comment"

    @extend_schema(
        parameters=[schema.IF_MATCH],
        request=ReviewSerializer,
        responses={
            200: responses.IncidentDetailSerializer,
            **schema.PRECONDITION_ERRORS,
            **schema.WRITE_ERRORS,
        },
    )
    def post(self, request, public_id):
        incident = Incident.objects.get(pk=visible_incident_id(request, public_id))
        expected = _precondition(request, incident.version)
        if isinstance(expected, HttpResponse):
            return expected
        serializer = ReviewSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        other = {"comment", "reason"} - {self.note_field}
        misplaced = other & set(serializer.validated_data)
        if misplaced:
            name = misplaced.pop()
            raise ValidationError({name: [f"This action takes `{self.note_field}`."]})
        try:
            incident = _model_call(
                type(self).service,
                incident=incident,
                user=request.user,
                expected_version=expected,
                **{self.note_field: serializer.validated_data.get(self.note_field, "")},
            )
        except VersionConflict as conflict:
            now = conflict.incident.version
            return problem(412, str(conflict), headers={"ETag": etag(now)}, version=now)
        body = incident_detail(incident.pk, incidents_base_url(request))
        return json_response(body, headers={"ETag": etag(incident.version)})


class PublishView(ReviewActionView):
    service = incident_publish


class SendBackView(ReviewActionView):
    service = incident_send_back


class RetractView(ReviewActionView):
    service = incident_retract
    note_field = "reason"


# --- views ---


class IncidentListView(IncidentWriteMixin, ApiView):
    query_parameters = schema.FILTERS + schema.PAGING + schema.FORMAT
    formats = FORMATS
    throttle_classes = [*ApiView.throttle_classes, ExportRateThrottle]

    @staticmethod
    def export_format(request) -> str:
        if request.query_params.get("format"):
            return request.query_params["format"]
        return negotiate(request.headers.get("Accept", ""), EXPORT_TYPES)

    def is_export(self, request) -> bool:
        return request.method == "GET" and self.export_format(request) != "json"  # HEAD is free

    @extend_schema(
        operation_id="incidents_list",
        parameters=query_parameters,
        responses={**schema.LIST_RESPONSES, **schema.ERRORS},
    )
    def get(self, request):
        fmt = parse_format({"format": self.export_format(request)})
        exports.parse_columns(request.query_params)  # refused even when format is not csv
        exports.parse_related(request.query_params)  # and this one when it is not geojson
        qs = filtered_incidents(request)
        if fmt in ("geojson", "csv"):
            return exports.export_response(qs, request, fmt)
        paging = parse_paging(request.query_params)
        rows, next_cursor, previous_cursor = paginate(incident_values(qs), paging)
        return json_response(
            {
                "next": page_link(request, next_cursor),
                "previous": page_link(request, previous_cursor),
                "results": list_rows(rows, incidents_base_url(request)),
            }
        )


class IncidentExportView(ApiView):
    """/incidents.geojson and /incidents.csv: the list's exports as operations of their own,
    each with its one media type, so a generated client reads CSV as text and GeoJSON as its
    FeatureCollection (a generator picks one media type per operation)."""

    fmt = "geojson"
    throttle_classes = [*ApiView.throttle_classes, ExportRateThrottle]

    def is_export(self, request) -> bool:
        return request.method == "GET"

    def get(self, request):
        exports.parse_columns(request.query_params)
        return exports.export_response(filtered_incidents(request), request, self.fmt)


class IncidentGeoJSONView(IncidentExportView):
    query_parameters = schema.FILTERS + [schema.RELATED]
    formats = ("geojson",)

    @extend_schema(
        operation_id="incidents_geojson",
        tags=["incidents"],
        parameters=query_parameters,
        responses={**schema.GEOJSON_RESPONSE, **schema.ERRORS},
    )
    def get(self, request):
        return super().get(request)


class IncidentCSVView(IncidentExportView):
    query_parameters = schema.FILTERS + [schema.COLUMNS]
    formats = ("csv",)
    fmt = "csv"

    @extend_schema(
        operation_id="incidents_csv",
        tags=["incidents"],
        parameters=query_parameters,
        responses={**schema.CSV_RESPONSE, **schema.ERRORS},
    )
    def get(self, request):
        return super().get(request)


class IncidentDetailView(IncidentUpdateMixin, ApiView):
    @extend_schema(responses={200: responses.IncidentDetailSerializer, 304: None, **schema.ERRORS})
    def get(self, request, public_id):
        try:
            pk = visible_incident_id(request, public_id)
        except NotFound:
            # A merged incident's old id redirects to the one it was merged into.
            survivor = resolve_public_id(public_id)
            visible = Incident.objects.visible_to(request.user).filter(
                pk=getattr(survivor, "pk", None)
            )
            if survivor is None or survivor.public_id == public_id or not visible.exists():
                raise
            return HttpResponsePermanentRedirect(
                reverse("api:incident-detail", args=[survivor.public_id])
            )
        data = incident_detail(pk, incidents_base_url(request))
        if response := not_modified(request, data["version"]):
            return response
        return json_response(data, headers={"ETag": etag(data["version"])})


class WithdrawnView(ApiView):
    """What a sync client must remove: incidents once public that were retracted, sent back
    to draft, deleted (or, with the editor's merge, merged) since `since`."""

    query_parameters = [schema.UPDATED_SINCE, schema.SINCE]

    @extend_schema(
        operation_id="incidents_withdrawn",
        parameters=query_parameters,
        responses={200: responses.WithdrawnFeedSerializer, **schema.ERRORS},
    )
    def get(self, request):
        from django import forms
        from rest_framework.exceptions import ValidationError

        from ..filters import UTCDateTimeField

        # updated_since, as on the list, so one sync loop sends one parameter name to both;
        # since is kept for clients written before.
        given = [n for n in ("updated_since", "since") if request.query_params.get(n)]
        if len(given) != 1:
            message = "Give updated_since (or its older name since), once."
            raise ValidationError({"updated_since": [message]})
        try:
            since = UTCDateTimeField().clean(request.query_params.get(given[0]))
        except forms.ValidationError as error:
            raise ValidationError({given[0]: error.messages}) from None
        return json_response({"since": since, "results": Incident.objects.withdrawn_since(since)})
