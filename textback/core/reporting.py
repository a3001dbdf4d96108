"""Optional error reporting: with SENTRY_DSN set, errors go to Sentry (sentry-sdk), scrubbed first.

Callers' texts and numbers stay on this machine: request bodies (where texts arrive), query
strings, cookies and headers are dropped, SQL breadcrumbs (which carry query parameters) too,
frame variables are not collected, and every phone number left in any string (an exception's
message, a log line) is masked (core/logs.py). textback's own code never puts a text in an error."""

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.utils import BadDsn, Dsn

from textback.core.logs import redact

KEPT_HEADERS = {"Content-Type", "User-Agent", "Content-Length"}


def start(dsn, environment):
    try:
        Dsn(dsn)
    except BadDsn as e:
        raise ImproperlyConfigured(f"SENTRY_DSN: not a Sentry DSN ({e}); copy it from the project's Client Keys page") from None
    sentry_sdk.init(
        dsn=dsn, environment=environment, integrations=[DjangoIntegration()],
        send_default_pii=False, include_local_variables=False, max_request_body_size="never",
        before_send=scrub_event, before_breadcrumb=scrub_breadcrumb, traces_sample_rate=0,
    )


def scrub_event(event, hint):
    request = event.get("request")
    if request:
        for key in ("data", "query_string", "cookies", "env"):
            request.pop(key, None)
        if "url" in request:
            request["url"] = request["url"].split("?", 1)[0]
        request["headers"] = {k: v for k, v in (request.get("headers") or {}).items() if k in KEPT_HEADERS}
    event.pop("user", None)
    return masked(event)


def scrub_breadcrumb(crumb, hint):
    if crumb.get("category") == "query":  # SQL with its parameters: message bodies, numbers
        return None
    return masked(crumb)


def masked(value):
    """Every string in a nested structure with phone numbers masked."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: masked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [masked(v) for v in value]
    return value
