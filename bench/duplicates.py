"""Duplicate candidates at scale: how long the editor waits for "Is it one of these?".

    ./dev bench duplicates [--samples 40] [--repeat 5]

Run against a database filled with `manage.py generate_incidents --count 1000000` (SQLite by
default, DATABASE_URL for PostgreSQL). For a sample of existing incidents it asks for the
candidates of an attack at the same place, date and weapon, directly (the selector: two
queries through the incident_place_date index) and through the workspace page an editor opens.
Target: under 300 ms median at 1M incidents."""

import argparse
import random
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings

from bench.common import database_label, report
from editor.selectors import duplicate_candidates
from incidents.models import Incident
from incidents.roles import EDITOR, ensure_roles
from sources.models import SourceArticle

TARGET_MS = 300


def _sample(n: int, seed: int) -> list[dict]:
    """n incidents spread over the table, picked by id so the sampling itself is cheap."""
    bounds = Incident.objects.order_by("id").values_list("id", flat=True)
    low, high = bounds.first(), bounds.last()
    rng = random.Random(seed)
    rows = []
    while len(rows) < n:
        row = (
            Incident.objects.filter(id__gte=rng.randint(low, high))
            .order_by("id")
            .values("id", "place_id", "place__slug", "date_start", "weapon")
            .first()
        )
        if row:
            rows.append(row)
    return rows


def _median(fn, rows, repeat: int) -> tuple[float, float]:
    samples = []
    for row in rows:
        fn(row)  # warm up this place's index pages
        for _ in range(repeat):
            start = time.perf_counter()
            fn(row)
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def _editor_client() -> tuple[Client, int]:
    user, _ = get_user_model().objects.get_or_create(username="bench-editor")
    user.groups.add(ensure_roles()[EDITOR])
    client = Client()
    client.force_login(user)
    article = SourceArticle.objects.order_by("id").values_list("id", flat=True).first()
    if article is None:
        raise SystemExit("No source article: run `manage.py load_demo` first.")
    return client, article


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="bench duplicates")
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    total = Incident.objects.count()
    if not total:
        raise SystemExit("No incidents: run `manage.py generate_incidents --count N` first.")
    print(f"{database_label()}: {total:,} incidents; {args.samples} sampled attacks")
    rows = _sample(args.samples, args.seed)
    found = []

    def select(row):
        found.append(
            len(
                duplicate_candidates(
                    place_id=row["place_id"], date_start=row["date_start"], weapon=row["weapon"]
                )
            )
        )

    median, worst = _median(select, rows, args.repeat)
    report(
        "duplicate candidates (selector)",
        median,
        target_ms=TARGET_MS,
        extra=f"worst {worst:.0f} ms, {statistics.median(found):.0f} candidates (median)",
    )

    client, article = _editor_client()

    def page(row):
        response = client.get(
            f"/editor/sources/{article}/",
            {
                "place": f"[{row['place__slug']}]",
                "date_start": row["date_start"].isoformat(),
                "date_precision": "1",
                "weapon": row["weapon"],
            },
        )
        if response.status_code != 200 or b'name="incident"' not in response.content:
            raise SystemExit(f"workspace answered {response.status_code} without candidates")

    # Pages render without collectstatic's manifest, from the test client's host.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["*"]):
        median, worst = _median(page, rows, args.repeat)
    report(
        "workspace page with candidates", median, target_ms=TARGET_MS, extra=f"worst {worst:.0f} ms"
    )
    return 0
