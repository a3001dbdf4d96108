"""Who may see what: every dashboard view runs for one business that the signed-in user is a
member of. Anything else is a 404, so that another business's ids reveal nothing."""

import functools

from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property

from textback.core import hours
from textback.core.models import Business, Conversation

SESSION_KEY = "dashboard_business"


def businesses_of(user):
    return list(Business.objects.filter(memberships__user=user).order_by("name", "id"))


def business_view(view):
    """Wraps a view taking (request, business, ...): resolves `business_id` from the URL among
    the user's memberships (404 otherwise), shows times in the business's time zone, and
    remembers the business for the next visit to /."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, business_id, *args, **kwargs):
        mine = businesses_of(request.user)
        business = next((b for b in mine if b.id == business_id), None)
        if business is None:
            raise Http404("no such business")
        request.business, request.businesses = business, mine
        request.unread = Unread(business)
        if request.session.get(SESSION_KEY) != business.id:
            request.session[SESSION_KEY] = business.id
        try:
            zone = hours.zone(business.timezone)
        except hours.HoursError:
            zone = timezone.get_default_timezone()
        with timezone.override(zone):
            return view(request, business, *args, **kwargs)

    return wrapper


def row_id(raw):
    """An id posted in a form, or 0 (which no row has) for anything that is not one, so a lookup by
    it finds nothing instead of failing."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) < 2**63 else 0


UNREAD_CAP = 100  # the nav shows "99+" from here: the count stops instead of scanning every row


def unread_count(business):
    """Conversations with something new since anyone last opened them, in one COUNT over at most
    UNREAD_CAP rows. Read state is the conversation's, shared by everyone with access."""
    unread = Q(read_at__isnull=True) | Q(last_message_at__gt=F("read_at"))
    return Conversation.objects.filter(unread, business=business).order_by().values("id")[:UNREAD_CAP].count()


def unread_label(count):
    return f"{UNREAD_CAP - 1}+" if count >= UNREAD_CAP else str(count)


class Unread:
    """The nav's unread count: queried only if a page shows it, at most once a request."""

    def __init__(self, business):
        self.business = business

    @cached_property
    def count(self):
        return unread_count(self.business)

    @property
    def label(self):
        return unread_label(self.count)
