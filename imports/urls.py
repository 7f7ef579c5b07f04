from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/status/", views.run_status, name="status"),
    path("<int:pk>/import/", views.run_for_real, name="run_for_real"),
]
