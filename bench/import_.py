"""Import speed: a file of synthetic incidents in each format, with faulty rows mixed in, run
dry and for real against an empty catalogue. Prints rows/s per format and database.

    ./dev bench import [--rows 100000] [--formats acled,salvo,ucdp] [--faults 0.01]

The rows come from Salvo itself: synthetic incidents (incidents/synthetic.py) exported with
the API's CSV exporter (`columns=acled` and Salvo's own columns; UCDP rows are rewritten from
the ACLED ones), then removed, so the import creates every incident again. Target: 100,000
ACLED rows in under 60 s on SQLite and PostgreSQL, the dry run no slower."""

import argparse
import csv
import os
import random
import resource
import tempfile
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from api.exports import csv_chunks
from bench.common import database_label
from imports.models import ImportedRecord, ImportRun
from imports.services import import_file, import_run_create
from incidents.models import Attribution, Claim, Incident, Place, StatusChange
from incidents.synthetic import ID_PREFIX, synthetic_clear, synthetic_count, synthetic_generate
from sources.models import Citation, SourceArticle

UCDP_HEADER = [
    "id",
    "date_start",
    "date_end",
    "date_prec",
    "where_prec",
    "where_coordinates",
    "latitude",
    "longitude",
    "country",
    "adm_1",
    "side_a",
    "side_b",
    "best",
    "low",
    "high",
    "source_office",
    "source_headline",
]


def _export(path: str, *, acled: bool, rows: int) -> None:
    qs = Incident.objects.filter(public_id__startswith=ID_PREFIX)
    ids = list(qs.order_by("id").values_list("id", flat=True)[:rows])
    with open(path, "w", encoding="utf-8", newline="") as out:
        for chunk in csv_chunks(qs.filter(id__in=ids), "http://bench/api/v1/incidents/", acled):
            out.write(chunk)


def _ucdp_from_acled(acled_path: str, path: str) -> None:
    with (
        open(acled_path, encoding="utf-8-sig", newline="") as src,
        open(path, "w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out)
        writer.writerow(UCDP_HEADER)
        for n, r in enumerate(csv.DictReader(src)):
            killed = r["fatalities"] or "0"
            writer.writerow(
                [
                    f"9{n:07d}",
                    r["event_date"],
                    r["event_date"],
                    "1",
                    r["geo_precision"],
                    r["location"],
                    r["latitude"],
                    r["longitude"],
                    r["country"],
                    r["admin1"],
                    "Government of United States of America",
                    r["actor1"],
                    killed,
                    killed,
                    killed,
                    r["source"],
                    r["notes"][:300],
                ]
            )


FAULTS = [
    ("event_date", "31/31/2024"),
    ("latitude", "123.5"),
    ("longitude", "east"),
    ("notes", '=HYPERLINK("http://bad.example")'),
    ("fatalities", "-3"),
]


def _add_faults(path: str, share: float, id_column: str, date_column: str) -> int:
    """Append faulty copies of real rows (bad dates, coordinates, formulas, duplicate ids)."""
    with open(path, encoding="utf-8-sig", newline="") as src:
        reader = csv.DictReader(src)
        header, rows = reader.fieldnames, list(reader)
    rng = random.Random(7)
    written = 0
    with open(path, "a", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        for n in range(int(len(rows) * share)):
            row = dict(rng.choice(rows))
            if n % (len(FAULTS) + 1) != 0:  # else a duplicate id
                column, value = FAULTS[n % (len(FAULTS) + 1) - 1]
                column = {"event_date": date_column}.get(column, column)
                if column not in row:
                    continue  # this format has no such column: no fault to add
                row[column] = value
                row[id_column] = f"FAULT{n}"
            writer.writerow(row)
            written += 1
    return written


def _raw_delete(queryset) -> None:
    queryset._raw_delete(queryset.db)  # no signals, no history: bench data only


def _chunks(ids: list, size: int = 10_000):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _clear_imported() -> None:
    """Remove what the previous import made, with plain DELETEs (the ORM's delete writes a
    history row per object and took minutes at 100,000 incidents). Bench data only."""
    with transaction.atomic():
        incidents = list(ImportedRecord.objects.values_list("incident_id", flat=True).distinct())
        articles = []
        for ids in _chunks(incidents):
            articles += Citation.objects.filter(incident_id__in=ids).values_list(
                "article_id", flat=True
            )
        for ids in _chunks(incidents):
            for model in (Citation, Claim, Attribution, Incident.targeted_forces.through):
                _raw_delete(model.objects.filter(incident_id__in=ids))
                history = getattr(model, "history", None)
                if history is not None:
                    _raw_delete(history.model.objects.filter(incident_id__in=ids))
            _raw_delete(StatusChange.objects.filter(incident_id__in=ids))
            _raw_delete(ImportedRecord.objects.filter(incident_id__in=ids))
            _raw_delete(Incident.history.model.objects.filter(id__in=ids))
            _raw_delete(Incident.objects.filter(id__in=ids))
        for ids in _chunks(sorted(set(articles))):
            _raw_delete(SourceArticle.history.model.objects.filter(id__in=ids))
            _raw_delete(SourceArticle.objects.filter(id__in=ids))
        ImportedRecord.objects.all().delete()
        ImportRun.objects.all().delete()


def _timed(user, path: str, fmt: str, dry: bool) -> tuple[float, dict]:
    run = import_run_create(
        user=user, file_name=os.path.basename(path), format=fmt, dry_run=dry, save=not dry
    )
    start = time.perf_counter()
    with open(path, "rb") as binary:
        report = import_file(run=run, binary=binary)
    return time.perf_counter() - start, report


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="./dev bench import")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--formats", default="acled,salvo,ucdp")
    parser.add_argument("--faults", type=float, default=0.01)
    parser.add_argument(
        "--file",
        default="",
        help="Time this ACLED file (e.g. one a previous run wrote) instead of generating one.",
    )
    args = parser.parse_args(argv)

    if not Place.objects.exists():
        call_command("load_demo", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-importer", defaults={"is_superuser": True, "is_staff": True}
    )
    _clear_imported()
    if args.file:
        _time_format(user, args.file, "acled", 0)
        return 0
    if synthetic_count() < args.rows:
        print(f"generating {args.rows - synthetic_count()} synthetic incidents ...")
        synthetic_generate(count=args.rows - synthetic_count())
    folder = tempfile.mkdtemp(prefix="salvo-import-bench-")
    paths = {f: os.path.join(folder, f"{f}.csv") for f in ("acled", "salvo", "ucdp")}
    _export(paths["acled"], acled=True, rows=args.rows)
    _export(paths["salvo"], acled=False, rows=args.rows)
    _ucdp_from_acled(paths["acled"], paths["ucdp"])
    columns = {"acled": ("event_id_cnty", "event_date"), "salvo": ("public_id", "date_start")}
    columns["ucdp"] = ("id", "date_start")
    faults = {f: _add_faults(paths[f], args.faults, *columns[f]) for f in paths}
    synthetic_clear()  # the import creates them all again

    print(f"files in {folder}")
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        _time_format(user, paths[fmt], fmt, faults[fmt])
    return 0


def _time_format(user, path: str, fmt: str, faults: int) -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for dry in (True, False):
        seconds, r = _timed(user, path, fmt, dry)
        verdict = "ok" if seconds < 60 else "MISSES 60 s"
        print(
            f"{database_label():10} import {fmt:5} {'dry run' if dry else 'write  '} "
            f"{r['rows_read']:7d} rows in {seconds:6.1f} s = {r['rows_read'] / seconds:7.0f} "
            f"rows/s  {verdict}  new {r['incidents']['new']}, errors in "
            f"{r['rows_with_errors']} rows ({faults} faulty rows added)",
            flush=True,
        )
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    print(f"{'':10} peak memory grew by {growth / 1024:.0f} MB over the {fmt} runs", flush=True)
    _clear_imported()
