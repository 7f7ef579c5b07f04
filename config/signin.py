"""Sign-in limits: after too many failed sign-ins for one account, or from one client address,
within SIGNIN_WINDOW_SECONDS, the admin and editor login forms and the API token endpoint
answer 429 with Retry-After and a message saying when to try again.

Failures are counted from Django's user_login_failed signal (every authenticate() that fails,
whatever the door) in the cache; the client address comes from client_ip(), which trusts
X-Forwarded-For only as far as SALVO_TRUSTED_PROXIES says."""

import hashlib
import time

import orjson
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape

SIGN_IN_URLS = ("admin:login", "editor:login", "api:auth-token")


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind N trusted proxies the Nth address from the right of
    X-Forwarded-For: the one our own outermost proxy saw. What the client wrote further left
    is ignored. The same rule as DRF's throttles (NUM_PROXIES)."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",")]
        return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    address = hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()
    keys = [(f"signin:addr:{address}", settings.SIGNIN_MAX_FAILURES_PER_ADDRESS)]
    if username:
        # Hashed: a cache key must be short and plain ASCII whatever the client typed.
        name = hashlib.sha256(username.strip().casefold().encode("utf-8", "replace"))
        keys.append((f"signin:user:{name.hexdigest()}", settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT))
    return keys


def record_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    now = time.time()
    for key, _limit in _keys(str(credentials.get("username") or ""), client_ip(request)):
        count, until = cache.get(key, (0, now + settings.SIGNIN_WINDOW_SECONDS))
        cache.set(key, (count + 1, until), timeout=max(1, int(until - now) + 1))


def retry_after(username: str, address: str) -> int:
    """Seconds until this account and address may try again; 0 if they may now."""
    now = time.time()
    wait = 0
    for key, limit in _keys(username, address):
        count, until = cache.get(key, (0, now))
        if count >= limit:
            wait = max(wait, int(until - now) + 1)
    return wait


def _username(request) -> str:
    if request.content_type == "application/json":
        try:
            data = orjson.loads(request.body)
        except orjson.JSONDecodeError:
            return ""
        return str(data.get("username") or "") if isinstance(data, dict) else ""
    return request.POST.get("username", "")


def too_many(request, wait: int) -> HttpResponse:
    minutes = max(1, round(wait / 60))
    message = (
        f"Too many failed sign-ins for this account or from this address. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
    headers = {"Retry-After": str(wait)}
    if request.path.startswith("/api/"):
        from api.problems import problem

        return problem(429, message, headers=headers)
    body = f"<!doctype html><title>Too many sign-ins</title><p>{escape(message)}</p>"
    return HttpResponse(body, status=429, headers=headers)


class SignInLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        user_login_failed.connect(record_failure, dispatch_uid="salvo-signin-limits")

    def __call__(self, request):
        if request.method == "POST" and request.path in {reverse(n) for n in SIGN_IN_URLS}:
            wait = retry_after(_username(request), client_ip(request))
            if wait:
                return too_many(request, wait)
        return self.get_response(request)
