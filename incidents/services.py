"""Writes that touch the catalogue. Pages, the admin and the API call these; they never save
incidents themselves, so every write is versioned, attributed and recorded in history."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .models import Incident


class VersionConflict(Exception):
    """Someone saved the incident since the caller read it. Carries what is current now."""

    def __init__(self, *, incident: Incident, expected_version: int):
        self.incident = incident
        self.expected_version = expected_version
        super().__init__(
            _("This incident was changed by someone else (now version %(now)s, you edited "
              "version %(was)s).") % {"now": incident.version, "was": expected_version}
        )


def _record(obj, *, user, reason: str):
    obj._history_user = user
    obj._change_reason = reason or None


@transaction.atomic
def incident_create(*, user, targeted_forces=(), reason: str = "", **fields) -> Incident:
    """Create an incident (a draft unless `status` says otherwise), validated like a form."""
    incident = Incident(**fields, created_by=user, updated_by=user)
    incident.full_clean()
    _record(incident, user=user, reason=reason or "Created")
    incident.save()
    if targeted_forces:
        incident.targeted_forces.set(targeted_forces)
    return incident


@transaction.atomic
def incident_update(
    *, incident: Incident, user, expected_version: int, changes: dict,
    targeted_forces=None, reason: str = "",
) -> Incident:
    """Apply `changes` if nobody saved since `expected_version`; raise VersionConflict if they
    did. The version check and bump is one conditional UPDATE, so two racing saves cannot both
    pass it."""
    bumped = Incident.objects.filter(pk=incident.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        raise VersionConflict(
            incident=Incident.objects.get(pk=incident.pk), expected_version=expected_version
        )
    incident.refresh_from_db()
    for name, value in changes.items():
        setattr(incident, name, value)
    incident.updated_by = user
    incident.full_clean()
    _record(incident, user=user, reason=reason)
    incident.save()
    if targeted_forces is not None:
        incident.targeted_forces.set(targeted_forces)
    return incident
