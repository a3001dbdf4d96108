"""`textback erase --number E164 [--business ID]`: a privacy request. Everything about one phone
number goes: its contact, conversations, every text to or from it (and the owner's alerts about
it), its calls and its consent history. What stays is a minimal opt-out tombstone per business
(the number, opted out, one consent event saying why) so it is never texted again: see
docs/decisions.md, "Erasure keeps an opt-out tombstone"."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from textback.core import clock, phones
from textback.core.models import Business, Call, ConsentEvent, Contact, Conversation, Message, PhoneNumber
from textback.hooks.models import Event

TOMBSTONE_SOURCE = "erased on request; kept so this number is never texted again"


def erase(business, number):
    """Erase `number` from `business` and leave the tombstone; return the counts removed."""
    contacts = Contact.objects.filter(business=business, number=number)
    conversations = Conversation.objects.filter(business=business, contact__in=contacts)
    mentions = Q(body__contains=number) | Q(body__contains=phones.pretty(number))
    messages = Message.objects.filter(business=business).filter(
        Q(conversation__in=conversations) | Q(to_number=number) | Q(from_number=number)
        | Q(direction=Message.OUT, to_number=business.owner_cell) & mentions
    )
    calls = Call.objects.filter(business=business).filter(
        Q(caller=number) | Q(from_number=number) | Q(conversation__in=conversations)
    )
    events = ConsentEvent.objects.filter(contact__in=contacts)
    # Outgoing webhook events about the number (its calls, texts, lead card), with their delivery log.
    webhook_events = Event.objects.filter(business=business, body__contains=f'"{number}"')
    admin_log = LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Contact), object_id__in=[str(i) for i in contacts.values_list("id", flat=True)])
        | Q(content_type=ContentType.objects.get_for_model(Conversation), object_id__in=[str(i) for i in conversations.values_list("id", flat=True)])
    )
    counts = {
        "contacts": contacts.count(), "conversations": conversations.count(), "messages": messages.count(),
        "calls": calls.count(), "consent events": events.count(), "webhook events": webhook_events.count(),
    }
    messages.delete()
    webhook_events.delete()
    calls.delete()
    events.delete()
    conversations.delete()
    admin_log.delete()
    contacts.delete()
    tombstone = Contact.objects.create(business=business, number=number, opted_out_at=clock.now())
    ConsentEvent.objects.create(contact=tombstone, kind=ConsentEvent.OPT_OUT, source=TOMBSTONE_SOURCE)
    return counts


def touched(number):
    """Businesses that hold anything about `number`."""
    ids = set(Contact.objects.filter(number=number).values_list("business", flat=True))
    ids |= set(Call.objects.filter(Q(caller=number) | Q(from_number=number)).values_list("business", flat=True))
    ids |= set(Message.objects.filter(Q(to_number=number) | Q(from_number=number)).values_list("business", flat=True))
    return Business.objects.filter(id__in=ids).order_by("id")


class Command(BaseCommand):
    help = (
        "Erase everything about one phone number (a privacy request), leaving only an opt-out tombstone "
        "so it is never texted again. Prints what it removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--number", required=True, help="the phone number, E.164 (+13125550101)")
        parser.add_argument("--business", type=int, help="only this business (its id); default: every business")

    def handle(self, *args, number, business=None, **options):
        try:
            number = phones.e164(number)
        except ValueError as e:
            raise CommandError(f"--number: {e}") from None
        if PhoneNumber.objects.filter(number=number).exists():
            raise CommandError(f"{number} is a business's textback number, not a caller's")
        if business is not None:
            businesses = Business.objects.filter(id=business)
            if not businesses.exists():
                raise CommandError(f"no business with id {business}")
        else:
            businesses = touched(number)
        if businesses.filter(owner_cell=number).exists():
            raise CommandError(f"{number} is a business owner's cell; change the owner's cell first")
        if not businesses.exists():
            self.stdout.write(f"nothing about {number} is stored")
            return
        with transaction.atomic():
            for one in businesses:
                counts = erase(one, number)
                removed = ", ".join(f"{n} {what}" for what, n in counts.items())
                self.stdout.write(f"business {one.id} ({one.name}): removed {removed}; kept an opt-out tombstone")
