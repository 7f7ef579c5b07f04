"""python manage.py suggest_incidents FILE --language ar|en [--published YYYY-MM-DD] [--json]"""

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from assistant.engine import AssistantInputError, suggest
from assistant.gazetteer import current, from_fixtures

MAX_BYTES = 1_000_000


class Command(BaseCommand):
    help = "Suggest the incidents an article reports, each field with the words that support it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a UTF-8 text file holding the article, or - for stdin")
        parser.add_argument("--language", required=True, choices=["ar", "en"])
        parser.add_argument("--published", help="the publication date, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print JSON (the scorer's shape)")
        parser.add_argument(
            "--gazetteer",
            choices=["auto", "database", "fixtures"],
            default="auto",
            help="places and actors: the database's (auto: when it has places) or the shipped set",
        )

    def handle(self, *args, **options):
        text = self._read(options["file"])
        published = None
        if options["published"]:
            try:
                published = dt.date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError(
                    f"--published: {options['published']!r} is not a date (YYYY-MM-DD)."
                ) from None
        if options["gazetteer"] == "fixtures":
            places, actors = from_fixtures()
        else:
            places, actors = current()
        try:
            result = suggest(
                text,
                language=options["language"],
                published=published,
                places=places,
                actors=actors,
            )
        except AssistantInputError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from None
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(summary(result))

    def _read(self, name: str) -> str:
        try:
            raw = sys.stdin.buffer.read(MAX_BYTES + 1) if name == "-" else _read_file(name)
        except OSError as exc:
            raise CommandError(f"FILE: cannot read {name}: {exc.strerror or exc}") from None
        if len(raw) > MAX_BYTES:
            raise CommandError(f"FILE: longer than {MAX_BYTES:,} bytes; give the article only.")
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"FILE: not UTF-8 text (byte {exc.start}).") from None


def _read_file(name: str) -> bytes:
    with open(name, "rb") as fh:
        return fh.read(MAX_BYTES + 1)


def summary(result: dict) -> str:
    """A readable account: one block per incident, each value with the words behind it."""
    lines = []
    incidents = result["incidents"]
    lines.append(f"{len(incidents)} suggested incident(s)")
    for n, inc in enumerate(incidents, 1):
        ev = inc["evidence"]
        head = "background mention" if inc["background"] else "the article's news"
        lines.append(f"\n#{n} ({head})")

        def row(label, value, key, ev=ev):
            if value in (None, [], ""):
                lines.append(f"  {label:<12} —")
                return
            quote = " / ".join(span["text"] for span in ev.get(key, []))
            lines.append(f"  {label:<12} {value}" + (f"   « {quote} »" if quote else ""))

        place = inc["place"]
        row("place", place and f"{place['name_en']} ({place['slug']})", "place")
        when = inc["date_start"] and (
            inc["date_start"]
            if inc["date_start"] == inc["date_end"]
            else f"{inc['date_start']} – {inc['date_end']}"
        )
        row("date", when and f"{when} ({inc['date_precision']})", "date")
        for key in ("weapon", "launched", "intercepted", "impacted", "killed", "wounded"):
            row(key, inc.get(key), key)
        row("claimed by", ", ".join(c["name_in_text"] for c in inc["claimed_by"]), "claimed_by")
        row(
            "blamed on", ", ".join(c["name_in_text"] for c in inc["attributed_to"]), "attributed_to"
        )
        site = inc["launch_site"]
        row("launch site", site and site["text"], "launch_site")
    if result.get("unmatched_places"):
        names = ", ".join(u["text"] for u in result["unmatched_places"])
        lines.append(f"\nnamed but not in the gazetteer: {names}")
    return "\n".join(lines) + "\n"
