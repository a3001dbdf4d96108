"""`textback twilio connect --number E164 [--check]`: point a Twilio number's webhooks (Voice URL,
call status callback, Messaging URL) at this install's TEXTBACK_PUBLIC_URL through Twilio's API,
after checking the credentials; `--check` only says what is set there now and what is wrong."""

import sys

from django.core.management.base import BaseCommand, CommandError

from textback.core.models import PhoneNumber
from textback.twilio import wiring


class Command(BaseCommand):
    help = "Connect a Twilio number to this install: `textback twilio connect --number E164 [--check]`."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        connect = actions.add_parser("connect", help="point the number's webhooks here (--check: only report)")
        connect.add_argument("--number", required=True, help="the textback number, E.164")
        connect.add_argument("--check", action="store_true", help="report what is set at Twilio, change nothing")

    def handle(self, *args, action, number, check, **options):
        found = PhoneNumber.objects.filter(number=number).first()
        if found is None:
            raise CommandError(f"{number} is not a textback number here: `textback business list` shows them")
        if found.provider != "twilio":
            raise CommandError(f"{number} is on the {found.provider} provider, not Twilio")
        report = wiring.check(found) if check else wiring.connect(found)
        status = "ok  " if report.ok else "FAIL"
        for line in report.lines:
            self.stdout.write(f"{status}  {number}: {line}")
        if not report.ok:
            sys.exit(1)
