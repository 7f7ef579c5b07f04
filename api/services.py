"""Writes the API makes beside incidents (incidents go through incidents.services): articles,
citations and claims. Each is validated like a form, attributed in history, and marks the
incident changed so `updated_since` sync picks up its new source or claim."""

from django.db import transaction
from django.utils import timezone

from incidents.models import Claim, Incident
from sources.models import Citation, SourceArticle


def _save(obj, *, user, reason: str):
    obj.full_clean()
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
    return obj


def _touch(incident_id: int) -> None:
    Incident.objects.filter(pk=incident_id).update(updated_at=timezone.now())


@transaction.atomic
def article_create(*, user, **fields) -> SourceArticle:
    return _save(SourceArticle(**fields, created_by=user), user=user, reason="Created via API")


@transaction.atomic
def article_update(*, article: SourceArticle, user, changes: dict) -> SourceArticle:
    for name, value in changes.items():
        setattr(article, name, value)
    return _save(article, user=user, reason="Changed via API")


@transaction.atomic
def citation_create(*, user, **fields) -> Citation:
    citation = _save(Citation(**fields, created_by=user), user=user, reason="Cited via API")
    _touch(citation.incident_id)
    return citation


@transaction.atomic
def claim_create(*, user, **fields) -> Claim:
    claim = _save(Claim(**fields), user=user, reason="Claim added via API")
    _touch(claim.incident_id)
    return claim
