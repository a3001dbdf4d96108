from django.core.management.base import BaseCommand, CommandError

from textback.core.models import Business
from textback.hooks import endpoints
from textback.hooks.models import Endpoint


class Command(BaseCommand):
    help = "Outgoing webhooks: `textback webhook add --business ID --url URL [--events a,b]`, `textback webhook list`"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add an endpoint; prints its signing secret (whsec_...) last")
        add.add_argument("--business", required=True, type=int, help="the business's id (textback business list)")
        add.add_argument("--url", required=True)
        add.add_argument("--events", default="", help="comma-separated, like call.missed,lead.qualified (default: all)")
        listing = actions.add_parser("list", help="list endpoints, their events and deliveries")
        listing.add_argument("--business", type=int)

    def handle(self, *args, action, business=None, **options):
        if action == "list":
            found = Endpoint.objects.select_related("business").order_by("business_id", "id")
            for endpoint in found.filter(business_id=business) if business else found:
                self.stdout.write(f"{endpoint.id}\t{endpoint.business.name}\t{endpoint.url}\t{','.join(endpoint.events)}")
            return
        owner = Business.objects.filter(id=business).first()
        if owner is None:
            raise CommandError(f"--business: no business with id {business} (see textback business list)")
        try:
            endpoint = endpoints.add(owner, options["url"], options["events"].split(","))
        except endpoints.Invalid as e:
            raise CommandError(f"--{e.field}: {e.message}") from None
        self.stdout.write(f"endpoint {endpoint.id} for {owner.name}: {endpoint.url}")
        self.stdout.write(f"events: {', '.join(endpoint.events)}")
        self.stdout.write(endpoint.secret)
