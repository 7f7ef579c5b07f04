"""Importing a CSV file of incidents: validate every row, report every problem, write what is
valid in batches. See docs/import.md.

Each batch of rows is one transaction: if the run stops half-way (a crash, a killed worker),
the database holds whole batches only, and the report lists which rows landed. A dry run goes
through the same code, matching and counting, and writes nothing to the catalogue."""

import hashlib
import json
import logging
import re
import threading
from collections import Counter
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext

from incidents.models import (
    CASUALTY_FIGURES,
    Actor,
    Attribution,
    Casualty,
    Claim,
    Incident,
    Party,
    StatusChange,
    casualty_totals,
)
from incidents.roles import is_editor, is_reviewer
from incidents.services import incident_update
from incidents.text import normalize_search
from sources.models import Citation, Outlet, SourceArticle

from .cells import Cells
from .fastwrite import as_row, insert, insert_with_history
from .formats import FORMATS, Parsed
from .matching import NameIndex, PlaceIndex
from .models import ImportedPlace, ImportedRecord, ImportRun
from .readahead import ReadAhead
from .reading import FileProblem, open_csv

log = logging.getLogger(__name__)
BATCH_SIZE = 1000
REPORT_ERRORS = 1000  # kept in the stored report; the command prints every one as it goes
SAMPLE_ROWS = 20
# Compared on a re-run: a matched incident is updated only when one of these differs.
COMPARED = [
    "date_start",
    "date_end",
    "date_precision",
    "time_of_day",
    "weapon",
    "weapon_detail",
    "launched",
    "intercepted",
    "impacted",
    "fell_short",
    "killed_low",
    "killed",
    "killed_high",
    "wounded_low",
    "wounded",
    "wounded_high",
    "damage",
    "launch_site",
    "summary_en",
    "summary_ar",
    "location_precision",
]
# Left to Salvo when validating a row: set by the import itself, or checked by the database's
# constraints (which clean() already mirrors) at the batch's write.
CLEAN_EXCLUDE = ["place", "launch_place", "created_by", "updated_by", "public_id"]
INCIDENT_FIELDS = [f.name for f in Incident._meta.concrete_fields]
# Plain columns a row may fill by attribute; a relation, or anything else, goes through
# Incident(**fields) as usual.
_PLAIN = {f.attname for f in Incident._meta.concrete_fields if not f.is_relation}
_CALLABLE_DEFAULTS = [
    (f.attname, f.default)
    for f in Incident._meta.concrete_fields
    if f.has_default() and callable(f.default)
]


class _Blank:
    """New Incident instances built from one default-filled prototype: Incident(**fields)
    computes every default and runs every descriptor per row, a fifth of a dry run's time."""

    def __init__(self):
        self.values = {k: v for k, v in Incident().__dict__.items() if k != "_state"}

    def __call__(self, fields: dict) -> Incident:
        if not fields.keys() <= _PLAIN:
            return Incident(**fields)
        incident = Incident.__new__(Incident)
        values = incident.__dict__
        values.update(self.values)
        values["_state"] = ModelState()
        for name, default in _CALLABLE_DEFAULTS:
            values[name] = default()
        values.update(fields)
        return incident


_PUNCTUATION = re.compile(r"[\s\-'`\"().,;:!?/\\]+")


def _fold(text: str) -> str:
    """normalize_search, with a fast path for plain ASCII (most of an ACLED file), where the
    Unicode steps change nothing and only case and punctuation fold."""
    if text.isascii():
        return _PUNCTUATION.sub(" ", text.lower()).strip()
    return normalize_search(text)


def _blob(*folded: str) -> str:
    """incidents.text.search_blob for parts already folded with normalize_search."""
    return " " + " | ".join(p for p in folded if p) + " "


def _hash(folded: str) -> str:
    """sources.models.content_hash for text already folded with normalize_search."""
    return hashlib.sha256(folded.encode()).hexdigest() if folded else ""


def import_run_create(
    *,
    user,
    file_name: str,
    format: str,
    dry_run: bool,
    publish: bool = False,
    size: int = 0,
    save: bool = True,
) -> ImportRun:
    """A run record, saved (so a page can follow its progress and the import be reviewed as a
    batch) unless `save` is False (a dry run from the command line). Publishing needs a
    reviewer."""
    if format not in FORMATS:
        raise ValidationError({"format": f"Unknown format {format!r}; use salvo, acled or ucdp."})
    if not is_editor(user):
        raise PermissionDenied("Importing needs the editor role.")
    if publish and not is_reviewer(user):
        raise PermissionDenied("Publishing imported incidents needs the reviewer role.")
    run = ImportRun(
        created_by=user,
        file_name=file_name[:255],
        format=format,
        dry_run=dry_run,
        publish=publish and not dry_run,
        size_bytes=size,
    )
    if save:
        run.save()
    return run


def import_file(
    *,
    run: ImportRun,
    binary,
    options: dict | None = None,
    batch_size: int = BATCH_SIZE,
    encoding: str = "",
    on_error=None,
) -> dict:
    """Import (or dry-run) the CSV in `binary` (a seekable binary file) into `run`; returns the
    report, which is also stored on the run."""
    with _bulk_session():
        return _Importer(run, options or {}, batch_size, on_error).go(binary, encoding)


def _new_report(run: ImportRun) -> dict:
    return {
        "file": run.file_name,
        "format": run.format,
        "dry_run": run.dry_run,
        "publish": run.publish,
        "encoding": "",
        "delimiter": "",
        "notes": [],
        "file_errors": [],
        "rows_read": 0,
        "rows_valid": 0,
        "rows_with_errors": 0,
        "rows_skipped": 0,
        "skipped": {},
        "error_count": 0,
        "errors": [],
        "incidents": {"new": 0, "updated": 0, "unchanged": 0},
        "places": {"new": 0, "matched": 0},
        "actors": {"new": 0},
        "outlets": {"new": 0},
        "batches": [],
        "stopped": "",
    }


SQLITE_CACHE_KIB = 256 * 1024


@contextmanager
def _bulk_session():
    """On SQLite, a page cache of 256 MB while the import runs (SQLite's default is 2 MB, and
    at 100,000 rows the tables' indexes no longer fit: a quarter of the time went on paging
    them in and out); the connection's own setting is put back after."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def _commit_without_waiting() -> None:
    """On PostgreSQL, let this batch's commit return before its WAL reaches the disk."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


class _Importer:
    def __init__(self, run: ImportRun, options: dict, batch_size: int, on_error):
        self.run = run
        self.fmt = FORMATS[run.format]
        self.user = run.created_by
        self.dry = run.dry_run
        self.options = {
            k: [w.strip().lower() for w in v if w.strip()] for k, v in options.items() if v
        }
        self.batch_size = batch_size
        self.on_error = on_error
        self.report = _new_report(run)
        self.report["options"] = options
        self.seen: dict[str, int] = {}
        self.blank = _Blank()
        # Held by the reading thread while it changes the report, and by the writer when it
        # changes what both change (rows_valid, errors) or copies the report to save it.
        self.lock = threading.RLock()
        self.rows_with_errors: set[int] = set()

    # --- reporting ---------------------------------------------------------------------

    def error(self, row: int, column: str, value: str, reason: str) -> None:
        with self.lock:
            self._error(row, column, value, reason)

    def _error(self, row: int, column: str, value: str, reason: str) -> None:
        item = {"row": row, "column": column, "value": value[:200], "reason": reason}
        self.report["error_count"] += 1
        if len(self.report["errors"]) < REPORT_ERRORS:
            self.report["errors"].append(item)
        if row not in self.rows_with_errors:
            self.rows_with_errors.add(row)
            self.report["rows_with_errors"] += 1
        if self.on_error:
            self.on_error(item)

    def skip(self, row: int, reason: str) -> None:
        with self.lock:
            self._skip(row, reason)

    def _skip(self, row: int, reason: str) -> None:
        self.report["rows_skipped"] += 1
        entry = self.report["skipped"].setdefault(reason, {"count": 0, "rows": []})
        entry["count"] += 1
        if len(entry["rows"]) < SAMPLE_ROWS:
            entry["rows"].append(row)

    def save_run(self, state=None) -> None:
        if state:
            self.run.state = state
            self.run.finished_at = timezone.now()
        with self.lock:  # a copy: the reading thread goes on adding errors
            self.run.report = json.loads(json.dumps(self.report))
        if self.run.pk:
            self.run.save(
                update_fields=["state", "finished_at", "report", "rows_read", "bytes_read"]
            )

    # --- the run -----------------------------------------------------------------------

    def go(self, binary, encoding: str) -> dict:
        try:
            csv_file = open_csv(
                binary,
                expected=set(self.fmt.columns.values()) | set(self.fmt.required),
                encoding=encoding,
            )
        except FileProblem as problem:
            self.report["file_errors"].append(str(problem))
            self.save_run(ImportRun.State.FAILED)
            return self.report
        self.report.update(
            encoding=csv_file.encoding, delimiter=csv_file.delimiter, notes=csv_file.notes
        )
        missing = [c for c in self.fmt.required if c not in csv_file.header]
        if missing:
            self.report["file_errors"].append(
                gettext(
                    "Missing required column(s) for the %(format)s format: %(missing)s. "
                    "The file's columns are: %(columns)s."
                )
                % {
                    "format": self.fmt.name,
                    "missing": ", ".join(missing),
                    "columns": ", ".join(csv_file.header)[:500],
                }
            )
            self.save_run(ImportRun.State.FAILED)
            return self.report
        self.places, self.actors, self.outlets = PlaceIndex(), NameIndex(Actor), NameIndex(Outlet)
        with ReadAhead(lambda: self.batches(csv_file)) as batches:
            for batch, rows_read, bytes_read in batches:
                if not self.flush(batch, rows_read, bytes_read):
                    return self.report
        self.save_run(ImportRun.State.FAILED if self.report["stopped"] else ImportRun.State.DONE)
        return self.report

    def batches(self, csv_file):
        """Checked rows in batches, with how far into the file each batch ends. Runs in the
        ReadAhead thread: everything it changes in the report is changed under the lock."""
        index = {name: i for i, name in reversed(list(enumerate(csv_file.header)))}
        batch: list[tuple[Parsed, Incident]] = []
        for row, cells, problem in csv_file.rows:
            with self.lock:
                self.report["rows_read"] += 1
                if problem:
                    self.error(row, "", "", problem.removeprefix("STOP: "))
                    if problem.startswith("STOP"):
                        self.report["stopped"] = problem.removeprefix("STOP: ")
                        break
                    continue
                item = self.parse(row, Cells(index, cells))
                rows_read = self.report["rows_read"]
            if item:
                batch.append(item)
            if len(batch) >= self.batch_size:
                yield batch, rows_read, csv_file.bytes_read()
                batch = []
        if batch:
            yield batch, self.report["rows_read"], csv_file.bytes_read()

    def parse(self, row: int, cells: Cells) -> tuple[Parsed, Incident] | None:
        parsed, skipped = self.fmt.parse(cells, row, self.options)
        if skipped:
            self.skip(row, skipped)
            return None
        key = parsed.external_id
        if key and key in self.seen:
            cells.error(
                self.fmt.id_column,
                gettext("Duplicate id: row %(row)s has the same one.") % {"row": self.seen[key]},
            )
        elif key:
            self.seen[key] = row
        fields = dict(parsed.fields)
        status = fields.pop("_status", "published")
        incident = self.blank(fields)
        incident.status = (
            Incident.Status.PUBLISHED
            if self.run.publish and status == "published"
            else Incident.Status.DRAFT
        )
        if not cells.errors:
            try:
                # Fields the row does not fill keep their (valid) defaults: not re-checked.
                unset = [n for n in INCIDENT_FIELDS if n not in fields and n != "status"]
                incident.full_clean(
                    exclude=CLEAN_EXCLUDE + unset,
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    column = "" if name == NON_FIELD_ERRORS else self.fmt.columns.get(name, name)
                    for message in messages:
                        cells.error(column, message)
        if cells.errors:
            for column, value, reason in cells.errors:
                self.error(row, column, value, reason)
            return None
        self.report["rows_valid"] += 1
        return parsed, incident

    def flush(self, batch, rows_read: int, bytes_read: int) -> bool:
        first, last = batch[0][0].row, batch[-1][0].row
        try:
            if self.dry:
                counts = self.write(batch)
            else:
                with transaction.atomic():
                    _commit_without_waiting()
                    counts = self.write(batch)
                    self.run.rows_read, self.run.bytes_read = rows_read, bytes_read
                    self.report["batches"].append({"rows": f"{first}-{last}", **counts})
                    self.save_run()
                return True
        except Exception as exc:  # noqa: BLE001 - any failure: report what landed, then stop
            log.exception("import %s stopped at rows %s-%s", self.run.file_name, first, last)
            landed = self.report["batches"]
            self.report["stopped"] = (
                f"Stopped while writing rows {first}-{last} ({type(exc).__name__}: {exc}). "
                "Nothing from that batch on was written; "
                + (
                    f"rows up to {landed[-1]['rows'].split('-')[1]} landed, in "
                    f"{len(landed)} batch(es) listed in the report."
                    if landed
                    else "no rows landed."
                )
            )
            self.save_run(ImportRun.State.FAILED)
            return False
        self.run.rows_read, self.run.bytes_read = rows_read, bytes_read
        self.report["batches"].append({"rows": f"{first}-{last}", **counts})
        self.save_run()
        return True

    # --- matching and writing -------------------------------------------------------------

    def existing(self, batch) -> dict[str, Incident]:
        ids = [p.external_id for p, _ in batch]
        found = {}
        if self.fmt.name != "salvo":
            records = ImportedRecord.objects.filter(
                format=self.fmt.name, external_id__in=ids
            ).select_related("incident")
            found = {r.external_id: r.incident for r in records}
        public = [p.public_id for p, _ in batch if p.public_id and p.external_id not in found]
        if public:
            for incident in Incident.objects.filter(public_id__in=public).prefetch_related(
                "casualties"
            ):
                found.setdefault(incident.public_id, incident)
        return found

    def reason(self, row: int) -> str:
        return f"{self.run.file_name}, row {row}"

    def place_for(self, parsed: Parsed):
        entry = self.places.find(parsed.place)
        if entry is not None:
            if not entry.new:
                self.report["places"]["matched"] += 1
            return entry
        place, entry = self.places.build(
            parsed.place, notes=f"Imported from {self.reason(parsed.row)}."
        )
        self.report["places"]["new"] += 1
        if not self.dry:
            place.full_clean(validate_unique=False)
            place._history_user, place._change_reason = self.user, self.reason(parsed.row)
            place.save()
            ImportedPlace.objects.create(place=place, run=self.run, row=parsed.row)
            entry.pk = place.pk
        return entry

    def named(self, index: NameIndex, name: str, row: int, what: str, **fields):
        entry = index.find(name)
        if entry is None:
            obj, entry = index.build(name, **fields)
            self.report[what]["new"] += 1
            if not self.dry:
                obj.full_clean(validate_unique=False)
                obj._history_user, obj._change_reason = self.user, self.reason(row)
                obj.save()
                entry.pk = obj.pk
        return entry

    def write(self, batch) -> dict:
        existing = self.existing(batch)
        counts = Counter()
        new = []
        for parsed, incident in batch:
            place = self.place_for(parsed)
            match = existing.get(parsed.external_id) or existing.get(parsed.public_id)
            if match is not None:
                counts[self.update(match, parsed, incident, place)] += 1
                continue
            counts["new"] += 1
            new.append((parsed, incident, place))
        actors = {}
        outlets = {}
        for parsed, _, _ in new:
            kinds = parsed.actor_kinds
            for name in parsed.claims + parsed.attributions:
                actors[name] = self.named(
                    self.actors, name, parsed.row, "actors", kind=kinds.get(name, "armed_group")
                )
            for name in parsed.forces:
                actors[name] = self.named(
                    self.actors, name, parsed.row, "actors", kind=kinds.get(name, "state_force")
                )
            for name in parsed.source.outlets if parsed.source else []:
                outlets[name] = self.named(self.outlets, name, parsed.row, "outlets")
        for key in ("new", "updated", "unchanged"):
            self.report["incidents"][key] += counts[key]
        if not self.dry and new:
            self.create(new, actors, outlets)
        return {k: counts[k] for k in ("new", "updated", "unchanged")}

    def update(self, match: Incident, parsed: Parsed, incident: Incident, place) -> str:
        changes = {
            name: getattr(incident, name)
            for name in COMPARED
            if name in parsed.fields and getattr(incident, name) != getattr(match, name)
        }
        if place.pk != match.place_id:
            changes["place_id"] = place.pk
        sides = parsed.sides
        if sides is not None:
            key = ("party", *CASUALTY_FIGURES)
            now = {tuple(getattr(c, k) for k in key) for c in match.casualties.all()}
            if now == {tuple(side[k] for k in key) for side in sides}:
                sides = None  # the same sides: nothing to write for them
            for name in CASUALTY_FIGURES:  # the totals follow the sides
                changes.pop(name, None)
        if not changes and sides is None:
            return "unchanged"
        if not self.dry:
            incident_update(
                incident=match,
                user=self.user,
                expected_version=match.version,
                changes=changes,
                casualties=sides,
                reason=self.reason(parsed.row),
            )
        return "updated"

    def create(self, new, actors, outlets) -> None:
        try:
            with transaction.atomic():
                self.create_rows(new, actors, outlets)
        except (IntegrityError, DatabaseError):
            # A row the database refuses (a constraint clean() does not mirror): find it by
            # writing the batch row by row, each in its own savepoint.
            for item in new:
                try:
                    with transaction.atomic():
                        self.create_rows([item], actors, outlets)
                except (IntegrityError, DatabaseError) as exc:
                    with self.lock:
                        self.report["incidents"]["new"] -= 1
                        self.report["rows_valid"] -= 1
                    refused = gettext("The database refused the row: %(e)s") % {"e": exc}
                    self.error(item[0].row, "", "", refused)

    def create_rows(self, new, actors, outlets) -> None:
        user_id, now = self.user.pk if self.user else None, timezone.now()
        reasons = [self.reason(parsed.row) for parsed, _, _ in new]
        rows = []
        for parsed, incident, place in new:
            if parsed.sides is not None:  # the totals are what the sides add up to
                for name, value in casualty_totals(parsed.sides).items():
                    setattr(incident, name, value)
            incident.place_id = place.pk
            incident.created_by_id = incident.updated_by_id = user_id
            incident.created_at = incident.updated_at = now
            if parsed.public_id:
                incident.public_id = parsed.public_id
            # What Incident.save() and SourceArticle.save() derive, computed here because rows
            # are inserted directly; a long note is folded once for both (it dominated).
            folded = _fold(parsed.source.text) if parsed.source else ""
            parsed.folded = folded
            incident.search_text = _blob(
                _fold(incident.public_id),
                folded
                if incident.summary_en == getattr(parsed.source, "text", None)
                else _fold(incident.summary_en),
                _fold(incident.summary_ar),
                _fold(incident.weapon_detail),
                _fold(incident.launch_site),
                _fold(incident.location_note),
                _fold(incident.defence_system),
                _fold(place.search_text),
            )
            row = as_row(incident)
            row.pop("id")
            rows.append(row)
        ids = insert_with_history(Incident, rows, user_id=user_id, reasons=reasons, when=now)
        # Sides where the file gives them (Salvo's own CSV); else each incident's totals are
        # its unknown side, as the services record totals given alone.
        sides, side_reasons = [], []
        for (parsed, _, _), pk, row, reason in zip(new, ids, rows, reasons, strict=True):
            given = parsed.sides
            if given is None:
                figures = {f: row[f] for f in CASUALTY_FIGURES}
                given = [{"party": Party.UNKNOWN, **figures}]
            for side in given:
                if any(side[f] is not None for f in CASUALTY_FIGURES):
                    sides.append({"incident_id": pk, **side})
                    side_reasons.append(reason)
        insert_with_history(Casualty, sides, user_id=user_id, reasons=side_reasons, when=now)
        # Each new incident's first status, as incidents.services records it for every door.
        insert(
            StatusChange,
            [
                {
                    "incident_id": pk,
                    "public_id": row["public_id"],
                    "from_status": "",
                    "to_status": row["status"],
                    "changed_at": now,
                    "changed_by_id": user_id,
                }
                for pk, row in zip(ids, rows, strict=True)
            ],
            ids=False,
        )
        articles, article_reasons = [], []
        for (parsed, _, _), reason in zip(new, reasons, strict=True):
            spec = parsed.source
            if spec is None:
                continue
            outlet = outlets[spec.outlets[0]] if spec.outlets else None
            articles.append(
                {
                    "url": "",
                    "title": spec.title,
                    "text": spec.text,
                    "language": spec.language,
                    "published_on": spec.published_on,
                    "outlet_id": outlet.pk if outlet else None,
                    "retrieved_at": now,
                    "created_at": now,
                    "updated_at": now,
                    "created_by_id": user_id,
                    "content_hash": _hash(parsed.folded),
                    "search_text": _blob(_fold(spec.title), parsed.folded),
                    "_row": parsed.row,
                }
            )
            article_reasons.append(reason)
        article_ids = insert_with_history(
            SourceArticle,
            [{k: v for k, v in a.items() if k != "_row"} for a in articles],
            user_id=user_id,
            reasons=article_reasons,
            when=now,
        )
        article_for = {
            a["_row"]: (pk, a["language"]) for a, pk in zip(articles, article_ids, strict=True)
        }
        citations, claims, attributions = [], [], []
        citation_reasons, claim_reasons, attribution_reasons = [], [], []
        forces, records = [], []
        for (parsed, _, _), incident_id, reason in zip(new, ids, reasons, strict=True):
            article_id, language = article_for.get(parsed.row, (None, "en"))
            if article_id is not None and parsed.source.quote:
                citations.append(
                    {
                        "article_id": article_id,
                        "incident_id": incident_id,
                        "quote": parsed.source.quote,
                        "quote_language": language,
                        "created_at": now,
                        "created_by_id": user_id,
                    }
                )
                citation_reasons.append(reason)
            for name in dict.fromkeys(parsed.claims):
                claims.append(
                    {
                        "incident_id": incident_id,
                        "actor_id": actors[name].pk,
                        "source_id": article_id,
                    }
                )
                claim_reasons.append(reason)
            by = parsed.attributed_by
            if article_id is None:
                by = Attribution.By.ANALYST  # the only attribution that needs no article
            for name in dict.fromkeys(parsed.attributions):
                attributions.append(
                    {
                        "incident_id": incident_id,
                        "actor_id": actors[name].pk,
                        "attributed_by": by,
                        "attributed_by_detail": f"{self.fmt.name.upper()} data set",
                        "source_id": article_id if by != Attribution.By.ANALYST else None,
                    }
                )
                attribution_reasons.append(reason)
            for actor_id in dict.fromkeys(actors[n].pk for n in parsed.forces):
                forces.append({"incident_id": incident_id, "actor_id": actor_id})
            records.append(
                {
                    "format": self.fmt.name,
                    "external_id": parsed.external_id,
                    "incident_id": incident_id,
                    "run_id": self.run.pk,
                    "row": parsed.row,
                }
            )
        history = {"user_id": user_id, "when": now}
        insert_with_history(Citation, citations, reasons=citation_reasons, **history)
        insert_with_history(Claim, claims, reasons=claim_reasons, **history)
        insert_with_history(Attribution, attributions, reasons=attribution_reasons, **history)
        insert(Incident.targeted_forces.through, forces, ids=False)
        insert(ImportedRecord, records, ids=False)
