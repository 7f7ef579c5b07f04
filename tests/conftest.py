"""Named users and what each may do, shared by every test module.

- anonymous: reads published incidents only
- alice: editor (creates and edits drafts, cites sources)
- rita: reviewer (also publishes, sends back and retracts)
- root: admin (superuser)
- bob: signed in, no role (must be treated like anonymous for writes)
"""

import pytest

from incidents.roles import EDITOR, REVIEWER, ensure_roles
from tests.factories import UserFactory

OFFLINE_SETTINGS = {
    # The live server speaks plain HTTP; SecurityMiddleware reads this once, when the
    # server starts, hence a session-wide override rather than the `settings` fixture alone.
    "SECURE_SSL_REDIRECT": False,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "SECURE_HSTS_SECONDS": 0,
}


@pytest.fixture(scope="session")
def plain_http_server_settings():
    from django.conf import settings

    saved = {name: getattr(settings, name) for name in OFFLINE_SETTINGS}
    for name, value in OFFLINE_SETTINGS.items():
        setattr(settings, name, value)
    yield
    for name, value in saved.items():
        setattr(settings, name, value)


@pytest.fixture(scope="session")
def live_server(plain_http_server_settings, live_server):
    """pytest-django's live server, started only after the plain-HTTP settings are in place."""
    return live_server


@pytest.fixture(autouse=True)
def _plain_http_and_static(settings):
    """Tests run with production settings (DEBUG off) but over plain HTTP, without a
    collectstatic manifest, and with no tile server: nothing a test does leaves the machine."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SALVO_TILE_URL = ""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def roles(db):
    return ensure_roles()


@pytest.fixture
def alice(roles):
    user = UserFactory(username="alice", is_staff=True)
    user.groups.add(roles[EDITOR])
    return user


@pytest.fixture
def rita(roles):
    user = UserFactory(username="rita", is_staff=True)
    user.groups.add(roles[REVIEWER])
    return user


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def demo(db):
    """The demo catalogue (gazetteer, actors, the five seed articles and their incidents)."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
