"""Chart and map aggregates computed in the database: the dashboard draws a million incidents
from a few hundred grouped rows, never from per-incident rows."""

import math

from incidents.models import Place, Weapon
from incidents.querysets import TIMELINE_BUCKETS

WEAPON_ORDER = {w: i for i, w in enumerate(Weapon.values)}
# Grid cells are about a quarter of a 256-px map tile: ~64 px whatever the zoom.
CELLS_PER_TILE = 4


def _weapons_in_order(weapons) -> list[str]:
    return sorted(set(weapons), key=lambda w: WEAPON_ORDER.get(w, len(WEAPON_ORDER)))


def timeline(qs, bucket: str) -> dict:
    period_of = TIMELINE_BUCKETS[bucket]
    counts: dict = {}  # period -> {weapon: n}
    periods: dict = {}  # day -> period: each day comes once per weapon
    for day, weapon, n in qs.for_timeline():
        period = periods.get(day)
        if period is None:
            period = periods[day] = period_of(day)
        per_weapon = counts.setdefault(period, {})
        per_weapon[weapon] = per_weapon.get(weapon, 0) + n
    weapons = _weapons_in_order(w for per_weapon in counts.values() for w in per_weapon)
    series = [
        {"period": period, "counts": {w: counts[period].get(w, 0) for w in weapons}}
        for period in sorted(counts)
    ]
    return {"bucket": bucket, "weapons": weapons, "series": series}


PLACE_FIELDS = (
    "id",
    "slug",
    "name_en",
    "name_ar",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "location_precision",
)


def _places(qs, *, last: bool = False) -> dict[int, dict]:
    """Per-place counts, weapons and worst precision: two queries, one GROUP BY over the
    incident table alone and one fetching the (few) places that appear in it."""
    groups = list(qs.for_map(last=last))
    if not groups:
        return {}
    rows = Place.objects.filter(id__in={g["place_id"] for g in groups}).values(*PLACE_FIELDS)
    places: dict[int, dict] = {}
    for row in rows:
        pk = row.pop("id")
        places[pk] = {
            **row,
            "count": 0,
            "weapons": {},
            "precision": row["location_precision"],
        }
        if last:
            places[pk]["last"] = None
    for group in groups:
        place = places[group["place_id"]]
        n = group["n"]
        place["count"] += n
        place["weapons"][group["weapon"]] = place["weapons"].get(group["weapon"], 0) + n
        # An incident only "near" an exact base is as imprecise as the incident says.
        place["precision"] = max(place["precision"], group["location_precision"] or 1)
        if last and (place["last"] is None or group["last"] > place["last"]):
            place["last"] = group["last"]
    for place in places.values():
        place["weapons"] = {w: place["weapons"][w] for w in _weapons_in_order(place["weapons"])}
    return places


def by_place(qs) -> dict:
    places = sorted(_places(qs, last=True).values(), key=lambda p: (-p["count"], p["slug"]))
    for place in places:
        place.pop("precision")
    return {"total": sum(p["count"] for p in places), "places": places}


def clusters(qs, zoom: int) -> dict:
    """Places merged into grid cells sized for `zoom`; a cell with one place keeps its name."""
    size = 360 / (2**zoom) / CELLS_PER_TILE
    cells: dict[tuple[int, int], list[dict]] = {}
    for place in _places(qs).values():
        key = (math.floor(place["longitude"] / size), math.floor(place["latitude"] / size))
        cells.setdefault(key, []).append(place)
    out = []
    for members in cells.values():
        count = sum(p["count"] for p in members)
        weapons: dict[str, int] = {}
        for p in members:
            for w, n in p["weapons"].items():
                weapons[w] = weapons.get(w, 0) + n
        only = members[0] if len(members) == 1 else None
        out.append(
            {
                "lat": sum(p["latitude"] * p["count"] for p in members) / count,
                "lon": sum(p["longitude"] * p["count"] for p in members) / count,
                "count": count,
                "bounds": [
                    min(p["longitude"] for p in members),
                    min(p["latitude"] for p in members),
                    max(p["longitude"] for p in members),
                    max(p["latitude"] for p in members),
                ],
                "weapons": {w: weapons[w] for w in _weapons_in_order(weapons)},
                "place": {k: only[k] for k in ("slug", "name_en", "name_ar", "location_precision")}
                if only
                else None,
                "precision": max(p["precision"] for p in members),
            }
        )
    out.sort(key=lambda c: (-c["count"], c["lat"], c["lon"]))
    return {"total": sum(c["count"] for c in out), "clusters": out}
