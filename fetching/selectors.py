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
