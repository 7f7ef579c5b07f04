from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken

from .views import aggregates, catalogue, incidents, writes

app_name = "api"


@extend_schema_view(post=extend_schema(exclude=True))
class TokenView(ObtainAuthToken):
    """POST username + password (form or JSON) to get an API token; documented in docs/api.md,
    kept out of the schema because it is not part of the data API."""


urlpatterns = [
    path("incidents/", incidents.IncidentListView.as_view(), name="incident-list"),
    path("incidents/timeline/", aggregates.TimelineView.as_view(), name="incident-timeline"),
    path("incidents/clusters/", aggregates.ClustersView.as_view(), name="incident-clusters"),
    path("incidents/by-place/", aggregates.ByPlaceView.as_view(), name="incident-by-place"),
    path("incidents/withdrawn/", incidents.WithdrawnView.as_view(), name="incident-withdrawn"),
    path(
        "incidents/<str:public_id>/",
        incidents.IncidentDetailView.as_view(),
        name="incident-detail",
    ),
    path("places/", catalogue.PlaceListView.as_view(), name="place-list"),
    path("places/<str:slug>/", catalogue.PlaceDetailView.as_view(), name="place-detail"),
    path("actors/", catalogue.ActorListView.as_view(), name="actor-list"),
    path("actors/<str:slug>/", catalogue.ActorDetailView.as_view(), name="actor-detail"),
    path("outlets/", catalogue.OutletListView.as_view(), name="outlet-list"),
    path("sources/", catalogue.SourceListView.as_view(), name="source-list"),
    path("sources/<str:pk>/", catalogue.SourceDetailView.as_view(), name="source-detail"),
    path("citations/", writes.CitationCreateView.as_view(), name="citation-create"),
    path("claims/", writes.ClaimCreateView.as_view(), name="claim-create"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", TokenView.as_view(), name="auth-token"),
]
