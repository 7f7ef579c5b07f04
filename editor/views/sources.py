"""Intake an article, then work through the attacks it reports beside its text."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fetching.selectors import latest_snapshot
from fetching.services import snapshot_attach
from incidents.models import Incident
from incidents.roles import is_reviewer
from incidents.services import (
    citation_create,
    incident_create_from_article,
    source_create,
    source_find_existing,
)
from sources.models import SourceArticle

from ..forms import (
    CitationForm,
    FetchForm,
    FindIncidentForm,
    NewIncidentForm,
    SourceIntakeForm,
)
from ..permissions import editor_required
from ..selectors import duplicate_candidates
from .common import add_service_errors
from .suggestions import workspace_suggestions

FIND_FIELDS = ["place", "date_start", "date_precision", "date_end", "weapon"]


@editor_required
def home(request):
    sources = (
        SourceArticle.objects.select_related("outlet")
        .annotate(n_incidents=Count("citations"))
        .only("id", "title", "published_on", "language", "outlet__name_en", "outlet__name_ar")
        .order_by("-created_at", "-id")[:15]
    )
    drafts = (
        Incident.objects.filter(status=Incident.Status.DRAFT)
        .select_related("place")
        .order_by("-updated_at")[:15]
    )
    return render(
        request,
        "editor/home.html",
        {
            "sources": sources,
            "drafts": drafts,
            "can_review": is_reviewer(request.user),
        },
    )


@editor_required
def source_new(request):
    form = SourceIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        snapshot_id = data.pop("snapshot", None)
        existing = source_find_existing(url=data.get("url", ""), text=data["text"])
        if existing is not None:
            messages.warning(
                request,
                _(
                    "This article is already recorded (same address or same text): "
                    "opened the existing source instead of adding a copy."
                ),
            )
            return redirect("editor:source", pk=existing.pk)
        try:
            article = source_create(user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            snapshot_attach(snapshot_id=snapshot_id, article=article)
            messages.success(request, _("Source recorded. Now enter the attacks it reports."))
            return redirect("editor:source", pk=article.pk)
    return render(
        request,
        "editor/source_form.html",
        {"form": form, "fetch_form": FetchForm()},
        status=400 if form.is_bound else 200,
    )


def _workspace(request, article, *, find_form, cite_form=None, status=200):
    candidates, find_hidden = [], []
    if find_form.is_bound and find_form.is_valid():
        find_hidden = [(k, find_form.data.get(k, "")) for k in FIND_FIELDS]
        data = find_form.cleaned_data
        candidates = duplicate_candidates(
            place_id=data["place"].pk,
            date_start=data["date_start"],
            date_end=data.get("date_end"),
            weapon=data["weapon"],
        )
        if cite_form is None:
            cite_form = CitationForm(initial={"quote": data.get("quote", "")})
    cited = article.citations.select_related("incident__place").order_by("incident__date_start")
    suggested, unmatched, suggest_error = workspace_suggestions(article)
    return render(
        request,
        "editor/source_workspace.html",
        {
            "article": article,
            "find_form": find_form,
            "cite_form": cite_form,
            "candidates": candidates,
            "cited": cited,
            "find_hidden": find_hidden,
            "new_incident_url": reverse("editor:incident_new", kwargs={"pk": article.pk}),
            "suggestions": suggested,
            "suggest_error": suggest_error,
            "unmatched": unmatched,
            "snapshot": latest_snapshot(article),
        },
        status=status,
    )


@editor_required
def source_workspace(request, pk):
    article = get_object_or_404(
        SourceArticle.objects.select_related("outlet", "wire_agency"), pk=pk
    )
    find_form = FindIncidentForm(
        request.GET if "place" in request.GET else None,
        initial={"date_start": article.published_on},
    )
    return _workspace(request, article, find_form=find_form)


@require_POST
@editor_required
def source_cite(request, pk):
    """Attach this article to an incident chosen among the duplicate candidates."""
    article = get_object_or_404(SourceArticle, pk=pk)
    find_form = FindIncidentForm({k: request.POST.get(k, "") for k in FIND_FIELDS})
    cite_form = CitationForm(request.POST)
    incident = Incident.objects.filter(public_id=request.POST.get("incident", "")).first()
    if cite_form.is_valid():
        if incident is None:
            cite_form.add_error(
                None, _("Choose the incident this article reports, or create a new one.")
            )
        else:
            try:
                citation_create(
                    user=request.user, article=article, incident=incident, **cite_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(cite_form, error)
            else:
                messages.success(
                    request, _("Cited this article for %(id)s.") % {"id": incident.public_id}
                )
                return redirect("editor:source", pk=article.pk)
    return _workspace(request, article, find_form=find_form, cite_form=cite_form, status=400)


@editor_required
def incident_new(request, pk):
    """A new draft incident read from this article, with the quote that supports it."""
    article = get_object_or_404(SourceArticle, pk=pk)
    if request.method == "POST" and "prefill" in request.POST:
        # "None of these: create a new incident" from the workspace carries what was typed.
        keep = [*FIND_FIELDS, "quote", "role"]
        form = NewIncidentForm(initial={k: request.POST[k] for k in keep if request.POST.get(k)})
    elif request.method == "POST":
        form = NewIncidentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                incident = incident_create_from_article(
                    user=request.user,
                    article=article,
                    quote=data["quote"],
                    role=data["role"],
                    targeted_forces=data["targeted_forces"],
                    casualties=form.casualties(),
                    reason=data["reason"],
                    **form.changes(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Created draft %(id)s from this article.") % {"id": incident.public_id},
                )
                return redirect("editor:source", pk=article.pk)
    else:
        initial = {k: request.GET.get(k) for k in [*FIND_FIELDS, "quote"] if request.GET.get(k)}
        form = NewIncidentForm(initial={"date_start": article.published_on, **initial})
    return render(
        request,
        "editor/incident_form.html",
        {
            "form": form,
            "article": article,
            "creating": True,
        },
        status=400 if form.is_bound else 200,
    )
