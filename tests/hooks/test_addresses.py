"""SSRF: an endpoint on this machine, the private network, a link-local or a cloud metadata
address is refused when added and again at delivery, however its name resolves then."""

import socket

import pytest
from django.db import transaction

from textback.hooks import endpoints, events
from textback.hooks.models import Delivery, Endpoint
from textback.core import jobs


@pytest.fixture
def public_only(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    return settings


@pytest.mark.parametrize("url, why", [
    ("http://127.0.0.1:8000/hook", "loopback"),
    ("http://[::1]/hook", "loopback"),
    ("http://[::ffff:127.0.0.1]/hook", "loopback"),
    ("http://2130706433/hook", "loopback"),  # 127.0.0.1 as one number
    ("http://10.1.2.3/hook", "private"),
    ("https://192.168.1.20/hook", "private"),
    ("http://172.16.0.9/hook", "private"),
    ("http://[fd12:3456::1]/hook", "private"),
    ("http://169.254.10.10/hook", "link-local"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://100.100.100.200/", "metadata"),
    ("http://0.0.0.0/", "not a public"),
    ("http://localhost:8000/hook", "loopback"),  # a name that resolves to one
])
def test_an_endpoint_on_a_non_public_address_is_refused_when_added(url, why, reyes, public_only):
    with pytest.raises(endpoints.Invalid) as refused:
        endpoints.add(reyes, url, [])
    assert why in refused.value.message and refused.value.field == "url"
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize("url", ["ftp://example.com/", "not a url", "http://user:pw@example.com/", "http:///nohost"])
def test_what_is_not_an_http_url_is_refused_with_a_reason(url, reyes):
    with pytest.raises(endpoints.Invalid):
        endpoints.add(reyes, url, [])


def test_metadata_addresses_are_refused_even_when_private_ones_are_allowed(reyes, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    with pytest.raises(endpoints.Invalid, match="metadata"):
        endpoints.add(reyes, "http://169.254.169.254/latest/meta-data/", [])
    assert endpoints.add(reyes, "http://127.0.0.1:9/hook", []).id


def dns(monkeypatch, answers):
    """The resolver answering `answers[host]` (the DNS is outside textback: faked at its boundary)."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_name_that_resolves_to_a_private_address_among_public_ones_is_refused(reyes, public_only, monkeypatch):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "mixed.example.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                    (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(endpoints.Invalid, match="resolves to 10.0.0.7, a private address"):
        endpoints.add(reyes, "https://mixed.example.com/hook", [])


def test_a_name_rebound_to_loopback_after_it_was_added_is_refused_at_delivery(crm, public_only, monkeypatch, tuesday_morning):
    """Added while it resolved to a public address; by delivery it resolves to the receiver on
    127.0.0.1 (DNS rebinding): the connection is refused, nothing reaches it."""
    dns(monkeypatch, {"hooks.example.com": "93.184.216.34"})
    port = crm.server.server_address[1]
    endpoint = endpoints.add(crm.endpoint.business, f"http://hooks.example.com:{port}/hook", [])
    dns(monkeypatch, {"hooks.example.com": "127.0.0.1"})
    with transaction.atomic():
        events.send_test(endpoint)
    jobs.run_ready()
    sending = Delivery.objects.get(endpoint=endpoint)
    assert sending.status == Delivery.FAILED
    assert sending.error == "refused: hooks.example.com resolves to 127.0.0.1, a loopback address"
    assert not crm.requests


def test_an_endpoint_added_while_private_ones_were_allowed_is_refused_once_they_are_not(crm, settings, tuesday_morning):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with transaction.atomic():
        events.send_test(crm.endpoint)
    jobs.run_ready()
    assert not crm.requests
    assert Delivery.objects.get().error == "refused: 127.0.0.1 is a loopback address"


def test_the_connection_goes_to_the_address_that_was_checked_not_to_a_second_lookup(crm, public_only, monkeypatch,
                                                                                    tuesday_morning):
    """A name that answers a public address to the check and loopback right after (DNS rebinding
    within one delivery): one lookup per connection, so the loopback answer is never used."""
    port = crm.server.server_address[1]
    dns(monkeypatch, {"rebind.example.com": "93.184.216.34"})
    endpoint = endpoints.add(crm.endpoint.business, f"http://rebind.example.com:{port}/hook", [])
    answers = iter(["93.184.216.34"] + ["127.0.0.1"] * 10)
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "rebind.example.com":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with transaction.atomic():
        events.send_test(endpoint)
    jobs.run_ready()
    assert not crm.requests  # it tried 93.184.216.34 (unreachable here), never 127.0.0.1
    assert Delivery.objects.get(endpoint=endpoint).status == Delivery.PENDING
