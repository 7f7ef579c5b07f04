"""Importing a file in a real browser: upload an ACLED file, read the dry run's report, import it
as a reviewer with publishing, and find the incident on its public page."""

import pytest
from playwright.sync_api import expect

from imports.models import ImportRun
from incidents.models import Incident
from tests.browser.test_editor import sign_in
from tests.imports.conftest import acled_csv


@pytest.fixture
def committed_rita(transactional_db, rita):
    return rita


def test_upload_dry_run_report_import_and_the_incident_is_public(
    page, committed_rita, settings, tmp_path
):
    settings.SALVO_IMPORT_INLINE = True
    settings.DATA_DIR = tmp_path
    csv_file = tmp_path / "events.csv"
    csv_file.write_text(acled_csv({}, {"event_id_cnty": "IRQ70040", "event_date": "someday"}))

    sign_in(page, "rita")
    page.get_by_role("link", name="Import a file").click()
    page.set_input_files("#id_file", str(csv_file))
    page.select_option("#id_format", "acled")
    expect(page.locator("#id_dry_run")).to_be_checked()
    page.get_by_role("button", name="Upload and check").click()

    expect(page.locator("h1")).to_contain_text("Dry run of events.csv")
    expect(page.locator('[data-count="new"]')).to_have_text("1")
    expect(page.locator("#import-errors")).to_contain_text("someday")
    assert not Incident.objects.exists()

    page.get_by_label("Publish the new incidents").check()
    page.get_by_role("button", name="Import the 1 valid rows").click()
    expect(page.locator("h1")).to_contain_text("Import of events.csv")
    expect(page.locator('[data-count="new"]')).to_have_text("1")
    assert ImportRun.objects.filter(dry_run=False, state="done").count() == 1

    incident = Incident.objects.get()
    assert incident.status == "published"
    page.goto(f"/incidents/{incident.public_id}/")
    expect(page.locator("main")).to_contain_text("Testfield Air Base")
    assert page.errors == []
