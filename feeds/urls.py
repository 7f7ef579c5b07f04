from django.urls import path

from . import views

app_name = "feeds"
urlpatterns = [
    path("incidents.atom", views.incidents_feed, name="incidents"),
]
