from django.apps import AppConfig


class FetchingConfig(AppConfig):
    name = "fetching"
    verbose_name = "Fetching articles by URL"
