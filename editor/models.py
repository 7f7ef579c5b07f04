"""What the editor workspace keeps beyond the catalogue itself: where merged incidents went,
and the notes reviewers leave when they publish, send back or retract."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident


class MergedIncident(models.Model):
    """An incident folded into another. Its public identifier stays valid: pages and the API
    call `editor.selectors.resolve_public_id` and redirect to the survivor."""

    old_public_id = models.CharField(max_length=20, unique=True)
    into = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="merged_from")
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.old_public_id} → {self.into.public_id}"


class ReviewNote(models.Model):
    """A reviewer's decision on an incident, with the comment the editor will read."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Published")
        SEND_BACK = "send_back", _("Sent back")
        RETRACT = "retract", _("Retracted")
        MERGE = "merge", _("Merged another incident into this one")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="review_notes")
    action = models.CharField(max_length=12, choices=Action.choices)
    comment = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.incident.public_id}"
