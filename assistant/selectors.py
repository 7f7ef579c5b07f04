"""What the assistant reads from the catalogue: its gazetteer, and the incidents a suggestion
may already be."""

import datetime as dt

from incidents.duplicates import duplicate_candidates
from incidents.models import Place

from .engine import suggest
from .gazetteer import current


def suggestions(text: str, *, language: str, published: dt.date | None) -> dict:
    """suggest() over the catalogue's gazetteer, each suggestion with its likely duplicates."""
    places, actors = current()
    result = suggest(text, language=language, published=published, places=places, actors=actors)
    for incident in result["incidents"]:
        incident["duplicates"] = likely_duplicates(incident)
    return result


def likely_duplicates(suggestion: dict, limit: int = 5) -> list[dict]:
    """The catalogue's incidents this suggestion may be, best first (incidents/duplicates.py:
    the same place or one related to it, dates within a few days, the weapon weighed). None
    when the suggestion has no place or no date: too vague to say."""
    place, start = suggestion.get("place"), suggestion.get("date_start")
    if not place or not start:
        return []
    place_id = Place.objects.filter(slug=place["slug"]).values_list("id", flat=True).first()
    if place_id is None:
        return []
    candidates = duplicate_candidates(
        place_id=place_id,
        date_start=dt.date.fromisoformat(start),
        date_end=dt.date.fromisoformat(suggestion.get("date_end") or start),
        weapon=suggestion.get("weapon") or "",
        limit=limit,
    )
    return [
        {
            "public_id": c.row["public_id"],
            "status": c.row["status"],
            "date_start": c.row["date_start"].isoformat(),
            "date_end": c.row["date_end"].isoformat() if c.row["date_end"] else None,
            "weapon": c.row["weapon"],
            "launched": c.row["launched"],
            "place": c.row["place__name_en"],
            "reasons": [str(r) for r in c.reasons],
        }
        for c in candidates
        if c.row["status"] != "retracted"
    ]
