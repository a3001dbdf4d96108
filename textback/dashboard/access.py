"""Who may see what: every dashboard view runs for one business that the signed-in user is a
member of. Anything else is a 404, so that another business's ids reveal nothing."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone

from textback.core import hours
from textback.core.models import Business

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
        if request.session.get(SESSION_KEY) != business.id:
            request.session[SESSION_KEY] = business.id
        try:
            zone = hours.zone(business.timezone)
        except hours.HoursError:
            zone = timezone.get_default_timezone()
        with timezone.override(zone):
            return view(request, business, *args, **kwargs)

    return wrapper
