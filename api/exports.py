"""GeoJSON (RFC 7946) and CSV exports of a filtered incident set, streamed in batches so a
million rows never sit in the worker's memory at once.

Rows come through a database cursor (a server-side cursor on PostgreSQL) and each batch is
encoded in one orjson/csv call: the export costs little more than reading the rows (see
bench/api.py)."""

import csv
import datetime as dt
import io
from itertools import islice

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.http import StreamingHttpResponse
from django.urls import reverse

from incidents.models import DatePrecision

from .rows import LIST_VALUES, ids_param, in_ids_sql, related_for

BATCH = 2000
# CSV rows need their claims, forces, sources and grades: fewer, larger batches halve the
# time those lookups take (each batch costs a query plan and a pass over the citations).
CSV_BATCH = 10_000
EXPORT_ORDER = ("-date_start", "-id")


def _batches(qs, fields, size=BATCH):
    rows = qs.order_by(*EXPORT_ORDER).values_list(*fields).iterator(chunk_size=size)
    while batch := list(islice(rows, size)):
        yield batch


def _raw_batches(qs, fields, size=BATCH):
    """Like _batches, but rows as the driver returns them, skipping Django's per-value
    converters (a third of the export's time on SQLite). The driver's types differ in one way
    that matters: SQLite gives naive UTC datetimes, so encode with orjson.OPT_NAIVE_UTC."""
    query = qs.order_by(*EXPORT_ORDER).values_list(*fields)
    try:
        sql, params = query.query.get_compiler(using=query.db).as_sql()
    except EmptyResultSet:  # a filter that resolved to no places: no rows, not a broken file
        return
    connection = connections[query.db]
    # chunked_cursor() is a named (server-side) cursor on PostgreSQL: rows arrive batch by
    # batch instead of all at once into the worker's memory.
    with connection.chunked_cursor() as cursor:
        if connection.vendor == "postgresql":
            _native_timestamps(cursor.cursor)
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield batch


def _native_timestamps(cursor) -> None:
    """Django reads PostgreSQL timestamps with a pure-Python loader (to attach its time zone);
    psycopg's own C loader gives the same aware UTC datetime, since Django keeps the session
    in UTC, several times faster: it was half the export's Python time."""
    import psycopg
    from psycopg import postgres, pq

    oid = postgres.types["timestamptz"].oid
    cursor.adapters.register_loader(oid, psycopg.adapters.get_loader(oid, pq.Format.TEXT))


# --- GeoJSON ------------------------------------------------------------------------------

GEO_FIELDS = (
    "public_id",
    "status",
    "date_start",
    "date_end",
    "date_precision",
    "weapon",
    "weapon_detail",
    "launched",
    "intercepted",
    "impacted",
    "killed",
    "wounded",
    "location_precision",
    "updated_at",
    "place__slug",
    "place__name_en",
    "place__name_ar",
    "place__location_precision",
    "place__longitude",
    "place__latitude",
)


def geojson_chunks(qs, base_url: str):
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for batch in _raw_batches(qs, GEO_FIELDS):
        features = [
            {
                "type": "Feature",
                "id": r[0],
                # RFC 7946: longitude first.
                "geometry": {"type": "Point", "coordinates": [r[18], r[19]]},
                "properties": {
                    "public_id": r[0],
                    "url": f"{base_url}{r[0]}/",
                    "status": r[1],
                    "date_start": r[2],
                    "date_end": r[3],
                    "date_precision": r[4],
                    "weapon": r[5],
                    "weapon_detail": r[6],
                    "launched": r[7],
                    "intercepted": r[8],
                    "impacted": r[9],
                    "killed": r[10],
                    "wounded": r[11],
                    "location_precision": r[12],
                    "updated_at": r[13],
                    "place": r[14],
                    "place_name_en": r[15],
                    "place_name_ar": r[16],
                    "place_precision": r[17],
                    # What a map should draw: the worse of the incident's and place's precision.
                    "precision": r[12] if r[12] > r[17] else r[17],
                },
            }
            for r in batch
        ]
        body = orjson.dumps(features, option=orjson.OPT_NAIVE_UTC)[1:-1]
        yield body if first else b"," + body
        first = False
    yield b"]}"


def geojson_response(qs, request):
    base_url = request.build_absolute_uri(reverse("api:incident-list"))
    response = StreamingHttpResponse(
        geojson_chunks(qs, base_url), content_type="application/geo+json"
    )
    response["Content-Disposition"] = 'inline; filename="salvo-incidents.geojson"'
    return response


# --- CSV ----------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARS = frozenset(FORMULA_START)


def safe_cell(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice).
    Numbers are left alone: -3.5 is a longitude, not a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# The list row's columns (the same incident and place fields), read as tuples in batches.
CSV_FIELDS = LIST_VALUES
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
]
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
# ISO 3166 numeric codes and names as ACLED writes them, for the countries Salvo covers.
COUNTRIES = {
    "IQ": (368, "Iraq"),
    "SY": (760, "Syria"),
    "JO": (400, "Jordan"),
    "IR": (364, "Iran"),
    "LB": (422, "Lebanon"),
    "TR": (792, "Turkey"),
    "SA": (682, "Saudi Arabia"),
    "KW": (414, "Kuwait"),
    "IL": (376, "Israel"),
    "US": (840, "United States"),
}
SUB_EVENT = {
    "drone": "Air/drone strike",
    "ied": "Remote explosive/landmine/IED",
}
ACLED_TIME_PRECISION = {
    DatePrecision.DAY: 1,
    DatePrecision.SPAN: 2,
    DatePrecision.WEEK: 2,
    DatePrecision.MONTH: 3,
    DatePrecision.YEAR: 3,
}


# ACLED's actor type codes (inter1/inter2): 1 state forces, 3 political militias, 8 external or
# other forces (a state's forces outside their own country, an international coalition).
ACLED_INTER = {"state_force": 1, "coalition": 8}
ACLED_MILITIA = 3


def _inter(actor: dict | None, country: str) -> int | str:
    """ACLED's inter code for an actor row (with kind and country from _actor_kinds)."""
    if actor is None:
        return ""
    code = ACLED_INTER.get(actor.get("kind"), ACLED_MILITIA)
    if code == 1 and actor.get("country") and actor["country"] != country:
        return 8  # a state's forces abroad, as ACLED codes foreign militaries
    return code


def _interaction(inter1, inter2) -> int:
    """ACLED's interaction: both inter codes, lower first; a lone actor's code then 0."""
    if inter2 == "":
        return inter1 * 10
    return min(inter1, inter2) * 10 + max(inter1, inter2)


def _actor_kinds(related: dict) -> dict[str, dict]:
    from incidents.models import Actor

    slugs = {
        a["slug"]
        for key in ("claims", "attributions", "forces")
        for v in related[key].values()
        for a in v
    }
    return {
        slug: {"kind": kind, "country": country}
        for slug, kind, country in Actor.objects.filter(slug__in=slugs).values_list(
            "slug", "kind", "country"
        )
    }


def _names(actors, key="name_en") -> list[str]:
    return [a[key] for a in actors]


def _salvo_row(r: dict, related: dict, base_url: str) -> list:
    pk = r["id"]
    return [
        r["public_id"],
        r["status"],
        r["date_start"],
        r["date_end"],
        r["date_precision"],
        r["time_of_day"],
        r["weapon"],
        r["weapon_detail"],
        r["launched"],
        r["intercepted"],
        r["impacted"],
        r["fell_short"],
        r["killed_low"],
        r["killed"],
        r["killed_high"],
        r["wounded_low"],
        r["wounded"],
        r["wounded_high"],
        r["damage"],
        r["launch_site"],
        r["place__slug"],
        r["place__name_en"],
        r["place__name_ar"],
        r["place__country"],
        r["place__admin1"],
        r["place__latitude"],
        r["place__longitude"],
        max(r["location_precision"], r["place__location_precision"]),
        "; ".join(a["slug"] for a in related["claims"].get(pk, [])),
        "; ".join(a["slug"] for a in related["attributions"].get(pk, [])),
        "; ".join(a["slug"] for a in related["forces"].get(pk, [])),
        related["sources"].get(pk, 0),
        "; ".join(related["grades"].get(pk, [])),
        r["summary_en"],
        r["summary_ar"],
        r["updated_at"].isoformat(),
        f"{base_url}{r['public_id']}/",
    ]


def _acled_row(r: dict, related: dict, base_url: str) -> list:
    pk = r["id"]
    iso, country = COUNTRIES.get(r["place__country"], ("", r["place__country"]))
    perpetrators = _names(related["claims"].get(pk, [])) or _names(
        related["attributions"].get(pk, [])
    )
    perpetrators = perpetrators or [f"Unidentified Armed Group ({country})"]
    targets = _names(related["forces"].get(pk, []))
    precision = max(r["location_precision"], r["place__location_precision"])
    kinds = related["kinds"]
    first = (related["claims"].get(pk) or related["attributions"].get(pk) or [None])[0]
    target = (related["forces"].get(pk) or [None])[0]
    inter1 = _inter(first and kinds.get(first["slug"]), r["place__country"]) or ACLED_MILITIA
    inter2 = _inter(target and kinds.get(target["slug"]), r["place__country"])
    return [
        r["public_id"],
        r["date_start"],
        r["date_start"].year,
        ACLED_TIME_PRECISION.get(r["date_precision"], 3),
        "Political violence",
        "Explosions/Remote violence",
        SUB_EVENT.get(r["weapon"], "Shelling/artillery/missile attack"),
        perpetrators[0],
        "; ".join(perpetrators[1:]),
        inter1,
        targets[0] if targets else "",
        "; ".join(targets[1:]),
        inter2,
        _interaction(inter1, inter2),
        "",  # civilian_targeting: Salvo records attacks on bases and forces, not on civilians
        iso,
        "Middle East",
        country,
        r["place__admin1"],
        "",
        "",
        r["place__name_en"],
        r["place__latitude"],
        r["place__longitude"],
        min(precision, 3),
        "; ".join(related["outlets"].get(pk, [])),
        "",
        r["summary_en"],
        r["killed"] or 0,
        r["weapon_detail"],
        int(r["updated_at"].timestamp()),
    ]


def _citation_rows(select: str, order: str, ids) -> list[tuple]:
    """Rows about the citations of incidents `ids`, with each one's article and outlet, in
    one query with the ids as one parameter (an ORM `__in` binds one placeholder per id)."""
    from sources.models import Citation, Outlet, SourceArticle

    sql = (
        f"SELECT {select} FROM {Citation._meta.db_table} c "  # noqa: S608 - names only
        f"JOIN {SourceArticle._meta.db_table} a ON a.id = c.article_id "
        f"LEFT JOIN {Outlet._meta.db_table} o ON o.id = a.outlet_id "
        f"WHERE c.incident_id {in_ids_sql()} ORDER BY {order}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids_param(list(ids))])
        return cursor.fetchall()


def _grades_for(ids) -> dict[int, list[str]]:
    """Each incident's Admiralty grades ("B2"), one per distinct grade, in citation order; an
    ungraded citation takes its outlet's reliability, a wholly ungraded one is left out."""
    from sources.models import admiralty_grade

    found: dict[int, list[str]] = {}
    rows = _citation_rows("c.incident_id, c.reliability, c.credibility, o.reliability", "c.id", ids)
    for pk, letter, number, outlet_letter in rows:
        grade = admiralty_grade(letter, number, outlet_letter or "")
        if grade and grade not in found.setdefault(pk, []):
            found[pk].append(grade)
    return found


def _outlets_for(ids) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for pk, name in _citation_rows("c.incident_id, o.name_en", "a.published_on, c.id", ids):
        if name and name not in found.setdefault(pk, []):
            found[pk].append(name)
    return found


_DATE_START, _DATE_END, _UPDATED_AT = (
    CSV_FIELDS.index("date_start"),
    CSV_FIELDS.index("date_end"),
    CSV_FIELDS.index("updated_at"),
)


def _sqlite_types(row: tuple) -> tuple:
    """SQLite's driver may give dates as text and gives naive datetimes; the row functions
    get what Django would give (PostgreSQL's driver already does): dates, aware UTC times."""
    row = list(row)
    for i in (_DATE_START, _DATE_END):
        if isinstance(row[i], str):
            row[i] = dt.date.fromisoformat(row[i])
    updated = row[_UPDATED_AT]
    if isinstance(updated, str):
        updated = dt.datetime.fromisoformat(updated)
    row[_UPDATED_AT] = updated.replace(tzinfo=dt.UTC)
    return row


def csv_chunks(qs, base_url: str, acled: bool):
    header, make = (ACLED_COLUMNS, _acled_row) if acled else (SALVO_COLUMNS, _salvo_row)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8 Arabic correctly
    # The driver's rows (as the GeoJSON export reads them): Django's per-value converters
    # were most of the CSV's time.
    text_dates = connections[qs.db].vendor == "sqlite"
    for batch in _raw_batches(qs, CSV_FIELDS, size=CSV_BATCH):
        if text_dates:
            batch = [_sqlite_types(r) for r in batch]
        rows = [dict(zip(CSV_FIELDS, r, strict=True)) for r in batch]
        ids = [r["id"] for r in rows]
        related = related_for(ids)
        if acled:
            related["outlets"] = _outlets_for(ids)
            related["kinds"] = _actor_kinds(related)
        else:
            related["grades"] = _grades_for(ids)
        buffer.seek(0)
        buffer.truncate()
        # safe_cell() inlined: a function call per cell was a fifth of the export's time.
        writer.writerows(
            [
                "'" + v if v.__class__ is str and v[:1] in FORMULA_CHARS else v
                for v in make(r, related, base_url)
            ]
            for r in rows
        )
        yield buffer.getvalue()


def parse_columns(params) -> bool:
    from rest_framework.exceptions import ValidationError

    columns = params.get("columns", "salvo")  # given but empty is refused, as the schema says
    if columns not in ("salvo", "acled"):
        raise ValidationError({"columns": ["Use salvo or acled."]})
    return columns == "acled"


def csv_response(qs, request):
    acled = parse_columns(request.query_params)
    base_url = request.build_absolute_uri(reverse("api:incident-list"))
    response = StreamingHttpResponse(
        csv_chunks(qs, base_url, acled), content_type="text/csv; charset=utf-8"
    )
    name = "salvo-incidents-acled.csv" if acled else "salvo-incidents.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_response(qs, request, fmt: str):
    """The GeoJSON or CSV response. A HEAD gets the same headers and no body, without reading
    a row: servers iterate the body even for HEAD, so it must not be built."""
    response = (geojson_response if fmt == "geojson" else csv_response)(qs, request)
    if request.method == "HEAD":
        response.streaming_content = iter(())
    return response
