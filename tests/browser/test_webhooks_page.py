"""Settings → Webhooks in Chromium at a phone's width: add an endpoint with two events, send a
test event and see it delivered in the log. Screenshots go to build/screenshots/dashboard-webhooks-*.png."""

from tests.browser.test_dashboard import PASSWORD, WAIT_MS, browser, carlos, pytestmark, shoot, short_connections, watched_page  # noqa: F401
from tests.fakes.webhook_receiver import WebhookReceiver
from textback.core import jobs
from textback.hooks.models import Endpoint


def test_an_owner_adds_an_endpoint_and_sends_a_test_event_from_a_phone(live_server, browser, carlos, reyes, settings):
    from playwright.sync_api import expect

    settings.WEBHOOKS_ALLOW_PRIVATE = True
    receiver = WebhookReceiver().start()
    context, page, violations = watched_page(browser)
    try:
        page.goto(live_server.url + "/sign-in")
        page.get_by_label("Email").fill("carlos@reyes.example")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Settings").click()
        page.get_by_role("link", name="Webhooks").click()
        expect(page.get_by_role("heading", name="Add an endpoint")).to_be_visible()
        page.get_by_label("Endpoint URL").fill(receiver.url)
        for box in page.get_by_role("checkbox").all():
            box.uncheck()
        page.get_by_role("checkbox", name="lead.qualified").check()
        page.get_by_role("checkbox", name="call.missed").check()
        page.get_by_role("button", name="Add endpoint").click()
        expect(page.get_by_text("Endpoint added")).to_be_visible()
        endpoint = Endpoint.objects.get()
        assert endpoint.events == ["call.missed", "lead.qualified"]
        receiver.secret = endpoint.secret
        page.get_by_role("button", name="Send test event").click()
        jobs.run_ready()
        page.reload()
        expect(page.locator("table")).to_contain_text("webhook.test")
        expect(page.locator("table")).to_contain_text("delivered")
        assert [r.verified for r in receiver.requests] == [True]
        shoot(page, "webhooks")
        assert violations == []
    finally:
        context.close()
        receiver.stop()
