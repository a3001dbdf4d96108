"""A lost database connection answers 503 (Twilio and browsers try again), not a 500; and provider
webhooks go straight to their views, past the dashboard's middleware."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.urls import Resolver404, resolve

log = logging.getLogger("textback.web")


class DatabaseUnavailable:
    """A request cut short by the database (a restart, a failover, a killed connection) is
    answered 503 with Retry-After; the broken connection is dropped so the next request reconnects."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        return unavailable(request, exception)


def unavailable(request, exception):
    """The 503 for a request the database cut short; its broken connections closed."""
    log.warning("%s: database unavailable, answered 503: %s", request.path, str(exception).strip().splitlines()[:1])
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:
            pass
    response = HttpResponse("The database is unavailable; try again shortly.\n", status=503,
                            content_type="text/plain")
    response["Retry-After"] = "1"
    return response


class ProviderWebhooks:
    """A provider's webhook (a view of twilio.webhooks.webhook, under /twilio/, /signalwire/ or
    /telnyx/) goes straight to its view from here. It is a machine's request: no session, user,
    CSRF token (its views are exempt: the signature is the check), messages or frame and content
    policies, and the middleware below this one was a quarter of a webhook's CPU in gunicorn
    (docs/decisions.md 21). What is above it still applies (timing, the trusted proxy, security
    headers); a lost database still answers 503, as DatabaseUnavailable does; any other path, and
    any view not marked as a webhook (the simulator's pages), takes the usual way."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(f"/{name}/" for name in settings.PROVIDERS)

    def __call__(self, request):
        if not request.path_info.startswith(self.prefixes):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not getattr(match.func, "provider_webhook", False):  # the simulator's pages, say
            return self.get_response(request)
        request.resolver_match = match
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except (OperationalError, InterfaceError) as e:
            return unavailable(request, e)
        if not response.streaming and "Content-Length" not in response:  # as CommonMiddleware does
            response["Content-Length"] = str(len(response.content))
        return response
