"""API speed: a list page, the GeoJSON export against a raw-driver baseline, and throughput
against Datasette serving the same SQLite file. Prints medians. Fill the database first with
`manage.py generate_incidents --count N` (SQLite by default, DATABASE_URL for PostgreSQL).

    ./dev bench api [--repeat 15] [--geojson-rows 100000] [--datasette-requests 200]
                    [--concurrency 1] [--workers 2] [--skip-datasette]

Targets: a 100-incident page under 30 ms median on PostgreSQL with the same number of SQL
queries as a 1-incident page; GeoJSON within 1.5x of raw driver + orjson, worker memory under
300 MB."""

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import orjson
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.common import database_label, median_ms, report
from incidents.models import Incident

# The same rows the API exports for ?date_from=<cutoff>, in the same order: the comparison
# measures what the API adds to reading them, not which query is faster.
GEO_SQL = """
SELECT i.public_id, i.status, i.date_start, i.date_end, i.date_precision, i.weapon,
       i.weapon_detail, i.launched, i.intercepted, i.impacted, i.killed, i.wounded,
       i.location_precision, i.updated_at, p.slug, p.name_en, p.name_ar,
       p.location_precision, p.longitude, p.latitude
FROM incidents_incident i JOIN incidents_place p ON p.id = i.place_id
WHERE i.status = 'published' AND i.date_end >= %s
ORDER BY i.date_start DESC, i.id DESC
"""


def _get(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _stream(client, url) -> int:
    """Bytes of a streamed response, read chunk by chunk as a client on the wire would: the
    body is never held whole, so peak memory is the worker's, not the benchmark's."""
    response = client.get(url)
    assert response.status_code == 200 and response.streaming, (url, response.status_code)
    return sum(len(chunk) for chunk in response.streaming_content)


def bench_list(client, repeat):
    counts = {}
    for limit in (1, 100):
        with CaptureQueriesContext(connection) as ctx:
            _get(client, f"/api/v1/incidents/?limit={limit}")
        counts[limit] = len(ctx.captured_queries)
    ms = median_ms(lambda: _get(client, "/api/v1/incidents/?limit=100"), repeat=repeat)
    report(
        "list page of 100 (place, actors, sources)",
        ms,
        target_ms=30,
        extra=f"queries limit=1: {counts[1]}, limit=100: {counts[100]}",
    )
    ms = median_ms(
        lambda: _get(client, "/api/v1/incidents/?limit=100&weapon=drone&country=IQ"),
        repeat=repeat,
    )
    report("list page of 100, weapon+country filter", ms)


def _baseline(cutoff) -> int:
    """The same rows read with the raw driver (psycopg or sqlite3) and encoded by orjson."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        raw = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
        )
        sql = GEO_SQL
    else:
        import sqlite3

        raw = sqlite3.connect(settings["NAME"])
        sql = GEO_SQL.replace("%s", "?")
    size = 0
    with raw:
        cursor = raw.cursor()
        cursor.execute(sql, (cutoff.isoformat(),))
        while batch := cursor.fetchmany(2000):
            size += len(
                orjson.dumps(
                    [
                        {
                            "type": "Feature",
                            "id": r[0],
                            "geometry": {"type": "Point", "coordinates": [r[18], r[19]]},
                            "properties": {
                                "public_id": r[0],
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
                            },
                        }
                        for r in batch
                    ]
                )
            )
    raw.close()
    return size


def bench_geojson(client, rows, repeat):
    published = Incident.objects.published().count()
    rows = min(rows, published)
    # The API exports the whole filtered set; pick a date window holding about `rows`.
    dates = Incident.objects.published().order_by("-date_start", "-id")
    cutoff = dates.values_list("date_start", flat=True)[rows - 1] if rows else None
    url = f"/api/v1/incidents/?format=geojson&date_from={cutoff}" if cutoff else None
    if url is None:
        print("no published incidents: skipping GeoJSON")
        return
    n = Incident.objects.published().filter(date_end__gte=cutoff).count()
    repeat = max(3, repeat // 3)
    api_ms = median_ms(lambda: _stream(client, url), repeat=repeat, warmup=1)
    # Before the baseline runs: a raw psycopg cursor fetches every row at once.
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw_ms = median_ms(lambda: _baseline(cutoff), repeat=repeat, warmup=1)
    report(
        f"GeoJSON of {n} incidents (API, streamed)",
        api_ms,
        extra=f"= {api_ms / raw_ms:.2f}x the raw driver + orjson baseline "
        f"({raw_ms:.0f} ms); target 1.5x",
    )
    print(f"{'':10} peak memory of the process serving it: {rss_mb:.0f} MB (target < 300 MB)")
    for columns in ("salvo", "acled"):
        csv_url = url.replace("format=geojson", f"format=csv&columns={columns}")
        csv_ms = median_ms(lambda u=csv_url: _stream(client, u), repeat=repeat, warmup=1)
        report(
            f"CSV ({columns} columns) of {n} incidents (API, streamed)",
            csv_ms,
            extra=f"= {csv_ms / api_ms:.2f}x the GeoJSON export; target 1.5x",
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url, proc, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early: {url}")
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not start: {url}")


def _throughput(url, requests: int, concurrency: int) -> float:
    """Requests per second with `concurrency` clients each sending requests one after another
    (a new connection per request, for both servers alike)."""

    def fetch(_):
        urllib.request.urlopen(url, timeout=30).read()  # noqa: S310 (loopback only)

    for _ in range(5):  # warm caches and connections
        fetch(None)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(fetch, range(requests)))
    return requests / (time.perf_counter() - start)


# What Datasette may serve: the public catalogue. Every other table (users and password
# hashes, API tokens, sessions, the admin log, history with drafts and review notes) is
# dropped, drafts and retracted incidents go with everything attached to them, and article
# texts and internal notes are blanked.
PUBLIC_TABLES = {
    "incidents_place",
    "incidents_actor",
    "incidents_incident",
    "incidents_incident_targeted_forces",
    "incidents_claim",
    "incidents_attribution",
    "sources_outlet",
    "sources_sourcearticle",
    "sources_citation",
}
CLEANING_SQL = """
DELETE FROM incidents_incident WHERE status != 'published';
DELETE FROM incidents_incident_targeted_forces
 WHERE incident_id NOT IN (SELECT id FROM incidents_incident);
DELETE FROM incidents_claim WHERE incident_id NOT IN (SELECT id FROM incidents_incident);
DELETE FROM incidents_attribution WHERE incident_id NOT IN (SELECT id FROM incidents_incident);
DELETE FROM sources_citation WHERE incident_id NOT IN (SELECT id FROM incidents_incident);
DELETE FROM sources_sourcearticle WHERE id NOT IN (SELECT article_id FROM sources_citation);
UPDATE sources_sourcearticle SET text = '', search_text = '', created_by_id = NULL;
UPDATE incidents_incident SET created_by_id = NULL, updated_by_id = NULL, status_reason = '';
UPDATE incidents_claim SET notes = '';
UPDATE incidents_attribution SET notes = '';
UPDATE sources_citation SET note = '', created_by_id = NULL;
UPDATE sources_outlet SET notes = '';
"""


def cleaned_copy(db_file: str, directory: str) -> str:
    """A copy of the SQLite file holding only what the public API shows. Never point
    Datasette (or any open SQL browser) at the live file: it would publish drafts, article
    texts, password hashes and API tokens."""
    import sqlite3

    target = os.path.join(directory, "salvo_public.sqlite3")
    with sqlite3.connect(db_file) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    copy = sqlite3.connect(target)
    copy.execute("PRAGMA foreign_keys = OFF")
    tables = [
        name
        for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_")
    ]
    for name in tables:
        if name not in PUBLIC_TABLES:
            copy.execute(f'DROP TABLE "{name}"')  # names read from the file itself
    copy.executescript(CLEANING_SQL)
    copy.commit()
    copy.execute("VACUUM")  # deleted pages would otherwise still hold the text
    copy.close()
    return target


def bench_datasette(requests: int, concurrency: int, workers: int):
    if connection.vendor != "sqlite":
        print("datasette comparison runs on SQLite only: skipped")
        return
    datasette = shutil.which("datasette") or str(
        __import__("pathlib").Path(sys.executable).with_name("datasette")
    )
    db_file = str(connection.settings_dict["NAME"])
    scratch = tempfile.mkdtemp(prefix="salvo-bench-")
    public_file = cleaned_copy(db_file, scratch)
    ours_port, theirs_port = _free_port(), _free_port()
    ours = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{ours_port}",
            "config.wsgi",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Throttles still run (a cache read and write each); they just never refuse.
        env={**os.environ, "SALVO_ANON_RATE": "1000000/s", "SALVO_USER_RATE": "1000000/s"},
    )
    theirs = subprocess.Popen(  # noqa: S603
        [
            datasette,
            "serve",
            public_file,
            "--port",
            str(theirs_port),
            "--host",
            "127.0.0.1",
            "--setting",
            "default_page_size",
            "100",
            "--setting",
            "max_returned_rows",
            "5000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ours_url = f"http://127.0.0.1:{ours_port}/api/v1/incidents/?limit=100"
        name = public_file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        theirs_url = (
            f"http://127.0.0.1:{theirs_port}/{name}/incidents_incident.json"
            "?_size=100&status__exact=published&_sort_desc=date_start&_nocount=1&_nofacet=1"
        )
        _wait(ours_url, ours)
        _wait(theirs_url, theirs)
        # Alternate rounds so background load on a shared machine hits both alike.
        ours_runs, theirs_runs = [], []
        for _ in range(3):
            ours_runs.append(_throughput(ours_url, requests, concurrency))
            theirs_runs.append(_throughput(theirs_url, requests, concurrency))
        ours_rps, theirs_rps = statistics.median(ours_runs), statistics.median(theirs_runs)
        print(
            f"{'sqlite':10} {'throughput, pages of 100 over HTTP':48} Salvo {ours_rps:6.0f} "
            f"req/s vs Datasette {theirs_rps:6.0f} req/s ({ours_rps / theirs_rps:.2f}x), "
            f"median of 3 alternating rounds of {requests} requests, {concurrency} at a time; "
            f"gunicorn {workers} workers"
        )
    finally:
        for proc in (ours, theirs):
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)


def _gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            *(["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []),
            "--bind",
            f"127.0.0.1:{port}",
            "config.wsgi",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={
            **os.environ,
            "SALVO_ANON_RATE": "1000000/s",
            "SALVO_USER_RATE": "1000000/s",
            "SALVO_EXPORT_RATE": "1000000/s",
        },
    )


def bench_starvation(workers: int, exports: int, probes: int):
    """A small request's latency while `exports` whole-catalogue CSV downloads run, under
    gunicorn's default sync workers and under the threaded workers the README recommends."""
    for threads in (1, 4):
        port = _free_port()
        server = _gunicorn(port, workers, threads)
        base = f"http://127.0.0.1:{port}/api/v1/incidents/"
        try:
            _wait(f"{base}?limit=1", server)
            quiet = [_timed(f"{base}?limit=1") for _ in range(probes)]
            with ThreadPoolExecutor(max_workers=exports) as pool:
                downloads = [
                    pool.submit(_timed, f"{base}?format=csv&columns=acled") for _ in range(exports)
                ]
                time.sleep(0.3)  # let the downloads take their workers first
                busy = [_timed(f"{base}?limit=1") for _ in range(probes)]
                export_s = max(d.result() for d in downloads)
            kind = f"{workers} sync workers" if threads == 1 else f"{workers}x{threads} gthread"
            print(
                f"{database_label():10} {'limit=1 during ' + str(exports) + ' CSV exports':48} "
                f"{kind}: median {statistics.median(busy) * 1000:7.0f} ms, "
                f"max {max(busy) * 1000:7.0f} ms (idle median "
                f"{statistics.median(quiet) * 1000:.0f} ms; exports took {export_s:.1f} s)"
            )
        finally:
            server.terminate()
            server.wait(timeout=10)


def _timed(url) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310 (loopback only)
        while response.read(1 << 16):
            pass
    return time.perf_counter() - start


def main(argv):
    parser = argparse.ArgumentParser(prog="bench api")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--geojson-rows", type=int, default=100_000)
    parser.add_argument("--datasette-requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=1, help="Clients at a time.")
    parser.add_argument("--workers", type=int, default=2, help="Salvo's gunicorn workers.")
    parser.add_argument("--skip-datasette", action="store_true")
    parser.add_argument(
        "--starvation-exports",
        type=int,
        default=0,
        help="Run N whole-catalogue CSV downloads and time small requests meanwhile.",
    )
    args = parser.parse_args(argv)
    # Throttling would measure the limiter, not the API.
    from rest_framework.throttling import SimpleRateThrottle

    SimpleRateThrottle.allow_request = lambda *a, **k: True
    client = Client(HTTP_HOST="localhost")
    print(f"{Incident.objects.published().count()} published incidents")
    bench_list(client, args.repeat)
    bench_geojson(client, args.geojson_rows, args.repeat)
    if not args.skip_datasette:
        bench_datasette(args.datasette_requests, args.concurrency, args.workers)
    if args.starvation_exports:
        bench_starvation(args.workers, args.starvation_exports, probes=10)
    return 0
