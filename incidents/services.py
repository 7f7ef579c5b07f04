"""Writes that touch the catalogue. Pages, the admin and the API call these; they never save
incidents themselves, so every write is versioned, attributed and recorded in history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from editor.models import MergedIncident, ReviewNote
from sources.models import Citation, SourceArticle, content_hash, normalize_url

from .models import Actor, Attribution, Claim, Incident, Place
from .roles import is_reviewer


class VersionConflict(Exception):
    """Someone saved the incident since the caller read it. Carries what is current now."""

    def __init__(self, *, incident: Incident, expected_version: int):
        self.incident = incident
        self.expected_version = expected_version
        super().__init__(
            _(
                "This incident was changed by someone else (now version %(now)s, you edited "
                "version %(was)s)."
            )
            % {"now": incident.version, "was": expected_version}
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
    *,
    incident: Incident,
    user,
    expected_version: int,
    changes: dict,
    targeted_forces=None,
    reason: str = "",
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


# --- Sources and citations -------------------------------------------------------------------
# Imported here rather than at the top: sources.models imports incidents.models, and the
# editor's records (review notes, merges) import both.


def source_find_existing(*, url: str = "", text: str = ""):
    """The article already recorded under this URL (normalised) or with this same text."""
    url = normalize_url(url)
    if url:
        found = SourceArticle.objects.filter(url=url).first()
        if found:
            return found
    digest = content_hash(text)
    if digest:
        return SourceArticle.objects.filter(content_hash=digest).order_by("id").first()
    return None


@transaction.atomic
def source_create(*, user, reason: str = "", **fields):
    """Record a new article; the caller checks `source_find_existing` first."""
    article = SourceArticle(**fields, created_by=user)
    article.full_clean()
    _record(article, user=user, reason=reason or "Intake")
    article.save()
    return article


@transaction.atomic
def citation_create(*, user, article, incident: Incident, quote: str, reason: str = "", **fields):
    """Tie `article` to `incident` with the passage that supports it."""
    citation = Citation(
        article=article,
        incident=incident,
        quote=(quote or "").strip(),
        created_by=user,
        quote_language=fields.pop("quote_language", None) or article.language,
        **fields,
    )
    citation.full_clean()
    _record(citation, user=user, reason=reason or f"Cited for {incident.public_id}")
    citation.save()
    return citation


@transaction.atomic
def incident_create_from_article(
    *,
    user,
    article,
    quote: str,
    role: str = "main",
    targeted_forces=(),
    reason: str = "",
    **fields,
) -> Incident:
    """A new draft incident and the citation of the article it was read from, together: an
    incident never exists without the source that reports it."""
    incident = incident_create(
        user=user,
        targeted_forces=targeted_forces,
        reason=reason or f"Created from source {article.pk}",
        **fields,
    )
    try:
        citation_create(user=user, article=article, incident=incident, quote=quote, role=role)
    except ValidationError as error:
        # Report the quote problem against the form's quote field, not as a model error.
        raise ValidationError({"quote": error.messages}) from None
    return incident


# --- Review ----------------------------------------------------------------------------------


def _review(*, incident, user, expected_version, status, comment, action, reason) -> Incident:
    incident = incident_update(
        incident=incident,
        user=user,
        expected_version=expected_version,
        changes={"status": status, "status_reason": comment if action != "publish" else ""},
        reason=reason,
    )
    ReviewNote.objects.create(incident=incident, action=action, comment=comment, author=user)
    return incident


def _require_reviewer(user):

    if not is_reviewer(user):
        raise PermissionDenied(_("Only reviewers publish, send back, retract or merge."))


@transaction.atomic
def incident_publish(*, incident: Incident, user, expected_version: int, comment: str = ""):
    """Make the incident public. Every published fact needs a source, so one citation at least."""
    _require_reviewer(user)
    if not incident.citations.exists():
        raise ValidationError(_("Cite at least one source before publishing."))
    return _review(
        incident=incident,
        user=user,
        expected_version=expected_version,
        status=Incident.Status.PUBLISHED,
        comment=comment,
        action="publish",
        reason=comment or "Published",
    )


@transaction.atomic
def incident_send_back(*, incident: Incident, user, expected_version: int, comment: str):
    """Return the incident to its editors as a draft, saying what to fix."""
    _require_reviewer(user)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the editor should change.")})
    return _review(
        incident=incident,
        user=user,
        expected_version=expected_version,
        status=Incident.Status.DRAFT,
        comment=comment.strip(),
        action="send_back",
        reason=f"Sent back: {comment.strip()}",
    )


@transaction.atomic
def incident_retract(*, incident: Incident, user, expected_version: int, reason: str):
    """Withdraw the incident from the public record; the page keeps saying why."""
    _require_reviewer(user)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the incident is retracted.")})
    return _review(
        incident=incident,
        user=user,
        expected_version=expected_version,
        status=Incident.Status.RETRACTED,
        comment=reason.strip(),
        action="retract",
        reason=f"Retracted: {reason.strip()}",
    )


# --- Merge and revert ------------------------------------------------------------------------


def _join_note(note: str, extra: str) -> str:
    return f"{note}\n{extra}".strip() if extra and extra not in note else note


def _move_or_fold(rows, *, into: Incident, key, user, reason: str, fold_field: str):
    """Move `rows` to `into`; where `into` already has the same row (same `key`), keep the
    survivor's and fold the duplicate's differing text into its notes, so nothing is lost."""
    existing = {key(row): row for row in rows.model.objects.filter(incident=into)}
    for row in list(rows):
        twin = existing.get(key(row))
        if twin is None:
            row.incident = into
            _record(row, user=user, reason=reason)
            row.save()
            continue
        extra = getattr(row, fold_field)
        if extra and extra != getattr(twin, fold_field):
            note_field = "note" if hasattr(twin, "note") else "notes"
            setattr(twin, note_field, _join_note(getattr(twin, note_field), extra))
            _record(twin, user=user, reason=reason)
            twin.save()
        _record(row, user=user, reason=reason)
        row.delete()


@transaction.atomic
def incident_merge(
    *, duplicate: Incident, into: Incident, user, expected_version: int, reason: str = ""
) -> Incident:
    """Fold `duplicate` into `into`: its citations, claims and attributions move (exact repeats
    are folded), targeted forces are unioned, its public identifier keeps resolving to `into`,
    and both histories say so. `expected_version` is the survivor's version the reviewer saw."""
    _require_reviewer(user)
    if duplicate.pk == into.pk:
        raise ValidationError({"into": _("An incident cannot be merged into itself.")})
    # History reasons are stored in English whatever the interface language, like the log.
    why = f"Merged {duplicate.public_id} into {into.public_id}"
    if reason:
        why = f"{why}: {reason}"
    forces = {
        *into.targeted_forces.values_list("pk", flat=True),
        *duplicate.targeted_forces.values_list("pk", flat=True),
    }
    changes = {}
    if Incident.Status.PUBLISHED in (into.status, duplicate.status):
        # Whoever followed the duplicate's public link must still find the attack.
        changes["status"] = Incident.Status.PUBLISHED
    into = incident_update(
        incident=into,
        user=user,
        expected_version=expected_version,
        changes=changes,
        targeted_forces=forces,
        reason=why,
    )
    _move_or_fold(
        duplicate.citations.all(),
        into=into,
        key=lambda c: c.article_id,
        user=user,
        reason=why,
        fold_field="quote",
    )
    _move_or_fold(
        duplicate.claims.all(),
        into=into,
        key=lambda c: (c.actor_id, c.source_id),
        user=user,
        reason=why,
        fold_field="quote",
    )
    _move_or_fold(
        duplicate.attributions.all(),
        into=into,
        key=lambda a: (a.actor_id, a.attributed_by, a.source_id),
        user=user,
        reason=why,
        fold_field="quote",
    )
    duplicate.review_notes.update(incident=into)
    MergedIncident.objects.filter(into=duplicate).update(into=into)
    MergedIncident.objects.create(
        old_public_id=duplicate.public_id, into=into, merged_by=user, reason=reason
    )
    ReviewNote.objects.create(incident=into, action="merge", comment=why, author=user)
    _record(duplicate, user=user, reason=why)
    duplicate.delete()
    return into


# Fields a revert leaves alone: identity and bookkeeping, and the review status (publishing is a
# reviewer's decision, not something an old version can make).
_NOT_REVERTED = {
    "id",
    "public_id",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "search_text",
    "status",
    "status_reason",
}


@transaction.atomic
def incident_revert(
    *, incident: Incident, history_id: int, user, expected_version: int, reason: str = ""
) -> Incident:
    """Restore the incident's fields and targeted forces as they were in history record
    `history_id`, as a new version (so the revert is itself recorded and can be undone)."""
    record = incident.history.filter(history_id=history_id).first()
    if record is None:
        raise ValidationError({"history_id": _("No such version of this incident.")})
    changes = {
        field.attname: getattr(record, field.attname)
        for field in Incident._meta.concrete_fields
        if field.name not in _NOT_REVERTED
    }
    forces = list(record.targeted_forces.values_list("actor_id", flat=True))
    why = f"Reverted to version {record.version}"
    return incident_update(
        incident=incident,
        user=user,
        expected_version=expected_version,
        changes=changes,
        targeted_forces=forces,
        reason=f"{why}: {reason}" if reason else why,
    )


# --- Gazetteer and actors --------------------------------------------------------------------


def _unique_slug(model, text: str) -> str:
    base = slugify(text)[:70] or model.__name__.lower()
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _named_create(model, *, user, reason: str, fields: dict):
    """A place or actor, its slug made from the English name when not given."""
    slug = fields.pop("slug", "")
    obj = model(**fields, slug=slug or _unique_slug(model, fields.get("name_en", "")))
    obj.full_clean()
    _record(obj, user=user, reason=reason or "Added from the editor")
    obj.save()
    return obj


@transaction.atomic
def place_create(*, user, reason: str = "", **fields):
    """Add a place to the gazetteer."""
    return _named_create(Place, user=user, reason=reason, fields=fields)


@transaction.atomic
def actor_create(*, user, reason: str = "", **fields):
    """Add an actor (an armed group, front, state force…)."""
    return _named_create(Actor, user=user, reason=reason, fields=fields)


@transaction.atomic
def claim_create(*, user, incident: Incident, reason: str = "", **fields):
    """Record that an actor claims the attack (not evidence that it did)."""
    claim = Claim(incident=incident, **fields)
    claim.full_clean()
    _record(claim, user=user, reason=reason or "Claim added")
    claim.save()
    return claim


@transaction.atomic
def attribution_create(*, user, incident: Incident, reason: str = "", **fields):
    """Record that someone blames an actor for the attack."""
    attribution = Attribution(incident=incident, **fields)
    attribution.full_clean()
    _record(attribution, user=user, reason=reason or "Attribution added")
    attribution.save()
    return attribution
