"""Incidents that may be the attack being entered: the duplicate finder the editor workspace,
the review page and the article assistant share (it reads only the catalogue core)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import DatePrecision, Incident, Place, Weapon

# "A few days": reports of one attack often disagree by a day or two (a late-night strike is
# dated to either day; "yesterday" is resolved against a publication date in another time zone).
DATE_SLACK_DAYS = 3
# Day, span and week windows are at most 7 days long, so their first day is at most 6 days
# before any day they cover; month and year windows start on the 1st (see models.date_window).
_SHORT_WINDOW_DAYS = 6
CANDIDATE_FIELDS = (
    "id",
    "public_id",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "weapon",
    "weapon_detail",
    "launched",
    "intercepted",
    "place_id",
    "place__name_en",
    "place__name_ar",
    "summary_en",
    "summary_ar",
)


def related_places(place_id: int) -> dict[int, str]:
    """The place, what it lies in, what lies in it, and its neighbours inside the same parent:
    reports name Victory Base, Camp Nasr or "Baghdad airport" for one attack."""
    parents = dict(Place.objects.order_by().values_list("id", "parent_id"))
    relation = {}
    parent = parents.get(place_id)
    if parent is not None:
        relation.update({pid: "sibling" for pid, up in parents.items() if up == parent})
        relation[parent] = "parent"
    inside = {place_id}
    while True:
        more = {pid for pid, up in parents.items() if up in inside} - inside
        if not more:
            break
        inside |= more
    relation.update({pid: "inside" for pid in inside})
    relation[place_id] = "same"
    return relation


def _coarse_starts(lo: dt.date, hi: dt.date) -> tuple[list[dt.date], list[dt.date]]:
    months, day = [], lo.replace(day=1)
    while day <= hi:
        months.append(day)
        if (day.year, day.month) == (dt.MAXYEAR, 12):
            break
        day = (day + dt.timedelta(days=32)).replace(day=1)
    years = [dt.date(y, 1, 1) for y in range(lo.year, hi.year + 1)]
    return months, years


def _gap_days(a_start, a_end, b_start, b_end) -> int:
    """0 when the two windows overlap, else the days between them."""
    return max((b_start - a_end).days, (a_start - b_end).days, 0)


@dataclass
class Candidate:
    row: dict
    score: int
    gap: int
    reasons: list[str] = field(default_factory=list)


def _shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, stopping at the calendar's ends (an old year-0001 row made the
    merge page a 500)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def duplicate_candidates(
    *,
    place_id: int,
    date_start: dt.date,
    date_end: dt.date | None = None,
    weapon: str = "",
    exclude_ids=(),
    limit: int = 10,
) -> list[Candidate]:
    """Incidents that may be the attack being entered, best first.

    Two queries: the gazetteer's (id, parent) pairs, then incidents at related places whose
    date window comes within DATE_SLACK_DAYS of this one, found through the
    (place, date_start) index. Ranking happens here, over the few rows that come back."""
    date_end = date_end or date_start
    relation = related_places(place_id)
    lo = _shift(date_start, -DATE_SLACK_DAYS)
    hi = _shift(date_end, DATE_SLACK_DAYS)
    months, years = _coarse_starts(lo, hi)
    base = Incident.objects.filter(place_id__in=list(relation), date_end__gte=lo).exclude(
        pk__in=list(exclude_ids)
    )
    # Three index range scans joined by UNION: an OR of the three conditions would make the
    # planner (SQLite's at least) scan every incident at the place, not just the window.
    short = base.filter(date_start__gte=_shift(lo, -_SHORT_WINDOW_DAYS), date_start__lte=hi)
    month = base.filter(date_precision=DatePrecision.MONTH, date_start__in=months)
    year = base.filter(date_precision=DatePrecision.YEAR, date_start__in=years)
    rows = (
        short.order_by()
        .values(*CANDIDATE_FIELDS)
        .union(
            month.order_by().values(*CANDIDATE_FIELDS), year.order_by().values(*CANDIDATE_FIELDS)
        )
    )
    place_points = {"same": 4, "inside": 3, "parent": 3, "sibling": 2}
    place_words = {
        "same": _("same place"),
        "inside": _("a place inside it"),
        "parent": _("the place it lies in"),
        "sibling": _("a neighbouring place in the same base"),
    }
    weapons, statuses = dict(Weapon.choices), dict(Incident.Status.choices)
    ranked = []
    for row in rows:
        row["weapon_label"] = weapons.get(row["weapon"], row["weapon"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        kind = relation[row["place_id"]]
        gap = _gap_days(date_start, date_end, row["date_start"], row["date_end"])
        exact = gap == 0 and date_start == date_end and row["date_precision"] == DatePrecision.DAY
        date_points = 4 if exact else 3 if gap == 0 else 2 if gap == 1 else 1
        reasons = [place_words[kind]]
        if exact:
            reasons.append(_("same day"))
        elif gap == 0:
            reasons.append(_("dates overlap"))
        else:
            reasons.append(_("%(n)s days apart") % {"n": gap})
        if not weapon or weapon == row["weapon"]:
            # A different weapon says "another attack" more surely than a day's difference
            # in the reported date does, so the weapon outweighs one day.
            weapon_points = 4
            reasons.append(_("same weapon"))
        elif Weapon.UNKNOWN in (weapon, row["weapon"]):
            weapon_points = 1
            reasons.append(_("weapon unknown in one of them"))
        else:
            weapon_points = 0
            reasons.append(_("different weapon"))
        score = place_points[kind] + date_points + weapon_points
        ranked.append(Candidate(row=row, score=score, gap=gap, reasons=reasons))
    ranked.sort(key=lambda c: (-c.score, c.gap, c.row["date_precision"], c.row["id"]))
    return ranked[:limit]
