from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from .views import aggregates, catalogue, incidents, writes

app_name = "api"
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
    path("places/<slug:slug>/", catalogue.PlaceDetailView.as_view(), name="place-detail"),
    path("actors/", catalogue.ActorListView.as_view(), name="actor-list"),
    path("actors/<slug:slug>/", catalogue.ActorDetailView.as_view(), name="actor-detail"),
    path("outlets/", catalogue.OutletListView.as_view(), name="outlet-list"),
    path("sources/", catalogue.SourceListView.as_view(), name="source-list"),
    path("sources/<int:pk>/", catalogue.SourceDetailView.as_view(), name="source-detail"),
    path("citations/", writes.CitationCreateView.as_view(), name="citation-create"),
    path("claims/", writes.ClaimCreateView.as_view(), name="claim-create"),
    path("auth/token/", obtain_auth_token, name="auth-token"),
]
