"""The three file formats: which columns each needs, and how one row becomes an incident's
fields, its place, its actors and its source. Nothing here touches the database."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from incidents.models import (
    Attribution,
    Damage,
    DatePrecision,
    LocationPrecision,
    Party,
    Weapon,
)
from incidents.models import date_window as canonical_window

from .cells import Cells, weapon_from_words

# Salvo's own CSV export, column for column (api/exports.py SALVO_COLUMNS; a test keeps them equal).
SALVO_COLUMNS = [
    "public_id",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "time_of_day",
    "weapon",
    "weapon_detail",
    "launched",
    "intercepted",
    "impacted",
    "fell_short",
    "killed_low",
    "killed",
    "killed_high",
    "wounded_low",
    "wounded",
    "wounded_high",
    "damage",
    "launch_site",
    "place",
    "place_name_en",
    "place_name_ar",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "location_precision",
    "claimed_by",
    "attributed_to",
    "targeted_forces",
    "source_count",
    "source_grades",
    "summary_en",
    "summary_ar",
    "updated_at",
    "url",
    *(f"{what}_{party}" for party in Party.values for what in ("killed", "wounded")),
]
SALVO_ID = re.compile(r"^SLV-[0-9A-Z]{5,16}$")
COUNTS = (
    "launched",
    "intercepted",
    "impacted",
    "fell_short",
    "killed_low",
    "killed",
    "killed_high",
    "wounded_low",
    "wounded",
    "wounded_high",
)


@dataclass
class PlaceSpec:
    name: str
    country: str
    latitude: float
    longitude: float
    precision: int
    slug: str = ""
    name_ar: str = ""
    admin1: str = ""


@dataclass
class SourceSpec:
    outlets: list[str]
    title: str
    text: str
    quote: str
    language: str = "en"
    published_on: dt.date | None = None


@dataclass
class Parsed:
    row: int
    external_id: str
    fields: dict
    place: PlaceSpec
    claims: list[str] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)
    forces: list[str] = field(default_factory=list)
    attributed_by: str = Attribution.By.MEDIA
    actor_kinds: dict[str, str] = field(default_factory=dict)
    source: SourceSpec | None = None
    folded: str = ""  # the source text folded for search, computed once at the write
    public_id: str = ""  # a Salvo public id the row carries (Salvo files, Salvo's ACLED export)
    sides: list[dict] | None = None  # casualties by side, when the file has them


@dataclass
class Format:
    name: str
    id_column: str
    required: list[str]
    columns: dict[str, str]  # incident field -> the column that fills it, for error reports

    def parse(self, cells: Cells, row: int, options: dict) -> tuple[Parsed | None, str]:
        """(parsed row, "") or (None, why the row is skipped by a filter)."""
        return PARSERS[self.name](cells, row, options)


def _language(text: str) -> str:
    return "ar" if re.search("[\u0600-\u06ff]", text or "") else "en"


# --- Salvo --------------------------------------------------------------------------------


def parse_salvo(c: Cells, row: int, options: dict):
    fields = {
        "date_start": c.date("date_start"),
        "date_end": c.date("date_end", required=False),
        "date_precision": c.integer("date_precision", required=True, maximum=5),
        "weapon": c.text("weapon", required=True),
        "weapon_detail": c.text("weapon_detail"),
        "damage": c.text("damage"),
        "launch_site": c.text("launch_site"),
        "summary_en": c.text("summary_en", lines=True),
        "summary_ar": c.text("summary_ar", lines=True),
        "location_precision": c.integer("location_precision", maximum=5) or 1,
    }
    for name in COUNTS:
        fields[name] = c.integer(name)
    time_text = c.text("time_of_day")
    fields["time_of_day"] = None
    if time_text:
        try:
            fields["time_of_day"] = dt.time.fromisoformat(time_text)
        except ValueError:
            c.error("time_of_day", _("Not a time; use HH:MM."))
    if fields["weapon"] and fields["weapon"] not in Weapon.values:
        c.error("weapon", _("Unknown weapon; use one of %(v)s.") % {"v": ", ".join(Weapon.values)})
    if fields["damage"] and fields["damage"] not in Damage.values:
        c.error("damage", _("Unknown damage; use one of %(v)s.") % {"v": ", ".join(Damage.values)})
    public_id = c.text("public_id", required=True)
    if public_id and not SALVO_ID.match(public_id):
        c.error("public_id", _("Not a Salvo public id (SLV- and letters or digits)."))
    place = PlaceSpec(
        slug=c.text("place"),
        name=c.text("place_name_en", required=True),
        name_ar=c.text("place_name_ar"),
        country=c.country("country"),
        admin1=c.text("admin1"),
        latitude=c.coordinate("latitude", 90),
        longitude=c.coordinate("longitude", 180),
        precision=fields["location_precision"],
    )
    parsed = Parsed(
        row=row,
        external_id=public_id,
        public_id=public_id,
        fields=fields,
        place=place,
        claims=c.names("claimed_by"),
        attributions=c.names("attributed_to"),
        forces=c.names("targeted_forces"),
        # The export names who was blamed but not by whom: recorded as the analyst's reading.
        attributed_by=Attribution.By.ANALYST,
    )
    parsed.fields["_status"] = c.text("status")
    parsed.sides = _salvo_sides(c, fields)
    return parsed, ""


def _salvo_sides(c: Cells, fields: dict) -> list[dict] | None:
    """The killed_<side> / wounded_<side> cells as sides, checked against the totals. A side
    the file gives alone for a figure takes that figure's range from the totals columns
    (the export writes best figures by side, ranges in the totals). None: no side cells."""
    sides = []
    for party in Party.values:
        figures = {what: c.integer(f"{what}_{party}") for what in ("killed", "wounded")}
        if any(v is not None for v in figures.values()):
            sides.append({"party": party, **figures})
    if not sides:
        return None
    for what in ("killed", "wounded"):
        given = [side for side in sides if side[what] is not None]
        total = sum(side[what] for side in given)
        if given and fields[what] is not None and total != fields[what]:
            c.error(
                f"{what}_{given[0]['party']}",
                _("The sides add up to %(n)s; the %(what)s column says %(total)s.")
                % {"n": total, "what": what, "total": fields[what]},
            )
        for side in sides:
            alone = given == [side]
            side[f"{what}_low"] = fields[f"{what}_low"] if alone else None
            side[f"{what}_high"] = fields[f"{what}_high"] if alone else None
    return sides


SALVO = Format(
    "salvo",
    "public_id",
    [
        "public_id",
        "date_start",
        "date_precision",
        "weapon",
        "place",
        "place_name_en",
        "country",
        "latitude",
        "longitude",
    ],
    {
        **{name: name for name in COUNTS},
        **{
            n: n
            for n in (
                "date_start",
                "date_precision",
                "time_of_day",
                "weapon",
                "weapon_detail",
                "damage",
                "launch_site",
                "summary_en",
                "summary_ar",
                "location_precision",
            )
        },
        "date_end": "date_end",
    },
)

# --- ACLED --------------------------------------------------------------------------------

ACLED_TIME = {"1": DatePrecision.DAY, "2": DatePrecision.WEEK, "3": DatePrecision.MONTH}
ACLED_GEO = {
    "1": LocationPrecision.EXACT,
    "2": LocationPrecision.NEAR,
    "3": LocationPrecision.PROVINCE,
}
# ACLED's inter codes (the actor's type) to Salvo's actor kinds, for actors created on import.
ACLED_INTER_KIND = {
    "1": "state_force",
    "2": "armed_group",
    "3": "armed_group",
    "4": "armed_group",
    "5": "unknown",
    "6": "unknown",
    "7": "unknown",
    "8": "coalition",
}
UNIDENTIFIED = re.compile(r"^unidentified armed group", re.I)


def _acled_filters(c: Cells, options: dict) -> str:
    event_types = options.get("event_types") or []
    if event_types and c.raw("event_type").lower() not in event_types:
        return f"event_type {c.raw('event_type')!r} is not one of the types asked for"
    sub_types = options.get("sub_event_types") or []
    if sub_types and c.raw("sub_event_type").lower() not in sub_types:
        return f"sub_event_type {c.raw('sub_event_type')!r} is not one of the types asked for"
    words = options.get("words") or []
    if words:
        notes = c.raw("notes").lower()
        if not any(w in notes for w in words):
            return "notes mention none of the words asked for"
    return ""


def parse_acled(c: Cells, row: int, options: dict):
    skipped = _acled_filters(c, options)
    if skipped:
        return None, skipped
    event_id = c.text("event_id_cnty", required=True, max_length=100)
    precision = ACLED_TIME.get(c.raw("time_precision") or "1")
    if precision is None:
        c.error("time_precision", _("Use 1 (day), 2 (week) or 3 (month)."))
    geo = ACLED_GEO.get(c.raw("geo_precision") or "1")
    if geo is None:
        c.error("geo_precision", _("Use 1 (exact), 2 (near) or 3 (region)."))
    notes = c.text("notes", lines=True)
    sub_event = c.text("sub_event_type")
    weapon = weapon_from_words(notes, c.raw("tags"))
    if not weapon:
        weapon = {
            "air/drone strike": Weapon.DRONE,
            "remote explosive/landmine/ied": Weapon.IED,
        }.get(sub_event.lower(), Weapon.UNKNOWN)
    fatalities = c.integer("fatalities")
    location = c.text("location", required=True, max_length=200)
    fields = {
        "date_start": c.date("event_date"),
        "date_end": None,
        "date_precision": precision or DatePrecision.DAY,
        "weapon": weapon,
        "weapon_detail": c.text("tags", max_length=120),
        # ACLED's 0 is "none reported", which is what Salvo's 0 means too.
        "killed": fatalities,
        "summary_en": notes,
        "location_precision": geo or LocationPrecision.EXACT,
    }
    actor1 = [n for n in [c.text("actor1"), *c.names("assoc_actor_1")] if n]
    kinds = {}
    for name in actor1[:1]:
        kinds[name] = ACLED_INTER_KIND.get(c.raw("inter1"), "armed_group")
    targets = [n for n in [c.text("actor2"), *c.names("assoc_actor_2")] if n]
    for name in targets[:1]:
        kinds[name] = ACLED_INTER_KIND.get(c.raw("inter2"), "state_force")
    outlets = c.names("source")
    source = None
    if outlets or notes:
        source = SourceSpec(
            outlets=outlets,
            title=f"{'; '.join(outlets) or 'ACLED'} (ACLED event {event_id})"[:500],
            text=notes,
            quote=notes[:1000],
            language=_language(notes),
        )
    parsed = Parsed(
        row=row,
        external_id=event_id,
        public_id=event_id if SALVO_ID.match(event_id) else "",
        fields=fields,
        place=PlaceSpec(
            name=location,
            country=c.country("iso", "country"),
            admin1=c.text("admin1", max_length=100),
            latitude=c.coordinate("latitude", 90),
            longitude=c.coordinate("longitude", 180),
            precision=fields["location_precision"],
        ),
        attributions=[n for n in actor1 if not UNIDENTIFIED.match(n)],
        forces=targets,
        attributed_by=Attribution.By.MEDIA,
        actor_kinds=kinds,
        source=source,
    )
    return parsed, ""


ACLED = Format(
    "acled",
    "event_id_cnty",
    ["event_id_cnty", "event_date", "location", "latitude", "longitude", "country"],
    {
        "date_start": "event_date",
        "date_end": "event_date",
        "date_precision": "time_precision",
        "weapon": "sub_event_type",
        "weapon_detail": "tags",
        "killed": "fatalities",
        "summary_en": "notes",
        "location_precision": "geo_precision",
    },
)

# --- UCDP GED -----------------------------------------------------------------------------

UCDP_WHERE = {
    "1": LocationPrecision.EXACT,
    "2": LocationPrecision.NEAR,
    "3": LocationPrecision.DISTRICT,
    "4": LocationPrecision.PROVINCE,
    "5": LocationPrecision.DISTRICT,  # a linear feature (a road, a river) or a stretch of area
    "6": LocationPrecision.COUNTRY,
    "7": LocationPrecision.COUNTRY,  # international waters or airspace
}


def ucdp_window(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date, int] | None:
    """Salvo's precision for UCDP's date_start..date_end: the narrowest one whose window holds
    it, widened to that window (Salvo's windows are whole weeks, months, years)."""
    days = (end - start).days
    if days < 0:
        return None
    if days == 0:
        return start, end, DatePrecision.DAY
    if days <= 5:
        return start, end, DatePrecision.SPAN
    if days == 6:
        return start, end, DatePrecision.WEEK
    if (start.year, start.month) == (end.year, end.month):
        return (*canonical_window(start, DatePrecision.MONTH), DatePrecision.MONTH)
    if start.year == end.year:
        return (*canonical_window(start, DatePrecision.YEAR), DatePrecision.YEAR)
    return None


def parse_ucdp(c: Cells, row: int, options: dict):
    event_id = c.text("id", required=True, max_length=100)
    start, end = c.date("date_start"), c.date("date_end", required=False)
    window = None
    if start:
        window = ucdp_window(start, end or start)
        if window is None:
            c.error("date_end", _("The window is backwards or spans more than a calendar year."))
    where = UCDP_WHERE.get(c.raw("where_prec") or "1")
    if where is None:
        c.error("where_prec", _("Use 1 to 7, as UCDP GED documents."))
    low, best, high = c.integer("low"), c.integer("best"), c.integer("high")
    headline = c.text("source_headline")
    article = c.text("source_article", lines=True)
    name = c.text("where_coordinates", max_length=200) or c.text("adm_1", required=True)
    fields = {
        "date_start": window[0] if window else start,
        "date_end": window[1] if window else end,
        "date_precision": window[2] if window else DatePrecision.DAY,
        "date_note": f"UCDP GED date_prec {c.raw('date_prec') or '?'}: "
        f"{c.raw('date_start')} to {c.raw('date_end') or c.raw('date_start')}",
        "weapon": weapon_from_words(headline, article, c.raw("where_description"))
        or Weapon.UNKNOWN,
        "killed_low": low,
        "killed": best,
        "killed_high": high,
        "casualty_note": "UCDP GED deaths (all sides)",
        "summary_en": headline,
        "location_precision": where or LocationPrecision.EXACT,
        "location_note": c.text("where_description", max_length=300),
    }
    side_a, side_b = c.text("side_a"), c.text("side_b")
    # In UCDP a state is side A; an attack on a state's forces is by side B.
    if side_a.lower().startswith("government of"):
        perpetrators, targets = [side_b], [side_a]
    else:
        perpetrators, targets = [side_a], [side_b]
    outlets = c.names("source_office")
    text = "\n".join(t for t in (headline, article) if t)
    source = None
    if text:
        source = SourceSpec(
            outlets=outlets,
            title=(headline or article or f"UCDP GED event {event_id}")[:500],
            text=text,
            quote=(headline or article)[:1000],
            language=_language(text),
            published_on=c.date("source_date", required=False),
        )
    parsed = Parsed(
        row=row,
        external_id=event_id,
        fields=fields,
        place=PlaceSpec(
            name=name,
            country=c.country("country"),
            admin1=c.text("adm_1", max_length=100),
            latitude=c.coordinate("latitude", 90),
            longitude=c.coordinate("longitude", 180),
            precision=fields["location_precision"],
        ),
        attributions=[p for p in perpetrators if p],
        forces=[t for t in targets if t],
        attributed_by=Attribution.By.ANALYST,
        actor_kinds={t: "state_force" for t in targets if t.lower().startswith("government")},
        source=source,
    )
    return parsed, ""


UCDP = Format(
    "ucdp",
    "id",
    ["id", "date_start", "latitude", "longitude", "country"],
    {
        "date_start": "date_start",
        "date_end": "date_end",
        "date_precision": "date_prec",
        "weapon": "source_headline",
        "killed_low": "low",
        "killed": "best",
        "killed_high": "high",
        "summary_en": "source_headline",
        "location_precision": "where_prec",
        "location_note": "where_description",
    },
)

FORMATS = {f.name: f for f in (SALVO, ACLED, UCDP)}
PARSERS = {"salvo": parse_salvo, "acled": parse_acled, "ucdp": parse_ucdp}
