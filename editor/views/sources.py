"""Intake an article, then work through the attacks it reports beside its text."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistant.engine import AssistantInputError
from assistant.selectors import suggestions as assistant_suggestions
from assistant.services import PRECISION, complete, draft_from_suggestion, quote_for
from incidents.models import DatePrecision, Incident, Weapon
from incidents.roles import is_reviewer
from incidents.services import (
    citation_create,
    incident_create_from_article,
    source_create,
    source_find_existing,
)
from sources.models import SourceArticle

from ..forms import CitationForm, FindIncidentForm, NewIncidentForm, SourceIntakeForm
from ..permissions import editor_required
from ..selectors import duplicate_candidates
from .common import add_service_errors

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
        data = form.cleaned_data
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
            messages.success(request, _("Source recorded. Now enter the attacks it reports."))
            return redirect("editor:source", pk=article.pk)
    return render(
        request, "editor/source_form.html", {"form": form}, status=400 if form.is_bound else 200
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
    suggested, suggest_error = _suggestions(article)
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
            "unmatched": (suggested and suggested[0].get("_unmatched")) or [],
        },
        status=status,
    )


WEAPONS = dict(Weapon.choices)
STATUSES = dict(Incident.Status.choices)


def _suggestions(article) -> tuple[list[dict], str]:
    """The assistant's suggestions for this article, each with what the page needs: its
    number, the quote a citation would use, and its evidence as offsets for the highlighter."""
    if not (article.text or "").strip() or article.language not in ("ar", "en"):
        return [], ""
    try:
        result = assistant_suggestions(
            article.text, language=article.language, published=article.published_on
        )
    except AssistantInputError as error:
        return [], error.message
    out = []
    for n, inc in enumerate(result["incidents"]):
        inc["index"] = n
        inc["complete"] = complete(inc)
        precision = PRECISION.get(inc["date_precision"])
        inc["precision_label"] = DatePrecision(precision).label if precision else ""
        inc["weapon_label"] = WEAPONS.get(inc["weapon"], inc["weapon"]) if inc["weapon"] else None
        for d in inc["duplicates"]:
            d["weapon_label"] = WEAPONS.get(d["weapon"], d["weapon"])
            d["status_label"] = STATUSES.get(d["status"], d["status"])
        inc["quote"] = quote_for(article.text, inc)
        inc["spans"] = {
            key: " ".join(f"{e['start']}-{e['end']}" for e in spans)
            for key, spans in inc["evidence"].items()
        }
        out.append(inc)
    if out:
        out[0]["_unmatched"] = result["unmatched_places"]
    return out, ""


@require_POST
@editor_required
def suggestion_draft(request, pk):
    """Create the draft a suggestion describes, citing this article: one step, then the
    editor reviews and corrects it like any draft. A suggestion without a place or a date
    opens the new-incident form with what it has."""
    article = get_object_or_404(SourceArticle, pk=pk)
    found, _error = _suggestions(article)
    try:
        suggestion = found[int(request.POST.get("index", ""))]
    except (ValueError, IndexError):
        messages.error(request, _("That suggestion is no longer there: the page was out of date."))
        return redirect("editor:source", pk=article.pk)
    if not suggestion["complete"]:
        params = {"quote": suggestion["quote"], "weapon": suggestion.get("weapon") or ""}
        if suggestion.get("date_start"):
            params["date_start"] = suggestion["date_start"]
        url = reverse("editor:incident_new", kwargs={"pk": article.pk})
        return redirect(f"{url}?{urlencode({k: v for k, v in params.items() if v})}")
    try:
        incident = draft_from_suggestion(user=request.user, article=article, suggestion=suggestion)
    except ValidationError as error:
        messages.error(
            request,
            _("The suggestion could not become a draft: %(why)s")
            % {"why": " ".join(error.messages)},
        )
        return redirect("editor:source", pk=article.pk)
    messages.success(
        request,
        _("Created draft %(id)s from the suggestion, citing this article. Check each field.")
        % {"id": incident.public_id},
    )
    return redirect("editor:incident_edit", public_id=incident.public_id)


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
