"""Named queries. Pages, the API and the admin call these rather than building filters inline."""

import datetime as dt
import math

from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from .text import normalize_search

# Period of a day, per timeline bucket. Days are grouped in SQL and folded into weeks or months
# here: a GROUP BY on the raw column streams from a covering index, whereas truncating in SQL
# sorts a million computed keys (and on SQLite calls a Python function per row).
TIMELINE_BUCKETS = {
    "day": lambda day: day,
    "week": lambda day: day - dt.timedelta(days=day.weekday()),  # ISO weeks start on Monday
    "month": lambda day: day.replace(day=1),
}


class SearchableQuerySet(models.QuerySet):
    def matching(self, query: str):
        """Rows whose names, aliases or text contain every word of `query`, in either script."""
        qs = self
        for word in normalize_search(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs


def _closure(pairs, roots) -> set[int]:
    """`roots` and everything below them in a (child id, parent id) tree, at any depth."""
    wanted = set(roots)
    changed = True
    while changed:
        before = len(wanted)
        wanted |= {child for child, parent in pairs if parent in wanted}
        changed = len(wanted) != before
    return wanted


class PlaceQuerySet(SearchableQuerySet):
    def with_descendant_ids(self, place_ids) -> set[int]:
        """`place_ids` and every place inside them, at any depth (the gazetteer is small)."""
        inside = self.model.objects.exclude(parent=None).order_by().values_list("id", "parent_id")
        return _closure(inside, place_ids)

    def ids_near(self, lat: float, lon: float, km: float) -> list[int]:
        """Places within `km` of a point (great-circle). Done in Python in one query: the
        gazetteer is thousands of rows at most, and SQLite has no trigonometry by default."""
        return [
            pk
            for pk, plat, plon in self.order_by().values_list("id", "latitude", "longitude")
            if haversine_km(lat, lon, plat, plon) <= km
        ]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class ActorQuerySet(SearchableQuerySet):
    def with_member_ids(self, actor_ids) -> set[int]:
        """`actor_ids` and every group under them: asking for an umbrella finds the claims its
        front groups made."""
        return _closure(self.model.objects.values_list("id", "parent_id"), actor_ids)


WITHDRAWN_REASON = {
    "retracted": "retracted",
    "draft": "unpublished",
    "merged": "merged",
    "deleted": "deleted",
}


class IncidentQuerySet(SearchableQuerySet):
    def published(self):
        return self.filter(status="published")

    def visible_to(self, user):
        """Drafts and retractions are for editors; everyone else sees what is published."""
        from .roles import is_editor

        if is_editor(user):
            return self
        return self.published()

    def at_place(self, place):
        """Incidents at `place` or at any place inside it (Victory Base counts for the airport)."""
        from .models import Place

        return self.filter(place_id__in=Place.objects.with_descendant_ids([place.pk]))

    def overlapping(self, date_from=None, date_to=None):
        """Incidents whose date window [date_start, date_end] overlaps [date_from, date_to].
        A month-precision attack in January matches a query for 10-12 January: it may have
        happened then, and hiding it would under-count."""
        qs = self
        if date_from is not None:
            qs = qs.filter(date_end__gte=date_from)
        if date_to is not None:
            qs = qs.filter(date_start__lte=date_to)
        return qs

    def in_bbox(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float):
        """Incidents at places inside the box. The box is resolved to place ids first (one
        query on the small gazetteer), so the incident indexes are searched by place rather
        than every incident joined to its place; a box holding every place (the dashboard's
        opening view) filters nothing and costs the aggregates nothing."""
        from .models import Place

        # Unordered: the gazetteer's default order (by name) would sort every place for nothing.
        places = list(Place.objects.order_by().values_list("id", "longitude", "latitude"))
        inside = [
            pk for pk, lon, lat in places if min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
        ]
        if len(inside) == len(places):
            return self
        return self.filter(place_id__in=inside)

    def in_country(self, code: str):
        """Incidents at places in country `code` (ISO alpha-2). Resolved to place ids first,
        like in_bbox, so the incident indexes are searched by place instead of joined."""
        from .models import Place

        return self.filter(
            place_id__in=list(
                Place.objects.filter(country=code).order_by().values_list("id", flat=True)
            )
        )

    def near(self, lat: float, lon: float, km: float):
        from .models import Place

        return self.filter(place_id__in=Place.objects.ids_near(lat, lon, km))

    def claimed_by(self, actor_ids):
        from .models import Claim

        return self.filter(
            Exists(Claim.objects.filter(incident=OuterRef("pk"), actor_id__in=actor_ids))
        )

    def attributed_to(self, actor_ids):
        from .models import Attribution

        return self.filter(
            Exists(Attribution.objects.filter(incident=OuterRef("pk"), actor_id__in=actor_ids))
        )

    def involving(self, actor_ids):
        """Claimed by or attributed to any of `actor_ids`."""
        from .models import Attribution, Claim

        return self.filter(
            Exists(Claim.objects.filter(incident=OuterRef("pk"), actor_id__in=actor_ids))
            | Exists(Attribution.objects.filter(incident=OuterRef("pk"), actor_id__in=actor_ids))
        )

    def claimed(self, yes: bool = True):
        from .models import Claim

        exists = Exists(Claim.objects.filter(incident=OuterRef("pk")))
        return self.filter(exists if yes else ~exists)

    def with_casualties(self, yes: bool = True):
        """Someone was reported killed or wounded. `False` keeps both "none reported" and
        "unknown": it is the complement, not a claim that nobody was hurt."""
        hurt = Q(killed__gt=0) | Q(wounded__gt=0) | Q(killed_high__gt=0) | Q(wounded_high__gt=0)
        return self.filter(hurt) if yes else self.exclude(hurt)

    def hurt_on(self, sides):
        """Someone on one of `sides` (party values) was reported killed or wounded."""
        from .models import Casualty

        hurt = Q(killed__gt=0) | Q(wounded__gt=0) | Q(killed_high__gt=0) | Q(wounded_high__gt=0)
        rows = Casualty.objects.filter(hurt, party__in=sides, incident=OuterRef("pk"))
        return self.filter(Exists(rows))

    def at_least(self, what: str, n: int, sides=None):
        """At least `n` killed (or wounded: `what`), on `sides` together when given, else in
        all. The best figure counts, or the low estimate where no best is given."""
        from .models import Casualty

        figure = Coalesce(what, f"{what}_low")
        if not sides:
            return self.alias(_figure=figure).filter(_figure__gte=n)
        summed = (
            Casualty.objects.filter(party__in=sides)
            .values("incident_id")
            .annotate(_sum=Sum(figure))
            .filter(_sum__gte=n)
            .values("incident_id")
        )
        return self.filter(pk__in=summed)

    def intercepted_any(self, yes: bool = True):
        """At least one projectile was reported intercepted (False: none reported, or unknown)."""
        return self.filter(intercepted__gt=0) if yes else self.exclude(intercepted__gt=0)

    def for_timeline(self):
        """(day, weapon, n) tuples in one aggregate query, unordered; an incident counts on its
        first possible day. At most days x weapons rows (a few tens of thousands over years)
        however many incidents: callers fold days into weeks or months (TIMELINE_BUCKETS).
        Count("*"), not Count("id"): the covering indexes do not hold the id on PostgreSQL."""
        return self.order_by().values_list("date_start", "weapon").annotate(n=Count("*"))

    def for_map(self, *, last: bool = False):
        """(place_id, weapon, location_precision) groups with their count `n` (and the latest
        `date_start` as `last` when asked), in one query on the incident table alone: at most
        places x weapons x 5 rows however many incidents. The places themselves are a second,
        tiny query (grouping by ten joined place columns made every row pay for the join)."""
        rows = self.order_by().values("place_id", "weapon", "location_precision")
        if last:
            return rows.annotate(n=Count("*"), last=Max("date_start"))
        return rows.annotate(n=Count("*"))

    def withdrawn_since(self, since) -> list[dict]:
        """Incidents that were public and stopped being so at or after `since`: retracted,
        sent back to draft ("unpublished"), deleted, or merged into another incident (with
        `replaced_by`). Sync clients delete these. Read from the StatusChange rows that every
        status change writes, whatever the door; one query. Only changes *from* published are
        listed, so a draft that never went public is not disclosed, and an incident public
        again now is left out (the list's `updated_since` reports it)."""
        from .models import StatusChange

        changes = (
            StatusChange.objects.filter(changed_at__gte=since, from_status="published")
            .exclude(to_status="published")
            .order_by("changed_at", "id")
            .values(
                "public_id",
                "to_status",
                "changed_at",
                "public_note",
                "replaced_by",
                "incident__status",
            )
        )
        latest = {}
        for row in changes:
            latest[row["public_id"]] = row
        return [
            {
                "public_id": row["public_id"],
                "reason": WITHDRAWN_REASON[row["to_status"]],
                "withdrawn_at": row["changed_at"],
                # The public retraction reason only; a reviewer's send-back note is internal.
                "note": row["public_note"] if row["to_status"] == "retracted" else "",
                "replaced_by": row["replaced_by"] or None,
            }
            for row in sorted(latest.values(), key=lambda r: (r["changed_at"], r["public_id"]))
            if row["incident__status"] != "published"
        ]
