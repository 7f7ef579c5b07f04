import pytest


@pytest.fixture(autouse=True)
def plain_http_pages(settings):
    """Pages are tested over plain HTTP with unhashed static names (no collectstatic run)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SALVO_TILE_URL = ""
