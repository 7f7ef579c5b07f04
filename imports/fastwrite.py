"""Bulk inserts for large imports: rows as tuples, one COPY per table on PostgreSQL and one
executemany on SQLite, with their simple-history records written the same way.

Django's bulk_create prepares every value through the field API and builds model instances
for history; at 100,000 rows of six tables that was four fifths of the import's time. Here
values are converted once per column type, and primary keys come from the database: the
sequence on PostgreSQL (allocated before the insert), the rowids of the insert on SQLite
(consecutive, since the batch's transaction holds SQLite's single write lock).

On PostgreSQL an INSERT per row, even pipelined, cost the server about 90 us a row (parse,
plan, execute); COPY streams the rows into the table in one statement, a few us a row."""

import datetime as dt
from functools import lru_cache

from django.db import connection
from django.db.models import (
    AutoField,
    BigAutoField,
    DateField,
    DateTimeField,
    JSONField,
    TimeField,
)
from psycopg import sql
from psycopg.types.json import Jsonb

UTC = dt.UTC


@lru_cache(maxsize=256)  # a batch stamps every row with the same few datetimes
def _sqlite_datetime(value):
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _isoformat(value):
    return None if value is None else value.isoformat()


def _json(value):
    return None if value is None else Jsonb(value)


def _columns(model):
    """(pk field if the database assigns it, the other columns, a converter per column)."""
    pk = model._meta.pk
    auto = pk if isinstance(pk, AutoField | BigAutoField) else None
    fields = [f for f in model._meta.concrete_fields if f is not auto]
    sqlite = connection.vendor == "sqlite"
    converters = []
    for f in fields:
        if sqlite and isinstance(f, DateTimeField):
            converters.append(_sqlite_datetime)
        elif sqlite and isinstance(f, DateField | TimeField):
            converters.append(_isoformat)
        elif isinstance(f, JSONField):
            converters.append(f.get_prep_value if sqlite else _json)
        else:
            converters.append(None)
    return auto, fields, converters


def _values(rows: list[dict], fields, converters) -> list[list]:
    """Each row's values in column order, a missing one taking the field's default."""
    names = [(f.attname, f.get_default()) for f in fields]
    converted = [(i, conv) for i, conv in enumerate(converters) if conv]
    values = []
    for row in rows:
        get = row.get
        v = [get(name, default) for name, default in names]
        for i, conv in converted:
            v[i] = conv(v[i])
        values.append(v)
    return values


def _copy(cursor, table: str, columns: list[str], values: list[list]) -> None:
    """PostgreSQL's COPY FROM STDIN, row by row through psycopg (values typed by Python)."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    with cursor.cursor.copy(statement) as copy:
        for v in values:
            copy.write_row(v)


_sequences: dict[tuple[str, str], str] = {}


def _sequence(cursor, table: str, column: str) -> str:
    """The name of the sequence behind a serial column, looked up once: naming it in nextval()
    directly is ten times faster than resolving it per row."""
    if (table, column) not in _sequences:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        _sequences[table, column] = cursor.fetchone()[0]
    return _sequences[table, column]


def insert(model, rows: list[dict], *, ids: bool = True) -> list[int]:
    """Insert `rows` (dicts by attribute name; a missing one takes the field's default) and
    return their primary keys in order, or nothing when `ids` is False (the database then
    numbers the rows itself)."""
    if not rows:
        return []
    auto, fields, converters = _columns(model)
    values = _values(rows, fields, converters)
    quote = connection.ops.quote_name
    columns = [f.column for f in fields]
    want_ids = ids
    ids: list[int] = []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if auto is not None and want_ids:
                cursor.execute(
                    "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                    [_sequence(cursor, table, auto.column), len(rows)],
                )
                ids = [r[0] for r in cursor.fetchall()]
                columns = [auto.column, *columns]
                values = [[pk, *v] for pk, v in zip(ids, values, strict=True)]
            _copy(cursor, table, columns, values)
            if auto is None and want_ids:
                ids = [row.get(model._meta.pk.attname) for row in rows]
            return ids
        statement = (  # table and column names come from the model; values are bound
            f"INSERT INTO {quote(table)} "  # noqa: S608
            f"({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        cursor.executemany(statement, values)  # noqa: S608 - names from the model, values bound
        if auto is not None and connection.vendor == "sqlite":
            cursor.execute("SELECT last_insert_rowid()")
            last = cursor.fetchone()[0]
            ids = list(range(last - len(rows) + 1, last + 1))
        elif auto is None:
            ids = [row.get(model._meta.pk.attname) for row in rows]
    return ids


def insert_with_history(model, rows: list[dict], *, user_id, reasons: list[str], when) -> list:
    """Insert `rows` and one "created" history record each, attributed to `user_id` with the
    row's reason, as simple-history would have written them one save at a time."""
    if not rows:
        return []
    # Defaults filled in once, so the row and its history hold the same value (a callable
    # default gives a new one per call). Rows of one call are built alike: the first says
    # which columns they leave out.
    missing = [
        (f.attname, f.get_default())
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in rows[0]
    ]
    for row in rows:
        for name, default in missing:
            row.setdefault(name, default)
    ids = insert(model, rows)
    history = getattr(model, "history", None)
    if history is not None:
        pk_name = model._meta.pk.attname
        records = []
        for row, pk, reason in zip(rows, ids, reasons, strict=True):
            record = dict(row)  # the history model reads the columns it tracks
            record[pk_name] = pk
            record["history_date"] = when
            record["history_change_reason"] = reason
            record["history_type"] = "+"
            record["history_user_id"] = user_id
            records.append(record)
        insert(history.model, records, ids=False)
    return ids


def as_row(obj) -> dict:
    """A model instance's column values by attribute name."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
