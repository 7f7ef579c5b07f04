"""Chart and map aggregates computed in the database: the dashboard draws a million incidents
from a few hundred grouped rows, never from per-incident rows."""

from django.db.models import Count

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
    # In slug order, as the database collates: by_place() sorts by count alone (stably), so
    # ties fall the way its top-N query breaks them.
    rows = (
        Place.objects.filter(id__in={g["place_id"] for g in groups})
        .order_by("slug")
        .values(*PLACE_FIELDS)
    )
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


def by_place(qs, *, limit: int | None = None) -> dict:
    """Places with incidents, most incidents first (then by slug), with `total` incidents and
    `place_count` places. With `limit`, only the busiest `limit` places, the totals still
    counting every match: one more query, and only those places' groups and details are read."""
    if limit is None:
        places = _places(qs, last=True)
        total, place_count = sum(p["count"] for p in places.values()), len(places)
    else:
        totals = qs.order_by().aggregate(
            total=Count("id"), place_count=Count("place_id", distinct=True)
        )
        total, place_count = totals["total"], totals["place_count"]
        busiest = (
            qs.order_by()
            .values("place_id")
            .annotate(n=Count("*"))
            .order_by("-n", "place__slug")
            .values_list("place_id", flat=True)[:limit]
        )
        places = _places(qs.filter(place_id__in=busiest), last=True)
    ordered = sorted(places.values(), key=lambda p: -p["count"])
    for place in ordered:
        place.pop("precision")
    return {"total": total, "place_count": place_count, "places": ordered}


# Grid cells in SQL: the incidents are grouped by place first (the index-only GROUP BY of
# for_map()), those groups are joined to their places and grouped again by grid cell and
# weapon. The worker receives cells x weapons rows, whatever the size of the gazetteer.
CELLS_SQL = """
SELECT FLOOR(p.longitude / %s) AS cx, FLOOR(p.latitude / %s) AS cy, g.weapon,
       CAST(SUM(g.n) AS BIGINT), SUM(p.latitude * g.n), SUM(p.longitude * g.n),
       MIN(p.longitude), MIN(p.latitude), MAX(p.longitude), MAX(p.latitude),
       MAX(CASE WHEN COALESCE(g.location_precision, 1) > p.location_precision
                THEN COALESCE(g.location_precision, 1) ELSE p.location_precision END),
       MIN(g.place_id), MAX(g.place_id)
  FROM ({groups}) g JOIN {place} p ON p.id = g.place_id
 GROUP BY 1, 2, 3"""


def _cells(qs, size: float) -> list[tuple]:
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    groups = qs.for_map()
    try:
        sql, params = groups.query.get_compiler(using=groups.db).as_sql()
    except EmptyResultSet:  # a filter that resolved to no places
        return []
    query = CELLS_SQL.format(groups=sql, place=Place._meta.db_table)
    with connections[groups.db].cursor() as cursor:
        cursor.execute(query, (size, size, *params))
        return cursor.fetchall()


def clusters(qs, zoom: int) -> dict:
    """Places merged into grid cells sized for `zoom`; a cell with one place keeps its name.
    Two queries: the cells (grouped in the database), and the places of one-place cells."""
    size = 360 / (2**zoom) / CELLS_PER_TILE
    cells: dict[tuple, dict] = {}
    for cx, cy, weapon, n, lat_n, lon_n, west, south, east, north, worst, low, high in _cells(
        qs, size
    ):
        cell = cells.get((cx, cy))
        if cell is None:
            cell = cells[(cx, cy)] = {
                "count": 0, "lat_n": 0.0, "lon_n": 0.0, "weapons": {},
                "bounds": [west, south, east, north], "precision": worst, "ids": {low, high},
            }  # fmt: skip
        else:
            bounds = cell["bounds"]
            bounds[:] = [min(bounds[0], west), min(bounds[1], south)] + [
                max(bounds[2], east), max(bounds[3], north)
            ]  # fmt: skip
            cell["precision"] = max(cell["precision"], worst)
            cell["ids"].update((low, high))
        cell["count"] += n
        cell["lat_n"] += lat_n
        cell["lon_n"] += lon_n
        cell["weapons"][weapon] = cell["weapons"].get(weapon, 0) + n
    alone = {next(iter(c["ids"])) for c in cells.values() if len(c["ids"]) == 1}
    names = {
        row.pop("id"): row
        for row in Place.objects.filter(id__in=alone).values(
            "id", "slug", "name_en", "name_ar", "location_precision"
        )
    }
    out = []
    for cell in cells.values():
        count = cell["count"]
        only = next(iter(cell["ids"])) if len(cell["ids"]) == 1 else None
        west, south, east, north = cell["bounds"]
        out.append(
            {
                # The weighted centre, kept inside the cell's places (sums can round past them).
                "lat": min(max(cell["lat_n"] / count, south), north),
                "lon": min(max(cell["lon_n"] / count, west), east),
                "count": count,
                "bounds": cell["bounds"],
                "weapons": {w: cell["weapons"][w] for w in _weapons_in_order(cell["weapons"])},
                "place": names.get(only) if only is not None else None,
                "precision": cell["precision"],
            }
        )
    out.sort(key=lambda c: (-c["count"], c["lat"], c["lon"]))
    return {"total": sum(c["count"] for c in out), "clusters": out}
