"""Matching a row's place, actors and outlets to what Salvo already has, held in memory for the
whole run so a 100,000-row file costs a few queries, not one per row.

A place matches by name or alias (in either script, folded by incidents.text) *and* distance:
the same name far away is another place ("Al-Asad" the base is not a street of that name in
another province). What matches nothing becomes a new place, marked as imported."""

import math
from dataclasses import dataclass

from django.utils.text import slugify

from incidents.models import Actor, LocationPrecision, Place
from incidents.text import normalize_search, search_blob
from sources.models import Outlet

# How far a row's coordinates may be from a same-named gazetteer place, by the row's precision.
RADIUS_KM = {
    LocationPrecision.EXACT: 10,
    LocationPrecision.NEAR: 30,
    LocationPrecision.DISTRICT: 60,
    LocationPrecision.PROVINCE: 200,
    LocationPrecision.COUNTRY: 800,
}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class Entry:
    """A gazetteer row as the matcher sees it; `pk` is None for one a dry run would create."""

    pk: int | None
    slug: str
    search_text: str = ""
    latitude: float = 0.0
    longitude: float = 0.0
    new: bool = False


class Slugs:
    def __init__(self, taken):
        self.taken = set(taken)

    def new(self, name: str, fallback: str) -> str:
        base = (slugify(name)[:70].strip("-")) or fallback
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


class PlaceIndex:
    def __init__(self):
        self.by_slug: dict[str, Entry] = {}
        self.by_name: dict[str, list[Entry]] = {}
        rows = Place.objects.values_list(
            "pk", "slug", "name_en", "name_ar", "aliases", "latitude", "longitude", "search_text"
        )
        for pk, slug, name_en, name_ar, aliases, lat, lon, text in rows:
            self._add(Entry(pk, slug, text, lat, lon), [name_en, name_ar, *(aliases or [])])
        self.slugs = Slugs(self.by_slug)

    def _add(self, entry: Entry, names) -> None:
        self.by_slug[entry.slug] = entry
        for name in {normalize_search(n) for n in names if n}:
            self.by_name.setdefault(name, []).append(entry)

    def find(self, spec) -> Entry | None:
        radius = RADIUS_KM.get(spec.precision, 10)

        def near(e: Entry) -> bool:
            return distance_km(spec.latitude, spec.longitude, e.latitude, e.longitude) <= radius

        by_slug = self.by_slug.get(spec.slug) if spec.slug else None
        if by_slug and near(by_slug):
            return by_slug
        candidates = [
            e
            for name in {normalize_search(spec.name), normalize_search(spec.name_ar)}
            if name
            for e in self.by_name.get(name, [])
            if near(e)
        ]
        if not candidates:
            return None
        return min(
            candidates,
            key=lambda e: distance_km(spec.latitude, spec.longitude, e.latitude, e.longitude),
        )

    def build(self, spec, *, notes: str) -> tuple[Place, Entry]:
        """A new, unsaved place for `spec`, already findable by later rows."""
        slug = spec.slug if spec.slug and spec.slug not in self.slugs.taken else ""
        slug = slug or self.slugs.new(spec.name, "imported-place")
        self.slugs.taken.add(slug)
        place = Place(
            slug=slug,
            name_en=spec.name,
            name_ar=spec.name_ar or spec.name,
            kind=Place.Kind.OTHER,
            country=spec.country,
            admin1=spec.admin1,
            latitude=spec.latitude,
            longitude=spec.longitude,
            location_precision=spec.precision,
            notes=notes,
        )
        entry = Entry(
            None,
            slug,
            search_blob(place.name_en, place.name_ar, [], slug),
            spec.latitude,
            spec.longitude,
            new=True,
        )
        self._add(entry, [spec.name, spec.name_ar])
        return place, entry


class NameIndex:
    """Actors or outlets by slug, name and alias (folded)."""

    def __init__(self, model):
        self.model = model
        self.by_name: dict[str, Entry] = {}
        fields = ["pk", "slug", "name_en", "name_ar"]
        has_aliases = model is Actor
        if has_aliases:
            fields.append("aliases")
        slugs = []
        for values in model.objects.values_list(*fields):
            pk, slug, *names = values
            aliases = names.pop() if has_aliases else []
            slugs.append(slug)
            entry = Entry(pk, slug)
            for name in [slug, *names, *(aliases or [])]:
                if name:
                    self.by_name.setdefault(normalize_search(name), entry)
        self.slugs = Slugs(slugs)

    def find(self, name: str) -> Entry | None:
        return self.by_name.get(normalize_search(name))

    def build(self, name: str, **fields):
        slug = self.slugs.new(name, self.model._meta.model_name)
        entry = Entry(None, slug, new=True)
        self.by_name[normalize_search(name)] = entry
        if self.model is Actor:
            obj = Actor(slug=slug, name_en=name, name_ar=name, **fields)
        else:
            obj = Outlet(slug=slug, name_en=name, **fields)
        return obj, entry
