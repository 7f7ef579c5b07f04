"""The CSV exports written by PostgreSQL itself (`COPY (SELECT ...) TO STDOUT`), for speed.

The Python writer in api/exports.py reads every cell into Python objects and formats it again;
at 100,000 rows that cost three to four times the GeoJSON export. Here the database builds each
cell (the joined actors, the grades, ACLED's codes) and formats the file, and the worker only
passes the bytes on. The cells are the Python writer's, cell for cell:
tests/api/test_csv_copy.py compares the two on the same rows. SQLite keeps the Python writer.

Only table names and SQL written here go into the statements; every value is a parameter."""

from django.db import connections

from incidents.models import Actor, Attribution, Casualty, Claim, Incident, Party, Place

from . import exports

# Text a spreadsheet would run as a formula gets a leading apostrophe (api.exports.safe_cell).
_FORMULA = (
    "CASE WHEN left({0}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || {0} ELSE {0} END"
)


def _safe(expression: str) -> str:
    return _FORMULA.format(expression)


def _float(expression: str) -> str:
    """A float as Python writes it: PostgreSQL gives 33 where Python gives 33.0."""
    return (
        f"CASE WHEN {expression} = trunc({expression}) AND abs({expression}) < 1e15 "
        f"THEN trunc({expression})::bigint::text || '.0' ELSE {expression}::text END"
    )


def _iso(expression: str) -> str:
    """A timestamp as Python's isoformat() writes it in UTC (microseconds only when not 0)."""
    utc = f"({expression} AT TIME ZONE 'UTC')"
    return (
        f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        f"CASE WHEN mod(extract(microseconds FROM {utc})::int, 1000000) = 0 THEN '' "
        f"ELSE to_char({utc}, '.US') END || '+00:00'"
    )


def _tables() -> dict[str, str]:
    from sources.models import Citation, Outlet, SourceArticle

    return {
        "incident": Incident._meta.db_table,
        "place": Place._meta.db_table,
        "claim": Claim._meta.db_table,
        "attribution": Attribution._meta.db_table,
        "forces": Incident.targeted_forces.through._meta.db_table,
        "actor": Actor._meta.db_table,
        "citation": Citation._meta.db_table,
        "article": SourceArticle._meta.db_table,
        "outlet": Outlet._meta.db_table,
        "casualty": Casualty._meta.db_table,
    }


# Each exported incident's claimants (cl), attributed actors (at) and targeted forces (tf), once
# each, in the order first entered (claims, attributions) or by slug (forces), as arrays of
# slugs, names, kinds and countries: one pass over the three tables.
_ACTOR_ROWS = """
    SELECT r.incident_id, 'cl' AS what, r.actor_id, min(r.id) AS first
      FROM {claim} r WHERE r.incident_id IN ({ids}) GROUP BY r.incident_id, r.actor_id
    UNION ALL
    SELECT r.incident_id, 'at', r.actor_id, min(r.id)
      FROM {attribution} r WHERE r.incident_id IN ({ids}) GROUP BY r.incident_id, r.actor_id
    UNION ALL
    SELECT r.incident_id, 'tf', r.actor_id, 0
      FROM {forces} r WHERE r.incident_id IN ({ids})"""


def _actors(columns: tuple[str, ...], aggregate: str = "array_agg({0} ORDER BY {1})") -> str:
    arrays = ",\n".join(
        aggregate.format(f"a.{column}", "x.first, a.slug")
        + f" FILTER (WHERE x.what = '{what}') AS {what}_{column}"
        for what in ("cl", "at", "tf")
        for column in columns
    )
    return f"""
LEFT JOIN (
    SELECT x.incident_id, {arrays}
      FROM ({_ACTOR_ROWS}) x JOIN {{actor}} a ON a.id = x.actor_id
     GROUP BY x.incident_id
) ac ON ac.incident_id = i.id"""  # noqa: S608 (our SQL; values are parameters)


# The grade of a citation as the Python writer gives it (sources.models.admiralty_grade): its
# own reliability, else its outlet's; "?" for an ungraded half; none when neither is graded.
_LETTER = "COALESCE(NULLIF(c.reliability, ''), NULLIF(o.reliability, ''), '')"
_GRADE = (
    f"CASE WHEN {_LETTER} = '' AND COALESCE(c.credibility, 0) = 0 THEN NULL "
    f"ELSE COALESCE(NULLIF({_LETTER}, ''), '?') || COALESCE(NULLIF(c.credibility, 0)::text, '?') "
    "END"
)
# How many articles each incident cites, and its grades once each in citation order.
_SOURCES = """
LEFT JOIN (
    SELECT incident_id, count(DISTINCT article_id) AS articles,
           string_agg(grade, '; ' ORDER BY id) FILTER (WHERE nth = 1 AND grade IS NOT NULL)
           AS grades
      FROM (SELECT c.incident_id, c.article_id, c.id, g.grade,
                   row_number() OVER (PARTITION BY c.incident_id, g.grade ORDER BY c.id) AS nth
              FROM {citation} c
              JOIN {article} a ON a.id = c.article_id
              LEFT JOIN {outlet} o ON o.id = a.outlet_id
             CROSS JOIN LATERAL (SELECT __GRADE__ AS grade) g
             WHERE c.incident_id IN ({ids})) x
     GROUP BY incident_id
) ci ON ci.incident_id = i.id""".replace("__GRADE__", _GRADE)
# The outlets that reported each incident, once each, in the order they published.
_OUTLETS = """
LEFT JOIN (
    SELECT incident_id, string_agg(name_en, '; ' ORDER BY published_on, id) AS names
      FROM (SELECT c.incident_id, o.name_en, a.published_on, c.id,
                   row_number() OVER (PARTITION BY c.incident_id, o.name_en
                                      ORDER BY a.published_on, c.id) AS nth
              FROM {citation} c
              JOIN {article} a ON a.id = c.article_id
              JOIN {outlet} o ON o.id = a.outlet_id
             WHERE c.incident_id IN ({ids}) AND o.name_en <> '') x
     WHERE nth = 1
     GROUP BY incident_id
) so ON so.incident_id = i.id"""


def _joined(array: str) -> str:
    return _safe(f"array_to_string({array}, '; ')")


_PLACE_PRECISION = "greatest(i.location_precision, p.location_precision)"

_SALVO_SELECT = ", ".join(
    [
        _safe("i.public_id"),
        "i.status",
        "to_char(i.date_start, 'YYYY-MM-DD')",
        "to_char(i.date_end, 'YYYY-MM-DD')",
        "i.date_precision",
        "i.time_of_day",
        _safe("i.weapon"),
        _safe("i.weapon_detail"),
        *(
            f"i.{f}"
            for f in exports.SALVO_COLUMNS[8:18]  # launched .. wounded_high
        ),
        _safe("i.damage"),
        _safe("i.launch_site"),
        *(_safe(f"p.{f}") for f in ("slug", "name_en", "name_ar", "country", "admin1")),
        _float("p.latitude"),
        _float("p.longitude"),
        _PLACE_PRECISION,
        _safe("ac.cl_slug"),
        _safe("ac.at_slug"),
        _safe("ac.tf_slug"),
        "COALESCE(ci.articles, 0)",
        _safe("ci.grades"),
        _safe("i.summary_en"),
        _safe("i.summary_ar"),
        _iso("i.updated_at"),
        "%s || i.public_id || '/'",
        *(f"cs.{column}" for column in exports.SIDE_COLUMNS),
    ]
)
# Each side's best figures as columns of one row per incident (a side is recorded once).
_SIDE_COLUMNS = ", ".join(
    f"max({what}) FILTER (WHERE party = '{party}') AS {what}_{party}"
    for party in Party.values
    for what in ("killed", "wounded")
)
_SIDES = f"""
LEFT JOIN (
    SELECT incident_id, {_SIDE_COLUMNS}
      FROM {{casualty}} WHERE incident_id IN ({{ids}})
     GROUP BY incident_id
) cs ON cs.incident_id = i.id"""  # noqa: S608 (our SQL; values are parameters)
_SALVO_JOINS = _actors(("slug",), "string_agg({0}, '; ' ORDER BY {1})") + _SOURCES + _SIDES


def _inter(kind: str, country: str) -> str:
    """ACLED's inter code (api.exports._inter) of an actor of `kind` from `country`."""
    codes = " ".join(f"WHEN '{k}' THEN {code}" for k, code in exports.ACLED_INTER.items())
    return (
        f"CASE WHEN {kind} IS NULL THEN NULL "
        f"WHEN {kind} = 'state_force' AND COALESCE({country}, '') <> '' "
        f"AND {country} <> p.country THEN 8 "
        f"ELSE CASE {kind} {codes} ELSE {exports.ACLED_MILITIA} END END"
    )


def _case(expression: str, mapping: dict, default: str) -> str:
    whens = " ".join(f"WHEN {_text(k)} THEN {v}" for k, v in mapping.items())
    return f"CASE {expression} {whens} ELSE {default} END"


def _text(value) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


# ACLED's columns in two steps: the inner query gathers each incident's values, the outer one
# derives the codes that depend on several of them (interaction from both inter codes).
_ACLED_INNER = ", ".join(
    [
        "i.id",
        "i.public_id",
        "i.date_start",
        "i.date_precision",
        "i.weapon",
        "i.weapon_detail",
        "i.killed",
        "i.summary_en",
        "i.updated_at",
        f"least({_PLACE_PRECISION}, 3) AS geo_precision",
        "p.country AS place_country",
        "p.admin1",
        "p.name_en AS location",
        "p.latitude",
        "p.longitude",
        "COALESCE(ac.cl_name_en, ac.at_name_en) AS perpetrators",
        _inter(
            "(COALESCE(ac.cl_kind, ac.at_kind))[1]", "(COALESCE(ac.cl_country, ac.at_country))[1]"
        )
        + " AS inter1",
        "ac.tf_name_en AS targets",
        _inter("ac.tf_kind[1]", "ac.tf_country[1]") + " AS inter2",
        "so.names AS outlets",
    ]
)
_COUNTRY_NAME = _case(
    "place_country", {k: _text(name) for k, (_, name) in exports.COUNTRIES.items()}, "place_country"
)
_ACLED_SELECT = ", ".join(
    [
        _safe("public_id"),
        "to_char(date_start, 'YYYY-MM-DD')",
        "extract(year FROM date_start)::int",
        _case("date_precision", {int(k): v for k, v in exports.ACLED_TIME_PRECISION.items()}, "3"),
        "'Political violence'",
        "'Explosions/Remote violence'",
        _case(
            "weapon",
            {k: _text(v) for k, v in exports.SUB_EVENT.items()},
            _text("Shelling/artillery/missile attack"),
        ),
        _safe(f"COALESCE(perpetrators[1], 'Unidentified Armed Group (' || {_COUNTRY_NAME} || ')')"),
        _joined("perpetrators[2:]"),
        f"COALESCE(inter1, {exports.ACLED_MILITIA})",
        _safe("targets[1]"),
        _joined("targets[2:]"),
        "inter2",
        f"CASE WHEN inter2 IS NULL THEN COALESCE(inter1, {exports.ACLED_MILITIA}) * 10 "
        f"ELSE least(COALESCE(inter1, {exports.ACLED_MILITIA}), inter2) * 10 "
        f"+ greatest(COALESCE(inter1, {exports.ACLED_MILITIA}), inter2) END",
        "''",
        _case("place_country", {k: iso for k, (iso, _) in exports.COUNTRIES.items()}, "NULL"),
        "'Middle East'",
        _safe(_COUNTRY_NAME),
        _safe("admin1"),
        "''",
        "''",
        _safe("location"),
        _float("latitude"),
        _float("longitude"),
        "geo_precision",
        _safe("outlets"),
        "''",
        _safe("summary_en"),
        "COALESCE(killed, 0)",
        _safe("weapon_detail"),
        "floor(extract(epoch FROM updated_at))::bigint",
    ]
)
_ACLED_JOINS = _actors(("name_en", "kind", "country")) + _OUTLETS
_FROM = """
  FROM {incident} i JOIN {place} p ON p.id = i.place_id"""
_WHERE = """
 WHERE i.id IN ({ids})"""
_ORDER = " ORDER BY i.date_start DESC, i.id DESC"


def copy_sql(ids_sql: str, acled: bool) -> str:
    """The COPY statement writing the CSV body of the incidents `ids_sql` selects."""
    if acled:
        inner = f"SELECT {_ACLED_INNER}{_FROM}{_ACLED_JOINS}{_WHERE}"
        query = f"SELECT {_ACLED_SELECT} FROM ({inner}) i{_ORDER}"  # noqa: S608
    else:
        query = f"SELECT {_SALVO_SELECT}{_FROM}{_SALVO_JOINS}{_WHERE}{_ORDER}"
    statement = f"COPY ({query}) TO STDOUT WITH (FORMAT csv)"
    return statement.format(ids=ids_sql.replace("{", "{{").replace("}", "}}"), **_tables())


def copy_params(sql: str, ids_sql: str, ids_params, base_url: str) -> tuple:
    """The statement's parameters in order: the exported ids' filter at each place it is
    used, and the Salvo columns' base URL where the select list names it."""
    params, at = [], 0
    while True:
        filter_at = sql.find(ids_sql, at)
        url_at = sql.find("%s || i.public_id", at)
        if filter_at < 0 and url_at < 0:
            return tuple(params)
        if url_at >= 0 and (filter_at < 0 or url_at < filter_at):
            params.append(base_url)
            at = url_at + 2
        else:
            params.extend(ids_params)
            at = filter_at + len(ids_sql)


CHUNK = 1 << 16


def copy_chunks(qs, base_url: str, acled: bool):
    """The CSV body (no header) of `qs` in strings of about 64 KB, as the Python writer gives
    them. Each piece ends at a row's end (COPY sends a row at a time), so it decodes alone."""
    from django.core.exceptions import EmptyResultSet

    try:
        ids_sql, params = qs.order_by().values("id").query.get_compiler(using=qs.db).as_sql()
    except EmptyResultSet:
        return
    sql = copy_sql(ids_sql, acled)
    params = copy_params(sql, ids_sql, params, base_url)
    connection = connections[qs.db]
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:
        pending, size = [], 0
        for data in copy:  # a row at a time: passed on in chunks of about 64 KB
            pending.append(data)
            size += len(data)
            if size >= CHUNK:
                yield b"".join(pending).decode()
                pending, size = [], 0
        if pending:
            yield b"".join(pending).decode()
