"""Password guessing is cut off per account and per address, on every sign-in door, and the
address is the one our own proxies saw: a client-set X-Forwarded-For changes nothing."""

import pytest
from django.test import Client, override_settings
from rest_framework.throttling import AnonRateThrottle

from config.signin import client_ip

DOORS = {
    "token": ("/api/v1/auth/token/", "json"),
    "editor": ("/editor/login/", "form"),
    "admin": ("/admin/login/", "form"),
}
WRONG = {"username": "alice", "password": "not her password"}


def _sign_in(door, data, **headers):
    url, kind = DOORS[door]
    client = Client(headers=headers)
    if kind == "json":
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("door", DOORS)
@override_settings(SIGNIN_MAX_FAILURES_PER_ACCOUNT=3)
def test_an_account_is_locked_after_repeated_failures(alice, door):
    for _ in range(3):
        assert _sign_in(door, WRONG).status_code in (200, 400)  # the usual "wrong password"
    refused = _sign_in(door, {**WRONG, "password": "correct horse battery"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 901
    assert "Try again in 15 minutes" in refused.content.decode()


@pytest.mark.parametrize("door", DOORS)
@override_settings(SIGNIN_MAX_FAILURES_PER_ADDRESS=3, SIGNIN_MAX_FAILURES_PER_ACCOUNT=100)
def test_an_address_is_locked_whatever_the_account_or_forwarded_header(alice, door):
    for n in range(3):
        spoofed = {"X-Forwarded-For": f"198.51.100.{n}"}
        _sign_in(door, {"username": f"guess{n}", "password": "x"}, **spoofed)
    refused = _sign_in(
        door, {"username": "other", "password": "x"}, **{"X-Forwarded-For": "203.0.113.9"}
    )
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_a_correct_password_is_not_held_back_by_a_few_mistakes(alice):
    for _ in range(2):
        _sign_in("token", WRONG)
    ok = _sign_in("token", {**WRONG, "password": "correct horse battery"})
    assert ok.status_code == 200 and ok.json()["token"]


def test_spoofed_forwarded_for_does_not_reset_the_anonymous_throttle(api, demo, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/minute", raising=False)
    statuses = [
        api.get(
            "/api/v1/incidents/?limit=1", headers={"X-Forwarded-For": f"192.0.2.{n}"}
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


class _Request:
    def __init__(self, forwarded):
        self.META = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),  # no proxy: the header is the client's own words
        (1, "6.6.6.6, 2.2.2.2", "2.2.2.2"),  # our proxy appended the real address last
        (2, "6.6.6.6, 3.3.3.3, 2.2.2.2", "3.3.3.3"),
        (3, "2.2.2.2", "2.2.2.2"),
    ],
)
def test_client_address_counts_proxies_from_the_right(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_ip(_Request(forwarded)) == expected


def test_throttles_behind_one_proxy_use_the_address_it_saw(api, demo, monkeypatch, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/minute", raising=False)
    first = [
        api.get(
            "/api/v1/incidents/?limit=1", headers={"X-Forwarded-For": f"6.6.6.{n}, 192.0.2.1"}
        ).status_code
        for n in range(3)
    ]
    other = api.get("/api/v1/incidents/?limit=1", headers={"X-Forwarded-For": "192.0.2.2"})
    assert first == [200, 200, 429] and other.status_code == 200
