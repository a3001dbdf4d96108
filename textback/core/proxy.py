"""The reverse proxy in front of textback (TEXTBACK_TRUSTED_PROXIES): only a request that comes from
it may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is and whether it used https.
From anyone else those headers are dropped, so a client cannot pick its own address (and dodge the
sign-in limits) or claim https."""

import ipaddress

from django.conf import settings


def parsed(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def trusted(address):
    ip = parsed(address)
    return ip is not None and any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request):
    """The client's address: the nearest hop in X-Forwarded-For that is not one of our proxies (each
    proxy appends the address it saw), when the request came from one; else REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not trusted(hop):
            return hop if parsed(hop) else remote
    return remote


class TrustedProxy:
    """First in the middleware: forwarded headers from anyone but the proxy are not believed."""

    FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not trusted(request.META.get("REMOTE_ADDR", "")):
            for header in self.FORWARDED:
                request.META.pop(header, None)
        return self.get_response(request)
