"""Fetch an article by its link: archive what the site sent, read the intake fields from it, and
tell the editor when the article is already recorded."""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from incidents.services import source_find_existing
from sources.models import Outlet, Snapshot, SourceArticle, normalize_url, url_problem

from .extract import extract
from .http import fetch
from .safety import FetchError


@dataclass
class FetchResult:
    snapshot: Snapshot
    prefill: dict
    existing: SourceArticle | None = None
    changed: bool = True  # False: the page is byte for byte the last archived copy
    captions: list = field(default_factory=list)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""


def guess_outlet(url: str):
    """The outlet whose website is on this link's host (or a parent domain of it)."""
    host = _host(url)
    if not host:
        return None
    best = None
    for outlet in Outlet.objects.exclude(website="").only("id", "slug", "website"):
        site = _host(outlet.website)
        matches = site and (host == site or host.endswith("." + site))
        if matches and (best is None or len(site) > len(_host(best.website))):
            best = outlet
    return best


def _existing(*urls: str):
    for url in urls:
        if url and not url_problem(url):
            found = source_find_existing(url=url)
            if found is not None:
                return found
    return None


def fetch_article(*, url: str, user) -> FetchResult:
    """Fetch `url` and archive it. Raises ValidationError({"url": …}) when it cannot be done.

    A link already recorded as an article gets a new snapshot only when the bytes differ from
    its latest one; a link fetched again before anyone recorded it reuses its unattached
    snapshot of the same bytes."""
    problem = url_problem(url)
    if problem:
        raise ValidationError({"url": problem})
    try:
        got = fetch(url)
    except FetchError as error:
        raise ValidationError({"url": error.message}) from None
    digest = hashlib.sha256(got.body).hexdigest()
    existing = _existing(got.requested_url, got.final_url)
    fields = extract(got.body, url=got.final_url)
    with transaction.atomic():
        if existing is not None:
            latest = existing.snapshots.order_by("-fetched_at", "-id").first()
            same = latest is not None and latest.sha256 == digest
        else:
            latest = (
                Snapshot.objects.filter(article=None, sha256=digest, final_url=got.final_url)
                .order_by("-fetched_at", "-id")
                .first()
            )
            same = latest is not None
        if same:
            snapshot = latest
        else:
            snapshot = Snapshot.objects.create(
                article=existing,
                requested_url=got.requested_url,
                final_url=got.final_url,
                http_status=got.status,
                content_type=got.content_type,
                fetched_at=got.fetched_at,
                sha256=digest,
                size=len(got.body),
                body=got.body,
                extracted=fields,
                fetched_by=user if getattr(user, "is_authenticated", False) else None,
            )
    outlet = guess_outlet(got.final_url) or guess_outlet(got.requested_url)
    keep_url = got.final_url if not url_problem(got.final_url) else got.requested_url
    prefill = {
        "url": normalize_url(keep_url),
        "title": fields["title"],
        "text": fields["text"],
        "published_on": fields["published_on"],
        "published_note": fields["published_note"],
        "language": fields["language"] or "ar",
        "author": fields["author"],
        "outlet": outlet.slug if outlet else "",
    }
    return FetchResult(
        snapshot=snapshot,
        prefill=prefill,
        existing=existing,
        changed=not same,
        captions=fields["captions"],
    )


def snapshot_attach(*, snapshot_id, article: SourceArticle):
    """Give a freshly recorded article the snapshot it was fetched as (only an unattached one:
    an archived copy never moves from one article to another)."""
    if not snapshot_id:
        return None
    snapshot = Snapshot.objects.filter(pk=snapshot_id, article=None).first()
    if snapshot is None:
        return None
    snapshot.article = article
    snapshot.save(update_fields=["article"])
    if article.retrieved_at is None:
        SourceArticle.objects.filter(pk=article.pk).update(retrieved_at=snapshot.fetched_at)
        article.retrieved_at = snapshot.fetched_at
    return snapshot


def refetch(*, article: SourceArticle, user) -> FetchResult:
    """Fetch a recorded article's link again; a new snapshot only if the page changed."""
    latest = article.snapshots.order_by("-fetched_at", "-id").first()
    # The stored URL is normalised (https, no tracking); the link first fetched is what worked.
    url = latest.requested_url if latest else article.url
    if not url:
        raise ValidationError({"url": _("This article has no link to fetch.")})
    return fetch_article(url=url, user=user)
