from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser

from . import schema
from .parsers import StrictJSONParser
from .views import aggregates, assistant, catalogue, fetch, incidents, writes

app_name = "api"


class SignInSerializer(AuthTokenSerializer):
    def validate(self, attrs):
        for name in ("username", "password"):
            if "\x00" in attrs.get(name, ""):
                raise serializers.ValidationError({name: ["Remove the NUL character."]})
        return super().validate(attrs)


@extend_schema_view(
    post=extend_schema(
        operation_id="auth_token_create",
        # JSON in the schema (what a generated client sends); curl's form posts still work.
        request={"application/json": AuthTokenSerializer},
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            (400, schema.PROBLEM): schema.OBJECT,
            (429, schema.PROBLEM): schema.OBJECT,
        },
        auth=[],
        description="Send username and password; use the token as `Authorization: Bearer "
        "<token>` (or `Token <token>`). Repeated failures are refused with 429 and "
        "Retry-After.",
    )
)
class TokenView(ObtainAuthToken):
    """POST username + password (JSON or form) to get an API token."""

    parser_classes = (FormParser, MultiPartParser, StrictJSONParser)
    serializer_class = SignInSerializer


class SwaggerView(SpectacularSwaggerView):
    """drf-spectacular relaxes Cross-Origin-Opener-Policy to unsafe-none for OAuth2 pop-ups;
    Salvo has none, so the docs page keeps Django's same-origin policy like every page.
    GET only: its HTML renderer has nothing to show for OPTIONS (a 500 before)."""

    http_method_names = ["get", "head"]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Cross-Origin-Opener-Policy"] = "same-origin"
        return response


urlpatterns = [
    path("incidents/", incidents.IncidentListView.as_view(), name="incident-list"),
    path("incidents.geojson", incidents.IncidentGeoJSONView.as_view(), name="incident-geojson"),
    path("incidents.csv", incidents.IncidentCSVView.as_view(), name="incident-csv"),
    path("incidents/timeline/", aggregates.TimelineView.as_view(), name="incident-timeline"),
    path("incidents/clusters/", aggregates.ClustersView.as_view(), name="incident-clusters"),
    path("incidents/by-place/", aggregates.ByPlaceView.as_view(), name="incident-by-place"),
    path("incidents/withdrawn/", incidents.WithdrawnView.as_view(), name="incident-withdrawn"),
    path(
        "incidents/<str:public_id>/",
        incidents.IncidentDetailView.as_view(),
        name="incident-detail",
    ),
    path(
        "incidents/<str:public_id>/publish/",
        incidents.PublishView.as_view(),
        name="incident-publish",
    ),
    path(
        "incidents/<str:public_id>/send-back/",
        incidents.SendBackView.as_view(),
        name="incident-send-back",
    ),
    path(
        "incidents/<str:public_id>/retract/",
        incidents.RetractView.as_view(),
        name="incident-retract",
    ),
    path("places/", catalogue.PlaceListView.as_view(), name="place-list"),
    path("places/<str:slug>/", catalogue.PlaceDetailView.as_view(), name="place-detail"),
    path("actors/", catalogue.ActorListView.as_view(), name="actor-list"),
    path("actors/<str:slug>/", catalogue.ActorDetailView.as_view(), name="actor-detail"),
    path("outlets/", catalogue.OutletListView.as_view(), name="outlet-list"),
    path("sources/", catalogue.SourceListView.as_view(), name="source-list"),
    path("sources/fetch/", fetch.FetchView.as_view(), name="source-fetch"),
    path("sources/<str:pk>/", catalogue.SourceDetailView.as_view(), name="source-detail"),
    path("citations/", writes.CitationCreateView.as_view(), name="citation-create"),
    path("assistant/suggest/", assistant.SuggestView.as_view(), name="assistant-suggest"),
    path("claims/", writes.ClaimCreateView.as_view(), name="claim-create"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", TokenView.as_view(), name="auth-token"),
]
