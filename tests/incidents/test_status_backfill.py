"""The migration that rebuilds status changes from history, for rows stored before every door
wrote them: a sync client must learn of each withdrawal, even of incidents created in bulk
(whose history starts with an edit or a deletion, not a creation)."""

import importlib
from datetime import UTC, datetime

backfill = importlib.import_module(
    "incidents.migrations.0008_backfill_status_changes_and_report_rule_violations"
)
WHEN = datetime(2024, 1, 1, tzinfo=UTC)


def _changes(rows, merged=None):
    return [
        (c["public_id"], c["from_status"], c["to_status"])
        for c in backfill.changes_from_history(rows, merged or {})
    ]


def test_a_full_history_gives_each_change_of_status():
    rows = [
        (1, "SLV-1", "draft", "", "+", WHEN, None),
        (1, "SLV-1", "draft", "", "~", WHEN, None),
        (1, "SLV-1", "published", "", "~", WHEN, None),
        (1, "SLV-1", "retracted", "wrong base", "~", WHEN, None),
    ]
    assert _changes(rows) == [
        ("SLV-1", "", "draft"),
        ("SLV-1", "draft", "published"),
        ("SLV-1", "published", "retracted"),
    ]


def test_a_bulk_made_incident_deleted_is_withdrawn_from_the_status_it_had():
    rows = [(2, "SLV-G2", "published", "", "-", WHEN, None)]
    assert _changes(rows) == [("SLV-G2", "published", "deleted")]


def test_a_bulk_made_incident_first_seen_retracted_was_published():
    rows = [(3, "SLV-G3", "retracted", "duplicate report", "~", WHEN, None)]
    assert _changes(rows) == [("SLV-G3", "published", "retracted")]


def test_a_merged_draft_is_not_said_to_have_been_public():
    rows = [
        (4, "SLV-4", "draft", "", "+", WHEN, None),
        (4, "SLV-4", "draft", "", "-", WHEN, None),
    ]
    assert _changes(rows, {"SLV-4": "SLV-9"}) == [
        ("SLV-4", "", "draft"),
        ("SLV-4", "draft", "merged"),
    ]
