"""The API's edge: CORS for public reads, and JSON (problem details) for URLs under /api/
that match no endpoint, where Django would answer with an HTML page."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from .problems import problem

READ_METHODS = ("GET", "HEAD")
# Request headers a cross-origin reader may send (beyond the CORS-safelisted ones).
ALLOWED_HEADERS = ("accept", "accept-language", "content-language", "if-none-match")
EXPOSED_HEADERS = "ETag, Retry-After, Content-Disposition, X-Request-ID"


def _allowed_origin(origin: str) -> str | None:
    allowed = settings.SALVO_CORS_ORIGINS
    if "*" in allowed:
        return "*"
    return origin if origin in allowed else None


def _preflight(request, origin: str) -> HttpResponse | None:
    """The answer to a CORS preflight for a read; None (so no CORS headers: the browser
    refuses) for a write or an unlisted header."""
    method = request.headers.get("Access-Control-Request-Method", "")
    wanted = request.headers.get("Access-Control-Request-Headers", "")
    headers = {h.strip().lower() for h in wanted.split(",") if h.strip()}
    if method not in READ_METHODS or not headers <= set(ALLOWED_HEADERS):
        return None
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
    response["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_HEADERS)
    response["Access-Control-Max-Age"] = "86400"
    return response


class ApiEdgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        origin = request.headers.get("Origin")
        allowed = _allowed_origin(origin) if origin else None
        if (
            allowed
            and request.method == "OPTIONS"
            and "Access-Control-Request-Method" in request.headers
        ):
            response = _preflight(request, allowed)
            if response is not None:
                self._vary(response)
                return response
            return self.get_response(request)
        response = self.get_response(request)
        if response.status_code == 404 and not response.get("Content-Type", "").startswith(
            ("application/json", "application/problem+json")
        ):
            response = problem(404, "No API endpoint at this URL: see /api/v1/docs/.")
        # Reads only, never with credentials: a page elsewhere can show public data, but
        # cannot act with (or read as) a visitor's Salvo session.
        if allowed and request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = allowed
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
            self._vary(response)
        return response

    @staticmethod
    def _vary(response):
        if settings.SALVO_CORS_ORIGINS != ["*"]:
            patch_vary_headers(response, ("Origin",))
