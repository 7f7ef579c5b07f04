"""Reads for the editor workspace: duplicate candidates, the review queue, history with
field-by-field differences, and where a merged public identifier now points."""

from django.db.models import Count, F, OuterRef, Subquery

from incidents.duplicates import (  # noqa: F401  (the workspace's names for them)
    CANDIDATE_FIELDS,
    DATE_SLACK_DAYS,
    Candidate,
    duplicate_candidates,
    related_places,
)
from incidents.models import Actor, Incident, Place

from .models import MergedIncident, ReviewNote


def resolve_public_id(public_id: str) -> Incident | None:
    """The incident a public identifier names now: itself, or the incident it was merged into.
    Callers still apply their own visibility rules (drafts are not public)."""
    incident = Incident.objects.filter(public_id=public_id).first()
    if incident is not None:
        return incident
    merged = MergedIncident.objects.select_related("into").filter(old_public_id=public_id).first()
    return merged.into if merged else None


def review_queue():
    """Drafts waiting for a reviewer, and published incidents edited since they were published.
    Each row carries its place, how many sources it cites and the last review decision."""
    last_note = ReviewNote.objects.filter(incident=OuterRef("pk")).order_by("-created_at", "-id")
    last_published = (
        ReviewNote.objects.filter(incident=OuterRef("pk"), action=ReviewNote.Action.PUBLISH)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    base = Incident.objects.select_related("place", "updated_by").annotate(
        sources=Count("citations", distinct=True),
        last_action=Subquery(last_note.values("action")[:1]),
        last_comment=Subquery(last_note.values("comment")[:1]),
        published_at=Subquery(last_published),
    )
    drafts = base.filter(status=Incident.Status.DRAFT).order_by("updated_at")
    changed = base.filter(
        status=Incident.Status.PUBLISHED,
        published_at__isnull=False,
        updated_at__gt=F("published_at"),
    ).order_by("updated_at")
    return drafts, changed


def lookup_places(q: str, limit: int = 12) -> list[dict]:
    rows = (
        Place.objects.matching(q)
        .values("id", "slug", "name_en", "name_ar", "kind", "country", "parent__name_en")
        .order_by("name_en")[:limit]
    )
    return [dict(row, label=place_label(row)) for row in rows]


def lookup_actors(q: str, limit: int = 12) -> list[dict]:
    rows = (
        Actor.objects.matching(q)
        .values("id", "slug", "name_en", "name_ar", "kind", "country")
        .order_by("name_en")[:limit]
    )
    return [dict(row, label=place_label(row)) for row in rows]


def place_label(row) -> str:
    """What the lookup fields show and accept back: both names and the slug that pins it."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    return f"{get('name_en')} — {get('name_ar')} [{get('slug')}]"
