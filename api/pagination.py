"""Keyset ("cursor") pagination over plain value rows.

A cursor names the last row seen by its sort key (and id, when the key is not unique), so pages
stay stable while rows are added or edited: nothing is skipped or repeated the way OFFSET paging
would, and each page reads an index range. It is opaque base64 JSON; a cursor that does not
decode, or was made for another ordering, is a 400."""

import base64
import binascii
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import orjson
from django.db.models import Q
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_LIMIT = 100
MAX_LIMIT = 5000


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _datetime(text: str) -> dt.datetime:
    key = dt.datetime.fromisoformat(text)
    if key.tzinfo is None:
        raise ValueError
    # In UTC now: the database adapters convert later, and 0001-01-01T00:00+14:00 has no UTC
    # time (an OverflowError there was a 500).
    return key.astimezone(dt.UTC)


def _slug(text: str) -> str:
    # Only what a SlugField holds: a NUL byte would be a database error, not a 400.
    if not re.fullmatch(r"[-\w]{1,80}", text, flags=re.ASCII):
        raise ValueError
    return text


@dataclass(frozen=True)
class Order:
    """A keyset ordering: the column, its direction, and how a cursor's key is read back.
    A unique column is its own tie-break, so its pages walk that column's index alone."""

    column: str
    descending: bool
    read_key: Callable[[str], object]
    unique: bool = False


# The incident list's `ordering` parameter.
ORDERINGS = {
    "-date": Order("date_start", True, _date),
    "date": Order("date_start", False, _date),
    "-updated": Order("updated_at", True, _datetime),
    "updated": Order("updated_at", False, _datetime),
}
DEFAULT_ORDERING = "-date"
# The gazetteer, actors and outlets page by slug (unique, indexed, never changed).
BY_SLUG = "slug"
ORDERS = {**ORDERINGS, BY_SLUG: Order("slug", False, _slug, unique=True)}


@dataclass
class Paging:
    ordering: str
    limit: int
    position: dict | None  # {"k": key, "i": id (unless the key is unique), "b": backwards}


def parse_limit(params, default=DEFAULT_LIMIT, maximum=MAX_LIMIT) -> int:
    raw = params.get("limit")
    if raw in (None, ""):
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= maximum:
        raise ValidationError({"limit": [f"Use a whole number from 1 to {maximum}."]})
    return int(raw)


def parse_paging(params) -> Paging:
    """`limit`, `cursor` and `ordering` of the incident list."""
    ordering = params.get("ordering") or DEFAULT_ORDERING
    if ordering not in ORDERINGS:
        raise ValidationError({"ordering": [f"Use one of {', '.join(ORDERINGS)}."]})
    return paging_in(params, ordering)


def paging_in(params, ordering: str) -> Paging:
    """`limit` and `cursor` of a list that has one fixed ordering."""
    limit = parse_limit(params)
    raw = params.get("cursor")
    position = _decode(raw, ordering) if raw else None
    return Paging(ordering, limit, position)


def _invalid():
    return ValidationError({"cursor": ["Invalid cursor: use the next/previous links as given."]})


def _decode(raw: str, ordering: str) -> dict:
    order = ORDERS[ordering]
    if len(raw) > 300:
        raise _invalid()
    try:
        data = orjson.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=="))
    except (ValueError, UnicodeError, binascii.Error, orjson.JSONDecodeError):
        raise _invalid() from None
    fields = {"o", "k", "b"} if order.unique else {"o", "k", "i", "b"}
    if (
        not isinstance(data, dict)
        or set(data) != fields
        or data["o"] != ordering
        or not isinstance(data["k"], str)
        or not isinstance(data["b"], bool)
    ):
        raise _invalid()
    pk = data.get("i")
    if not order.unique and (not isinstance(pk, int) or isinstance(pk, bool) or not 0 < pk < 2**63):
        raise _invalid()
    try:
        key = order.read_key(data["k"])
    except (ValueError, OverflowError):
        raise _invalid() from None
    return {"k": key, "i": pk, "b": data["b"]}


def _encode(ordering: str, row: dict, backwards: bool) -> str:
    order = ORDERS[ordering]
    key = row[order.column]
    payload = {"o": ordering, "k": key if isinstance(key, str) else key.isoformat()}
    if not order.unique:
        payload["i"] = row["id"]
    payload["b"] = backwards
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode("ascii").rstrip("=")


def paginate(qs, paging: Paging):
    """One page of `qs` (a values() queryset that includes the sort column, and id unless
    that column is unique). Returns (rows, next_cursor, previous_cursor)."""
    order = ORDERS[paging.ordering]
    column = order.column
    keys = [column] if order.unique else [column, "id"]
    pos = paging.position
    backwards = bool(pos and pos["b"])
    scan_desc = order.descending != backwards
    if pos:
        op = "lt" if scan_desc else "gt"
        after = Q(**{f"{column}__{op}": pos["k"]})
        if not order.unique:
            after |= Q(**{column: pos["k"], f"id__{op}": pos["i"]})
        qs = qs.filter(after)
    rows = list(qs.order_by(*(f"-{k}" if scan_desc else k for k in keys))[: paging.limit + 1])
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
