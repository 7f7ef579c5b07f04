"""One error shape for every API error: RFC 9457 problem details.

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "Check these parameters or fields: bbox.", "errors": {"bbox": ["..."]}}

`errors` ({field or parameter: [messages]}) is there for validation errors only; a 412 adds
`version`, the incident's current version. See docs/api.md, "Errors"."""

from http import HTTPStatus

import orjson
from django.http import HttpResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler

CONTENT_TYPE = "application/problem+json"


def problem_body(status: int, detail: str, **extra) -> dict:
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }


def problem(status: int, detail: str, headers: dict | None = None, **extra) -> HttpResponse:
    return HttpResponse(
        orjson.dumps(problem_body(status, detail, **extra)),
        status=status,
        content_type=CONTENT_TYPE,
        headers=headers,
    )


def _field_errors(data) -> dict[str, list[str]]:
    """DRF's error data ({field: [...]}, [...] or a string) as {name: [messages]}; nested
    serializer errors are flattened to "field.sub" so every value is a list of strings."""
    if isinstance(data, dict):
        out: dict[str, list[str]] = {}
        for key, value in data.items():
            name = "non_field_errors" if key == "__all__" else str(key)
            if isinstance(value, dict):
                for sub, messages in _field_errors(value).items():
                    out[f"{name}.{sub}"] = messages
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for index, item in enumerate(value):
                    for sub, messages in _field_errors(item).items():
                        out[f"{name}.{index}.{sub}"] = messages
            else:
                out[name] = [str(m) for m in (value if isinstance(value, list) else [value])]
        return out
    return {"non_field_errors": [str(m) for m in (data if isinstance(data, list) else [data])]}


def handler(exc, context):
    """DRF's EXCEPTION_HANDLER: DRF's own handling (status, Retry-After, WWW-Authenticate),
    then its body rewritten as problem details."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        names = ", ".join(errors)
        body = problem_body(
            response.status_code, f"Check these parameters or fields: {names}.", errors=errors
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem_body(response.status_code, str(detail))
    response.data = body
    renderer = getattr(context.get("request"), "accepted_renderer", None)
    if renderer is None or renderer.format == "json":  # not the docs page's HTML renderer
        response.content_type = CONTENT_TYPE
    return response
