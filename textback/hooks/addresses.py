"""Where a webhook may go: never to this machine, the private network or a cloud's metadata
service (SSRF), unless the operator allows private addresses (TEXTBACK_WEBHOOKS_ALLOW_PRIVATE).

Checked when an endpoint is added and again at every delivery, on the address the connection is
actually made to: the host is resolved once, each address checked, and the socket opened to the
checked address, so a name that resolves elsewhere a moment later (DNS rebinding) gains nothing.
TLS still verifies the certificate against the host name. (No well-kept library does this for
requests today; advocate, the known one, is unmaintained.)"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection

# Cloud metadata services (AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba): refused whatever the setting.
METADATA = {ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")}


class Refused(Exception):
    """The endpoint's address may not be reached; the message says why, for the owner."""


class Unresolvable(Exception):
    """The host name does not resolve (now): worth trying again later."""


def refusal(address):
    """What forbids reaching `address` ("a loopback address"...), or None."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip in METADATA:
        return "a cloud metadata address"
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return "not a public address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


def resolve(host, port):
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise Unresolvable(f"{host} does not resolve ({e})") from None
    return list(dict.fromkeys(info[4][0] for info in found))


def checked_address(host, port):
    """An address of `host` to connect to. Refused when any of its addresses is refused: a name
    with one private address among public ones could otherwise be steered to it."""
    addresses = resolve(host, port)
    for address in addresses:
        if reason := refusal(address):
            raise Refused(f"{address} is {reason}" if address == host else f"{host} resolves to {address}, {reason}")
    return addresses[0]


def check_url(url):
    """The endpoint URL as given, or Refused with what is wrong with it (when it is added)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("use an http:// or https:// URL")
    if parts.username or parts.password:
        raise Refused("no user name or password in the URL (the signature proves it is textback)")
    try:
        checked_address(parts.hostname, port)
    except Unresolvable:
        raise Refused(f"{parts.hostname} does not resolve") from None
    return url.strip()


class GuardedConnection:
    """A urllib3 connection that opens its socket to the checked address of its host only."""

    def _new_conn(self):
        address = checked_address(self.host, self.port)
        try:
            return connection.create_connection(
                (address, self.port), self.timeout, source_address=self.source_address,
                socket_options=self.socket_options,
            )
        except TimeoutError as e:
            raise ConnectTimeoutError(self, f"connection to {self.host} timed out") from e
        except OSError as e:
            raise NewConnectionError(self, f"could not connect to {self.host}: {e}") from e


class GuardedHTTPConnection(GuardedConnection, HTTPConnection):
    pass


class GuardedHTTPSConnection(GuardedConnection, HTTPSConnection):
    pass


class GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}
