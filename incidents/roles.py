"""Who may do what. Analysts need no account; editors write drafts; reviewers also publish,
send back and retract; admins (superusers) do everything."""

from django.contrib.auth.models import Group, Permission

EDITOR = "editor"
REVIEWER = "reviewer"

# Editors change everything in the catalogue except deleting it; reviewers may also delete.
_CATALOGUE_MODELS = [
    "place",
    "actor",
    "incident",
    "claim",
    "attribution",
    "outlet",
    "sourcearticle",
    "citation",
    "casualty",
]


def is_editor(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.groups.filter(name__in=[EDITOR, REVIEWER]).exists())
    )


def is_reviewer(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.groups.filter(name=REVIEWER).exists())
    )


def ensure_roles() -> dict[str, Group]:
    """Create the editor and reviewer groups with their model permissions (idempotent)."""
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    reviewer, _ = Group.objects.get_or_create(name=REVIEWER)
    write = Permission.objects.filter(
        content_type__model__in=_CATALOGUE_MODELS,
        codename__regex=r"^(add|change|view)_",
    )
    delete = Permission.objects.filter(
        content_type__model__in=_CATALOGUE_MODELS, codename__startswith="delete_"
    )
    editor.permissions.set(write)
    reviewer.permissions.set([*write, *delete])
    return {EDITOR: editor, REVIEWER: reviewer}
