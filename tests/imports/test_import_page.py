"""The editor's import page: upload, dry-run report, import for real, who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports import views
from imports.models import ImportRun
from incidents.models import Incident

from .conftest import acled_csv

pytestmark = pytest.mark.django_db
URL = "/editor/imports/"


@pytest.fixture(autouse=True)
def _inline(settings, tmp_path):
    settings.SALVO_IMPORT_INLINE = True
    settings.DATA_DIR = tmp_path


def upload(client, data: str, **fields):
    file = SimpleUploadedFile("events.csv", data.encode(), content_type="text/csv")
    return client.post(URL, {"file": file, "format": "acled", "dry_run": "on", **fields})


def test_a_dry_run_report_then_an_import_gives_drafts_in_the_review_queue(client, alice, rita):
    client.force_login(alice)
    response = upload(client, acled_csv({}, {"event_id_cnty": "IRQ70030", "latitude": "91"}))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{run.pk}/"

    page = client.get(response["Location"]).content.decode()
    assert "Dry run of" in page
    assert '<dd data-count="new">1</dd>' in page
    assert "Out of range: must be between -90 and 90." in page
    assert not Incident.objects.exists()

    response = client.post(f"{URL}{run.pk}/import/")
    real = ImportRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == f"{URL}{real.pk}/" and not real.dry_run
    assert real.state == "done"
    incident = Incident.objects.get()
    assert incident.status == "draft"
    client.force_login(rita)
    assert incident.public_id in client.get("/editor/review/").content.decode()


def test_the_progress_status_is_json(client, alice):
    client.force_login(alice)
    upload(client, acled_csv({}))
    run = ImportRun.objects.get()
    status = client.get(f"{URL}{run.pk}/status/").json()
    assert status["state"] == "done" and status["rows_read"] == 1
    assert status["bytes_read"] == status["size_bytes"] > 0


def test_a_file_problem_is_shown_on_the_report_not_a_500(client, alice):
    client.force_login(alice)
    file = SimpleUploadedFile("sheet.xlsx", b"PK\x03\x04xlsx")
    response = client.post(URL, {"file": file, "format": "acled", "dry_run": "on"}, follow=True)
    assert response.status_code == 200
    assert "it looks like a ZIP archive or an Excel workbook" in response.content.decode()


def test_only_reviewers_publish_and_only_editors_import(client, alice, bob):
    client.force_login(alice)
    response = upload(client, acled_csv({}), publish="on")
    assert response.status_code == 400
    assert "Publishing imported incidents needs the reviewer role." in response.content.decode()
    client.force_login(bob)
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL)["Location"].startswith("/editor/login/")


def test_a_file_over_the_limit_gets_a_form_message(client, alice, monkeypatch):
    monkeypatch.setattr(views, "MAX_UPLOAD", 10)
    client.force_login(alice)
    response = upload(client, acled_csv({}))
    assert response.status_code == 400
    assert "the limit is 250 MB" in response.content.decode()


def test_a_running_import_shows_a_progress_bar_fed_by_the_status_url(client, alice):
    run = ImportRun.objects.create(
        created_by=alice, file_name="big.csv", format="acled", size_bytes=1000, bytes_read=250
    )
    client.force_login(alice)
    page = client.get(f"{URL}{run.pk}/").content.decode()
    assert f'data-status-url="{URL}{run.pk}/status/"' in page
    assert '<progress id="import-bar" max="1000" value="250">' in page
    assert "imports/progress.js" in page


class _JoinedThread(views.threading.Thread):
    """A real new thread (with the site's default language, as in production), waited for so
    the test can read the report it wrote."""

    def start(self):
        super().start()
        self.join()


def test_the_report_speaks_the_language_of_the_editor_who_uploaded(
    client, transactional_db, alice, settings, monkeypatch
):
    settings.SALVO_IMPORT_INLINE = False  # the background thread, as the site runs it
    monkeypatch.setattr(views.threading, "Thread", _JoinedThread)
    client.force_login(alice)
    client.cookies["django_language"] = "ar"
    faulty = acled_csv(
        {"latitude": "91"},
        {"event_id_cnty": "IRQ70031", "fatalities": "-3"},
        {"event_id_cnty": "IRQ70032", "event_date": "2999-01-01"},
    )
    run_page = client.get(upload(client, faulty)["Location"]).content.decode()
    # The cell checks and the model's own rules, both in Arabic.
    assert "خارج النطاق: يجب أن تكون بين" in run_page
    assert "يجب أن تكون بين 0 و1,000,000." in run_page
    assert "التاريخ في المستقبل." in run_page
    assert "Out of range" not in run_page and "Must be between" not in run_page
    # A raw cell is shown left to right as the file has it, so -3 keeps its minus sign on the
    # left and a formula its = at the start, in the Arabic page too.
    assert '<bdi class="cell-value" dir="ltr">-3</bdi>' in run_page
