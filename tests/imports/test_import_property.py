"""Property tests for importing bad files (issue 13): whatever a cell holds, and whatever bytes
a file is, the import finishes with a report — each row counted once, as valid, with errors or
skipped, each bad cell named by row and column — and a dry run writes nothing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.models import ImportRun
from incidents.models import Incident

from .conftest import ACLED_HEADER, acled_csv

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "0", "-1", "1e400", "nan", "9" * 30, "9999-12-31", "0001-01-01", "=1+1", "@x", "٣٣"]
    ),
)
row = st.dictionaries(st.sampled_from(ACLED_HEADER), cell, max_size=6)


def _consistent(report):
    assert report["rows_read"] == (
        report["rows_valid"] + report["rows_with_errors"] + report["rows_skipped"]
    )
    for error in report["errors"]:
        assert error["row"] >= 2 and error["reason"]


@given(rows=st.lists(row, min_size=1, max_size=4), dry_run=st.booleans())
@EXAMPLES
def test_any_cells_give_a_row_by_row_report(alice, run_import, rows, dry_run):
    before = Incident.objects.count()
    ids = [{"event_id_cnty": f"IRQ9{i:04d}", **r} for i, r in enumerate(rows)]
    text = acled_csv(*ids)
    report = run_import(alice, text, dry_run=dry_run)
    _consistent(report)
    # A NUL byte marks a binary file: refused whole, with one message. Anything else is rows.
    assert bool(report["file_errors"]) == ("\x00" in text)
    assert not report["stopped"]  # no batch failed at write time
    if dry_run:
        assert Incident.objects.count() == before
    else:
        assert Incident.objects.count() - before <= report["rows_valid"]
    assert ImportRun.objects.latest("id").state != ImportRun.State.FAILED


@given(data=st.binary(max_size=400))
@EXAMPLES
def test_any_bytes_give_a_report_not_a_crash(alice, run_import, data):
    report = run_import(alice, data, dry_run=True)
    _consistent(report)
    assert report["file_errors"] or report["rows_read"] >= 0
    assert not Incident.objects.exists()
