"""The conversation after the text-back: the assistant answers the caller, the owner is told and
can answer by SMS from their own cell.

The caller's text is stored first (core/incoming.py); the assistant runs afterwards as a job, so a failure in
it never loses the text. Everything it decides goes out through the outbox like any other text.
"""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django_tasks import task

from textback.assistant import Lead, engine, engine_for, faq
from textback.assistant.schema import OPEN_STATUSES
from textback.core import clock, jobs, llm_health, outbox, phones, quiet
from textback.core.models import Conversation, Message
from textback.hooks import events as hooks

log = logging.getLogger("textback.assistant")


def should_answer(conversation):
    contact = conversation.contact
    return (
        conversation.business.assistant_enabled
        and conversation.owner_took_over_at is None
        and contact.opted_out_at is None
        and not contact.blocked
    )


def after_lead_text(message):
    """Called inside the transaction that stored the caller's text."""
    if should_answer(message.conversation):
        jobs.enqueue(respond_to, message.id)


def business_info(business):
    return engine.BusinessInfo(name=business.name, trade=business.trade, owner_name=business.owner_name,
                               hours=business.hours or {}, licensed_insured=business.licensed_insured,
                               free_estimates=business.free_estimates, service_fee=business.service_fee,
                               service_area=business.service_area, faq=tuple(faq.parse_or_none(business.faq)))


def lead_state(conversation):
    return Lead.from_json(conversation.lead)


def history_before(message):
    earlier = (
        message.conversation.messages.exclude(kind=Message.NOTIFICATION)
        .exclude(direction=Message.IN, kind=Message.OWNER)
        .filter(created_at__lte=message.created_at)
        .exclude(id=message.id)
        .order_by("created_at", "id")
    )
    return [("lead" if m.direction == Message.IN else "assistant", m.body) for m in earlier]


@task()
def respond_to(message_id):
    message = Message.objects.select_related("conversation__contact", "business").get(id=message_id)
    if not should_answer(message.conversation):
        return "not answering"
    started_from = message.conversation.lead
    # The LLM engine when TEXTBACK_LLM_BASE_URL is set and a trial approved it; it falls back to the
    # built-in one on any failure. It runs outside any transaction: a slow model must not hold a lock
    # the webhooks need.
    turn = assistant_engine().respond(
        business_info(message.business), lead_state(message.conversation), history_before(message), message.body
    )
    apply_turn(message, turn, started_from)
    return "answered"


def assistant_engine():
    """The AI model's engine once `textback simulate --gate` approved it, else the built-in one."""
    if llm_health.configured() and not llm_health.approved():
        return engine
    return engine_for(settings, on_outcome=llm_health.count)


@transaction.atomic
def apply_turn(message, turn, started_from):
    conversation = Conversation.objects.select_for_update(of=("self",)).select_related(
        "contact", "business", "phone_number"
    ).get(id=message.conversation_id)
    if conversation.lead != started_from:
        # Another text of this caller was handled meanwhile: answer again from the lead as it is
        # now (the built-in engine, quick enough to run under the lock), so neither turn is lost.
        turn = engine.respond(business_info(conversation.business), lead_state(conversation), history_before(message), message.body)
    business, contact = conversation.business, conversation.contact
    before = conversation.lead or {}
    conversation.lead = before | turn.lead.to_json()
    if turn.owner_summary:
        conversation.lead["owner_summary_sent"] = True
    address_for_alert = address_after_alert(conversation.lead, turn)
    conversation.save(update_fields=["lead"])
    if turn.lead.name and not contact.name:
        contact.name = turn.lead.name[:100]
        contact.save(update_fields=["name"])
    if turn.opt_out:
        message.opt_out = True
        message.save(update_fields=["opt_out"])
        outbox.record_opt_out(business, contact.number, f"in plain words: {message.body.strip()[:60]!r}")
    elif turn.opt_in:
        outbox.record_opt_in(business, contact.number, f"in plain words: {message.body.strip()[:60]!r}")
    hooks.lead_changed(conversation, before)
    if (number := line_of(conversation)) is None:
        return
    for reply in turn.replies:
        outbox.queue(
            business=business, number=number, to=contact.number, body=reply.text, asks=reply.asks or "",
            kind=Message.CONFIRMATION if turn.opt_out else Message.ASSISTANT, conversation=conversation,
        )
    if turn.owner_alert:
        notify_owner(conversation, number, turn.owner_alert, urgent=True)
    if turn.owner_note:  # not an alert: it goes whatever the summaries setting says, but not as URGENT
        notify_owner(conversation, number, turn.owner_note, urgent=False)
    if address_for_alert:
        notify_owner(conversation, number, f"Address for the emergency: {address_for_alert}", urgent=True)
    if turn.owner_summary and business.owner_summaries:  # urgent alerts (above) go out whatever it says
        notify_owner(conversation, number, turn.owner_summary, urgent=False)
    if not turn.done and not turn.opt_out:
        schedule_quiet_checks(conversation, message)


def address_after_alert(lead, turn):
    """An emergency alert that went out before the caller said where is followed by the address as
    soon as they send it (not at the summary, which may be half an hour away). Marks the lead."""
    if turn.owner_alert:
        lead["alert_awaits_address"] = not turn.lead.address
        return None
    if lead.get("alert_awaits_address") and turn.lead.address and not turn.owner_summary:
        lead["alert_awaits_address"] = False
        return turn.lead.address
    return None


def line_of(conversation):
    """The number the conversation runs on, which sends all of it (the caller's replies, the
    owner's alerts, which the owner answers there); None, and nothing is sent, once that number
    was removed from the business: another number would be one the caller does not know."""
    if conversation.phone_number is None:
        log.warning("conversation %s: its number was removed from the business; nothing sent", conversation.id)
    return conversation.phone_number


def notify_owner(conversation, number, text, urgent):
    """An SMS to the owner's cell. The #code lets the owner answer the right lead from their phone."""
    business, caller = conversation.business, phones.pretty(conversation.contact.number)
    body = text if caller in text or conversation.contact.number in text else f"{text} Caller: {caller}"
    body = f"{body} Reply #{conversation.id} + your text to answer them."
    outbox.queue(
        business=business, number=number, to=business.owner_cell, body=body, kind=Message.NOTIFICATION,
        conversation=conversation, urgent=urgent,
    )
    log.info("owner of business %s notified%s", business.id, " (urgent)" if urgent else "")


# -- when the caller goes quiet -------------------------------------------------------------


def schedule_quiet_checks(conversation, message):
    business, now = conversation.business, clock.now()
    if business.quiet_summary_minutes and business.owner_summaries:
        jobs.enqueue(summarize_if_quiet, conversation.id, message.id,
                     run_after=now + timedelta(minutes=business.quiet_summary_minutes))
    if business.follow_up_minutes:
        jobs.enqueue(follow_up_if_quiet, conversation.id, message.id,
                     run_after=now + timedelta(minutes=business.follow_up_minutes))


def still_quiet(conversation, since_message_id):
    """No newer text from the caller, and nobody else has taken the conversation over."""
    newer = conversation.messages.filter(direction=Message.IN, kind=Message.LEAD, id__gt=since_message_id).exists()
    return not newer and should_answer(conversation)


@task()
def summarize_if_quiet(conversation_id, since_message_id):
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update(of=("self",)).select_related(
            "business", "contact", "phone_number"
        ).get(id=conversation_id)
        lead = lead_state(conversation)
        if not still_quiet(conversation, since_message_id) or conversation.lead.get("owner_summary_sent"):
            return "not needed"
        if not conversation.business.owner_summaries:  # turned off since the check was scheduled
            return "summaries off"
        if not lead.need or lead.status not in OPEN_STATUSES:
            return "nothing to tell"
        if (number := line_of(conversation)) is None:
            return "no number"
        conversation.lead["owner_summary_sent"] = True
        conversation.save(update_fields=["lead"])
        notify_owner(conversation, number, engine.summarize(business_info(conversation.business), lead), urgent=False)
    return "owner told"


@task()
def follow_up_if_quiet(conversation_id, since_message_id):
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update(of=("self",)).select_related(
            "business", "contact", "phone_number"
        ).get(id=conversation_id)
        if not still_quiet(conversation, since_message_id):
            return "not needed"
        if not conversation.business.follow_up_minutes:  # turned off since the check was scheduled
            return "follow-ups off"
        # Not a direct reply: it goes out in the caller's daytime only (decided then, when it is
        # still worth sending); the outbox holds it to the same window should it be late.
        now = clock.now()
        daytime = quiet.next_daytime(now, conversation.contact.number, conversation.business.timezone)
        if daytime > now:
            jobs.enqueue(follow_up_if_quiet, conversation_id, since_message_id, run_after=daytime)
            return "waiting for the caller's daytime"
        lead = lead_state(conversation)
        reply = engine.follow_up(business_info(conversation.business), lead)
        if reply is None:
            return "nothing to ask"
        if (number := line_of(conversation)) is None:
            return "no number"
        conversation.lead["followed_up"] = True
        conversation.save(update_fields=["lead"])
        outbox.queue(
            business=conversation.business, number=number,
            to=conversation.contact.number, body=reply.text, asks=reply.asks or "", kind=Message.ASSISTANT,
            conversation=conversation, daytime_only=True,
        )
    return "followed up"


# -- the owner answering by SMS ---------------------------------------------------------------

OWNER_CODE = re.compile(r"^\s*#(\d+)\s*[:,-]?\s*(.*)$", re.S)


# An owner's text without a #code answers the alert they just got when it comes this soon after it.
ANSWERS_LAST_ALERT = timedelta(minutes=10)
# Leads the owner was told about this recently, not closed and not marked booked / lost / spam, are
# the open ones a code-less text might be for.
OPEN_LEAD_DAYS = 7
MENU_LEADS = 4


def target_of(number, body):
    """(conversation, text, open leads) for an owner's text to `number`: the lead its #code names;
    without a code, the lead of the alert they got minutes ago, or else the one open lead they were
    told about from this number. None when that is not clear: `open leads` lists the candidates."""
    business = number.business
    if match := OWNER_CODE.match(body):
        found = business.conversations.filter(id=int(match.group(1))).select_related("contact", "phone_number")
        return found.first(), match.group(2), []
    alerts = business.messages.filter(kind=Message.NOTIFICATION, from_number=number.number, conversation__isnull=False)
    last = alerts.order_by("-created_at", "-id").select_related("conversation__contact", "conversation__phone_number").first()
    if last is not None and clock.now() - last.created_at <= ANSWERS_LAST_ALERT:
        return last.conversation, body.strip(), []
    open_leads = list(
        Conversation.objects.filter(
            id__in=alerts.filter(created_at__gte=clock.now() - timedelta(days=OPEN_LEAD_DAYS)).values("conversation_id"),
            status=Conversation.OPEN, outcome="",
        ).select_related("contact", "phone_number").order_by("-last_message_at", "-id")[: MENU_LEADS + 1]
    )
    if len(open_leads) == 1:
        return open_leads[0], body.strip(), []
    return None, body.strip(), open_leads


def lead_name(conversation):
    """The lead as the owner knows them: their name, else their number."""
    return (conversation.lead or {}).get("name") or conversation.contact.name or phones.pretty(conversation.contact.number)


def menu(open_leads):
    """'Which lead? #12 Rosa (water heater), #9 (312) 555-0101 (leak). Start with the #.'"""
    items = []
    for conversation in open_leads[:MENU_LEADS]:
        need = ((conversation.lead or {}).get("need") or "").strip()
        items.append(f"#{conversation.id} {lead_name(conversation)}" + (f" ({need[:30]})" if need else ""))
    more = " and more" if len(open_leads) > MENU_LEADS else ""
    return f"textback: which lead? {', '.join(items)}{more}. Start your text with the #, like #{open_leads[0].id} On my way."


def owner_texted(number, provider, provider_message_id, body, media, relay=True):
    """The owner texted the business number: relay it to the lead, and the assistant steps back.
    relay=False: stored only (the owner's own STOP keyword)."""
    business = number.business
    with transaction.atomic():
        conversation, text, open_leads = target_of(number, body)
        # An owner's text relays only to a conversation on the number it arrived on: the lead
        # knows that number, and the owner was told about that lead from it.
        elsewhere = conversation if conversation is not None and conversation.phone_number_id != number.id else None
        if elsewhere:
            conversation = None
        try:
            with transaction.atomic():
                stored = Message.objects.create(
                    business=business, conversation=conversation, direction=Message.IN, kind=Message.OWNER,
                    provider=provider, provider_message_id=provider_message_id, from_number=business.owner_cell,
                    to_number=number.number, body=body, media=media, status=Message.RECEIVED, created_at=clock.now(),
                )
        except IntegrityError:
            return None
        if not relay:
            return stored
        if elsewhere:
            line = phones.pretty(elsewhere.phone_number.number) if elsewhere.phone_number else "another number"
            tell_owner(business, number, f"textback: not sent. #{elsewhere.id} is a lead of {line}: "
                                         "answer it in the texts from that number.")
            return stored
        if conversation is None and open_leads and text:
            tell_owner(business, number, menu(open_leads))
            return stored
        if conversation is None or not text:
            tell_owner(business, number, "textback: start with # and the lead's code, like: #12 On my way, 20 min.")
            return stored
        # The outbox decides whether it may go (opted out, blocked, landline, a link in a first text).
        relayed = outbox.queue(business=business, number=number, to=conversation.contact.number, body=text,
                               kind=Message.OWNER, conversation=conversation)
        if relayed.status == Message.GIVEN_UP:
            who = phones.pretty(conversation.contact.number)
            tell_owner(business, number, f"textback: not sent to {who}: {refusal_for_owner(relayed.error)}")
        else:
            conversation.owner_took_over_at = conversation.owner_took_over_at or clock.now()
            conversation.last_message_at = clock.now()
            conversation.save(update_fields=["owner_took_over_at", "last_message_at"])
            tell_owner(business, number, f"textback: sent to {lead_name(conversation)} (#{conversation.id}).")
    return stored


def refusal_for_owner(reason):
    """Why a reply was not sent, as the owner reads it on their phone."""
    if reason == "the recipient opted out":
        return "they opted out of texts. Call them instead."
    return reason.removeprefix("not sent: ") + "."


def tell_owner(business, number, text):
    outbox.queue(business=business, number=number, to=business.owner_cell, body=text, kind=Message.NOTIFICATION)
