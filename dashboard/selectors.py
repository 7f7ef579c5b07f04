"""Read queries behind the public pages. Each returns everything its page shows in a fixed
number of SQL queries (pinned in tests/dashboard), whatever the size of the catalogue.

Only published incidents ever leave here; article texts are never loaded."""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Max, Min, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404

from incidents.models import Actor, Attribution, Casualty, Claim, Incident, Place, Weapon
from incidents.rules import EARLIEST_DATE, latest_date
from sources.models import Citation, Snapshot, SourceArticle

# Article text and its search blob are editor-only and can be large: never fetched here.
ARTICLE_PRIVATE = ("text", "search_text")
PUBLISHED = Incident.Status.PUBLISHED
RECENT_LIMIT = 200


def _public_articles(prefix: str = "") -> list[str]:
    return [f"{prefix}{field}" for field in ARTICLE_PRIVATE]


def incident_page(public_id: str) -> Incident:
    citations = Citation.objects.select_related("article__outlet", "article__wire_agency").defer(
        *_public_articles("article__")
    )
    claims = Claim.objects.select_related("actor", "source__outlet").defer(
        *_public_articles("source__")
    )
    attributions = Attribution.objects.select_related("actor", "source__outlet").defer(
        *_public_articles("source__")
    )
    incidents = (
        Incident.objects.published()
        .select_related("place__parent", "launch_place")
        .prefetch_related(
            "targeted_forces",
            Prefetch("casualties", queryset=Casualty.objects.order_by("id")),
            Prefetch("citations", queryset=citations),
            Prefetch("claims", queryset=claims),
            Prefetch("attributions", queryset=attributions),
        )
    )
    return get_object_or_404(incidents, public_id=public_id)


REPORTED_FIELDS = ("date", "launched", "intercepted", "killed", "wounded")


def reported_by_source(incident: Incident) -> dict[str, list[tuple[Citation, object]]]:
    """For each fact a source gave its own figure for, which source said what."""
    reported: dict[str, list] = {field: [] for field in REPORTED_FIELDS}
    for citation in incident.citations.all():
        for field in REPORTED_FIELDS:
            value = getattr(citation, f"reported_{field}")
            if value is not None:
                reported[field].append((citation, value))
    return reported


@dataclass
class TempoBar:
    month: dt.date
    count: int
    x: float
    y: float
    height: float


TEMPO_WIDTH, TEMPO_HEIGHT = 600.0, 120.0


def tempo_bars(rows: list[tuple[dt.date, int]]) -> list[TempoBar]:
    """Attacks per month from the first to the last month, empty months included, laid out
    in a TEMPO_WIDTH x TEMPO_HEIGHT box (the SVG is drawn server-side: no script needed)."""
    # Months outside Salvo's date range are not drawn: one stored year-0001 row made the chart
    # two thousand years of empty months (3 MB of SVG); `check_catalogue` reports such rows.
    lowest, highest = EARLIEST_DATE.replace(day=1), latest_date()
    counts = {month: n for month, n in rows if lowest <= month <= highest}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    months, month = [], first
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    peak = max(counts.values())
    step = TEMPO_WIDTH / len(months)
    bars = []
    for i, month in enumerate(months):
        n = counts.get(month, 0)
        height = TEMPO_HEIGHT * n / peak
        bars.append(
            TempoBar(
                month, n, round(i * step, 2), round(TEMPO_HEIGHT - height, 2), round(height, 2)
            )
        )
    return bars


def place_page(slug: str) -> dict:
    place = get_object_or_404(Place.objects.select_related("parent"), slug=slug)
    children = list(place.children.order_by("name_en"))
    incidents = Incident.objects.published().filter(
        place_id__in=Place.objects.with_descendant_ids([place.pk])
    )
    by_weapon = list(
        incidents.order_by()
        .values("weapon")
        .annotate(n=Count("*"), first=Min("date_start"), last=Max("date_start"))
        .order_by("-n")
    )
    # Days grouped in SQL, folded into months here (as the timeline does): both queries then
    # read only a covering index; COUNT(*) rather than COUNT(id), which it does not hold.
    months: dict[dt.date, int] = {}
    for day, _weapon, n in incidents.for_timeline():
        month = day.replace(day=1)
        months[month] = months.get(month, 0) + n
    labels = dict(Weapon.choices)
    bars = tempo_bars(sorted(months.items()))
    return {
        "place": place,
        "children": children,
        "total": sum(r["n"] for r in by_weapon),
        "first": min((r["first"] for r in by_weapon), default=None),
        "last": max((r["last"] for r in by_weapon), default=None),
        "by_weapon": [dict(r, label=labels.get(r["weapon"], r["weapon"])) for r in by_weapon],
        "tempo": bars,
        "tempo_peak": max((bar.count for bar in bars), default=0),
        "tempo_size": (TEMPO_WIDTH, TEMPO_HEIGHT),
        "tempo_bar_width": round(TEMPO_WIDTH / max(len(bars), 1) * 0.85, 2),
        "incidents": list(incidents.select_related("place")[:RECENT_LIMIT]),
        "recent_limit": RECENT_LIMIT,
    }


def actor_page(slug: str) -> dict:
    actor = get_object_or_404(Actor.objects.select_related("parent"), slug=slug)
    public = {"incident__status": PUBLISHED}
    claims = (
        Claim.objects.filter(actor=actor, **public)
        .select_related("incident__place", "source__outlet")
        .defer(*_public_articles("source__"))
        .order_by("-incident__date_start", "-id")
    )
    attributions = (
        Attribution.objects.filter(actor=actor, **public)
        .select_related("incident__place", "source__outlet")
        .defer(*_public_articles("source__"))
        .order_by("-incident__date_start", "-id")
    )
    return {
        "actor": actor,
        "members": list(actor.members.order_by("name_en")),
        "claims": list(claims[:RECENT_LIMIT]),
        "attributions": list(attributions[:RECENT_LIMIT]),
        "recent_limit": RECENT_LIMIT,
    }


def source_page(pk: int) -> dict:
    article = get_object_or_404(
        SourceArticle.objects.public()
        .select_related("outlet", "wire_agency")
        .defer(*ARTICLE_PRIVATE),
        pk=pk,
    )
    public = {"incident__status": PUBLISHED}
    return {
        "article": article,
        "citations": list(
            article.citations.filter(**public)
            .select_related("incident__place")
            .order_by("incident__date_start", "id")
        ),
        "claims": list(article.claims.filter(**public).select_related("actor", "incident")),
        "attributions": list(
            article.attributions.filter(**public).select_related("actor", "incident")
        ),
        # When the page was archived and its hash: the copy itself stays with the editors.
        "snapshot": Snapshot.objects.filter(article=article)
        .only("fetched_at", "sha256")
        .order_by("-fetched_at", "-id")
        .first(),
    }


def _count_of(model, field: str, **extra) -> Subquery:
    """A correlated COUNT, so several counts per row don't multiply each other as JOINs do."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")}, **extra)
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


PLACES_PER_PAGE = 50
PLACE_SORTS = ("name", "attacks", "last")


@dataclass
class PlacePage:
    """One page of the bases index: its places (each with `n`, `last` and `depth`), and
    what the pager and the sort links need."""

    places: list
    number: int
    pages: int
    total: int
    sort: str
    q: str


def place_index(*, q: str = "", sort: str = "name", page: str | int | None = 1) -> PlacePage:
    """The bases index, a page at a time, whatever the size of the gazetteer.

    By name (the default, without a search), a page holds top-level places, each followed by
    the places inside it. By attacks or by latest attack, or when searching, the list is flat.
    Counts come from one GROUP BY over the published incidents of the page's places only,
    except when sorting by them, when one GROUP BY over all published incidents orders the
    ids (an index-only scan; no per-place correlated count)."""
    sort = sort if sort in PLACE_SORTS else "name"
    places = Place.objects.all()
    if q:
        places = places.matching(q)
    nested = sort == "name" and not q
    if sort == "name":
        listed = places.filter(parent=None) if nested else places
        ids = list(listed.order_by("country", "name_en", "id").values_list("id", flat=True))
        counts = None
    else:
        counts = _place_counts(Incident.objects.filter(status=PUBLISHED))
        ids = list(places.order_by("name_en", "id").values_list("id", flat=True))
        if sort == "attacks":
            ids.sort(key=lambda pk: counts.get(pk, (0, None))[0], reverse=True)
        else:  # places never attacked last
            ids.sort(key=lambda pk: counts.get(pk, (0, None))[1] or dt.date.min, reverse=True)
        # sort() is stable: ties stay in name order.
    # get_page() turns a missing, malformed or out-of-range ?page= into a valid page.
    found = Paginator(ids, PLACES_PER_PAGE).get_page(page)
    chosen = list(found)
    wanted = set(chosen)
    if nested and chosen:
        wanted = Place.objects.with_descendant_ids(chosen)
    rows = {p.pk: p for p in Place.objects.filter(pk__in=wanted).select_related("parent")}
    if counts is None:
        counts = _place_counts(Incident.objects.filter(status=PUBLISHED, place_id__in=wanted))
    for place in rows.values():
        place.n, place.last = counts.get(place.pk, (0, None))
        place.depth = 0
    if nested:
        order = {pk: i for i, pk in enumerate(chosen)}
        inner = sorted(
            (p for p in rows.values() if p.pk not in order),
            key=lambda p: (p.country, p.name_en, p.pk),
        )
        ordered_rows = [rows[pk] for pk in chosen] + inner
        listed_rows = []
        for place, depth in as_tree(ordered_rows, lambda p: p.pk, lambda p: p.parent_id):
            place.depth = depth
            listed_rows.append(place)
    else:
        listed_rows = [rows[pk] for pk in chosen]
    return PlacePage(listed_rows, found.number, found.paginator.num_pages, len(ids), sort, q)


def _place_counts(incidents) -> dict[int, tuple]:
    """{place id: (published incidents, latest date_start)} in one GROUP BY."""
    rows = incidents.order_by().values("place_id").annotate(n=Count("*"), last=Max("date_start"))
    return {row["place_id"]: (row["n"], row["last"]) for row in rows}


def as_tree(rows, get_id, get_parent):
    """(row, depth) for each row, parents first and each followed by the rows inside it.
    Rows keep their incoming order among siblings; tree_order is set on objects for sorting."""
    children: dict = {}
    known = {get_id(row) for row in rows}
    for row in rows:
        parent = get_parent(row)
        children.setdefault(parent if parent in known else None, []).append(row)
    ordered: list = []

    def walk(parent_id, depth):
        for row in children.get(parent_id, []):
            ordered.append((row, depth))
            walk(get_id(row), depth + 1)

    walk(None, 0)
    for i, (row, _depth) in enumerate(ordered):
        if not isinstance(row, dict):
            row.tree_order = i
    return ordered


def actor_index() -> list[Actor]:
    return list(
        Actor.objects.select_related("parent")
        .annotate(
            claim_count=_count_of(Claim, "actor", incident__status=PUBLISHED),
            attribution_count=_count_of(Attribution, "actor", incident__status=PUBLISHED),
        )
        .order_by("kind", "name_en")
    )


def source_index():
    return (
        SourceArticle.objects.public()
        .select_related("outlet", "wire_agency")
        .defer(*ARTICLE_PRIVATE)
        .annotate(incident_count=_count_of(Citation, "article", incident__status=PUBLISHED))
        .order_by("-published_on", "-id")
    )


def dashboard_options(place_slug: str = "") -> dict:
    """Filter choices for the dashboard form, plus the date extent of the published catalogue
    (an index-only MIN/MAX). The gazetteer is never loaded whole: places are typed and looked
    up through the places API, so the page needs only the countries (one DISTINCT query) and
    the place a shared link has chosen, if any (one more query)."""
    countries = list(Place.objects.order_by("country").values_list("country", flat=True).distinct())
    actors = list(Actor.objects.values("slug", "name_en", "name_ar", "kind"))
    extent = Incident.objects.published().aggregate(first=Min("date_start"), last=Max("date_start"))
    selected_place = None
    if place_slug:
        selected_place = (
            Place.objects.filter(slug=place_slug).values("slug", "name_en", "name_ar").first()
        )
    return {
        "selected_place": selected_place,
        "actors": actors,
        "countries": [code for code in countries if code],
        "weapons": Weapon.choices,
        "extent": extent,
    }
