from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import redirect

from incidents.models import Incident

from ..selectors import resolve_public_id


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors next to the form fields they concern."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = name if name in form.fields else None
            if name == NON_FIELD_ERRORS:
                target = None
            for message in messages:
                form.add_error(target, message if target else f"{_label(form, name)}{message}")
    else:
        for message in error.messages:
            form.add_error(None, message)


def _label(form, name: str) -> str:
    if name == NON_FIELD_ERRORS:
        return ""
    try:
        return f"{Incident._meta.get_field(name).verbose_name}: "
    except Exception:  # noqa: BLE001 - any unknown name is shown as is
        return f"{name}: "


def get_incident_or_redirect(public_id: str, view_name: str, **extra):
    """The incident, or a redirect to the incident it was merged into, or 404."""
    incident = (
        Incident.objects.select_related("place", "launch_place").filter(public_id=public_id).first()
    )
    if incident is not None:
        return incident, None
    survivor = resolve_public_id(public_id)
    if survivor is None:
        raise Http404("No such incident")
    return None, redirect(view_name, public_id=survivor.public_id, **extra)
