import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from incidents.demo import demo_load
from incidents.models import Actor, Claim, Incident, Place
from incidents.roles import EDITOR, REVIEWER, ensure_roles
from sources.models import Citation, Outlet, SourceArticle

DEMO_USERS = [
    # username, password, role (None = superuser)
    ("editor", "salvo-editor", EDITOR),
    ("reviewer", "salvo-reviewer", REVIEWER),
    ("admin", "salvo-admin", None),
]


class Command(BaseCommand):
    help = "Load the demo gazetteer, actors and seed incidents (safe to run repeatedly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create the local demo accounts (editor, reviewer, admin). "
            "Refused unless SALVO_LOCAL_DEMO or DEBUG is on.",
        )

    def handle(self, *args, with_users=False, **options):
        report = demo_load()
        groups = ensure_roles()
        verbose = options["verbosity"] > 0
        if verbose:
            counts = {
                "places": Place.objects.count(),
                "actors": Actor.objects.count(),
                "outlets": Outlet.objects.count(),
                "articles": SourceArticle.objects.count(),
                "incidents": Incident.objects.count(),
                "citations": Citation.objects.count(),
                "claims": Claim.objects.count(),
            }
            new = sum(report.created.values())
            self.stdout.write(
                "Demo data: "
                + ", ".join(f"{n} {k}" for k, n in counts.items())
                + f" ({new} new rows)."
            )
            if report.texts_missing:
                self.stdout.write(
                    f"Article texts not found in {settings.SALVO_SEEDS_DIR}: "
                    + ", ".join(report.texts_missing)
                    + " (metadata and quotes loaded; set SALVO_SEEDS_DIR to add the texts)."
                )
        if with_users:
            if not (settings.LOCAL_DEMO or settings.DEBUG):
                raise CommandError("Demo accounts have known passwords: local demo only.")
            self._demo_users(groups, verbose)

    def _demo_users(self, groups, verbose):
        User = get_user_model()
        for username, password, role in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
            user.is_staff = True
            user.is_superuser = role is None
            user.save()
            if role:
                user.groups.add(groups[role])
        if verbose:
            # The address `./dev run` serves at (SALVO_ADDR), so the link printed is the one open.
            address = os.environ.get("SALVO_ADDR") or "127.0.0.1:8000"
            if address.isdigit():  # runserver takes a bare port too
                address = f"127.0.0.1:{address}"
            self.stdout.write(f"Local demo sign-in (http://{address}/admin/):")
            for username, password, role in DEMO_USERS:
                self.stdout.write(f"  {role or 'admin':9} {username} / {password}")
