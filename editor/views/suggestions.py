"""The assistant's suggestions in an article's workspace, and the two one-step actions each
offers: cite the article for a likely duplicate, or create the draft it describes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistant.engine import AssistantInputError
from assistant.selectors import suggestions as assistant_suggestions
from assistant.services import (
    PRECISION,
    citation_from_suggestion,
    complete,
    draft_from_suggestion,
    quote_for,
)
from incidents.models import DatePrecision, Incident, Weapon
from sources.models import SourceArticle

from ..permissions import editor_required

WEAPONS = dict(Weapon.choices)
STATUSES = dict(Incident.Status.choices)


def workspace_suggestions(article) -> tuple[list[dict], list[dict], str]:
    """The assistant's suggestions for this article, each with what the page needs (its
    number, the quote a citation would use, its evidence as offsets for the highlighter), the
    place names the gazetteer lacks, and why there are none when the assistant refused."""
    if not (article.text or "").strip() or article.language not in ("ar", "en"):
        return [], [], ""
    try:
        result = assistant_suggestions(
            article.text, language=article.language, published=article.published_on
        )
    except AssistantInputError as error:
        return [], [], error.message
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
    return out, result["unmatched_places"], ""


def _posted_suggestion(request, article) -> dict | None:
    """The suggestion a workspace form names by its number, worked out again from the text
    (nothing the browser sends is taken as a value); None, with a message, if it is gone."""
    found, _unmatched, _error = workspace_suggestions(article)
    try:
        return found[int(request.POST.get("index", ""))]
    except (ValueError, IndexError):
        messages.error(request, _("That suggestion is no longer there: the page was out of date."))
        return None


@require_POST
@editor_required
def suggestion_draft(request, pk):
    """Create the draft a suggestion describes, citing this article: one step, then the
    editor reviews and corrects it like any draft. A suggestion without a place or a date
    opens the new-incident form with what it has."""
    article = get_object_or_404(SourceArticle, pk=pk)
    suggestion = _posted_suggestion(request, article)
    if suggestion is None:
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


@require_POST
@editor_required
def suggestion_cite(request, pk):
    """The "Cite this article for SLV-…" button: one of a suggestion's likely duplicates is
    the attack, so the article becomes one more source for it, quoting the suggestion."""
    article = get_object_or_404(SourceArticle, pk=pk)
    suggestion = _posted_suggestion(request, article)
    if suggestion is None:
        return redirect("editor:source", pk=article.pk)
    incident = Incident.objects.filter(public_id=request.POST.get("incident", "")).first()
    if incident is None:
        messages.error(request, _("No such incident: choose one of the likely duplicates."))
        return redirect("editor:source", pk=article.pk)
    try:
        citation_from_suggestion(
            user=request.user, article=article, incident=incident, suggestion=suggestion
        )
    except ValidationError as error:
        messages.error(
            request,
            _("Could not cite this article for %(id)s: %(why)s")
            % {"id": incident.public_id, "why": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("Cited this article for %(id)s.") % {"id": incident.public_id})
    return redirect("editor:source", pk=article.pk)
