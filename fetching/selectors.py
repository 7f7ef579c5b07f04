"""Reading archived snapshots back."""

import re

from sources.models import Snapshot

_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def latest_snapshot(article):
    """The newest archived copy of an article, without its body, or None."""
    return (
        Snapshot.objects.filter(article=article)
        .defer("body", "extracted")
        .order_by("-fetched_at", "-id")
        .first()
    )


def snapshot_text(snapshot: Snapshot) -> str:
    """The archived bytes as text, for reading as source code (never rendered)."""
    body = bytes(snapshot.body)
    match = _CHARSET.search(snapshot.content_type.encode()) or _CHARSET.search(body[:4096])
    encoding = match.group(1).decode() if match else "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


SNAPSHOT_FIELDS = (
    "id",
    "article_id",
    "requested_url",
    "final_url",
    "http_status",
    "content_type",
    "fetched_at",
    "sha256",
    "size",
)


def snapshot_row(snapshot: Snapshot) -> dict:
    """A snapshot's metadata (never its bytes), as the API gives it."""
    row = {name: getattr(snapshot, name) for name in SNAPSHOT_FIELDS}
    row["article"] = row.pop("article_id")
    return row


def snapshot_rows(article_id: int) -> list[dict]:
    """Every archived copy of an article, newest first, without the bytes: one query."""
    rows = list(
        Snapshot.objects.filter(article_id=article_id)
        .order_by("-fetched_at", "-id")
        .values(*SNAPSHOT_FIELDS)
    )
    for row in rows:
        row["article"] = row.pop("article_id")
    return rows
