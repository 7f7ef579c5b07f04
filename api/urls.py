from django.urls import path

from .views import incidents

app_name = "api"
urlpatterns = [
    path("incidents/", incidents.IncidentListView.as_view(), name="incident-list"),
    path(
        "incidents/<str:public_id>/",
        incidents.IncidentDetailView.as_view(),
        name="incident-detail",
    ),
]
