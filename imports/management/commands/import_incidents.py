"""python manage.py import_incidents FILE --format salvo|acled|ucdp [--dry-run] [--user NAME]"""

import json
import os

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from imports.services import import_file, import_run_create


def _words(value: str) -> list[str]:
    return [w for w in (value or "").split(",") if w.strip()]


class Command(BaseCommand):
    help = (
        "Import incidents from a CSV file (Salvo export, ACLED or UCDP GED). Every bad row is "
        "reported with its row number, column, value and reason; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", required=True, choices=["salvo", "acled", "ucdp"])
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument(
            "--user",
            default="",
            help="The editor the import is attributed to (default: the only superuser).",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish the new incidents (reviewers only)."
        )
        parser.add_argument("--encoding", default="", help="Override the detected encoding.")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--event-types",
            default="",
            help="ACLED: keep only these event types (comma-separated).",
        )
        parser.add_argument(
            "--sub-event-types", default="", help="ACLED: keep only these sub-event types."
        )
        parser.add_argument(
            "--words", default="", help="ACLED: keep only rows whose notes contain one of these."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def _user(self, name: str):
        users = get_user_model().objects
        if name:
            user = users.filter(username=name).first()
            if user is None:
                raise CommandError(f"No user named {name!r}.")
            return user
        admins = list(users.filter(is_superuser=True, is_active=True)[:2])
        if len(admins) != 1:
            raise CommandError(
                "Say who imports with --user NAME (history attributes rows to them)."
            )
        return admins[0]

    def handle(self, *args, **opts):
        path = opts["file"]
        if not os.path.isfile(path):
            raise CommandError(f"No such file: {path}")
        user = self._user(opts["user"])
        try:
            run = import_run_create(
                user=user,
                file_name=os.path.basename(path),
                format=opts["format"],
                dry_run=opts["dry_run"],
                publish=opts["publish"],
                size=os.path.getsize(path),
                save=not opts["dry_run"],
            )
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(str(exc)) from exc

        def on_error(item):
            if not opts["json"]:
                self.stderr.write(
                    f"row {item['row']}: {item['column'] or '-'} = {item['value']!r}: "
                    f"{item['reason']}"
                )

        options = {
            "event_types": _words(opts["event_types"]),
            "sub_event_types": _words(opts["sub_event_types"]),
            "words": _words(opts["words"]),
        }
        with open(path, "rb") as binary:
            report = import_file(
                run=run,
                binary=binary,
                options=options,
                batch_size=max(1, opts["batch_size"]),
                encoding=opts["encoding"],
                on_error=on_error,
            )
        if opts["json"]:
            self.stdout.write(json.dumps(report, indent=1, default=str))
        else:
            self.stdout.write(summary(report))
        if report["file_errors"] or report["stopped"]:
            raise CommandError("; ".join(report["file_errors"]) or report["stopped"])


def summary(report: dict) -> str:
    verb = "would be" if report["dry_run"] else "were"
    lines = [
        f"{report['file']} ({report['format']}{', dry run' if report['dry_run'] else ''}): "
        f"{report['rows_read']} rows read, {report['rows_valid']} valid, "
        f"{report['rows_with_errors']} with errors, {report['rows_skipped']} skipped.",
        *report["notes"],
        f"Incidents that {verb} created: {report['incidents']['new']}, updated: "
        f"{report['incidents']['updated']}, unchanged: {report['incidents']['unchanged']}.",
        f"Places {verb} created: {report['places']['new']} (matched: "
        f"{report['places']['matched']}); actors {verb} created: {report['actors']['new']}; "
        f"outlets {verb} created: {report['outlets']['new']}.",
    ]
    for reason, entry in report["skipped"].items():
        lines.append(f"Skipped {entry['count']} row(s): {reason} (rows {entry['rows']}).")
    if not report["dry_run"] and report["batches"]:
        lines.append(
            f"Written in {len(report['batches'])} batch(es), rows "
            f"{report['batches'][0]['rows'].split('-')[0]}-"
            f"{report['batches'][-1]['rows'].split('-')[1]}."
        )
    lines.extend(report["file_errors"])
    if report["stopped"]:
        lines.append(report["stopped"])
    return "\n".join(lines)
