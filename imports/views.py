"""The editor's import page: upload a file, choose its format and a dry run, follow the
progress, read the report; from a dry run's report, import the same file for real."""

import shutil
import threading
from functools import wraps
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from incidents.roles import is_editor, is_reviewer

from .formats import FORMATS
from .models import Format, ImportRun
from .services import import_file, import_run_create

MAX_UPLOAD = 250 * 1024 * 1024


def editor_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("editor:login"))
        if not is_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    dry_run = forms.BooleanField(
        label=_("Dry run: check and count, write nothing"), required=False, initial=True
    )
    publish = forms.BooleanField(
        label=_("Publish the new incidents (reviewers only)"), required=False
    )
    event_types = forms.CharField(
        label=_("ACLED: only these event types (comma-separated)"), required=False
    )
    words = forms.CharField(label=_("ACLED: only rows whose notes mention"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(
                _(
                    "The file is %(mb)d MB; the limit is 250 MB. Split it, or import it with the "
                    "import_incidents command."
                )
                % {"mb": upload.size // 2**20}
            )
        return upload


def _stored(run: ImportRun) -> Path:
    return Path(settings.DATA_DIR) / "imports" / f"{run.pk}.csv"


def _options(run: ImportRun) -> dict:
    return run.report.get("options", {})


def _start(run: ImportRun, path: Path, options: dict) -> None:
    # The report's reasons are written in the language of the editor who started the run; a
    # new thread would otherwise speak the site's default language.
    language = translation.get_language()

    def work():
        with translation.override(language), path.open("rb") as binary:
            import_file(run=run, binary=binary, options=options)

    def in_thread():
        try:
            work()
        finally:
            # The thread's own connection; the request's one must not be touched (inside a
            # transaction, close_old_connections() would close it under the request).
            close_old_connections()

    if getattr(settings, "SALVO_IMPORT_INLINE", False):
        work()  # tests: the request waits, and the report is there on the next page
    else:
        threading.Thread(target=in_thread, name=f"import-{run.pk}", daemon=True).start()


@editor_only
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["publish"] and not is_reviewer(request.user):
            form.add_error("publish", _("Publishing imported incidents needs the reviewer role."))
        else:
            run = import_run_create(
                user=request.user,
                file_name=data["file"].name,
                format=data["format"],
                dry_run=data["dry_run"],
                publish=data["publish"],
                size=data["file"].size,
            )
            path = _stored(run)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as out:
                for chunk in data["file"].chunks():
                    out.write(chunk)
            options = {
                "event_types": [w for w in data["event_types"].split(",") if w.strip()],
                "words": [w for w in data["words"].split(",") if w.strip()],
            }
            run.report = {"options": options}
            run.save(update_fields=["report"])
            _start(run, path, options)
            return redirect("imports:run", pk=run.pk)
    runs = ImportRun.objects.select_related("created_by")[:20]
    status = 400 if form.is_bound else 200
    return render(
        request,
        "imports/upload.html",
        {"form": form, "runs": runs, "formats": FORMATS},
        status=status,
    )


@editor_only
def run_detail(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    context = {"run": run, "report": run.report, "can_publish": is_reviewer(request.user)}
    return render(request, "imports/run.html", context)


@editor_only
def run_status(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    return JsonResponse(
        {
            "state": run.state,
            "rows_read": run.rows_read,
            "bytes_read": run.bytes_read,
            "size_bytes": run.size_bytes,
        }
    )


@editor_only
@require_POST
def run_for_real(request, pk: int):
    """Import, for real, the file a dry run checked."""
    dry = get_object_or_404(ImportRun, pk=pk, dry_run=True)
    source = _stored(dry)
    if not source.exists():
        messages.error(request, _("The checked file is no longer stored; upload it again."))
        return redirect("imports:upload")
    publish = request.POST.get("publish") == "1"
    run = import_run_create(
        user=request.user,
        file_name=dry.file_name,
        format=dry.format,
        dry_run=False,
        publish=publish,
        size=dry.size_bytes,
    )
    options = _options(dry)
    run.report = {"options": options}
    run.save(update_fields=["report"])
    shutil.copyfile(source, _stored(run))
    _start(run, _stored(run), options)
    return redirect("imports:run", pk=run.pk)
