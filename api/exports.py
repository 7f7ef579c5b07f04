"""GeoJSON (RFC 7946) and CSV exports of a filtered incident set, streamed in batches so a
million rows never sit in the worker's memory at once.

Rows come through a database cursor (a server-side cursor on PostgreSQL) and each batch is
encoded in one orjson/csv call: the export costs little more than reading the rows (see
bench/api.py)."""

import csv
import datetime as dt
import io
from itertools import chain, islice

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.http import StreamingHttpResponse
from django.urls import reverse

from incidents.models import (
    Actor,
    Attribution,
    Casualty,
    Claim,
    DatePrecision,
    Incident,
    Party,
)

from .rows import PLACE_FIELDS, related_for

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
    "killed_low",
    "killed_high",
    "wounded_low",
    "wounded_high",
)


def geojson_chunks(qs, base_url: str, related: bool = False):
    yield b'{"type":"FeatureCollection","features":['
    first = True
    fields = (*GEO_FIELDS, "id") if related else GEO_FIELDS
    for batch in _raw_batches(qs, fields):
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
                    "killed_low": r[20],
                    "killed_high": r[21],
                    "wounded_low": r[22],
                    "wounded_high": r[23],
                },
            }
            for r in batch
        ]
        if related:  # the list's own query, one per batch, the ids bound as one parameter
            found = related_for(r[-1] for r in batch)
            claims, blamed, sources, sides = (
                found[k] for k in ("claims", "attributions", "sources", "casualties")
            )
            for feature, r in zip(features, batch, strict=True):
                feature["properties"]["claimed_by"] = claims.get(r[-1], [])
                feature["properties"]["attributed_to"] = blamed.get(r[-1], [])
                feature["properties"]["source_count"] = sources.get(r[-1], 0)
                feature["properties"]["casualties"] = sides.get(r[-1], [])
        body = orjson.dumps(features, option=orjson.OPT_NAIVE_UTC)[1:-1]
        yield body if first else b"," + body
        first = False
    yield b"]}"


def parse_related(params) -> bool:
    from rest_framework.exceptions import ValidationError

    value = params.get("related", "")
    if value not in ("", "true", "false"):
        raise ValidationError({"related": ["Use true or false."]})
    return value == "true"


def geojson_response(qs, request):
    related = parse_related(request.query_params)
    base_url = request.build_absolute_uri(reverse("api:incident-list"))
    response = StreamingHttpResponse(
        geojson_chunks(qs, base_url, related), content_type="application/geo+json"
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


# Best figures by side, the sides in Party's order (the ranges are in the JSON exports).
SIDE_COLUMNS = [f"{what}_{party}" for party in Party.values for what in ("killed", "wounded")]
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
    *SIDE_COLUMNS,
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


def _inter(kind: str | None, actor_country: str, country: str) -> int | str:
    """ACLED's inter code for an actor of `kind` from `actor_country`; "" for no actor."""
    if kind is None:
        return ""
    code = ACLED_INTER.get(kind, ACLED_MILITIA)
    if code == 1 and actor_country and actor_country != country:
        return 8  # a state's forces abroad, as ACLED codes foreign militaries
    return code


def _interaction(inter1, inter2) -> int:
    """ACLED's interaction: both inter codes, lower first; a lone actor's code then 0."""
    if inter2 == "":
        return inter1 * 10
    return min(inter1, inter2) * 10 + max(inter1, inter2)


def _safe_text(value: str) -> str:
    """safe_cell() for a value known to be text (or None): the CSV calls it per cell."""
    return "'" + value if value and value[0] in FORMULA_CHARS else value


# What each CSV reads per incident, by position; the rows are the driver's tuples.
SALVO_FIELDS = (
    *SALVO_COLUMNS[:20],  # public_id .. launch_site, the incident's own columns in order
    "summary_en",
    "summary_ar",
    "updated_at",
    "location_precision",
    "place_id",
    *(f"place__{f}" for f in PLACE_FIELDS),
    "id",
)
ACLED_FIELDS = (
    "public_id",
    "date_start",
    "date_precision",
    "weapon",
    "weapon_detail",
    "killed",
    "summary_en",
    "updated_at",
    "location_precision",
    "place__country",
    "place__admin1",
    "place__name_en",
    "place__latitude",
    "place__longitude",
    "place__location_precision",
    "id",
)
# Claimants, attributed actors (in the order entered) and targeted forces (by slug) of the
# exported incidents, in the export's order: read alongside the incidents, not per batch.
ACTORS_SQL = """
SELECT i.date_start, i.id, x.what, x.slug, x.name_en, x.kind, x.country FROM {incident} i
JOIN (
    SELECT r.incident_id, 1 AS what, r.id AS position, a.slug, a.name_en, a.kind, a.country
      FROM {claim} r JOIN {actor} a ON a.id = r.actor_id
    UNION ALL
    SELECT r.incident_id, 2, r.id, a.slug, a.name_en, a.kind, a.country
      FROM {attribution} r JOIN {actor} a ON a.id = r.actor_id
    UNION ALL
    SELECT r.incident_id, 3, 0, a.slug, a.name_en, a.kind, a.country
      FROM {forces} r JOIN {actor} a ON a.id = r.actor_id
) x ON x.incident_id = i.id
WHERE i.id IN ({ids}) ORDER BY i.date_start DESC, i.id DESC, x.what, x.position, x.slug
"""
# Each citation with its article and outlet: the Salvo CSV counts the articles and lists the
# grades in citation order, the ACLED CSV names the outlets in the order they published.
CITATIONS_SQL = """
SELECT i.date_start, i.id, {select} FROM {incident} i
JOIN {citation} c ON c.incident_id = i.id
JOIN {article} a ON a.id = c.article_id
LEFT JOIN {outlet} o ON o.id = a.outlet_id
WHERE i.id IN ({ids}) ORDER BY i.date_start DESC, i.id DESC, {order}
"""
# Each incident's sides, for the Salvo CSV's killed_<side> / wounded_<side> columns.
SIDES_SQL = """
SELECT i.date_start, i.id, s.party, s.killed, s.wounded FROM {incident} i
JOIN {casualty} s ON s.incident_id = i.id
WHERE i.id IN ({ids}) ORDER BY i.date_start DESC, i.id DESC
"""
SALVO_CITATIONS = ("c.article_id, c.reliability, c.credibility, o.reliability", "c.id")
ACLED_CITATIONS = ("o.name_en", "a.published_on, c.id")


def _related_sql(template: str, ids_sql: str, **parts) -> str:
    from sources.models import Citation, Outlet, SourceArticle

    return template.format(  # table names and the exported ids' subquery only
        incident=Incident._meta.db_table,
        claim=Claim._meta.db_table,
        attribution=Attribution._meta.db_table,
        forces=Incident.targeted_forces.through._meta.db_table,
        actor=Actor._meta.db_table,
        citation=Citation._meta.db_table,
        article=SourceArticle._meta.db_table,
        outlet=Outlet._meta.db_table,
        casualty=Casualty._meta.db_table,
        ids=ids_sql,
        **parts,
    )


def _cursor_rows(db: str, sql: str, params):
    """Every row of `sql`, read in batches from a cursor of its own (server-side on
    PostgreSQL), so that several can be read side by side."""
    connection = connections[db]
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CSV_BATCH):
            yield from batch


class _Alongside:
    """A related query's rows, each starting with its incident's date_start and id and sorted
    as the export is: handed out with each batch of incidents, so every related table is read
    once, whatever the number of batches. Rows of an incident that is not in the export (one
    edited between the two reads) are passed over, never given to another incident."""

    def __init__(self, rows):
        self._rows = rows
        self._next = next(rows, None)

    def until(self, last: tuple) -> list[tuple]:
        """The rows of the incidents up to `last` (date_start, id), in the export's order."""
        taken = []
        row, rows = self._next, self._rows
        while row is not None and (row[0], row[1]) >= last:  # the export is newest first
            taken.append(row)
            row = next(rows, None)
        self._next = row
        return taken


def _joined(found: dict[int, list]) -> dict[int, str]:
    return {pk: _safe_text("; ".join(values)) for pk, values in found.items()}


def _salvo_related(actor_rows, citation_rows) -> tuple[dict, ...]:
    """claimed_by, attributed_to, targeted_forces, source_count and source_grades cells."""
    from sources.models import admiralty_grade

    slugs = ({}, {}, {})  # claims, attributions, forces: incident id -> slugs
    for _, pk, what, slug, *_rest in actor_rows:
        found = slugs[what - 1].setdefault(pk, [])
        if slug not in found:  # one actor claiming twice is listed once
            found.append(slug)
    articles: dict[int, set] = {}
    grades: dict[int, list[str]] = {}
    known: dict[tuple, str] = {}  # a few dozen grades recur on every citation
    for row in citation_rows:  # date_start, incident, article, the grade's three parts
        pk = row[1]
        articles.setdefault(pk, set()).add(row[2])
        # An ungraded citation takes its outlet's reliability; a wholly ungraded one is left out.
        grade = known.get(key := row[3:])
        if grade is None:
            letter, number, outlet_letter = key
            grade = known[key] = admiralty_grade(letter, number, outlet_letter or "")
        if grade and grade not in (found := grades.setdefault(pk, [])):
            found.append(grade)
    sources = {pk: len(found) for pk, found in articles.items()}
    return (*(_joined(found) for found in slugs), sources, _joined(grades))


_NO_SIDES = (None,) * 2 * len(Party.values)
_SIDE_AT = {party: 2 * n for n, party in enumerate(Party.values)}


def _side_cells(side_rows) -> dict[int, tuple]:
    """Each incident's killed/wounded best figure of every side, in SALVO_COLUMNS' order."""
    cells: dict[int, list] = {}
    for _, pk, party, killed, wounded in side_rows:
        row = cells.setdefault(pk, list(_NO_SIDES))
        row[_SIDE_AT[party]], row[_SIDE_AT[party] + 1] = killed, wounded
    return {pk: tuple(row) for pk, row in cells.items()}


def _salvo_rows(batch, related, places, base_url, iso, sides):
    claims, attributions, forces, sources, grades = related
    for r in batch:
        pk = r[-1]
        place = places.get(r[24])
        if place is None:  # the same few places recur: their cells are made once
            place = places[r[24]] = (*map(_safe_text, r[25:30]), r[30], r[31])
        yield (
            _safe_text(r[0]),
            *r[1:6],
            _safe_text(r[6]),
            _safe_text(r[7]),
            *r[8:18],
            _safe_text(r[18]),
            _safe_text(r[19]),
            *place,
            r[23] if r[23] > r[32] else r[32],
            claims.get(pk, ""),
            attributions.get(pk, ""),
            forces.get(pk, ""),
            sources.get(pk, 0),
            grades.get(pk, ""),
            _safe_text(r[20]),
            _safe_text(r[21]),
            iso(r[22]),
            f"{base_url}{r[0]}/",
            *sides.get(pk, _NO_SIDES),
        )


def _acled_related(actor_rows, citation_rows) -> tuple[dict, ...]:
    """Each incident's claimants, attributed actors and targeted forces as (name, kind,
    country), and its outlets' names."""
    actors = ({}, {}, {})
    for _, pk, what, slug, name, kind, country in actor_rows:
        found = actors[what - 1].setdefault(pk, {})
        found.setdefault(slug, (name, kind, country))
    outlets: dict[int, list[str]] = {}
    for _, pk, name in citation_rows:
        if name and name not in (found := outlets.setdefault(pk, [])):
            found.append(name)
    claims, attributions, forces = ({pk: list(a.values()) for pk, a in x.items()} for x in actors)
    return claims, attributions, forces, _joined(outlets)


def _acled_rows(batch, related, timestamp):
    claims, attributions, forces, outlets = related
    for r in batch:
        pk = r[-1]
        place_country = r[9]
        iso, country = COUNTRIES.get(place_country, ("", place_country))
        perpetrators = claims.get(pk) or attributions.get(pk)
        targets = forces.get(pk, ())
        if perpetrators:
            first = perpetrators[0]
            inter1 = _inter(first[1], first[2], place_country) or ACLED_MILITIA
            names = [a[0] for a in perpetrators]
        else:
            inter1, names = ACLED_MILITIA, [f"Unidentified Armed Group ({country})"]
        inter2 = _inter(targets[0][1], targets[0][2], place_country) if targets else ""
        precision = r[8] if r[8] > r[14] else r[14]
        yield (
            _safe_text(r[0]),
            r[1],
            r[1].year,
            ACLED_TIME_PRECISION.get(r[2], 3),
            "Political violence",
            "Explosions/Remote violence",
            SUB_EVENT.get(r[3], "Shelling/artillery/missile attack"),
            _safe_text(names[0]),
            _safe_text("; ".join(names[1:])),
            inter1,
            _safe_text(targets[0][0]) if targets else "",
            _safe_text("; ".join(a[0] for a in targets[1:])),
            inter2,
            _interaction(inter1, inter2),
            "",  # civilian_targeting: Salvo records attacks on bases and forces, not on civilians
            iso,
            "Middle East",
            _safe_text(country),
            _safe_text(r[10]),
            "",
            "",
            _safe_text(r[11]),
            r[12],
            r[13],
            min(precision, 3),
            outlets.get(pk, ""),
            "",
            _safe_text(r[6]),
            r[5] or 0,
            _safe_text(r[4]),
            timestamp(r[7]),
        )


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite's driver gives naive datetimes, which Django stores in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def csv_chunks(qs, base_url: str, acled: bool):
    """The CSV of `qs`, one string per batch. The incidents come through one cursor and their
    actors and citations through two more, read in step with it (see _Alongside): three
    queries in all, each table read once."""
    header = ACLED_COLUMNS if acled else SALVO_COLUMNS
    if connections[qs.db].vendor == "postgresql":  # the database writes the CSV itself
        from .csv_copy import copy_chunks

        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(header)  # COPY ends lines with \n
        yield "\ufeff" + buffer.getvalue()
        yield from copy_chunks(qs, base_url, acled)
        return
    yield from python_csv_chunks(qs, base_url, acled)


def python_csv_chunks(qs, base_url: str, acled: bool):
    """csv_chunks() written in Python, for SQLite (and, in the tests, to check the COPY)."""
    header = ACLED_COLUMNS if acled else SALVO_COLUMNS
    fields, citations = (
        (ACLED_FIELDS, ACLED_CITATIONS) if acled else (SALVO_FIELDS, SALVO_CITATIONS)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8 Arabic correctly
    batches = _raw_batches(qs, fields, size=CSV_BATCH)
    first = next(batches, None)
    if first is None:
        return
    ids_sql, params = qs.order_by().values("id").query.get_compiler(using=qs.db).as_sql()
    actor_rows = _Alongside(_cursor_rows(qs.db, _related_sql(ACTORS_SQL, ids_sql), params))
    select, order = citations
    sql = _related_sql(CITATIONS_SQL, ids_sql, select=select, order=order)
    citation_rows = _Alongside(_cursor_rows(qs.db, sql, params))
    if not acled:
        side_rows = _Alongside(_cursor_rows(qs.db, _related_sql(SIDES_SQL, ids_sql), params))
    places: dict[int, tuple] = {}
    for batch in chain([first], batches):
        last = batch[-1]
        last = (last[fields.index("date_start")], last[-1])
        related = (_acled_related if acled else _salvo_related)(
            actor_rows.until(last), citation_rows.until(last)
        )
        buffer.seek(0)
        buffer.truncate()
        if acled:
            writer.writerows(_acled_rows(batch, related, lambda u: int(_utc(u).timestamp())))
        else:
            sides = _side_cells(side_rows.until(last))
            writer.writerows(
                _salvo_rows(batch, related, places, base_url, lambda u: _utc(u).isoformat(), sides)
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
