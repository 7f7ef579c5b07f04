"""Finding the gazetteer's places and actors in an article's folded text, through every name,
alias and transliteration, with the clitics Arabic attaches to them (بالموصل, وللتحالف)."""

import re
from dataclasses import dataclass, field

from .text import fold_word

# How specific a place is: a base beats the town it is in, which beats its province.
_RANK = {
    "air_base": 0,
    "military_base": 0,
    "camp": 0,
    "support_site": 0,
    "diplomatic": 0,
    "oil_field": 0,
    "border_post": 0,
    "airport": 0,
    "neighbourhood": 1,
    "other": 2,
    "town": 2,
    "admin_area": 3,
    "country": 4,
}
BASE_KINDS = {k for k, r in _RANK.items() if r == 0}
_ARTICLE = re.compile(r"^(?:ال|al |el |the )")
# Words that say a base is meant; a short or common name needs one of them before it.
BASE_WORDS = r"(?:قاعده|القاعده|معسكر|مطار|حقل|موقع|base|camp|airbase|airport|garrison|site)"
_COMMON = {"نصر", "victory", "union", "green", "بلد", "village", "tower", "mission"}


@dataclass(frozen=True)
class Entry:
    """One place or actor, as the assistant reports it."""

    id: int
    slug: str
    name_en: str
    name_ar: str
    aliases: tuple
    kind: str
    parent_id: int | None = None
    location_precision: int = 1

    @property
    def rank(self) -> int:
        return _RANK.get(self.kind, 2)

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "name_en": self.name_en,
            "name_ar": self.name_ar,
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True)
class Hit:
    entry: Entry
    start: int  # folded offsets of the name itself (without clitics)
    end: int


@dataclass
class Index:
    entries: list[Entry]
    pattern: re.Pattern | None
    by_core: dict[str, list[Entry]] = field(default_factory=dict)
    needs_base_word: set[str] = field(default_factory=set)
    by_id: dict[int, Entry] = field(default_factory=dict)

    def find(self, folded: str, start: int = 0, end: int | None = None) -> list[Hit]:
        if self.pattern is None:
            return []
        end = len(folded) if end is None else end
        hits = []
        for m in self.pattern.finditer(folded, start, end):
            core = re.sub(r"[\s\"]+", " ", m.group("core"))
            if core in self.needs_base_word and not re.search(
                rf"{BASE_WORDS}\W{{1,3}}(?:\w+\W+)?$", folded[max(0, m.start() - 30) : m.start()]
            ):
                continue
            s = m.start("name")
            for entry in self.by_core.get(core, []):
                hits.append(Hit(entry, s, m.end("core")))
        return hits

    def ancestors(self, entry: Entry) -> set[int]:
        out, seen = set(), entry.parent_id
        while seen is not None and seen not in out:
            out.add(seen)
            parent = self.by_id.get(seen)
            seen = parent.parent_id if parent else None
        return out


def _cores(entry: Entry) -> set[str]:
    names = [entry.name_en, entry.name_ar, entry.slug.replace("-", " "), *entry.aliases]
    out = set()
    for name in names:
        folded = re.sub(r"\s+", " ", fold_word(name or "")).strip(' .,"()')
        folded = _ARTICLE.sub("", folded).strip()
        if len(folded) >= 2:
            out.add(folded)
    return out


def build(entries: list[Entry]) -> Index:
    by_core: dict[str, list[Entry]] = {}
    needs = set()
    for entry in entries:
        for core in _cores(entry):
            by_core.setdefault(core, [])
            if entry not in by_core[core]:
                by_core[core].append(entry)
            if (" " not in core and len(core) <= 3) or core in _COMMON:
                needs.add(core)
    if not by_core:
        return Index(entries, None)
    alternation = "|".join(
        r"[\s\"]+".join(re.escape(t) for t in core.split(" "))  # حقل "العمر"
        for core in sorted(by_core, key=len, reverse=True)
    )
    pattern = re.compile(
        rf"(?<!\w)(?P<name>(?:[وفبلك]{{0,2}}(?:ال)?|(?:al|el|the)\s+)?)(?P<core>{alternation})(?!\w)"
    )
    return Index(entries, pattern, by_core, needs, {e.id: e for e in entries})


def from_database() -> tuple[Index, Index]:
    """The places and the actors, read in two queries; the compiled patterns are kept for as
    long as the rows they were built from are unchanged."""
    from incidents.models import Actor, Place

    place_rows = tuple(
        Place.objects.order_by("id").values_list(
            "id", "slug", "name_en", "name_ar", "aliases", "kind", "parent_id", "location_precision"
        )
    )
    actor_rows = tuple(
        Actor.objects.order_by("id").values_list(
            "id", "slug", "name_en", "name_ar", "aliases", "kind", "parent_id"
        )
    )
    key = hash(repr((place_rows, actor_rows)))
    if _CACHE.get("key") != key:
        places = [
            Entry(r[0], r[1], r[2], r[3], tuple(r[4] or ()), r[5], r[6], r[7]) for r in place_rows
        ]
        actors = [Entry(r[0], r[1], r[2], r[3], tuple(r[4] or ()), r[5], r[6]) for r in actor_rows]
        _CACHE.update(key=key, places=build(places), actors=build(actors))
    return _CACHE["places"], _CACHE["actors"]


_CACHE: dict = {}


def from_fixtures() -> tuple[Index, Index]:
    """The demo gazetteer as shipped in fixtures/, for a command run before any data is loaded."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "fixtures"
    if "fixtures" not in _CACHE:
        out = []
        for name, key in (("gazetteer.json", "places"), ("actors.json", "actors")):
            rows = json.loads((root / name).read_text(encoding="utf-8"))[key]
            ids = {r["slug"]: i + 1 for i, r in enumerate(rows)}
            entries = [
                Entry(
                    ids[r["slug"]],
                    r["slug"],
                    r["name_en"],
                    r.get("name_ar", ""),
                    tuple(r.get("aliases") or ()),
                    r.get("kind", "other"),
                    ids.get(r.get("parent")),
                    r.get("location_precision", 1),
                )
                for r in rows
            ]
            out.append(build(entries))
        _CACHE["fixtures"] = tuple(out)
    return _CACHE["fixtures"]


def current() -> tuple[Index, Index]:
    """The database's gazetteer when it holds places, else the shipped one."""
    from django.db import DatabaseError

    try:
        places, actors = from_database()
    except DatabaseError:
        return from_fixtures()
    return (places, actors) if places.entries else from_fixtures()
