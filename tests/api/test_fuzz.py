"""Schemathesis reads the OpenAPI schema and throws generated requests, valid and not, at every
operation: no request may cause a 500, and responses must match what the schema promises.
Bounded (few examples per operation, derandomised) so it runs in about a minute."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))


@pytest.fixture
def wsgi_app(demo, monkeypatch):
    # Hundreds of requests a minute are the point here, not something to throttle.
    monkeypatch.setattr(
        "rest_framework.throttling.SimpleRateThrottle.allow_request", lambda *a, **k: True
    )
    # Like Django's test client: keep the test's connection (and its transaction) open
    # across requests instead of closing it when each request finishes.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_request_breaks_the_api(case, wsgi_app):
    # Every check runs except "schema-valid request accepted": OpenAPI cannot say that a
    # bbox's minimum must not exceed its maximum, or that date_from comes before date_to, so
    # some schema-valid requests are rightly refused with a 400 naming the parameter.
    case.call_and_validate(app=wsgi_app, excluded_checks=[positive_data_acceptance])
