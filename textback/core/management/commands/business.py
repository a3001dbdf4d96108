from django.core.management.base import BaseCommand, CommandError
from textback.core import businesses, providers
from textback.core.models import Business, PhoneNumber
from textback.simulator import phone as simulator


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
        create.add_argument("--provider", default="twilio", choices=providers.names())
        create.add_argument("--mode", default=PhoneNumber.RING, choices=[PhoneNumber.RING, PhoneNumber.FORWARDED])
        actions.add_parser("list", help="list businesses and their numbers")

    def handle(self, *args, action, **options):
        if action == "list":
            for business in Business.objects.prefetch_related("numbers").order_by("id"):
                numbers = ", ".join(f"{n.number} ({n.provider}, {n.mode}{account(n)})" for n in business.numbers.all())
                self.stdout.write(f"{business.id}\t{business.name}\t{numbers}")
            return
        business = create(**options)
        self.stdout.write(str(business.id))


def account(number):
    """Whose account a number is on (a Twilio account, a SignalWire project): the operator sees
    which numbers use the install's default one. The simulator has no account."""
    if number.provider == simulator.PROVIDER:
        return ""
    return f", account {number.account_sid}" if number.account_sid else ", default account"


def create(*, name, number, owner_cell, owner_name="", timezone="America/Chicago", trade="", hours="",
           provider="twilio", mode=PhoneNumber.RING, **_):
    """businesses.create, its complaints worded with the command's options (--owner-cell: ...)."""
    try:
        return businesses.create(name=name, number=number, owner_cell=owner_cell, owner_name=owner_name,
                                 timezone=timezone, trade=trade, hours=hours, provider=provider, mode=mode)
    except businesses.Invalid as e:
        option = "--" + e.field.replace("_", "-")
        raise CommandError(f"{option} {e.message}" if e.message.startswith("must") else f"{option}: {e.message}") from None
