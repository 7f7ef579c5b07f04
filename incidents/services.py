"""Writes that touch the catalogue. Pages, the admin, the API and imports call these; they
never save incidents themselves, so every write is versioned, attributed and recorded in
history, and the editorial rules hold whichever door a request comes through:

- an incident's status changes only through publish / send back / retract (reviewers), merge
  and delete, each writing a StatusChange row (the withdrawn feed reads those);
- every save of an incident is a conditional UPDATE on the version the writer read, inside
  the transaction, so two concurrent saves can never both succeed;
- whatever an incident's JSON shows (its citations, claims, attributions, the cited articles,
  its place, the actors named) changing raises the incident's version and updated_at, so
  ETags and `updated_since` move with the content."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from editor.models import MergedIncident, ReviewNote
from sources.models import Citation, Outlet, SourceArticle, content_hash, normalize_url, url_problem

from .models import (
    CASUALTY_FIGURES,
    TARGETED_KINDS,
    Actor,
    Attribution,
    Casualty,
    Claim,
    Incident,
    Party,
    Place,
    StatusChange,
    casualty_totals,
)
from .roles import is_reviewer

# Fields no edit may set: status changes go through the review services below.
STATUS_FIELDS = {"status", "status_reason"}


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


def _check_forces(targeted_forces) -> list:
    """Targeted forces are state forces or a coalition: an armed group is not a garrison."""
    forces = list(targeted_forces or ())
    ids = [getattr(f, "pk", f) for f in forces]
    wrong = Actor.objects.filter(pk__in=ids).exclude(kind__in=TARGETED_KINDS)
    names = ", ".join(str(actor) for actor in wrong)
    if names:
        raise ValidationError(
            {
                "targeted_forces": _(
                    "Only state forces or a coalition can be targeted forces, not %(names)s."
                )
                % {"names": names}
            }
        )
    return forces


def _validate(incident: Incident, targeted_forces=None) -> list | None:
    """full_clean() and the targeted-forces rule together, so one answer names every
    problem; the checked forces (None when not given)."""
    errors: dict = {}
    forces = None
    try:
        incident.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if targeted_forces is not None:
        try:
            forces = _check_forces(targeted_forces)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    return forces


def _refuse_status(fields: dict) -> None:
    given = STATUS_FIELDS & set(fields)
    if given:
        raise ValidationError(
            {
                name: _(
                    "The status changes only by publishing, sending back or retracting "
                    "(reviewers), each with its note."
                )
                for name in given
            }
        )


def _status_record(*, incident, user, to: str, was: str, note: str = "", replaced_by: str = ""):
    StatusChange.objects.create(
        incident=incident if to not in ("merged", "deleted") else None,
        public_id=incident.public_id,
        from_status=was,
        to_status=to,
        public_note=note,
        replaced_by=replaced_by,
        changed_by=user if getattr(user, "pk", None) else None,
    )


@transaction.atomic
def incident_create(
    *, user, targeted_forces=(), casualties=None, reason: str = "", **fields
) -> Incident:
    """Create a draft incident, validated like a form. Publishing is a reviewer's separate
    step (incident_publish), which needs a citation first. `casualties` (rows by side, see
    casualties_set) replaces any killed/wounded totals given: the totals are derived."""
    _refuse_status(fields)
    incident = Incident(**fields, created_by=user, updated_by=user)
    sides = _casualty_sides(incident, casualties)
    forces = _validate(incident, targeted_forces)
    _record(incident, user=user, reason=reason or "Created")
    incident.save()
    _status_record(incident=incident, user=user, to=incident.status, was="")
    if forces:
        incident.targeted_forces.set(forces)
    _casualties_save(incident, sides, user=user, reason=reason or "Created")
    return incident


@transaction.atomic
def incident_save_new(*, incident: Incident, user, reason: str = "") -> Incident:
    """Save an incident a form has built and validated (the admin's add form): a draft."""
    incident.status, incident.status_reason = Incident.Status.DRAFT, ""
    incident.created_by = incident.updated_by = user
    _validate(incident)
    _record(incident, user=user, reason=reason or "Created")
    incident.save()
    _status_record(incident=incident, user=user, to=incident.status, was="")
    _casualties_save(incident, None, user=user, reason=reason or "Created")
    return incident


@transaction.atomic
def incident_save_checked(*, incident: Incident, user, reason: str = "") -> Incident:
    """Save an incident whose version the caller has already raised with a conditional
    UPDATE (the admin's change form); the status stays what the database has."""
    incident.status, incident.status_reason = (
        Incident.objects.filter(pk=incident.pk).values_list("status", "status_reason").get()
    )
    incident.updated_by = user
    _validate(incident)
    _record(incident, user=user, reason=reason)
    incident.save()
    _casualties_save(incident, None, user=user, reason=reason)
    return incident


def incidents_touch(ids) -> int:
    """Something an incident shows changed outside its own row (a citation, a claim, a cited
    article, its place, an actor's name): a new version, so ETags and `updated_since` see it.
    One UPDATE, in the caller's transaction."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return 0
    return Incident.objects.filter(pk__in=ids).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def _touch_where(condition: Q) -> int:
    return incidents_touch(list(Incident.objects.filter(condition).values_list("pk", flat=True)))


@transaction.atomic
def incident_update(
    *,
    incident: Incident,
    user,
    expected_version: int,
    changes: dict,
    targeted_forces=None,
    casualties=None,
    reason: str = "",
) -> Incident:
    """Apply `changes` if nobody saved since `expected_version`; raise VersionConflict if they
    did. The version check and bump is one conditional UPDATE, so two racing saves cannot both
    pass it. The status is not among what an edit may change."""
    _refuse_status(changes)
    return _apply(
        incident=incident,
        user=user,
        expected_version=expected_version,
        changes=changes,
        targeted_forces=targeted_forces,
        casualties=casualties,
        reason=reason,
    )


def _apply(
    *, incident, user, expected_version, changes, targeted_forces=None, casualties=None, reason=""
):
    if expected_version is None:
        raise ValidationError({"version": _("Say which version you edited.")})
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
    sides = _casualty_sides(incident, casualties)
    forces = _validate(incident, targeted_forces)
    _record(incident, user=user, reason=reason)
    incident.save()
    if forces is not None:
        incident.targeted_forces.set(forces)
    _casualties_save(incident, sides, user=user, reason=reason)
    return incident


# --- Casualties by side ----------------------------------------------------------------------


def _casualty_sides(incident: Incident, casualties) -> list[Casualty] | None:
    """Check rows by side ({"party": ..., "killed": ..., ...} dicts or unsaved Casualty
    objects) and set the incident's totals from them. None when not given. Rows with no
    figure at all are dropped: they say nothing."""
    if casualties is None:
        return None
    sides, problems, seen = [], [], set()
    labels = dict(Party.choices)
    for data in casualties:
        if isinstance(data, Casualty):
            row = Casualty(party=data.party, **{f: getattr(data, f) for f in CASUALTY_FIGURES})
        else:
            unknown = set(data) - {"party", *CASUALTY_FIGURES}
            if unknown:
                problems.append(_("Unknown casualty fields: %s.") % ", ".join(sorted(unknown)))
                continue
            row = Casualty(**data)
        label = labels.get(row.party, row.party)
        if row.party in seen:
            problems.append(_("%(side)s is given twice.") % {"side": label})
            continue
        seen.add(row.party)
        try:
            row.full_clean(exclude=["incident"], validate_constraints=False)
        except ValidationError as error:
            for message in error.messages:
                problems.append(f"{label}: {message}")
            continue
        if not row.is_empty:
            sides.append(row)
    if problems:
        raise ValidationError({"casualties": problems})
    for name, value in casualty_totals(sides).items():
        setattr(incident, name, value)
    return sides


def _casualties_save(incident: Incident, sides, *, user, reason: str) -> None:
    """Make the incident's rows by side what `sides` says, or, when the write gave totals
    only (sides None), keep them in step with the totals: with no named side, the totals are
    one "unknown side" row; with named sides, totals that no longer add up are refused."""
    current = {row.party: row for row in incident.casualties.all()}
    totals = {name: getattr(incident, name) for name in CASUALTY_FIGURES}
    if sides is None:
        named = [row for party, row in current.items() if party != Party.UNKNOWN]
        if named:
            derived = casualty_totals(current.values())
            wrong = {
                what: _(
                    "This incident records casualties by side; change the sides, whose sums "
                    "are the totals."
                )
                for what in ("killed", "wounded")
                if any(derived[f] != totals[f] for f in CASUALTY_FIGURES if f.startswith(what))
            }
            if wrong:
                raise ValidationError(wrong)
            return
        sides = (
            []
            if all(v is None for v in totals.values())
            else [Casualty(party=Party.UNKNOWN, **totals)]
        )
    wanted = {row.party: row for row in sides}
    for party, row in current.items():
        if party not in wanted:
            _record(row, user=user, reason=reason)
            row.delete()
    for party, new in wanted.items():
        row = current.get(party) or Casualty(incident=incident, party=party)
        figures = {f: getattr(new, f) for f in CASUALTY_FIGURES}
        if row.pk and all(getattr(row, f) == v for f, v in figures.items()):
            continue
        for name, value in figures.items():
            setattr(row, name, value)
        _record(row, user=user, reason=reason)
        row.save()


# --- Sources and citations -------------------------------------------------------------------


def source_find_existing(*, url: str = "", text: str = ""):
    """The article already recorded under this URL (normalised) or with this same text."""
    url = "" if url_problem(url) else normalize_url(url)
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
def source_update(*, article: SourceArticle, user, changes: dict, reason: str = ""):
    """Change an article's metadata or text. Every incident citing it shows its title, URL
    and dates, so each gets a new version."""
    for name, value in changes.items():
        setattr(article, name, value)
    article.full_clean()
    _record(article, user=user, reason=reason or "Changed")
    article.save()
    _touch_where(Q(citations__article=article))
    return article


@transaction.atomic
def outlet_save(*, outlet: Outlet, user, reason: str = ""):
    """Save a new or changed outlet; incidents citing its articles show its name."""
    outlet.full_clean()
    _record(outlet, user=user, reason=reason or "Changed")
    outlet.save()
    _touch_where(Q(citations__article__outlet=outlet) | Q(citations__article__wire_agency=outlet))
    return outlet


def _citation_new(*, user, article, incident, quote, reason, fields) -> Citation:
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
def citation_create(*, user, article, incident: Incident, quote: str, reason: str = "", **fields):
    """Tie `article` to `incident` with the passage that supports it."""
    citation = _citation_new(
        user=user, article=article, incident=incident, quote=quote, reason=reason, fields=fields
    )
    incidents_touch([incident.pk])
    return citation


@transaction.atomic
def related_save(*, obj, user, reason: str = "", touch: bool = True):
    """Save a new or changed citation, claim or attribution of an incident (the admin's
    inlines and lists): validated, attributed, and the incident gets a new version (unless
    `touch` is off because the caller saves the incident itself in the same transaction)."""
    obj.full_clean()
    _record(obj, user=user, reason=reason or "Changed")
    was = type(obj).objects.filter(pk=obj.pk).values_list("incident_id", flat=True).first()
    obj.save()
    if touch:
        incidents_touch({obj.incident_id, was})
    return obj


@transaction.atomic
def related_delete(*, obj, user, reason: str = "", touch: bool = True):
    """Remove a citation, claim or attribution; its incident gets a new version."""
    _record(obj, user=user, reason=reason or "Removed")
    incident_id = obj.incident_id
    obj.delete()
    if touch:
        incidents_touch([incident_id])


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
        # Created together, in one version: the new citation is part of version 1.
        _citation_new(
            user=user,
            article=article,
            incident=incident,
            quote=quote,
            reason="",
            fields={"role": role},
        )
    except ValidationError as error:
        # Report the quote problem against the form's quote field, not as a model error.
        raise ValidationError({"quote": error.messages}) from None
    return incident


# --- Review ----------------------------------------------------------------------------------


def _review(*, incident, user, expected_version, status, comment, action, reason) -> Incident:
    was = Incident.objects.filter(pk=incident.pk).values_list("status", flat=True).get()
    incident = _apply(
        incident=incident,
        user=user,
        expected_version=expected_version,
        changes={"status": status, "status_reason": comment if action != "publish" else ""},
        reason=reason,
    )
    ReviewNote.objects.create(incident=incident, action=action, comment=comment, author=user)
    # Only a retraction's reason is for the public; a send-back comment is for the editor.
    public_note = comment if action == "retract" else ""
    _status_record(incident=incident, user=user, to=status, was=was, note=public_note)
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
    was = into.status
    if Incident.Status.PUBLISHED in (into.status, duplicate.status):
        # Whoever followed the duplicate's public link must still find the attack.
        changes["status"] = Incident.Status.PUBLISHED
    into = _apply(
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
    if into.status != was:
        _status_record(incident=into, user=user, to=into.status, was=was)
    _status_record(
        incident=duplicate,
        user=user,
        to=StatusChange.To.MERGED,
        was=duplicate.status,
        replaced_by=into.public_id,
    )
    _record(duplicate, user=user, reason=why)
    duplicate.delete()
    return into


@transaction.atomic
def incident_delete(*, incident: Incident, user, reason: str = "") -> None:
    """Delete an incident (the admin's delete). A published one is withdrawn first in the
    sense that sync clients are told it is gone."""
    _record(incident, user=user, reason=reason or "Deleted")
    _status_record(incident=incident, user=user, to=StatusChange.To.DELETED, was=incident.status)
    incident.delete()


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
    # The sides as they stood then, if they add up to that version's totals; else (a version
    # from before sides were recorded) the totals alone, as one unknown side.
    # A write saves the incident, then its sides: their records fall before the next version's.
    later = incident.history.filter(history_id__gt=record.history_id).order_by("history_id")
    until = later.values_list("history_date", flat=True).first()
    until = until - dt.timedelta(microseconds=1) if until else timezone.now()
    sides = list(Casualty.history.as_of(until).filter(incident_id=incident.pk))
    if casualty_totals(sides) != {f: changes[f] for f in CASUALTY_FIGURES}:
        sides = [Casualty(party=Party.UNKNOWN, **{f: changes[f] for f in CASUALTY_FIGURES})]
    why = f"Reverted to version {record.version}"
    return incident_update(
        incident=incident,
        user=user,
        expected_version=expected_version,
        changes=changes,
        targeted_forces=forces,
        casualties=sides,
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
def place_save(*, place: Place, user, reason: str = ""):
    """Save a changed place (the admin); incidents there or launched from there show its
    names, so each gets a new version."""
    place.full_clean()
    _record(place, user=user, reason=reason or "Changed")
    place.save()
    _touch_where(Q(place=place) | Q(launch_place=place))
    return place


@transaction.atomic
def actor_save(*, actor: Actor, user, reason: str = ""):
    """Save a changed actor; incidents that name it (claims, attributions, targeted forces)
    get a new version."""
    actor.full_clean()
    _record(actor, user=user, reason=reason or "Changed")
    actor.save()
    _touch_where(Q(claims__actor=actor) | Q(attributions__actor=actor) | Q(targeted_forces=actor))
    return actor


@transaction.atomic
def actor_delete(*, actor: Actor, user, reason: str = ""):
    """Remove an actor no claim or attribution names (those protect it); the incidents it
    was a targeted force of lose it from their list, so each gets a new version."""
    named = list(Incident.objects.filter(targeted_forces=actor).values_list("pk", flat=True))
    _record(actor, user=user, reason=reason or "Removed")
    actor.delete()
    incidents_touch(named)


@transaction.atomic
def claim_create(*, user, incident: Incident, reason: str = "", **fields):
    """Record that an actor claims the attack (not evidence that it did)."""
    claim = Claim(incident=incident, **fields)
    claim.full_clean()
    _record(claim, user=user, reason=reason or "Claim added")
    claim.save()
    incidents_touch([incident.pk])
    return claim


@transaction.atomic
def attribution_create(*, user, incident: Incident, reason: str = "", **fields):
    """Record that someone blames an actor for the attack."""
    attribution = Attribution(incident=incident, **fields)
    attribution.full_clean()
    _record(attribution, user=user, reason=reason or "Attribution added")
    attribution.save()
    incidents_touch([incident.pk])
    return attribution


@transaction.atomic
def outlet_create(*, user, reason: str = "", **fields):
    """Add an outlet (a news site, wire agency, official channel…)."""
    return _named_create(Outlet, user=user, reason=reason, fields=fields)
