"""Keyset ("cursor") pagination over plain value rows.

A cursor names the last row seen by its sort key and id, so pages stay stable while incidents
are added or edited: nothing is skipped or repeated the way OFFSET paging would. It is opaque
base64 JSON; a cursor that does not decode, or was made for another ordering, is a 400."""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass

import orjson
from django.db.models import Q
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_LIMIT = 100
MAX_LIMIT = 5000
# ordering parameter -> (sort column, descending)
ORDERINGS = {
    "-date": ("date_start", True),
    "date": ("date_start", False),
    "-updated": ("updated_at", True),
    "updated": ("updated_at", False),
}
DEFAULT_ORDERING = "-date"


@dataclass
class Paging:
    ordering: str
    limit: int
    position: dict | None  # {"k": key, "i": id, "b": backwards}


def parse_limit(params, default=DEFAULT_LIMIT, maximum=MAX_LIMIT) -> int:
    raw = params.get("limit")
    if raw in (None, ""):
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= maximum:
        raise ValidationError({"limit": [f"Use a whole number from 1 to {maximum}."]})
    return int(raw)


def parse_paging(params) -> Paging:
    ordering = params.get("ordering") or DEFAULT_ORDERING
    if ordering not in ORDERINGS:
        raise ValidationError({"ordering": [f"Use one of {', '.join(ORDERINGS)}."]})
    limit = parse_limit(params)
    raw = params.get("cursor")
    position = _decode(raw, ordering) if raw else None
    return Paging(ordering, limit, position)


def _invalid():
    return ValidationError({"cursor": ["Invalid cursor: use the next/previous links as given."]})


def _decode(raw: str, ordering: str) -> dict:
    if len(raw) > 300:
        raise _invalid()
    try:
        data = orjson.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=="))
    except (ValueError, UnicodeError, binascii.Error, orjson.JSONDecodeError):
        raise _invalid() from None
    if (
        not isinstance(data, dict)
        or set(data) != {"o", "k", "i", "b"}
        or data["o"] != ordering
        or not isinstance(data["k"], str)
        or not isinstance(data["i"], int)
        or isinstance(data["i"], bool)
        or not 0 < data["i"] < 2**63
        or not isinstance(data["b"], bool)
    ):
        raise _invalid()
    column = ORDERINGS[ordering][0]
    try:
        if column == "updated_at":
            key = dt.datetime.fromisoformat(data["k"])
            if key.tzinfo is None:
                raise ValueError
            # In UTC now: the database adapters convert later, and 0001-01-01T00:00+14:00
            # has no UTC time (an OverflowError there was a 500).
            key = key.astimezone(dt.UTC)
        else:
            key = dt.date.fromisoformat(data["k"])
    except (ValueError, OverflowError):
        raise _invalid() from None
    return {"k": key, "i": data["i"], "b": data["b"]}


def _encode(ordering: str, row: dict, backwards: bool) -> str:
    column = ORDERINGS[ordering][0]
    payload = {"o": ordering, "k": row[column].isoformat(), "i": row["id"], "b": backwards}
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode("ascii").rstrip("=")


def paginate(qs, paging: Paging):
    """One page of `qs` (a values() queryset that includes the sort column and id).
    Returns (rows, next_cursor, previous_cursor)."""
    column, descending = ORDERINGS[paging.ordering]
    pos = paging.position
    backwards = bool(pos and pos["b"])
    scan_desc = descending != backwards
    if pos:
        op = "lt" if scan_desc else "gt"
        qs = qs.filter(
            Q(**{f"{column}__{op}": pos["k"]}) | Q(**{column: pos["k"], f"id__{op}": pos["i"]})
        )
    order = [f"-{column}", "-id"] if scan_desc else [column, "id"]
    rows = list(qs.order_by(*order)[: paging.limit + 1])
    more = len(rows) > paging.limit
    rows = rows[: paging.limit]
    if backwards:
        rows.reverse()
    next_cursor = previous_cursor = None
    if rows:
        if more or backwards:
            next_cursor = _encode(paging.ordering, rows[-1], backwards=False)
        if (more and backwards) or (pos and not backwards):
            previous_cursor = _encode(paging.ordering, rows[0], backwards=True)
    return rows, next_cursor, previous_cursor


def page_link(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    url = request.build_absolute_uri()
    return replace_query_param(url, "cursor", cursor)


def first_page_link(request) -> str:
    return remove_query_param(request.build_absolute_uri(), "cursor")
