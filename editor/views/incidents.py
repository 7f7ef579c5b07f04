"""An incident as editors see it, its edit form (with the version check), claims and
attributions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.roles import is_reviewer
from incidents.services import (
    VersionConflict,
    attribution_create,
    claim_create,
    incident_update,
    related_save,
)
from sources.models import Citation

from ..forms import (
    AttributionForm,
    ClaimForm,
    GradeForm,
    IncidentForm,
    MergeForm,
    ReviewForm,
    limit_sources,
)
from ..history import changes_since
from ..permissions import editor_required
from .common import add_service_errors, get_incident_or_redirect


def _detail(request, incident, *, claim_form=None, attribution_form=None, status=200):
    citations = list(
        incident.citations.select_related("article__outlet").order_by("article__published_on", "id")
    )
    for citation in citations:
        citation.grade_form = GradeForm(instance=citation, prefix=f"grade-{citation.pk}")
    claims = incident.claims.select_related("actor", "source")
    attributions = incident.attributions.select_related("actor", "source")
    notes = incident.review_notes.select_related("author")[:10]
    version = {"version": incident.version}
    return render(
        request,
        "editor/incident_detail.html",
        {
            "incident": incident,
            "citations": citations,
            "claims": claims,
            "attributions": attributions,
            "notes": notes,
            "forces": incident.targeted_forces.all(),
            "merged_from": incident.merged_from.all(),
            "can_review": is_reviewer(request.user),
            "review_form": ReviewForm(initial=version),
            "merge_form": MergeForm(initial=version),
            "claim_form": claim_form or limit_sources(ClaimForm(prefix="claim"), incident),
            "attribution_form": attribution_form
            or limit_sources(AttributionForm(prefix="attr"), incident),
        },
        status=status,
    )


@editor_required
def incident_detail(request, public_id):
    incident, moved = get_incident_or_redirect(public_id, "editor:incident")
    return moved or _detail(request, incident)


@editor_required
def incident_edit(request, public_id):
    incident, moved = get_incident_or_redirect(public_id, "editor:incident_edit")
    if moved:
        return moved
    conflict = None
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expected = data["version"]
        try:
            incident_update(
                incident=incident,
                user=request.user,
                expected_version=expected,
                changes=form.changes(),
                targeted_forces=data["targeted_forces"],
                casualties=form.casualties(),
                reason=data["reason"],
            )
        except VersionConflict as error:
            current = error.incident
            conflict = {
                "error": error,
                "changes": changes_since(current, expected),
                "current": current,
            }
            # Keep everything typed; a second save now means "mine wins, I have seen theirs".
            post = request.POST.copy()
            post["version"] = current.version
            form = IncidentForm(post, instance=current)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved %(id)s.") % {"id": incident.public_id})
            return redirect("editor:incident", public_id=incident.public_id)
    return render(
        request,
        "editor/incident_form.html",
        {
            "form": form,
            "incident": incident,
            "conflict": conflict,
        },
        status=409 if conflict else 400 if form.is_bound else 200,
    )


@require_POST
@editor_required
def claim_add(request, public_id):
    incident, moved = get_incident_or_redirect(public_id, "editor:incident")
    if moved:
        return moved
    form = limit_sources(ClaimForm(request.POST, prefix="claim"), incident)
    if form.is_valid():
        try:
            claim_create(user=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Claim added."))
            return redirect("editor:incident", public_id=incident.public_id)
    return _detail(request, incident, claim_form=form, status=400)


@require_POST
@editor_required
def attribution_add(request, public_id):
    incident, moved = get_incident_or_redirect(public_id, "editor:incident")
    if moved:
        return moved
    form = limit_sources(AttributionForm(request.POST, prefix="attr"), incident)
    if form.is_valid():
        try:
            attribution_create(user=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Attribution added."))
            return redirect("editor:incident", public_id=incident.public_id)
    return _detail(request, incident, attribution_form=form, status=400)


@require_POST
@editor_required
def citation_grade(request, public_id, pk):
    """Grade one citation (Admiralty reliability and credibility); the incident gets a new
    version, as for any change to what its page shows."""
    incident, moved = get_incident_or_redirect(public_id, "editor:incident")
    if moved:
        return moved
    citation = get_object_or_404(Citation, pk=pk, incident=incident)
    form = GradeForm(request.POST, instance=citation, prefix=f"grade-{citation.pk}")
    if form.is_valid():
        try:
            related_save(obj=form.instance, user=request.user, reason="Graded")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Graded %(grade)s.") % {"grade": citation.grade or _("not graded")},
            )
            return redirect("editor:incident", public_id=incident.public_id)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("editor:incident", public_id=incident.public_id)
