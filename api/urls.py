from django.urls import path

from .views import aggregates, incidents

app_name = "api"
urlpatterns = [
    path("incidents/", incidents.IncidentListView.as_view(), name="incident-list"),
    path("incidents/timeline/", aggregates.TimelineView.as_view(), name="incident-timeline"),
    path("incidents/clusters/", aggregates.ClustersView.as_view(), name="incident-clusters"),
    path("incidents/by-place/", aggregates.ByPlaceView.as_view(), name="incident-by-place"),
    path(
        "incidents/<str:public_id>/",
        incidents.IncidentDetailView.as_view(),
        name="incident-detail",
    ),
]
