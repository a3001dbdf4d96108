"""Issue 13 in Chromium at 320, 390 and 1280 px: the contractor's day on a phone. One sign-in and
one page walk the inbox (what needs the owner on top, "needs me", search, live updates in place),
the thread (newest message and reply box in reach, the lead card folded, one clean address, the
Tab order, the confirmation focused where the owner acted, Block asking first), the leads
filter's errors, the 404 page, the hours page and the stats' empty charts, with axe-core on each
page and screenshots in build/screenshots/day-*.png."""

import re
from datetime import timedelta

from tests.browser.accessibility import assert_accessible
from tests.browser.test_dashboard import (  # noqa: F401 (fixtures and marks, shared)
    SCREENSHOTS, browser, carlos, pytestmark, short_connections, signed_in_page,
)
from tests.world import JEN
from textback.core import clock
from textback.core.models import Contact, Conversation, Message
from textback.simulator import phone

WIDTHS = (320, 390, 1280)
ROSA, DAVE, MIKE = "+13125550111", "+13125550112", "+13125550113"


def shoot(page, name):
    """axe-core, then a screenshot at each width, each page checked to fit without sideways scrolling."""
    assert_accessible(page, name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 1000 else 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} is {overflow} px too wide at {width} px"
        page.screenshot(path=str(SCREENSHOTS / f"day-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


def lead(business, number, name, minutes_ago, texts, outcome="", **facts):
    contact = Contact.objects.create(business=business, number=number, name=name)
    at = clock.now() - timedelta(minutes=minutes_ago)
    conversation = Conversation.objects.create(business=business, contact=contact, phone_number=business.numbers.get(),
                                               lead=facts, started_at=at, last_message_at=at, outcome=outcome)
    for i, body in enumerate(texts):
        Message.objects.create(business=business, conversation=conversation, direction=Message.IN, kind=Message.LEAD,
                               provider=phone.PROVIDER, from_number=number, to_number=business.numbers.get().number,
                               body=body, status=Message.RECEIVED, created_at=at + timedelta(seconds=i))
    return conversation


def contrast(page, selector):
    """The contrast of the focused element's outline against the page behind it (WCAG formula)."""
    return page.evaluate("""(selector) => {
      const el = document.querySelector(selector);
      const rgb = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                     .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      const ring = lum(rgb(getComputedStyle(el).outlineColor));
      const back = lum(rgb(getComputedStyle(document.body).backgroundColor));
      return (Math.max(ring, back) + 0.05) / (Math.min(ring, back) + 0.05);
    }""", selector)


def test_a_contractor_works_through_the_day_on_a_phone(live_server, browser, carlos, reyes, reyes_number,
                                                       tuesday_morning_running):
    from playwright.sync_api import expect

    rosa = lead(reyes, ROSA, "Rosa Martínez", 50, ["Water heater is leaking everywhere", "1423 W Addison St, Chicago 60613"],
                urgency="emergency", status="partial", need="water heater leaking", address="1423 W Addison St, Chicago",
                city="Chicago", postal_code="60613")
    lead(reyes, DAVE, "Dave", 40, ["Toilet runs all night"], status="qualified", urgency="soon", need="running toilet")
    lead(reyes, JEN, "", 5, ["Do you do gutters?"])
    lead(reyes, MIKE, "Mike", 1, ["Thanks, see you then"], outcome="booked", urgency="emergency", status="qualified")
    context, page = signed_in_page(browser, live_server)
    base = f"{live_server.url}/b/{reyes.id}"

    # The inbox: the emergency first, then the new qualified lead, then by time; marked.
    rows = page.locator("#inbox li")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Rosa Martínez")
    expect(rows.nth(0)).to_contain_text("Emergency: needs you")
    expect(rows.nth(1)).to_contain_text("Dave")
    expect(rows.nth(1)).to_contain_text("New lead: needs you")
    expect(rows.nth(2)).to_contain_text("Mike")  # booked: by time with the rest
    page.set_viewport_size({"width": 320, "height": 700})  # the whole navigation fits, nothing cut off
    settings_tab = page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings")
    assert settings_tab.bounding_box()["x"] + settings_tab.bounding_box()["width"] <= 320
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "inbox")

    # A focused row stays put while the live update runs; the first poll announces nothing.
    rows.nth(0).get_by_role("link").focus()
    with page.expect_response(lambda r: "inbox.json" in r.url):
        pass
    page.wait_for_timeout(300)
    expect(page.locator("#live-status")).to_have_text("")
    phone.text(reyes_number, DAVE, "Also the sink drips")
    expect(page.locator("#live-status")).to_have_text("1 new message")
    assert page.evaluate("document.activeElement.closest('li').dataset.id") == str(rosa.id)

    # Needs me leaves out what is booked; search finds by words.
    page.get_by_role("link", name="Needs me").click()
    expect(rows).to_have_count(3)
    expect(page.locator("#inbox")).not_to_contain_text("Mike")
    page.get_by_role("link", name="All", exact=True).click()
    page.get_by_role("searchbox").fill("heater")
    page.get_by_role("button", name="Search").click()
    expect(rows).to_have_count(1)
    shoot(page, "inbox-search")

    # The thread opens at the newest message with the reply box in reach; the lead card folded.
    rows.nth(0).get_by_role("link").click()
    box = page.locator("#reply-body")
    expect(box).to_be_in_viewport()
    expect(page.locator("#transcript li").last).to_be_in_viewport()
    card = page.locator("details#lead")
    expect(card).not_to_have_attribute("open", "")
    card.locator("summary").click()
    expect(card).to_contain_text("1423 W Addison St, Chicago 60613")
    expect(card.get_by_role("link", name="Map")).to_have_attribute(
        "href", "https://www.google.com/maps/search/?api=1&query=1423%20W%20Addison%20St%2C%20Chicago%2060613")
    expect(page.get_by_role("link", name="Text from your phone")).to_have_attribute("href", "sms:" + ROSA)
    assert "Chicago, Chicago" not in page.content()
    shoot(page, "thread")

    # A new text joins the thread in place: the rows already there stay the same elements.
    page.evaluate("document.querySelector('#transcript li').dataset.seen = 'yes'")
    expect(page.locator("#live-status")).to_have_text("")
    phone.text(reyes_number, ROSA, "Are you coming?")
    expect(page.locator("#live-status")).to_have_text(re.compile(r"^[12] new messages?$"))
    expect(page.locator("#transcript li").first).to_have_attribute("data-seen", "yes")
    expect(page.locator("#transcript")).to_contain_text("Are you coming?")

    # The Tab order follows the screen: the reply box, Send, then Mark as.
    box.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send text")).to_be_focused()
    assert contrast(page, "#reply-body") >= 3  # the focus ring, seen in sunlight
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Booked")).to_be_focused()

    # The counter counts without announcing each keystroke.
    expect(page.locator("#reply-count")).not_to_have_attribute("aria-live", "polite")
    box.fill("On my way, 20 min")
    page.get_by_role("button", name="Send text").click()
    expect(page.locator("#done-reply")).to_be_focused()
    expect(page.locator("#done-reply")).to_contain_text("Sent.")
    page.get_by_role("button", name="Booked").click()
    expect(page.locator("#done-marked")).to_be_focused()
    expect(page.locator("#done-marked")).to_contain_text("Marked as Booked.")

    # Block number is apart, and asks first.
    block = page.get_by_role("button", name="Yes, block (312) 555-0111")
    expect(block).to_be_hidden()
    page.get_by_text("Block number…").click()
    shoot(page, "thread-block")
    block.click()
    expect(page.locator("#done-block")).to_be_focused()
    assert Contact.objects.get(number=ROSA).blocked

    # The leads filter says what was wrong; one label per value.
    page.goto(f"{base}/leads/?since=2026-11-30&until=2026-11-01")
    expect(page.get_by_role("alert")).to_contain_text("“From” (2026-11-30) is after “To” (2026-11-01)")
    expect(page.get_by_label("Status").locator("option", has_text="Existing customer")).to_have_count(1)
    shoot(page, "leads-dates")

    # The 404 page leads back.
    page.goto(f"{base}/c/999999/")
    expect(page.get_by_role("heading", name="This page does not exist")).to_be_visible()
    shoot(page, "not-found")
    page.get_by_role("link", name="Back to your inbox").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()

    # The hours page: a closed day's times are disabled, and enabled when the day is ticked.
    page.goto(f"{base}/settings/hours")
    sunday = page.get_by_role("checkbox", name="Sunday")
    expect(sunday).not_to_be_checked()
    expect(page.get_by_label("Sunday opens", exact=True)).to_be_disabled()
    sunday.check()
    expect(page.get_by_label("Sunday opens", exact=True)).to_be_enabled()
    sunday.uncheck()
    shoot(page, "hours")
    before = reyes.hours
    page.get_by_role("button", name="Save hours").click()  # the disabled times are sent all the same
    expect(page.locator("#done")).to_be_focused()
    reyes.refresh_from_db()
    assert reyes.hours == before

    # Stats: whole ticks, and an empty chart says so.
    page.goto(f"{base}/stats/")
    expect(page.get_by_text("Nothing yet in these days.").first).to_be_visible()
    shoot(page, "stats")

    # Every other page fits from 320 px up and passes axe-core.
    for path in ("calls/", "leads/", "settings/", "settings/assistant", "settings/templates", "settings/contacts",
                 "settings/numbers"):
        page.goto(f"{base}/{path}")
        shoot(page, path.strip("/").replace("/", "-"))
    context.close()


def test_the_fresh_demo_inbox_points_to_the_simulator_whose_log_scrolls_by_keyboard(
        live_server, browser, carlos, reyes, tuesday_morning_running):
    from playwright.sync_api import expect

    context, page = signed_in_page(browser, live_server)
    expect(page.get_by_text("Call your number to see it work")).to_be_visible()
    shoot(page, "inbox-empty")
    page.get_by_role("link", name="Open the simulator").click()
    log = page.get_by_role("log")
    expect(log.locator("ol[tabindex='0']")).to_have_count(1)
    assert_accessible(page, "simulator")
    context.close()
