"""The contractor's dashboard end to end in Debian's Chromium, against pytest-django's live
server: sign in, see a missed call arrive without reloading, read the lead, reply, change the
text-back template and see the next caller get it. Screenshots of the main pages at 375 px and
1280 px wide go to build/screenshots/dashboard-*.png.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

from tests.browser.accessibility import assert_accessible
from tests.world import JEN
from textback.core import jobs
from textback.core.models import Membership, Message
from textback.simulator import phone

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
MARIA = "+13125550102"
PASSWORD = "correct horse battery staple"
WAIT_MS = 15_000  # the inbox polls every 4 s

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="the browser test needs Debian's Chromium at /usr/bin/chromium: apt-get install chromium",
    ),
]


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous and safe, so Django's async guard is lifted for this test only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            # Playwright's event loop gives this test its own context, and with it its own database
            # connection, which pytest-django's teardown never sees: left open, it kept PostgreSQL
            # from dropping the test database at the end of the run.
            connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def short_connections():
    """The live server answers each request on its own thread: with persistent connections
    those threads' PostgreSQL sessions would outlive the test and block dropping its database."""
    from django.db import connections

    config = connections["default"].settings_dict
    previous, config["CONN_MAX_AGE"] = config.get("CONN_MAX_AGE", 0), 0
    yield
    config["CONN_MAX_AGE"] = previous


@pytest.fixture
def carlos(short_connections, transactional_db, reyes, reyes_number, settings):
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    reyes_number.provider = phone.PROVIDER
    reyes_number.save()
    user = get_user_model().objects.create_user(username="carlos@reyes.example", email="carlos@reyes.example", password=PASSWORD)
    Membership.objects.create(user=user, business=reyes)
    return user


def watched_page(browser, width=375, height=812):
    """A new page, and the Content-Security-Policy violations its console reports."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    violations = []
    context.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return context, page, violations


def shoot(page, name, axe=True):
    """Screenshots at a phone's and a desktop's width; axe-core on the page first (not on Django's admin)."""
    if axe:
        assert_accessible(page, name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 812})
        page.screenshot(path=str(SCREENSHOTS / f"dashboard-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})


def signed_in_page(browser, live_server, width=390, height=844):
    """A new page at that size, Carlos signed in on it (at his inbox)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(live_server.url + "/")
    sign_in(page)
    return context, page


def sign_in(page):
    page.get_by_label("Email").fill("carlos@reyes.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def missed_call(number, caller):
    call = phone.call(number, caller)
    phone.ring_out(call)
    jobs.run_ready()
    return call


def test_a_contractor_sees_a_missed_call_replies_and_changes_the_text(
    live_server, browser, carlos, reyes, reyes_number, tuesday_morning_running,
):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    violations, previews, errors = [], [], []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("response", lambda r: previews.append(r.status) if r.url.endswith("/templates/preview") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    # Sign in.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shoot(page, "sign-in")
    sign_in(page)
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(page.get_by_text("No conversations yet")).to_be_visible()

    # A missed call arrives while the inbox is open: it shows up without a reload.
    missed_call(reyes_number, JEN)
    phone.text(reyes_number, JEN, "Hi, my kitchen sink is clogged and <b>backing up</b>")
    jobs.run_ready()
    row = page.locator("#inbox li.unread")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("(312) 555-0101")
    shoot(page, "inbox")

    # Read the lead: the card on top, the whole transcript with delivery status.
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Lead")).to_be_visible()
    expect(page.locator("#transcript")).to_contain_text("sorry we missed your call")
    expect(page.locator("#transcript")).to_contain_text("kitchen sink is clogged and <b>backing up</b>")
    expect(page.locator("#transcript .meta").first).to_contain_text("sent")
    expect(page.get_by_role("link", name="Call back (312) 555-0101")).to_have_attribute("href", "tel:" + JEN)
    shoot(page, "thread")

    # Reply: it takes over from the assistant and shows up as sent.
    page.get_by_label("Text (312) 555-0101").fill("Carlos here. I can come by at 3 today.")
    page.get_by_role("button", name="Send text").click()
    expect(page.get_by_text("Sent. The assistant stays quiet")).to_be_visible()
    jobs.run_ready()
    mine = page.locator("#transcript li", has_text="I can come by at 3 today.")
    expect(mine).to_contain_text("You ·")
    expect(mine).to_contain_text("sent")  # updated by polling after the worker sent it
    owner = Message.objects.get(kind=Message.OWNER)
    assert owner.status == Message.SENT and owner.conversation.owner_took_over_at is not None

    # Change the text-back template: the preview follows the typing; the next caller gets it.
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Text-back message").click()
    new_text = "Carlos at {business} here, sorry I missed you! What do you need fixed? 🔧"
    page.get_by_label("During opening hours").fill(new_text)
    page.get_by_label("After hours and on holidays").fill(new_text)
    preview = page.locator("#preview-template_in_hours")
    try:
        expect(preview.locator(".preview-box")).to_contain_text("Carlos at Reyes Plumbing here", timeout=WAIT_MS)
    except AssertionError as e:  # say what the page saw: the preview requests' statuses, script errors
        raise AssertionError(f"preview answers {previews}, page errors {errors}, CSP {violations}") from e
    expect(preview.locator(".preview-ucs2")).to_be_visible()
    expect(preview.locator(".preview-cost")).to_contain_text("UCS-2")
    shoot(page, "settings-templates")
    page.get_by_role("button", name="Save messages").click()
    expect(page.get_by_text("Saved. The next missed call gets the new text.")).to_be_visible()

    missed_call(reyes_number, MARIA)
    sent = Message.objects.get(kind=Message.TEXTBACK, to_number=MARIA)
    assert sent.body.startswith("Carlos at Reyes Plumbing here, sorry I missed you!") and sent.status == Message.SENT
    page.get_by_role("link", name="Inbox").click()
    page.locator("#inbox li", has_text="(312) 555-0102").get_by_role("link").click()
    expect(page.locator("#transcript")).to_contain_text("Carlos at Reyes Plumbing here, sorry I missed you!")

    # The other main pages, for the screenshots (and that they render in a real browser).
    for link, name, heading in [("Leads", "leads", "Leads"), ("Calls", "calls", "Calls"), ("Stats", "stats", "Stats")]:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        shoot(page, name)
    page.get_by_role("link", name="Settings").click()
    shoot(page, "settings")
    page.get_by_role("link", name="Numbers").click()
    shoot(page, "settings-numbers")

    assert violations == []
    context.close()


@pytest.fixture
def fresh_install(short_connections, transactional_db, settings):
    """No account at all yet: sign-up is open for the first one (TEXTBACK_SIGNUP stays closed)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.SIGNUP == "closed"


def test_a_new_contractor_signs_up_and_the_wizard_gets_them_to_a_working_simulator_number(
    live_server, browser, fresh_install, tuesday_morning_running,
):
    from playwright.sync_api import expect

    from textback.core.models import Business

    context, page, violations = watched_page(browser)

    # Sign up: the first account of a fresh install.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_text("yours is the first")).to_be_visible()
    page.get_by_label("Email").fill("ana@ortiz.example")
    page.get_by_label("Password").fill(PASSWORD)
    shoot(page, "sign-up")
    page.get_by_role("button", name="Create account").click()

    # Step 1: the business. A mistake is named next to its field, the rest stays filled in.
    expect(page.get_by_role("heading", name="Your business")).to_be_visible()
    page.get_by_label("Business name").fill("Ortiz Electric")
    page.get_by_label("Trade").fill("electrical")
    page.get_by_label("Your first name").fill("Ana")
    page.get_by_label("Your cell").fill("(773) 555-0143")
    page.get_by_label("Time zone").fill("America/Chicago")
    page.get_by_label("Opening hours").fill("mon-fry 7am-6pm")
    shoot(page, "wizard-business")
    page.get_by_role("button", name="Next: your number").click()
    expect(page.get_by_text("'fry' is not a day (use mon, tue, wed, thu, fri, sat, sun)")).to_be_visible()
    expect(page.get_by_label("Business name")).to_have_value("Ortiz Electric")
    page.get_by_label("Opening hours").fill("mon-fri 7am-6pm; sat 8-12")
    page.get_by_label("Time zone").fill("America/Chicago")
    page.get_by_role("button", name="Next: your number").click()

    # Step 2: the number. Forwarding codes show only for forwarded mode (CSS, no script).
    expect(page.get_by_role("heading", name="Your number", exact=True)).to_be_visible()
    expect(page.get_by_text("https://textback.example.com/twilio/voice/status")).to_be_visible()
    expect(page.get_by_text("https://textback.example.com/signalwire/voice/status")).to_be_visible()
    expect(page.get_by_text("https://textback.example.com/telnyx/voice/status")).to_be_visible()
    twilio = page.get_by_role("region", name="Connect a Twilio number")
    codes = twilio.locator(".forwarding")
    expect(codes).to_be_hidden()
    twilio.get_by_label("Forwarded mode").check()
    expect(codes).to_be_visible()
    expect(page.get_by_role("region", name="Connect a SignalWire number").locator(".forwarding")).to_be_hidden()
    shoot(page, "wizard-number")
    page.get_by_role("button", name="Try it with the simulator").click()

    # Step 3: the test call, from the simulator in another tab; the wizard sees it live.
    expect(page.get_by_role("heading", name="Test it")).to_be_visible()
    check = page.locator("#live-check")
    expect(check).to_contain_text("Waiting for a call to")
    shoot(page, "wizard-test")
    with context.expect_page() as opened:
        page.get_by_role("link", name="Open the simulator").click()
    simulator = opened.value
    simulator.set_default_timeout(WAIT_MS)
    simulator.get_by_role("button", name="Call Ortiz Electric").click()
    # The live check polls every 1.5 s: on a loaded machine (CI runs two suites at once) a change
    # can take longer than expect's default 5 s to show.
    expect(check).to_contain_text("Ringing your cell", timeout=WAIT_MS)
    simulator.get_by_role("button", name="Let it ring out").click()
    expect(check).to_contain_text("sending the text-back", timeout=WAIT_MS)
    jobs.run_ready()  # what the worker does
    expect(check).to_contain_text("It works!", timeout=WAIT_MS)
    expect(check.locator(".check-text")).to_contain_text("sorry we missed your call at Ortiz Electric")
    expect(simulator.get_by_role("log").locator(".msg--them").first).to_contain_text("Ortiz Electric")
    shoot(page, "wizard-test-done")

    # Then the inbox, with the test caller's conversation, unread, and its count in the nav.
    page.get_by_role("link", name="Go to your inbox").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(page.locator("#inbox li.unread")).to_have_count(1)
    expect(page.locator("#unread-count")).to_have_text(", 1 unread")
    business = Business.objects.get(name="Ortiz Electric")
    assert business.memberships.get().user.email == "ana@ortiz.example"
    assert business.hours["sat"] == [["08:00", "12:00"]] and business.owner_cell == "+17735550143"

    assert violations == []
    context.close()


def test_a_contractor_sets_a_lunch_break_and_closes_saturday_from_a_phone(live_server, browser, carlos, reyes):
    from playwright.sync_api import expect

    reyes.hours = {day: [["07:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")} | {"sat": [["08:00", "12:00"]]}
    reyes.save(update_fields=["hours"])
    context, page = signed_in_page(browser, live_server, 375, 812)
    page.goto(f"{live_server.url}/b/{reyes.id}/settings/hours")
    expect(page.get_by_role("checkbox", name="Saturday")).to_be_checked()
    expect(page.get_by_label("Monday opens", exact=True)).to_have_value("07:00")

    page.get_by_label("Monday closes", exact=True).fill("12:00")
    page.get_by_label("Monday opens again").fill("13:00")
    page.get_by_label("Monday closes (second time)").fill("18:00")
    page.get_by_role("checkbox", name="Saturday").uncheck()
    page.get_by_role("checkbox", name="Sunday").check()  # ticked without hours: named, nothing saved
    page.get_by_role("button", name="Save hours").click()
    expect(page.get_by_text("Sunday: give its hours, or untick it to close it all day.")).to_be_visible()
    expect(page.get_by_label("Monday opens again")).to_have_value("13:00")  # the rest stays filled in
    shoot(page, "hours-grid")
    page.get_by_role("checkbox", name="Sunday").uncheck()
    page.get_by_role("button", name="Save hours").click()
    expect(page.get_by_text("Saved: mon 07:00-12:00, 13:00-18:00; tue-fri 07:00-18:00.")).to_be_visible()
    reyes.refresh_from_db()
    assert reyes.hours["mon"] == [["07:00", "12:00"], ["13:00", "18:00"]] and "sat" not in reyes.hours
    context.close()


def test_the_admin_works_under_the_content_security_policy(live_server, browser, carlos):
    """An operator signs in to /admin/ (limited and locked like the dashboard's sign-in), lists and adds a
    business: its scripts (the inline rows' "Add another") run, and the policy blocks nothing."""
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    get_user_model().objects.create_superuser("root@ops.example", "root@ops.example", PASSWORD)
    context, page, violations = watched_page(browser, 1280, 900)
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("root@ops.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Businesses")).to_be_visible()
    page.get_by_role("link", name="Businesses").click()
    expect(page.get_by_text("Reyes Plumbing")).to_be_visible()
    page.goto(live_server.url + "/admin/core/business/add/")
    rows = page.locator(".dynamic-numbers")
    before = rows.count()
    page.get_by_text("Add another Phone number").click()
    expect(rows).to_have_count(before + 1)
    shoot(page, "admin-business-add", axe=False)
    assert violations == []
    context.close()
