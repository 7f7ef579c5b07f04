"""GeoJSON (RFC 7946) and CSV exports of a filtered incident set, streamed in batches so a
million rows never sit in the worker's memory at once.

Rows come through a database cursor (a server-side cursor on PostgreSQL) and each batch is
encoded in one orjson/csv call: the export costs little more than reading the rows (see
bench/api.py)."""

import csv
import io
from itertools import islice

import orjson
from django.db import connections
from django.http import StreamingHttpResponse
from django.urls import reverse

from incidents.models import DatePrecision

from .rows import LIST_VALUES, related_for

BATCH = 2000
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
    sql, params = query.query.get_compiler(using=query.db).as_sql()
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
    "actor2",
    "assoc_actor_2",
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
        targets[0] if targets else "",
        "; ".join(targets[1:]),
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


def _outlets_for(ids) -> dict[int, list[str]]:
    from sources.models import Citation

    found: dict[int, list[str]] = {}
    for pk, name in (
        Citation.objects.filter(incident_id__in=ids)
        .order_by("article__published_on", "id")
        .values_list("incident_id", "article__outlet__name_en")
    ):
        if name and name not in found.setdefault(pk, []):
            found[pk].append(name)
    return found


def csv_chunks(qs, base_url: str, acled: bool):
    header, make = (ACLED_COLUMNS, _acled_row) if acled else (SALVO_COLUMNS, _salvo_row)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8 Arabic correctly
    for batch in _batches(qs, CSV_FIELDS):
        rows = [dict(zip(CSV_FIELDS, r, strict=True)) for r in batch]
        ids = [r["id"] for r in rows]
        related = related_for(ids)
        if acled:
            related["outlets"] = _outlets_for(ids)
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([safe_cell(v) for v in make(r, related, base_url)] for r in rows)
        yield buffer.getvalue()


def parse_columns(params) -> bool:
    from rest_framework.exceptions import ValidationError

    columns = params.get("columns") or "salvo"
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
