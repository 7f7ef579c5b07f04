"""Turning a suggestion into catalogue rows, through the catalogue's own services (so a draft
made here follows every rule a draft typed in the workspace does: validation, history, its
first status recorded, the citation's quote checked against the article)."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from incidents.models import Actor, DatePrecision, Incident, Place
from incidents.services import citation_create, claim_create, incident_create_from_article
from sources.models import Citation

PRECISION = {
    "day": DatePrecision.DAY,
    "span": DatePrecision.SPAN,
    "week": DatePrecision.WEEK,
    "month": DatePrecision.MONTH,
    "year": DatePrecision.YEAR,
}
QUOTE_CHARS = 400
COUNTS = ("launched", "intercepted", "killed", "wounded")
_SENTENCE_END = re.compile(r"[.!?؟\n]")


def complete(suggestion: dict) -> bool:
    """Enough to be a draft: where and when. Without them the editor starts from a form."""
    return bool(suggestion.get("place") and suggestion.get("date_start"))


def quote_for(text: str, suggestion: dict) -> str:
    """The passage a citation quotes: the sentence holding the first evidence of the place,
    weapon or count (the words as the article has them), cut to QUOTE_CHARS around it."""
    ev = suggestion.get("evidence") or {}
    spans = [s for key in ("place", "weapon", "launched", "date") for s in ev.get(key, [])]
    if not spans:
        spans = [s for found in ev.values() for s in found]
    if not spans:
        return ""
    first = min(spans, key=lambda s: s["start"])
    return _sentence(text, first["start"], first["end"])


def _sentence(text: str, a: int, b: int) -> str:
    start, end = a, b
    while start > 0 and not _SENTENCE_END.match(text[start - 1]):
        start -= 1
    while end < len(text) and not _SENTENCE_END.match(text[end]):
        end += 1
    if end - start > QUOTE_CHARS:
        start = max(start, a - QUOTE_CHARS // 2)
        end = min(end, start + QUOTE_CHARS)
    return text[start:end].strip()


def _channel(sentence: str) -> str:
    low = sentence.lower()
    if "telegram" in low or "تليجرام" in sentence or "تلغرام" in sentence:
        return "telegram"
    if "statement" in low or "بيان" in sentence:
        return "statement"
    return "other"


def incident_fields(suggestion: dict) -> dict:
    """The model fields a suggestion gives; what it does not give stays unset (unknown)."""
    place = Place.objects.get(slug=suggestion["place"]["slug"])
    fields = {
        "place": place,
        "date_start": dt.date.fromisoformat(suggestion["date_start"]),
        "date_end": dt.date.fromisoformat(suggestion["date_end"] or suggestion["date_start"]),
        "date_precision": PRECISION[suggestion["date_precision"]],
        "location_precision": suggestion.get("location_precision") or place.location_precision,
        "weapon": suggestion.get("weapon") or "unknown",
    }
    for key in ("launched", "intercepted", "impacted", "killed", "wounded"):
        if suggestion.get(key) is not None:
            fields[key] = suggestion[key]
    if suggestion.get("date_text"):
        fields["date_note"] = (
            f"Suggested from “{suggestion['date_text']}” → {suggestion['date_resolved']}."
        )
    site = suggestion.get("launch_site")
    if site:
        fields["launch_site"] = site["text"][:200]
        if site.get("place"):
            fields["launch_place"] = Place.objects.filter(slug=site["place"]["slug"]).first()
    return fields


@transaction.atomic
def draft_from_suggestion(*, user, article, suggestion: dict) -> Incident:
    """A draft incident from a suggestion, citing the article with a quote, and the claims
    it names (actors the gazetteer knows, quoting the words that name them)."""
    if not complete(suggestion):
        raise ValidationError(_("This suggestion has no place or no date: start from the form."))
    incident = incident_create_from_article(
        user=user,
        article=article,
        quote=quote_for(article.text, suggestion),
        role="background" if suggestion.get("background") else "main",
        reason=f"Drafted from the assistant's suggestion (source {article.pk})",
        **incident_fields(suggestion),
    )
    spans = (suggestion.get("evidence") or {}).get("claimed_by") or []
    for claim, span in zip(suggestion.get("claimed_by") or [], spans, strict=False):
        actor = Actor.objects.filter(slug=(claim.get("actor") or {}).get("slug", "")).first()
        if actor is None:
            continue
        sentence = _sentence(article.text, span["start"], span["end"])
        try:
            with transaction.atomic():
                claim_create(
                    user=user,
                    incident=incident,
                    actor=actor,
                    source=article,
                    channel=_channel(sentence),
                    quote=sentence,
                    reason="Claim from the assistant's suggestion",
                )
        except ValidationError:
            continue  # e.g. a state force, which the catalogue records as blamed, not claiming
    return incident


def citation_from_suggestion(*, user, article, incident: Incident, suggestion: dict) -> Citation:
    """Cite `article` for an incident already in the catalogue (one of the suggestion's likely
    duplicates) through the catalogue's cite service, quoting the suggestion's sentence; where
    the article gives a date or a count that differs from the incident's, the citation keeps
    the article's figure beside it (the incident's own values are left alone)."""
    quote = quote_for(article.text, suggestion)
    if not quote:
        raise ValidationError({"quote": _("This suggestion quotes nothing from the text.")})
    reported = {}
    start = suggestion.get("date_start")
    if start and suggestion.get("date_precision") == "day" and start != str(incident.date_start):
        reported["reported_date"] = dt.date.fromisoformat(start)
    for key in COUNTS:
        value = suggestion.get(key)
        if value is not None and value != getattr(incident, key):
            reported[f"reported_{key}"] = value
    return citation_create(
        user=user,
        article=article,
        incident=incident,
        quote=quote,
        role="background" if suggestion.get("background") else "main",
        reason=f"Cited from the assistant's suggestion (source {article.pk})",
        **reported,
    )
