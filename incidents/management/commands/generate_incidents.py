import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from incidents.synthetic import (
    synthetic_clear,
    synthetic_count,
    synthetic_generate,
    synthetic_place_count,
    synthetic_places,
    synthetic_places_clear,
)


class Command(BaseCommand):
    help = (
        "Add N realistic synthetic incidents over the gazetteer (with articles, citations, "
        "claims and attributions) for benchmarks and for trying the dashboard at scale. "
        "Synthetic rows are marked (SLV-G… ids, synthetic-… places) and removed with --clear."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1, help="Random seed (repeatable data).")
        parser.add_argument("--clear", action="store_true", help="Remove synthetic rows first.")
        parser.add_argument(
            "--places",
            type=int,
            default=0,
            help="First top the gazetteer up to N synthetic sites over Iraq and Syria (the "
            "scale of an imported dataset); the incidents then spread over them too.",
        )
        parser.add_argument(
            "--total",
            action="store_true",
            help="Treat --count as the total wanted: add only what is missing.",
        )

    def handle(self, *args, count, seed, clear, total, places, **options):
        if count < 0 or places < 0:
            raise CommandError("--count and --places must be zero or more.")
        if clear:
            self.stdout.write(f"Removed {synthetic_clear()} synthetic incidents.")
            self.stdout.write(f"Removed {synthetic_places_clear()} synthetic places.")
        if places:
            added = synthetic_places(count=places, seed=seed)
            self.stdout.write(
                f"Added {added:,} synthetic places; {synthetic_place_count():,} in the gazetteer."
            )
        wanted = max(0, count - synthetic_count()) if total else count
        started = time.monotonic()

        def progress(done):
            if options["verbosity"] > 1 or done % 100_000 == 0:
                self.stdout.write(f"  {done:,} / {wanted:,}")

        if wanted:
            now = synthetic_generate(count=wanted, seed=seed, progress=progress)
        else:
            now = synthetic_count()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Added {wanted:,} synthetic incidents in {time.monotonic() - started:.0f} s; "
            f"{now:,} synthetic incidents in the database."
        )
