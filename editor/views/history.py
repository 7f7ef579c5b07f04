"""Every version of an incident, field by field, and the way back to any of them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incidents.services import VersionConflict, incident_revert

from ..forms import RevertForm
from ..history import incident_history
from ..permissions import editor_required
from .common import get_incident_or_redirect


@editor_required
def history(request, public_id):
    incident, moved = get_incident_or_redirect(public_id, "editor:history")
    if moved:
        return moved
    own, related = incident_history(incident)
    return render(
        request,
        "editor/history.html",
        {
            "incident": incident,
            "entries": own,
            "related": related,
        },
    )


@require_POST
@editor_required
def revert(request, public_id):
    incident, moved = get_incident_or_redirect(public_id, "editor:history")
    if moved:
        return moved
    form = RevertForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect("editor:history", public_id=incident.public_id)
    data = form.cleaned_data
    try:
        incident_revert(
            incident=incident,
            history_id=data["history_id"],
            user=request.user,
            expected_version=data["version"],
            reason=data["reason"],
        )
    except VersionConflict as error:
        messages.error(request, str(error) + " " + _("Look at the newest version first."))
        return redirect("editor:history", public_id=incident.public_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("editor:history", public_id=incident.public_id)
    messages.success(
        request,
        _("Reverted %(id)s; the revert is itself a new version.") % {"id": incident.public_id},
    )
    return redirect("editor:incident", public_id=incident.public_id)
