"""Reviewers' queue and decisions: publish, send back with a comment, retract, merge."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.services import (
    VersionConflict,
    incident_merge,
    incident_publish,
    incident_retract,
    incident_send_back,
)

from ..forms import MergeForm, ReviewForm
from ..permissions import reviewer_required
from ..selectors import duplicate_candidates, review_queue
from .common import get_incident_or_redirect


@reviewer_required
def queue(request):
    drafts, changed = review_queue()
    return render(request, "editor/review_queue.html", {"drafts": drafts, "changed": changed})


def _decide(service, done_message, *, comment_kw="comment"):
    @require_POST
    @reviewer_required
    def view(request, public_id):
        incident, moved = get_incident_or_redirect(public_id, "editor:incident")
        if moved:
            return moved
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The form was incomplete; nothing was changed."))
            return redirect("editor:incident", public_id=incident.public_id)
        try:
            service(
                incident=incident,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                **{comment_kw: form.cleaned_data["comment"]},
            )
        except VersionConflict as error:
            messages.error(request, str(error) + " " + _("Look at the changes and decide again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done_message % {"id": incident.public_id})
        return redirect("editor:incident", public_id=incident.public_id)

    return view


publish = _decide(incident_publish, _("Published %(id)s."))
send_back = _decide(incident_send_back, _("Sent %(id)s back to its editors."))
retract = _decide(incident_retract, _("Retracted %(id)s."), comment_kw="reason")


@reviewer_required
def merge(request, public_id):
    """Fold a duplicate into this incident, after showing the likely duplicates."""
    incident, moved = get_incident_or_redirect(public_id, "editor:merge")
    if moved:
        return moved
    form = MergeForm(
        request.POST or None,
        initial={"version": incident.version, "duplicate": request.GET.get("duplicate")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident_merge(
                duplicate=form.cleaned_data["duplicate"],
                into=incident,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except VersionConflict as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Merged %(old)s into %(id)s.")
                % {"old": form.cleaned_data["duplicate"].public_id, "id": incident.public_id},
            )
            return redirect("editor:incident", public_id=incident.public_id)
    candidates = duplicate_candidates(
        place_id=incident.place_id,
        date_start=incident.date_start,
        date_end=incident.date_end,
        weapon=incident.weapon,
        exclude_ids=[incident.pk],
    )
    return render(
        request,
        "editor/merge.html",
        {
            "incident": incident,
            "form": form,
            "candidates": candidates,
        },
        status=400 if form.is_bound else 200,
    )
