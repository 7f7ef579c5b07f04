"""Chart and map aggregates computed in the database: the dashboard draws a million incidents
from a few hundred grouped rows, never from per-incident rows."""

import math

from incidents.models import Weapon

WEAPON_ORDER = {w: i for i, w in enumerate(Weapon.values)}
# Grid cells are about a quarter of a 256-px map tile: ~64 px whatever the zoom.
CELLS_PER_TILE = 4


def _weapons_in_order(weapons) -> list[str]:
    return sorted(set(weapons), key=lambda w: WEAPON_ORDER.get(w, len(WEAPON_ORDER)))


def timeline(qs, bucket: str) -> dict:
    rows = list(qs.for_timeline(bucket))
    weapons = _weapons_in_order(r["weapon"] for r in rows)
    series: list[dict] = []
    for row in rows:  # already sorted by period
        period = row["period"]
        period = period.date() if hasattr(period, "date") else period
        if not series or series[-1]["period"] != period:
            series.append({"period": period, "counts": dict.fromkeys(weapons, 0)})
        series[-1]["counts"][row["weapon"]] += row["n"]
    return {"bucket": bucket, "weapons": weapons, "series": series}


def _places(qs) -> dict[int, dict]:
    """One GROUP BY (place, weapon) query folded into one entry per place."""
    places: dict[int, dict] = {}
    for row in qs.per_place_and_weapon():
        place = places.get(row["place_id"])
        if place is None:
            place = places[row["place_id"]] = {
                "slug": row["place__slug"],
                "name_en": row["place__name_en"],
                "name_ar": row["place__name_ar"],
                "country": row["place__country"],
                "admin1": row["place__admin1"],
                "latitude": row["place__latitude"],
                "longitude": row["place__longitude"],
                "location_precision": row["place__location_precision"],
                "count": 0,
                "weapons": {},
                "precision": row["place__location_precision"],
                "last": row["last"],
            }
        place["count"] += row["n"]
        place["weapons"][row["weapon"]] = row["n"]
        # An incident only "near" an exact base is as imprecise as the incident says.
        place["precision"] = max(place["precision"], row["worst"] or 1)
        place["last"] = max(place["last"], row["last"])
    for place in places.values():
        place["weapons"] = {w: place["weapons"][w] for w in _weapons_in_order(place["weapons"])}
    return places


def by_place(qs) -> dict:
    places = sorted(_places(qs).values(), key=lambda p: (-p["count"], p["slug"]))
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
