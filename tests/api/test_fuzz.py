"""Schemathesis reads the OpenAPI schema and throws generated requests, valid and not, at every
operation, path parameters included, anonymously and as an editor and a reviewer (so the
write paths run past their permission checks): no request may cause a 500, and responses must
match what the schema promises. CI runs SALVO_FUZZ_EXAMPLES (default 10) derandomised examples
per operation and role on SQLite and on PostgreSQL; `./dev fuzz` runs a longer, randomised
campaign (see bench/README.md)."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from fetching.safety import FetchError

EXAMPLES = int(os.environ.get("SALVO_FUZZ_EXAMPLES", "10"))
# `./dev fuzz` sets SALVO_FUZZ_RANDOM=1: new examples each run instead of CI's fixed ones.
DERANDOMIZE = os.environ.get("SALVO_FUZZ_RANDOM", "") != "1"

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def _unreachable(url):
    raise FetchError("The fuzz run does not fetch from the network.")


@pytest.fixture
def wsgi_app(demo, monkeypatch):
    # Hundreds of requests a minute are the point here, not something to throttle.
    monkeypatch.setattr(
        "rest_framework.throttling.SimpleRateThrottle.allow_request", lambda *a, **k: True
    )
    # Generated links must not reach out to the internet (or wait on its timeouts): the fetcher
    # answers as it does when a site cannot be reached. tests/fetching/ and
    # tests/api/test_sources_fetch.py fetch real pages from a local server.
    monkeypatch.setattr("fetching.services.fetch", _unreachable)
    # Like Django's test client: keep the test's connection (and its transaction) open
    # across requests instead of closing it when each request finishes.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "editor", "reviewer"])
def auth_headers(request, alice, rita):
    user = {"anonymous": None, "editor": alice, "reviewer": rita}[request.param]
    if user is None:
        return {}
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=DERANDOMIZE,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_request_breaks_the_api(case, wsgi_app, auth_headers):
    # Every check runs except "schema-valid request accepted": OpenAPI cannot say that a
    # bbox's minimum must not exceed its maximum, or that date_from comes before date_to, so
    # some schema-valid requests are rightly refused with a 400 naming the parameter.
    # "ignored auth" re-sends without credentials over real HTTP, which this in-process app
    # cannot answer; tests/integration/test_every_door.py tries every write without one.
    case.call_and_validate(
        app=wsgi_app,
        headers=auth_headers,
        excluded_checks=[positive_data_acceptance, ignored_auth],
    )
