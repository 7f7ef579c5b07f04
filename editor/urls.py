from django.contrib.auth import views as auth_views
from django.urls import path

from .views import fetch, gazetteer, history, incidents, outlets, review, sources, suggestions

app_name = "editor"
urlpatterns = [
    path("", sources.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="editor/login.html", next_page="editor:home"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="editor:login"), name="logout"),
    path("sources/new/", sources.source_new, name="source_new"),
    path("sources/fetch/", fetch.source_fetch, name="source_fetch"),
    path("sources/<int:pk>/refetch/", fetch.source_refetch, name="source_refetch"),
    path("snapshots/<int:pk>/", fetch.snapshot, name="snapshot"),
    path("sources/<int:pk>/", sources.source_workspace, name="source"),
    path("sources/<int:pk>/cite/", sources.source_cite, name="source_cite"),
    path(
        "sources/<int:pk>/suggestions/draft/", suggestions.suggestion_draft, name="suggestion_draft"
    ),
    path("sources/<int:pk>/suggestions/cite/", suggestions.suggestion_cite, name="suggestion_cite"),
    path("sources/<int:pk>/incidents/new/", sources.incident_new, name="incident_new"),
    path("incidents/<str:public_id>/", incidents.incident_detail, name="incident"),
    path("incidents/<str:public_id>/edit/", incidents.incident_edit, name="incident_edit"),
    path("incidents/<str:public_id>/claims/", incidents.claim_add, name="claim_add"),
    path(
        "incidents/<str:public_id>/attributions/", incidents.attribution_add, name="attribution_add"
    ),
    path("incidents/<str:public_id>/history/", history.history, name="history"),
    path("incidents/<str:public_id>/revert/", history.revert, name="revert"),
    path("incidents/<str:public_id>/publish/", review.publish, name="publish"),
    path("incidents/<str:public_id>/send-back/", review.send_back, name="send_back"),
    path("incidents/<str:public_id>/retract/", review.retract, name="retract"),
    path("incidents/<str:public_id>/merge/", review.merge, name="merge"),
    path(
        "incidents/<str:public_id>/citations/<int:pk>/grade/",
        incidents.citation_grade,
        name="citation_grade",
    ),
    path("review/", review.queue, name="review"),
    path("outlets/", outlets.outlet_list, name="outlets"),
    path("outlets/new/", outlets.outlet_new, name="outlet_new"),
    path("outlets/<slug:slug>/", outlets.outlet_edit, name="outlet_edit"),
    path("lookup/places/", gazetteer.places_lookup, name="lookup_places"),
    path("lookup/actors/", gazetteer.actors_lookup, name="lookup_actors"),
    path("places/new/", gazetteer.place_new, name="place_new"),
    path("actors/new/", gazetteer.actor_new, name="actor_new"),
]
