from django.core.management.base import BaseCommand

from incidents.models import Claim, Incident, Place
from incidents.rules import rule_violations
from sources.models import SourceArticle


class Command(BaseCommand):
    help = (
        "List stored rows that Salvo's rules (incidents/rules.py) would now refuse: dates "
        "outside 1990..tomorrow, counts over 1,000,000, claims by forces, and so on. Changes "
        "nothing; exits 1 when there is something to fix."
    )

    def handle(self, *args, **options):
        found = rule_violations(incident=Incident, source=SourceArticle, claim=Claim, place=Place)
        total = 0
        for rule, ids in found.items():
            if ids:
                total += len(ids)
                self.stdout.write(f"{rule}: {len(ids)}")
                self.stdout.write("  " + ", ".join(ids[:50]) + (" ..." if len(ids) > 50 else ""))
        if total:
            self.stdout.write("Fix these in the editor workspace or the admin.")
            raise SystemExit(1)
        self.stdout.write("Every stored row follows the rules.")
