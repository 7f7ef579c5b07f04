"""The probes a load balancer uses, and the request id on every response."""

import json
import logging
import re

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from config import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_check_when_all_is_well(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "cache"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "Retry-After" not in response


def test_readyz_is_unavailable_and_names_a_pending_migration(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)  # as in a process that just started
    with connection.cursor() as cursor:  # the test's transaction puts the row back afterwards
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'incidents' AND name = %s",
            ["0011_casualties_by_side"],
        )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    checks = response.json()["checks"]
    assert checks["database"]["ok"]
    assert not checks["migrations"]["ok"]
    assert "incidents.0011_casualties_by_side" in checks["migrations"]["error"]


def test_readyz_is_unavailable_when_the_database_fails(client, monkeypatch, caplog):
    def refuse():
        raise OperationalError('connection to server at "10.0.0.5", port 5432 refused')

    monkeypatch.setattr(health, "_database", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "ok": False,
        "ms": body["checks"]["database"]["ms"],
        "error": "OperationalError (see the server log)",
    }
    assert body["checks"]["migrations"]["error"] == "database unreachable"
    # Where the database lives is for the operator's log, not for anyone who asks.
    assert "10.0.0.5" not in response.content.decode()
    assert '"10.0.0.5", port 5432 refused' in caplog.text


def test_readyz_is_unavailable_when_the_cache_fails(client, monkeypatch, caplog):
    class DeadCache:
        def set(self, *args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(health, "cache", DeadCache())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    cache_check = response.json()["checks"]["cache"]
    assert not cache_check["ok"]
    assert cache_check["error"] == "ConnectionError (see the server log)"
    assert "6379" not in response.content.decode()
    assert "Error 111 connecting to 127.0.0.1:6379" in caplog.text


def test_probes_are_read_only(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_answer_over_plain_http_when_pages_redirect(client):
    # A balancer inside the network probes over HTTP; pages still go to HTTPS.
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301


def test_every_response_carries_a_new_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/api/v1/incidents/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


def test_a_proxys_request_id_is_kept_and_a_strange_one_replaced(client):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-2f9c1a7e-0001")
    assert kept["X-Request-ID"] == "lb-2f9c1a7e-0001"
    for strange in ("short", "has space in it", "x" * 65, "<script>alert(1)</script>"):
        replaced = client.get("/healthz", HTTP_X_REQUEST_ID=strange)["X-Request-ID"]
        assert replaced != strange
        assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_each_request_is_logged_as_one_json_line_with_its_id(client, caplog, monkeypatch):
    # The logger writes to its own console handler; let caplog's root handler see it too.
    monkeypatch.setattr(logging.getLogger("salvo.requests"), "propagate", True)
    with caplog.at_level(logging.INFO, logger="salvo.requests"):
        response = client.get("/api/v1/incidents/?q=secret+words", HTTP_X_REQUEST_ID="lb-000042ab")
        client.get("/no-such-page/")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "salvo.requests"]
    assert response["X-Request-ID"] == "lb-000042ab"
    assert lines[0]["request_id"] == "lb-000042ab"
    assert lines[0]["method"] == "GET"
    assert lines[0]["path"] == "/api/v1/incidents/"  # the query string stays out of the log
    assert lines[0]["status"] == 200
    assert lines[0]["ms"] >= 0
    assert lines[1]["path"] == "/no-such-page/"
    assert lines[1]["status"] == 404
    assert "secret" not in caplog.text


def test_migrations_are_read_until_all_are_applied_then_not_again(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    assert client.get("/readyz").status_code == 200  # reads the migration files once

    def unread(*args, **kwargs):
        raise AssertionError("the migration files were read again")

    monkeypatch.setattr(health, "MigrationExecutor", unread)
    second = client.get("/readyz")
    assert second.status_code == 200
    assert second.json()["checks"]["migrations"]["ok"]
