"""`textback check`: whether this install works, one line per check (textback/core/checks.py);
exit 1 when any check fails. Replaces Django's own `check`, whose system checks it runs too."""

import sys

from django.core.management.base import BaseCommand

from textback.core import checks


class Command(BaseCommand):
    help = "Check settings, database, workers, public URL, numbers and email; exit 1 if any check fails."
    requires_system_checks = []

    def handle(self, *args, **options):
        results = checks.run_all()
        for result in results:
            self.stdout.write(result.line())
        failed = [r for r in results if r.status == checks.FAIL]
        self.stdout.write(f"{len(failed)} of {len(results)} checks failed" if failed else f"all {len(results)} checks pass")
        if failed:
            sys.exit(1)
