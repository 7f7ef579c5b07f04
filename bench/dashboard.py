"""Dashboard speed: the data requests behind the dashboard and the public pages, and the first
full render in headless Chromium. Prints medians; run against a database filled with
`manage.py generate_incidents --count N` (SQLite by default, DATABASE_URL for PostgreSQL).

    ./dev bench dashboard [--repeat 15] [--browser]

Targets at 1M incidents: each data request under 150 ms median on PostgreSQL, 300 ms on
SQLite; the first full render under 2 s."""

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.core.cache import cache
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings

from bench.common import database_label, median_ms, report
from incidents.models import Incident, Place

# The Iraq / Syria / Jordan view the dashboard opens on, at its default zoom.
VIEWPORT = "bbox=35.0,28.5,50.0,38.0&zoom=5"


def data_requests() -> list[tuple[str, str]]:
    busiest = (
        Incident.objects.published()
        .values("place__slug")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("place__slug", flat=True)
        .first()
    )
    sample = Incident.objects.published().order_by("-date_start", "-id")
    sample = sample.values_list("public_id", flat=True).first()
    year = "date_from=2023-01-01&date_to=2023-12-31"
    requests = [
        ("clusters for the default viewport", f"/api/v1/incidents/clusters/?{VIEWPORT}"),
        ("clusters, drones", f"/api/v1/incidents/clusters/?{VIEWPORT}&weapon=drone"),
        ("clusters, one year", f"/api/v1/incidents/clusters/?{VIEWPORT}&{year}"),
        (
            "clusters, drones in one year",
            f"/api/v1/incidents/clusters/?{VIEWPORT}&weapon=drone&{year}",
        ),
        ("clusters, one country", f"/api/v1/incidents/clusters/?{VIEWPORT}&country=SY"),
        ("clusters, busiest base", f"/api/v1/incidents/clusters/?{VIEWPORT}&place={busiest}"),
        ("timeline by month", "/api/v1/incidents/timeline/?bucket=month"),
        ("timeline by week, rockets", "/api/v1/incidents/timeline/?bucket=week&weapon=rocket"),
        ("timeline by week, one year", f"/api/v1/incidents/timeline/?bucket=week&{year}"),
        ("timeline by month, one country", "/api/v1/incidents/timeline/?bucket=month&country=SY"),
        (
            "timeline by month, busiest base",
            f"/api/v1/incidents/timeline/?bucket=month&place={busiest}",
        ),
        ("list, first page of 50", "/api/v1/incidents/?limit=50"),
        ("list, filtered by base", f"/api/v1/incidents/?limit=50&place={busiest}"),
        ("incident page", f"/incidents/{sample}/"),
        ("dashboard page (HTML)", "/"),
    ]
    if busiest:
        requests.append(("base page, busiest base", f"/places/{busiest}/"))
    return requests


def measure(repeat: int) -> None:
    client = Client()
    target = 150 if database_label() == "postgresql" else 300
    total = Incident.objects.published().count()
    print(f"{database_label()}: {total:,} published incidents, {Place.objects.count()} places")
    for name, url in data_requests():
        cache.clear()  # the anonymous throttle counts in the cache; keep it out of the way

        def get(url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")

        report(name, median_ms(get, repeat=repeat), target_ms=target, extra=url)


def feeds(repeat: int) -> None:
    """What a feed reader polling a view costs: the full feed (200 entries at most), and the
    304 a reader gets back while nothing matching has changed."""
    client = Client(HTTP_HOST="localhost")
    busiest = (
        Incident.objects.published().values("place__slug").annotate(n=Count("id")).order_by("-n")
    ).first()
    views = [("Atom feed, every attack", "/feeds/incidents.atom")]
    if busiest:
        views.append(
            ("Atom feed, the busiest base", f"/feeds/incidents.atom?place={busiest['place__slug']}")
        )
    for name, url in views:
        report(name, median_ms(lambda u=url: client.get(u), repeat=repeat), extra=url)
        etag = client.get(url)["ETag"]
        unchanged = median_ms(
            lambda u=url, e=etag: client.get(u, headers={"if-none-match": e}), repeat=repeat
        )
        report(name + " (unchanged: 304)", unchanged, target_ms=50, extra=url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_render(repeat: int) -> None:
    """Load the dashboard in a fresh browser context each time until map, timeline and list
    have all drawn (the page sets data-loading="false")."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = dict(os.environ, SALVO_DEBUG="1", SALVO_TILE_URL="", SALVO_ANON_RATE="100000/minute")
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )

            def render():
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_function("document.body.dataset.loading === 'false'", timeout=30000)
                context.close()

            report(
                "first full render in Chromium",
                median_ms(render, repeat=repeat, warmup=1),
                target_ms=2000,
            )
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def main(argv):
    parser = argparse.ArgumentParser(prog="bench dashboard", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--browser", action="store_true", help="Also time the first render.")
    args = parser.parse_args(argv)
    # Pages are rendered without collectstatic having run: plain static names.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["*"]):
        measure(args.repeat)
        feeds(args.repeat)
    if args.browser:
        first_render(max(3, args.repeat // 3))
    return 0
