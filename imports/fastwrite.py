"""Bulk inserts for large imports: rows as tuples through one executemany per table, with
their simple-history records written the same way.

Django's bulk_create prepares every value through the field API and builds model instances
for history; at 100,000 rows of six tables that was four fifths of the import's time. Here
values are converted once per column type, and primary keys come from the database: the
sequence on PostgreSQL (allocated before the insert), the rowids of the insert on SQLite
(consecutive, since the batch's transaction holds SQLite's single write lock)."""

import datetime as dt

from django.db import connection
from django.db.models import AutoField, BigAutoField, DateField, DateTimeField, TimeField

UTC = dt.UTC


def _sqlite_datetime(value):
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def _isoformat(value):
    return None if value is None else value.isoformat()


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
        else:
            converters.append(None)
    return auto, fields, converters


def insert(model, rows: list[dict]) -> list[int]:
    """Insert `rows` (dicts by attribute name; a missing one takes the field's default) and
    return their primary keys in order."""
    if not rows:
        return []
    auto, fields, converters = _columns(model)
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    values = [
        [
            (conv(v) if conv else v)
            for conv, v in zip(converters, (row.get(n, defaults[n]) for n in names), strict=True)
        ]
        for row in rows
    ]
    quote = connection.ops.quote_name
    columns = [f.column for f in fields]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if auto is not None and connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, auto.column, len(rows)],
            )
            ids = [r[0] for r in cursor.fetchall()]
            columns = [auto.column, *columns]
            values = [[pk, *v] for pk, v in zip(ids, values, strict=True)]
        sql = (  # table and column names come from the model; values are bound
            f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        cursor.executemany(sql, values)  # noqa: S608 - names from the model, values bound
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
    defaults = {
        f.attname: f.get_default() for f in model._meta.concrete_fields if not f.primary_key
    }
    rows = [{**defaults, **row} for row in rows]
    ids = insert(model, rows)
    pk_name = model._meta.pk.attname
    history = getattr(model, "history", None)
    if history is not None:
        tracked = [
            f.attname
            for f in history.model._meta.concrete_fields
            if not f.attname.startswith("history_")
        ]
        insert(
            history.model,
            [
                {
                    **{name: row.get(name) for name in tracked},
                    pk_name: pk,
                    "history_date": when,
                    "history_change_reason": reason,
                    "history_type": "+",
                    "history_user_id": user_id,
                }
                for row, pk, reason in zip(rows, ids, reasons, strict=True)
            ],
        )
    return ids


def as_row(obj) -> dict:
    """A model instance's column values by attribute name."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
