"""Two things for rows stored before the rules of 0007:

1. StatusChange rows from history, so the withdrawn feed (which now reads StatusChange)
   keeps reporting what was withdrawn before this migration: every change of status a
   history row shows, every deletion, with merges named after MergedIncident.
2. A report of rows outside the new domain rules. Nothing is changed: which date or count
   was meant is an editor's call. `manage.py check_catalogue` lists them again at any time.

Reversible: going back removes the backfilled StatusChange rows."""

from django.db import migrations

from incidents.rules import rule_violations


def changes_from_history(rows, merged):
    """The status changes history rows show, in order, as StatusChange fields. `rows` are
    (id, public_id, status, status_reason, history_type, history_date, history_user_id) in
    history order; `merged` maps a merged-away public id to its survivor's.

    An incident whose history starts with an edit or a deletion was created without history
    (a bulk import or the synthetic generator), so its earlier status is read from what the
    row allows: a deletion row holds the status it was deleted in, and only a published
    incident can be retracted."""
    previous, seen = {}, set()
    for pk, public_id, status, reason, kind, when, user_id in rows:
        first = pk not in seen
        seen.add(pk)
        was = previous.get(pk)
        if kind == "-":
            to = "merged" if public_id in merged else "deleted"
            was = status or was
        elif status != was:
            to = status
            if first and kind != "+" and to == "retracted":
                was = "published"
        else:
            continue
        previous[pk] = status if kind != "-" else None
        yield {
            "incident_id": None if kind == "-" else pk,
            "public_id": public_id,
            "from_status": was or "",
            "to_status": to,
            "public_note": reason if to == "retracted" else "",
            "replaced_by": merged.get(public_id, "") if to == "merged" else "",
            "changed_at": when,
            "changed_by_id": user_id,
        }


def backfill(apps, schema_editor):
    history = apps.get_model("incidents", "HistoricalIncident")
    change = apps.get_model("incidents", "StatusChange")
    merged = dict(
        apps.get_model("editor", "MergedIncident").objects.values_list(
            "old_public_id", "into__public_id"
        )
    )
    rows = history.objects.order_by("id", "history_date", "history_id").values_list(
        "id",
        "public_id",
        "status",
        "status_reason",
        "history_type",
        "history_date",
        "history_user_id",
    )
    batch = []
    for fields in changes_from_history(rows.iterator(chunk_size=5000), merged):
        batch.append(change(**fields))
        if len(batch) >= 5000:
            change.objects.bulk_create(batch)
            batch = []
    # Incidents whose history was never written (bulk-generated ones) get their first
    # StatusChange at their first change of status: until then they were never withdrawn.
    change.objects.bulk_create(batch)


def forget(apps, schema_editor):
    apps.get_model("incidents", "StatusChange").objects.all().delete()


def report(apps, schema_editor):
    found = rule_violations(
        incident=apps.get_model("incidents", "Incident"),
        source=apps.get_model("sources", "SourceArticle"),
        claim=apps.get_model("incidents", "Claim"),
        place=apps.get_model("incidents", "Place"),
    )
    found = {rule: ids for rule, ids in found.items() if ids}
    if found:
        print("\n  Rows outside Salvo's rules (left as they are; `manage.py check_catalogue`):")
        for rule, ids in found.items():
            print(
                f"    {rule}: {len(ids)} ({', '.join(ids[:10])}{' ...' if len(ids) > 10 else ''})"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_domain_rules_and_status_changes"),
        ("sources", "0003_domain_rules"),
        ("editor", "0001_merged_incidents_and_review_notes"),
    ]

    operations = [
        migrations.RunPython(backfill, forget),
        migrations.RunPython(report, migrations.RunPython.noop),
    ]
