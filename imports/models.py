"""Imports of whole datasets: one ImportRun per file, and the external ids that make a re-run of
the same file match the incidents it created instead of adding them again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    SALVO = "salvo", _("Salvo CSV export")
    ACLED = "acled", _("ACLED CSV")
    UCDP = "ucdp", _("UCDP GED CSV")


class ImportRun(models.Model):
    """One file imported (or dry-run) by one user; its report is kept for review as a batch."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    dry_run = models.BooleanField(_("dry run"), default=True)
    publish = models.BooleanField(_("publish imported incidents"), default=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.RUNNING)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    size_bytes = models.PositiveBigIntegerField(_("file size"), default=0)
    bytes_read = models.PositiveBigIntegerField(_("bytes read"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.format})"


class ImportedRecord(models.Model):
    """The stable id a row carried in its dataset (ACLED event_id_cnty, UCDP id), kept so a
    re-run matches the incident instead of creating it twice."""

    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    external_id = models.CharField(_("external ID"), max_length=100)
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.CASCADE,
        related_name="imported_records",
        verbose_name=_("incident"),
    )
    run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, related_name="records")
    row = models.PositiveIntegerField(_("row"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["format", "external_id"], name="importedrecord_once_per_dataset_id"
            )
        ]

    def __str__(self):
        return f"{self.format}:{self.external_id}"


class ImportedPlace(models.Model):
    """Marks a gazetteer place created by an import (not yet checked by an editor)."""

    place = models.OneToOneField(
        "incidents.Place", on_delete=models.CASCADE, related_name="imported"
    )
    run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, related_name="+")
    row = models.PositiveIntegerField(_("row"), default=0)

    def __str__(self):
        return f"{self.place} (imported)"
