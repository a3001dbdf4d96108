"""A lost database connection answers 503 (Twilio and browsers try again), not a 500."""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse

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
