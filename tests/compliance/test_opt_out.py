"""Nobody texted who said stop: carrier keywords, the provider's OptOutType and plain words opt a
caller out; START, UNSTOP and YES opt them back in; HELP is answered; and once opted out, no path
(text-back, assistant, follow-up, the owner's dashboard reply or SMS relay) texts them again.
Every change of consent is in the audit log with what caused it."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from tests.world import CARLOS_CELL, JEN
from textback.core import clock, conversations, jobs, outbox
from textback.core.models import Call, ConsentEvent, Contact, Conversation, Message
from textback.simulator import phone
from textback.twilio.tests.payloads import SMS, SMS_STATUS, payload

pytestmark = pytest.mark.usefixtures("tuesday_morning")


def text(number, body, caller=JEN, after=timedelta(minutes=1)):
    clock.advance_to(clock.now() + after)
    message = phone.text(number, caller, body)
    jobs.run_ready()
    return message


def jen():
    return Contact.objects.get(number=JEN)


def audit():
    return list(ConsentEvent.objects.order_by("id").values_list("kind", "source"))


def texts_to_jen():
    return Message.objects.filter(direction=Message.OUT, to_number=JEN).order_by("id")


def sent_to_jen():
    return [m for m in texts_to_jen() if m.status == Message.SENT]


# -- what counts as an opt-out ------------------------------------------------------------------

KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]


@pytest.mark.parametrize("body", [
    *KEYWORDS, *(k.lower() for k in KEYWORDS), "Stop.", "  stop  ", "STOP!!", "\"Quit\"", "opt-out", "Stop \U0001f6d1",
])
def test_every_carrier_keyword_opts_out_in_any_case_with_spaces_and_punctuation(number, miss, body):
    miss()
    text(number, body)
    assert jen().opted_out_at is not None
    assert Message.objects.get(direction=Message.IN).opt_out
    assert audit() == [(ConsentEvent.OPT_OUT, f"keyword {body.strip()!r}")]


@pytest.mark.parametrize("body", ["cancel my appointment", "can you stop by tomorrow", "the end of the pipe leaks"])
def test_a_text_that_merely_contains_a_keyword_is_not_an_opt_out(number, miss, body):
    miss()
    text(number, body)
    assert jen().opted_out_at is None and not audit()


@pytest.mark.parametrize("words", ["please stop texting me", "Don't text me again", "remove my number", "leave me alone"])
def test_plain_words_revoke_consent_through_the_assistant(number, miss, words):
    miss()
    text(number, words)
    assert jen().opted_out_at is not None
    assert audit() == [(ConsentEvent.OPT_OUT, f"in plain words: {words!r}")]
    assert [m.kind for m in sent_to_jen()] == [Message.TEXTBACK, Message.CONFIRMATION]


def test_plain_words_revoke_consent_when_the_assistant_is_off(reyes, number, miss):
    reyes.assistant_enabled = False
    reyes.save()
    miss()
    text(number, "stop texting me please")
    assert jen().opted_out_at is not None
    assert audit() == [(ConsentEvent.OPT_OUT, "in plain words: 'stop texting me please'")]
    confirmation = sent_to_jen()[-1]
    assert confirmation.kind == Message.CONFIRMATION and "Reyes Plumbing" in confirmation.body
    text(number, "hello?")
    assert len(sent_to_jen()) == 2


def test_plain_words_revoke_consent_after_the_owner_took_over(number, miss):
    miss()
    Conversation.objects.update(owner_took_over_at=clock.now())
    text(number, "do not text me")
    assert jen().opted_out_at is not None
    assert [m.kind for m in sent_to_jen()] == [Message.TEXTBACK, Message.CONFIRMATION]


# -- Twilio's OptOutType, START, HELP ----------------------------------------------------------


def sms(calls, n, body, **fields):
    return calls.post(SMS, "sms_incoming_text", Body=body, MessageSid=f"SM{n:032d}", **fields)


def test_twilios_opt_out_type_is_honoured_whatever_the_body_says(calls):
    calls.ring()
    calls.dial("no_answer")
    sms(calls, 1, "ARRET", OptOutType="STOP")  # a custom keyword set up in Advanced Opt-Out
    assert jen().opted_out_at is not None
    assert audit() == [(ConsentEvent.OPT_OUT, "keyword 'ARRET' (provider OptOutType STOP)")]
    sms(calls, 2, "DEMARRER", OptOutType="START")
    assert jen().opted_out_at is None
    assert audit()[-1] == (ConsentEvent.OPT_IN, "keyword 'DEMARRER' (provider OptOutType START)")


def test_help_answered_by_twilios_advanced_opt_out_is_not_answered_twice(calls):
    calls.ring()
    calls.dial("no_answer")
    jobs.run_ready()
    sms(calls, 1, "HELP", OptOutType="HELP")
    jobs.run_ready()
    assert list(texts_to_jen().values_list("kind", flat=True)) == [Message.TEXTBACK]


@pytest.mark.parametrize("word", ["START", "unstop", "Yes"])
def test_start_unstop_and_yes_opt_back_in_and_texts_flow_again(number, miss, later, word):
    miss()
    text(number, "STOP")
    text(number, word)
    assert jen().opted_out_at is None
    assert [kind for kind, _ in audit()] == [ConsentEvent.OPT_OUT, ConsentEvent.OPT_IN]
    message = outbox.queue(business=number.business, number=number, to=JEN, body="On our way", kind=Message.OWNER)
    jobs.run_ready()
    message.refresh_from_db()
    assert message.status == Message.SENT


def test_yes_from_a_caller_who_never_opted_out_is_an_answer_not_an_opt_in(number, miss):
    miss()
    text(number, "yes")
    assert not audit()


@pytest.mark.parametrize("word", ["HELP", "info", "Help?"])
def test_help_and_info_are_answered_with_the_business_name_and_how_to_stop(number, miss, word):
    miss()
    text(number, word)
    answer = sent_to_jen()[-1]
    assert "Reyes Plumbing" in answer.body and "STOP" in answer.body and "rates may apply" in answer.body


# -- an opt-out blocks every path ---------------------------------------------------------------


def test_after_an_opt_out_a_new_missed_call_gets_no_text_back(number, miss, later):
    miss()
    text(number, "STOP")
    later(days=3)
    call = miss()
    assert call.textback == Call.SKIPPED and call.textback_reason == "the caller opted out of texts"
    assert len(sent_to_jen()) == 1


def test_after_an_opt_out_the_assistant_answers_nothing(number, miss):
    miss()
    text(number, "STOP")
    text(number, "my sink is clogged, can you come?")
    assert [m.kind for m in texts_to_jen()] == [Message.TEXTBACK]


def test_after_an_opt_out_the_scheduled_follow_up_never_goes(number, miss, later):
    miss()
    text(number, "need a new water heater")
    text(number, "STOP")
    later(hours=30)
    jobs.run_ready()
    assert [m.kind for m in texts_to_jen()] == [Message.TEXTBACK, Message.ASSISTANT]


def test_a_follow_up_already_queued_is_given_up_at_send_time_when_the_caller_opts_out(number, miss):
    miss()
    follow_up = outbox.queue(business=number.business, number=number, to=JEN, body="Still need help?",
                             kind=Message.ASSISTANT, daytime_only=True)
    outbox.record_opt_out(number.business, JEN, "keyword 'STOP'")
    jobs.run_ready()
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.error) == (Message.GIVEN_UP, "the recipient opted out")


def test_after_an_opt_out_the_owners_dashboard_reply_is_refused_and_says_why(number, miss, signed_in):
    miss()
    text(number, "STOP")
    conversation = Conversation.objects.get()
    url = reverse("dashboard:reply", args=[number.business.id, conversation.id])
    page = signed_in.post(url, {"body": "Hi Jen, still need help?"}, follow=True).content.decode()
    assert "opted out of texts" in page and "keyword &#x27;STOP&#x27;" in page
    assert [m.kind for m in texts_to_jen()] == [Message.TEXTBACK]


def test_the_dashboard_shows_the_outboxs_reason_when_it_refuses_a_reply(reyes, number, signed_in):
    reyes.assistant_enabled = False
    reyes.save()
    text(number, "do you install water heaters?")  # no call, so nothing was ever sent to Jen
    conversation = Conversation.objects.get()
    url = reverse("dashboard:reply", args=[reyes.id, conversation.id])
    page = signed_in.post(url, {"body": "Yes! Book at reyes-plumbing.com"}, follow=True).content.decode()
    assert "Not sent: a link in the first text to a number gets it filtered by carriers" in page
    conversation.refresh_from_db()
    assert conversation.owner_took_over_at is None


def test_after_an_opt_out_the_owners_sms_relay_is_refused_and_the_owner_is_told_why(number, miss):
    miss()
    text(number, "water heater leaking, 5 Elm St Chicago 60614")
    text(number, "STOP")
    conversation = Conversation.objects.get()
    phone.text(number, CARLOS_CELL, f"#{conversation.id} On my way, 20 min")
    jobs.run_ready()
    relayed = Message.objects.get(kind=Message.OWNER, direction=Message.OUT)
    assert (relayed.status, relayed.error) == (Message.GIVEN_UP, "the recipient opted out")
    told = Message.objects.filter(to_number=CARLOS_CELL).order_by("id").last()
    assert told.status == Message.SENT  # notifications to the owner still go
    assert told.body == "textback: not sent to (312) 555-0101: they opted out of texts. Call them instead."
    conversation.refresh_from_db()
    assert conversation.owner_took_over_at is None


def test_a_blocked_number_gets_no_relay_either_and_the_owner_hears_why(number, miss):
    miss()
    Contact.objects.filter(number=JEN).update(blocked=True)
    conversation = Conversation.objects.get()
    phone.text(number, CARLOS_CELL, f"#{conversation.id} hello")
    jobs.run_ready()
    told = Message.objects.filter(to_number=CARLOS_CELL).order_by("id").last()
    assert told.body == "textback: not sent to (312) 555-0101: the number is blocked."


def test_owner_alerts_still_go_after_the_lead_opted_out(number, miss):
    miss()
    text(number, "STOP")
    conversation = Conversation.objects.get()
    with transaction.atomic():
        conversations.notify_owner(conversation, number, "Jen opted out.", urgent=False)
    jobs.run_ready()
    assert Message.objects.get(to_number=CARLOS_CELL).status == Message.SENT


def test_only_the_owners_own_cell_is_exempt_as_a_notification(number, miss):
    miss()
    outbox.record_opt_out(number.business, JEN, "keyword 'STOP'")
    stray = outbox.queue(business=number.business, number=number, to=JEN, body="alert", kind=Message.NOTIFICATION)
    assert (stray.status, stray.error) == (Message.GIVEN_UP, "the recipient opted out")


# -- the audit log ------------------------------------------------------------------------------


def test_every_opt_out_and_opt_in_is_logged_with_its_source(calls, fake_twilio):
    calls.ring()
    calls.dial("no_answer")
    jobs.run_ready()
    sms(calls, 1, "stop")
    sms(calls, 2, "START")
    sms(calls, 3, "please stop texting me")
    jobs.run_ready()
    sms(calls, 4, "start")
    textback = Message.objects.get(kind=Message.TEXTBACK)
    calls.post(SMS_STATUS, "sms_status_failed_21610", MessageSid=textback.provider_message_id)
    assert audit() == [
        (ConsentEvent.OPT_OUT, "keyword 'stop'"),
        (ConsentEvent.OPT_IN, "keyword 'START'"),
        (ConsentEvent.OPT_OUT, "in plain words: 'please stop texting me'"),
        (ConsentEvent.OPT_IN, "keyword 'start'"),
        (ConsentEvent.OPT_OUT, "provider error 21610"),
    ]
    assert payload("sms_status_failed_21610")["ErrorCode"] == "21610"


def test_a_send_refused_by_the_provider_as_opted_out_is_logged_and_stops_later_texts(calls, fake_twilio):
    fake_twilio.fail_next(400, code=21610)
    calls.ring()
    calls.dial("no_answer")
    jobs.run_ready()
    assert audit() == [(ConsentEvent.OPT_OUT, "provider error 21610")]
    sms(calls, 1, "hello? sink clogged")
    jobs.run_ready()
    assert [m.kind for m in texts_to_jen()] == [Message.TEXTBACK]


@pytest.mark.parametrize("body", ["STOP", "stop.", "Unsubscribe"])
def test_the_owners_own_stop_is_never_relayed_to_a_lead(number, miss, body):
    miss()
    text(number, "sink clogged, 5 Elm St Chicago")
    phone.text(number, CARLOS_CELL, body)
    jobs.run_ready()
    assert not Message.objects.filter(kind=Message.OWNER, direction=Message.OUT).exists()
    assert Message.objects.filter(kind=Message.OWNER, direction=Message.IN, body=body).exists()
    assert jen().opted_out_at is None


# -- one table of keywords, whether the assistant is on or off -----------------------------------

def texts_after(number, miss, reyes, assistant, *bodies):
    reyes.assistant_enabled = assistant
    reyes.save()
    miss()
    for body in bodies:
        text(number, body)
    return [(m.kind, m.body) for m in texts_to_jen()][1:]  # after the text-back


@pytest.mark.parametrize("assistant", [True, False])
def test_stop_gets_no_text_of_ours_the_carrier_confirms_it_assistant_on_or_off(number, miss, reyes, assistant):
    assert texts_after(number, miss, reyes, assistant, "STOP") == []
    assert jen().opted_out_at is not None


@pytest.mark.parametrize("assistant", [True, False])
def test_a_spanish_keyword_opts_out_with_one_confirmation_in_spanish_assistant_on_or_off(number, miss, reyes, assistant):
    assert texts_after(number, miss, reyes, assistant, "¡Alto!") == [
        (Message.CONFIRMATION, "Listo, ya no recibira mas mensajes de Reyes Plumbing.")]
    assert audit() == [(ConsentEvent.OPT_OUT, "keyword '¡Alto!'")]


@pytest.mark.parametrize("assistant", [True, False])
def test_ayuda_is_answered_in_spanish_assistant_on_or_off(number, miss, reyes, assistant):
    [(kind, body)] = texts_after(number, miss, reyes, assistant, "ayuda")
    assert body.startswith("Reyes Plumbing: asistente automatico") and "STOP" in body


@pytest.mark.parametrize("assistant", [True, False])
def test_plain_words_get_the_same_confirmation_assistant_on_or_off(number, miss, reyes, assistant):
    assert texts_after(number, miss, reyes, assistant, "please stop texting me") == [
        (Message.CONFIRMATION, "You're unsubscribed from Reyes Plumbing texts. No more messages will be sent.")]


def test_si_after_an_opt_out_opts_back_in_with_a_spanish_confirmation(number, miss, reyes):
    texts_after(number, miss, reyes, True, "alto", "si")
    assert jen().opted_out_at is None
    assert texts_to_jen().last().body.startswith("Ha vuelto a suscribirse a los mensajes de Reyes Plumbing")


@pytest.mark.parametrize("assistant", [True, False])
@pytest.mark.parametrize("body", ["PARE", "Sair"])
def test_a_portuguese_keyword_opts_out_with_one_confirmation_in_portuguese_assistant_on_or_off(number, miss, reyes, assistant, body):
    assert texts_after(number, miss, reyes, assistant, body) == [
        (Message.CONFIRMATION, "Pronto, voce nao vai receber mais mensagens da Reyes Plumbing.")]
    assert jen().opted_out_at is not None


@pytest.mark.parametrize("assistant", [True, False])
def test_portuguese_plain_words_get_the_confirmation_in_portuguese_assistant_on_or_off(number, miss, reyes, assistant):
    assert texts_after(number, miss, reyes, assistant, "pare de me mandar mensagem por favor") == [
        (Message.CONFIRMATION, "Pronto, voce nao vai receber mais mensagens da Reyes Plumbing.")]
    assert jen().opted_out_at is not None


def test_ajuda_is_answered_in_portuguese_and_names_stop(number, miss, reyes):
    [(kind, body)] = texts_after(number, miss, reyes, True, "ajuda")
    assert body.startswith("Reyes Plumbing: assistente automatico da sua ligacao") and "STOP" in body
