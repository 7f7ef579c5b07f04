"""Site-wide HTTP behaviour Django's own middleware does not give."""

import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.http import HttpResponse
from django.middleware import common
from django.utils.html import escape
from django.utils.translation import get_language_bidi

from incidents.dates import DIGITS_COOKIE, numerals

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
# A request id a proxy may pass on: short, and nothing a log line or a header could misread.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
request_log = logging.getLogger("salvo.requests")


class RequestIdMiddleware:
    """Every response carries X-Request-ID: the one a proxy in front sent, if it looks like an
    id, or a new one. An operator matches a user's report ("it failed, id …") to the proxy's
    and the server's logs by it; request.request_id is there for log lines. Each request is
    also logged (logger salvo.requests, INFO) as one JSON object per line: id, method, path
    (never the query string, which can carry search terms), status and milliseconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if request_log.isEnabledFor(logging.INFO):
            line = {
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            request_log.info(json.dumps(line, ensure_ascii=False))
        return response


class PermanentRedirectKeepingMethod(HttpResponse):
    """308: like 301, but the client must repeat the same method with the same body."""

    status_code = 308


class CommonMiddleware(common.CommonMiddleware):
    """Django's APPEND_SLASH, safe for writes. Django answers a slash-less POST/PUT/PATCH/
    DELETE with a 301 (clients repeat it as a body-less GET: the write is lost) or, with
    DEBUG, a RuntimeError (a 500). Here a write gets a 308 to the slashed URL, which keeps the
    method and body, and a body naming that URL for clients that do not follow redirects."""

    def get_full_path_with_slash(self, request):
        if request.method in UNSAFE:
            return common.escape_leading_slashes(request.get_full_path(force_append_slash=True))
        return super().get_full_path_with_slash(request)

    def process_response(self, request, response):
        if (
            request.method in UNSAFE
            and response.status_code == 404
            and self.should_redirect_with_slash(request)
        ):
            url = self.get_full_path_with_slash(request)
            if request.path.startswith("/api/"):
                from api.problems import problem

                redirect = problem(
                    308,
                    f"This URL ends with a slash: send the same request to {url}",
                    url=url,
                )
            else:
                redirect = PermanentRedirectKeepingMethod(
                    f"This URL ends with a slash: {escape(url)}", content_type="text/plain"
                )
            redirect["Location"] = url
            return redirect
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: Salvo's pages use no camera, microphone, location
    and so on, so an injected script or embedded frame cannot ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefuseNulMiddleware:
    """A NUL character in the path or a query parameter is a 400 here, before any view,
    lookup or form sees it: no Salvo text may hold one (PostgreSQL cannot store it and
    answered with a 500 in a dozen places). JSON bodies are checked by the API's parser
    (api/parsers.py), uploaded files by the import's reader, HTML forms below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = self._where(request)
        if where is None:
            return self.get_response(request)
        message = f"“{where}” holds a NUL character (%00), which no Salvo text may contain."
        if request.path.startswith("/api/"):
            from api.problems import problem

            return problem(400, message, errors={where: ["Remove the NUL character."]})
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")

    def _where(self, request) -> str | None:
        if "\x00" in request.path:
            return "path"
        sources = [request.GET]
        # API bodies are JSON, checked by the API's parser; reading one here as a form would
        # use up the stream before DRF can refuse a form body with its 415.
        # HTML forms' NULs are removed further down (StripNulFromFormsMiddleware), so what
        # the editor typed comes back in the form instead of a bare error page.
        for data in sources:
            for name, values in data.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return name.replace("\x00", "\\0")
        return None


class StripNulFromFormsMiddleware:
    """A NUL in a submitted HTML form (pasted from a PDF, say) is removed before any form or
    lookup sees it, and the page says so: refusing the request would throw away everything
    the editor typed. Runs after the messages middleware, so the message shows on the page
    the form answers with. API form bodies are refused by the API instead."""

    FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in UNSAFE
            and request.content_type in self.FORMS
            and not request.path.startswith("/api/")
        ):
            self._strip(request)
        return self.get_response(request)

    def _strip(self, request):
        from django.contrib import messages
        from django.utils.translation import gettext as _

        post = request.POST
        dirty = [name for name, values in post.lists() if any("\x00" in value for value in values)]
        if not dirty:
            return
        clean = post.copy()
        for name in dirty:
            clean.setlist(name, [value.replace("\x00", "") for value in post.getlist(name)])
        request.POST = clean
        messages.warning(
            request,
            _("An invisible NUL character was removed from: %(fields)s. Check the text.")
            % {"fields": ", ".join(name.replace("\x00", "") for name in dirty)},
        )


class DigitsMiddleware:
    """The digits an Arabic reader chose for numbers and dates on pages (the salvo_digits
    cookie: "arab" for ٠١٢٣, anything else Western), for the length of the request. Runs after
    LocaleMiddleware: English pages always use Western digits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(DIGITS_COOKIE) == "arab" and get_language_bidi()
        token = numerals.set("arab" if chosen else "latn")
        try:
            return self.get_response(request)
        finally:
            numerals.reset(token)
