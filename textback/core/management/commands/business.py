from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from textback.core import hours as opening_hours
from textback.core import phones
from textback.core.models import Business, PhoneNumber


class Command(BaseCommand):
    help = "Manage businesses: `textback business create --name N --number E164 --owner-cell E164 ...`"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a business with one phone number; prints its id last")
        create.add_argument("--name", required=True)
        create.add_argument("--number", required=True, help="the business's textback number, E.164")
        create.add_argument("--owner-cell", required=True, help="the owner's cell phone, E.164")
        create.add_argument("--owner-name", default="")
        create.add_argument("--timezone", default="America/Chicago")
        create.add_argument("--trade", default="")
        create.add_argument("--hours", default="mon-fri 08:00-17:00", help='e.g. "mon-fri 07:00-18:00; sat 08:00-12:00"')
        create.add_argument("--provider", default="twilio", choices=["twilio", "simulator"])
        create.add_argument("--mode", default=PhoneNumber.RING, choices=[PhoneNumber.RING, PhoneNumber.FORWARDED])
        actions.add_parser("list", help="list businesses and their numbers")

    def handle(self, *args, action, **options):
        if action == "list":
            for business in Business.objects.prefetch_related("numbers").order_by("id"):
                numbers = ", ".join(f"{n.number} ({n.provider}, {n.mode})" for n in business.numbers.all())
                self.stdout.write(f"{business.id}\t{business.name}\t{numbers}")
            return
        business = create(**options)
        self.stdout.write(str(business.id))


def create(*, name, number, owner_cell, owner_name="", timezone="America/Chicago", trade="", hours="",
           provider="twilio", mode=PhoneNumber.RING, **_):
    def checked(option, parse, value):
        try:
            return parse(value)
        except ValueError as e:
            raise CommandError(f"{option}: {e}") from None

    week = checked("--hours", opening_hours.parse, hours)
    checked("--timezone", opening_hours.zone, timezone)
    number = checked("--number", phones.e164, number)
    owner_cell = checked("--owner-cell", phones.e164, owner_cell)
    if not name.strip():
        raise CommandError("--name must not be empty")
    if owner_cell == number:
        raise CommandError("--owner-cell must be the owner's own phone, not the business's textback number")
    if PhoneNumber.objects.filter(number=number).exists():
        raise CommandError(f"{number} already belongs to a business")
    with transaction.atomic():
        business = Business.objects.create(
            name=name.strip(), owner_cell=owner_cell, owner_name=owner_name, timezone=timezone, trade=trade, hours=week
        )
        PhoneNumber.objects.create(business=business, number=number, provider=provider, mode=mode)
    return business
