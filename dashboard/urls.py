from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("incidents/<str:public_id>/", views.incident_detail, name="incident"),
    path("places/", views.place_list, name="places"),
    path("places/<slug:slug>/", views.place_detail, name="place"),
    path("actors/", views.actor_list, name="actors"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("digits/", views.set_digits, name="digits"),
]
