"""Anonymous clients are throttled with a clear 429; signed-in editors have their own budget."""

from rest_framework.throttling import AnonRateThrottle


def test_anonymous_clients_get_a_429_with_retry_after(api, demo, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    statuses = [api.get("/api/v1/incidents/?limit=1").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = api.get("/api/v1/incidents/?limit=1")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"].lower()


def test_editors_are_not_held_to_the_anonymous_budget(client_for, alice, demo, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "1/minute", raising=False)
    editor = client_for(alice)
    assert [editor.get("/api/v1/incidents/?limit=1").status_code for _ in range(3)] == [200] * 3


def test_exports_have_their_own_smaller_budget(api, demo, monkeypatch):
    from api.throttling import ExportRateThrottle

    monkeypatch.setattr(ExportRateThrottle, "rate", "2/minute", raising=False)
    exports = [api.get("/api/v1/incidents/?format=csv").status_code for _ in range(2)]
    assert exports == [200, 200]
    refused = api.get("/api/v1/incidents/?format=geojson")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # The same client's ordinary pages are not held to the export budget.
    assert api.get("/api/v1/incidents/?limit=1").status_code == 200
