"""An incident's history as people read it: who changed what, field by field, and why.

Built on django-simple-history's `diff_against`. Targeted forces (a many-to-many field) are
compared here from one query instead, so the page costs the same few queries however long the
history is."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import ForeignKey

from incidents.models import Actor, Attribution, Claim, Incident, Place
from sources.models import Citation, SourceArticle

# Bookkeeping that changes on every save and says nothing to a reader.
QUIET_FIELDS = {"version", "updated_at", "updated_by", "created_at", "search_text"}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: object
    what: str
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    changes: list[Change] = field(default_factory=list)


def _display(model, name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    return str(value)


def _collapse_versions(records):
    """One record per incident version: saving an incident and then setting its targeted forces
    makes simple-history write two records with the same version number; the later one holds
    the version's final state (fields and forces)."""
    kept = []
    for record in sorted(records, key=lambda r: r.history_id):
        last = kept[-1] if kept else None
        same = last is not None and last.id == record.id and last.version == record.version
        if same and record.history_type == "~" and last.history_type != "-":
            record.history_type = last.history_type  # the version's first record says "+"
            kept[-1] = record
        else:
            kept.append(record)
    return kept


def _entries(records, model, *, what, names, excluded=(), extra_changes=None) -> list[Entry]:
    """Pair each record with the previous one of the same object and list what differs."""
    previous: dict[int, object] = {}
    entries = []
    for record in sorted(records, key=lambda r: r.history_id):
        entry = Entry(record=record, what=what(record), kind=record.history_type)
        before = previous.get(record.id)
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, excluded_fields={*QUIET_FIELDS, *excluded})
            for change in delta.changes:
                entry.changes.append(
                    Change(
                        change.field,
                        str(model._meta.get_field(change.field).verbose_name),
                        _display(model, change.field, change.old, names),
                        _display(model, change.field, change.new, names),
                    )
                )
        if extra_changes:
            entry.changes.extend(extra_changes(record, before))
        previous[record.id] = record
        entries.append(entry)
    entries.reverse()
    return entries


def _names(model, ids) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {
        (model, pk): str(name)
        for pk, name in model.objects.filter(pk__in=ids).values_list(
            "pk", "name_en" if model is not SourceArticle else "title"
        )
    }


def incident_history(incident: Incident) -> tuple[list[Entry], list[Entry]]:
    """(the incident's own versions, changes to its citations, claims and attributions),
    newest first."""
    records = _collapse_versions(incident.history.select_related("history_user"))
    through = Incident.history.model._meta.get_field("historicalincident_targeted_forces")
    forces: dict[int, set[int]] = defaultdict(set)
    for history_id, actor_id in through.related_model.objects.filter(
        history_id__in=[r.history_id for r in records]
    ).values_list("history_id", "actor_id"):
        forces[history_id].add(actor_id)

    citations = list(
        Citation.history.filter(incident_id=incident.pk).select_related("history_user")
    )
    claims = list(Claim.history.filter(incident_id=incident.pk).select_related("history_user"))
    attributions = list(
        Attribution.history.filter(incident_id=incident.pk).select_related("history_user")
    )
    names = {
        **_names(Place, {r.place_id for r in records} | {r.launch_place_id for r in records}),
        **_names(
            Actor,
            {a for ids in forces.values() for a in ids}
            | {c.actor_id for c in claims}
            | {a.actor_id for a in attributions},
        ),
        **_names(
            SourceArticle,
            {c.article_id for c in citations}
            | {c.source_id for c in claims}
            | {a.source_id for a in attributions},
        ),
    }

    def forces_changed(record, before):
        if before is None or forces[record.history_id] == forces[before.history_id]:
            return []

        def show(ids):
            return ", ".join(sorted(names.get((Actor, i), f"#{i}") for i in ids)) or "—"

        label = str(Incident._meta.get_field("targeted_forces").verbose_name)
        return [
            Change(
                "targeted_forces",
                label,
                show(forces[before.history_id]),
                show(forces[record.history_id]),
            )
        ]

    own = _entries(
        records,
        Incident,
        what=lambda r: r.public_id,
        names=names,
        excluded={"targeted_forces"},
        extra_changes=forces_changed,
    )
    related = [
        *_entries(
            citations,
            Citation,
            names=names,
            what=lambda r: (
                f"{Citation._meta.verbose_name}: {names.get((SourceArticle, r.article_id), '')}"
            ),
        ),
        *_entries(
            claims,
            Claim,
            names=names,
            what=lambda r: f"{Claim._meta.verbose_name}: {names.get((Actor, r.actor_id), '')}",
        ),
        *_entries(
            attributions,
            Attribution,
            names=names,
            what=lambda r: (
                f"{Attribution._meta.verbose_name}: {names.get((Actor, r.actor_id), '')}"
            ),
        ),
    ]
    related.sort(key=lambda e: e.record.history_date, reverse=True)
    return own, related


def changes_since(incident: Incident, version: int) -> list[Change]:
    """What differs between the version an editor started from and the incident now: shown when
    their save is refused, so they can see what the other editor changed."""
    records = list(
        incident.history.filter(version__in=[version, incident.version]).order_by("history_id")
    )
    then = next((r for r in reversed(records) if r.version == version), None)
    now = next((r for r in reversed(records) if r.version == incident.version), None)
    if then is None or now is None:
        return []
    delta = now.diff_against(then, excluded_fields=QUIET_FIELDS)
    names = _names(Place, {then.place_id, now.place_id, then.launch_place_id, now.launch_place_id})
    names |= _names(
        Actor,
        {a for r in (then, now) for a in r.targeted_forces.values_list("actor_id", flat=True)},
    )
    changes = []
    for change in delta.changes:
        if change.field == "targeted_forces":

            def show(rows):
                return ", ".join(sorted(names.get((Actor, r["actor"]), "") for r in rows)) or "—"

            old, new = show(change.old), show(change.new)
        else:
            old = _display(Incident, change.field, change.old, names)
            new = _display(Incident, change.field, change.new, names)
        label = str(Incident._meta.get_field(change.field).verbose_name)
        changes.append(Change(change.field, label, old, new))
    return changes
