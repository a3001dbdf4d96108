"""`textback webhook add --business ID --url URL [--events ...]` prints the signing secret last;
`textback webhook list [--business ID]` lists endpoints (../shared/CONTRACT.md)."""

import io

import pytest
from django.core.management import CommandError, call_command
from standardwebhooks.webhooks import Webhook

from textback.hooks.models import EVENTS, Endpoint


def run(*args):
    out = io.StringIO()
    call_command("webhook", *args, stdout=out)
    return out.getvalue().splitlines()


def test_webhook_add_prints_the_signing_secret_on_its_last_line(reyes):
    lines = run("add", "--business", str(reyes.id), "--url", "http://127.0.0.1:9/hook", "--events", "call.missed,lead.qualified")
    secret = lines[-1]
    endpoint = Endpoint.objects.get()
    assert secret.startswith("whsec_") and secret == endpoint.secret
    Webhook(secret)  # a secret the standard verifiers accept
    assert endpoint.events == ["call.missed", "lead.qualified"] and endpoint.business == reyes


def test_webhook_add_without_events_subscribes_to_all(reyes):
    run("add", "--business", str(reyes.id), "--url", "http://127.0.0.1:9/hook")
    assert Endpoint.objects.get().events == list(EVENTS)


@pytest.mark.parametrize("args, message", [
    (["--url", "http://127.0.0.1:9/", "--events", "lead.won"], "--events: unknown event 'lead.won'"),
    (["--url", "ftp://example.com/"], "--url: 'ftp://example.com/' is refused: use an http:// or https:// URL"),
])
def test_webhook_add_names_the_option_that_is_wrong(reyes, args, message):
    with pytest.raises(CommandError, match=message):
        run("add", "--business", str(reyes.id), *args)
    assert not Endpoint.objects.exists()


def test_webhook_add_refuses_a_private_address_unless_allowed(reyes, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(CommandError, match="loopback"):
        run("add", "--business", str(reyes.id), "--url", "http://127.0.0.1:9/hook")


def test_webhook_add_for_an_unknown_business_says_so(db):
    with pytest.raises(CommandError, match="--business: no business with id 99"):
        run("add", "--business", "99", "--url", "http://127.0.0.1:9/hook")


def test_webhook_list_shows_the_endpoints_of_one_business_or_all(reyes):
    run("add", "--business", str(reyes.id), "--url", "http://127.0.0.1:9/one", "--events", "lead.qualified")
    [line] = run("list", "--business", str(reyes.id))
    assert line.split("\t")[1:] == ["Reyes Plumbing", "http://127.0.0.1:9/one", "lead.qualified"]
    assert run("list") == [line] and run("list", "--business", "99") == []
