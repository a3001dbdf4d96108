"""Behaviour of the built-in conversation engine, one sentence per test. Plain pytest, no Django."""
import dataclasses
import json

import pytest

from textback.assistant import BusinessInfo, Lead, Progress, first_message, follow_up, respond
from textback.assistant.text import GSM7_BASIC

PLUMBER = BusinessInfo(name="Harbor Plumbing", trade="plumbing", owner_name="Walt")
ELECTRICIAN = BusinessInfo(name="Live Wire Electric", trade="electrical", owner_name="Ines")
ROOFER = BusinessInfo(name="Top Hat Roofing", trade="roofing", owner_name="Gus")
HVAC = BusinessInfo(name="Comfort Zone Air", trade="hvac", owner_name="Raj")


def converse(business, messages, after_hours=False, called_on="2026-03-02"):
    """Run the caller's messages through respond(); returns (lead, turns, all replies)."""
    lead = Lead(after_hours=after_hours, called_on=called_on)
    history = [("assistant", first_message(business, after_hours).text)]
    turns = []
    for text in messages:
        turn = respond(business, lead, history, text)
        lead = turn.lead
        history.append(("lead", text))
        history += [("assistant", r.text) for r in turn.replies]
        turns.append(turn)
    return lead, turns, [r for t in turns for r in t.replies]


# --- gathering the lead --------------------------------------------------------------

def test_it_collects_need_location_timeline_and_name_over_several_messages():
    lead, turns, replies = converse(PLUMBER, ["the shower drain is super slow", "52 Ocean Ave, Revere MA 02151",
                                              "friday morning", "Bea"])
    assert (lead.status, lead.name, lead.postal_code, lead.urgency) == ("qualified", "Bea", "02151", "soon")
    assert "shower drain" in lead.need and "52 Ocean Ave" in lead.address
    assert [r.asks for r in replies] == ["location", "timeline", "name", None]
    assert turns[-1].done and turns[-1].owner_summary


def test_it_reads_everything_given_in_one_message_and_closes_at_once():
    lead, turns, replies = converse(ELECTRICIAN, [
        "Hi, need two ceiling fans installed. 19 Birch Rd, Fresno CA 93704. Next Tuesday if possible. Thanks, Lorna Diaz"])
    assert (lead.status, lead.name, lead.city, lead.urgency) == ("qualified", "Lorna Diaz", "Fresno", "soon")
    assert len(replies) == 1 and replies[0].asks is None and turns[0].done
    assert "Lorna" in replies[0].text and "Ines" in replies[0].text


def test_it_asks_only_for_what_is_missing_one_thing_at_a_time():
    _, _, replies = converse(ROOFER, ["missing shingles after the wind storm, 8 Hill St Salem"])
    assert [r.asks for r in replies] == ["timeline"]
    assert replies[0].text.count("?") == 1


def test_it_never_asks_twice_for_a_field_it_already_has():
    lead, _, replies = converse(PLUMBER, ["leaky faucet in Quincy", "whenever works", "Sal"])
    asks = [r.asks for r in replies if r.asks]
    assert "location" not in asks and len(asks) == len(set(asks))


def test_it_accepts_i_dont_know_and_moves_on():
    lead, _, replies = converse(PLUMBER, ["toilet runs all night", "not sure, maybe Malden", "idk", "Vic"])
    assert "timeline" in lead.progress.declined
    assert replies[-1].asks is None and lead.name == "Vic"


def test_it_takes_a_bare_name_right_after_asking_for_it():
    lead, _, _ = converse(HVAC, ["thermostat is blank", "Evanston 60201", "next week", "DONNA"])
    assert lead.name == "Donna"


@pytest.mark.parametrize("message, name", [
    ("need a new breaker. this is Jen", "Jen"),
    ("outlet is dead in the kitchen - Tom", "Tom"),
    ("Mrs. Whitaker here, the porch light won't turn on", "Mrs. Whitaker"),
    ("hey my name is carlos ruiz and the panel buzzes", "Carlos Ruiz"),
])
def test_it_recognises_names_written_in_any_form(message, name):
    lead, _, _ = converse(ELECTRICIAN, [message])
    assert lead.name == name


def test_it_does_not_mistake_its_leaking_for_a_name():
    lead, _, _ = converse(PLUMBER, ["its leaking under the sink"])
    assert lead.name is None


@pytest.mark.parametrize("message, address, city, postal", [
    ("1200 N Lake Shore Dr Apt 5B, Chicago IL 60610", "1200 N Lake Shore Dr", "Chicago", "60610"),
    ("we're at 77 Cedar Ln in Skokie", "77 Cedar Ln", "Skokie", None),
    ("corner of Lincoln and Main in Evanston", "Lincoln & Main", "Evanston", None),
    ("Do you come out to 02139?", None, "Cambridge", "02139"),
])
def test_it_reads_addresses_zip_codes_cross_streets_and_towns(message, address, city, postal):
    lead, _, _ = converse(PLUMBER, ["clogged tub", message])
    if address:
        assert address in lead.address
    assert (lead.city, lead.postal_code) == (city, postal)


def test_it_keeps_a_neighbourhood_name_when_asked_where():
    lead, _, _ = converse(PLUMBER, ["water heater making noise", "Fells Point"])
    assert lead.address == "Fells Point" and lead.status == "qualified"


@pytest.mark.parametrize("when, urgency", [
    ("tomorrow morning", "soon"), ("asap", "soon"), ("this weekend", "soon"), ("no rush", "flexible"),
    ("after the holidays", "flexible"), ("in a couple months", "flexible"), ("not urgent", "flexible"),
])
def test_it_turns_relative_times_into_urgency(when, urgency):
    lead, _, _ = converse(ROOFER, ["gutters need cleaning", "4 Elm St Salem", when])
    assert lead.urgency == urgency and lead.timeline


def test_it_judges_an_explicit_date_against_the_day_of_the_call():
    lead, _, _ = converse(ROOFER, ["roof inspection needed before closing on Dec 15", "9 Oak Ave, Salem"],
                          called_on="2026-12-08")
    assert lead.urgency == "soon"


def test_it_treats_a_price_question_without_a_date_as_flexible_and_promises_no_price():
    lead, _, replies = converse(PLUMBER, ["how much to replace a water heater?"])
    assert lead.urgency == "flexible"
    assert "$" not in replies[0].text and "Walt" in replies[0].text


# --- emergencies -------------------------------------------------------------------

def test_it_recognises_a_gas_smell_as_an_emergency():
    lead, turns, replies = converse(HVAC, ["I smell gas in the basement"])
    assert lead.urgency == "emergency" and turns[0].owner_alert
    assert "911" in replies[0].text and "leave" in replies[0].text.lower()


def test_it_tells_the_caller_to_keep_away_from_sparks_and_mentions_the_breaker():
    _, turns, replies = converse(ELECTRICIAN, ["outlet sparked and now there's smoke coming from the outlet"])
    assert turns[0].owner_alert and "breaker" in replies[0].text and "911" in replies[0].text


def test_it_tells_the_caller_to_call_the_utility_for_a_downed_power_line():
    _, turns, replies = converse(ROOFER, ["a tree fell on the power line by our garage"])
    assert turns[0].owner_alert and "utility" in replies[0].text


@pytest.mark.parametrize("message", [
    "basement is flooding, water everywhere", "pipe burst in the wall!!", "sewage backing up into the tub",
    "CO alarm is going off", "no heat and it's 5 degrees outside", "hole in the roof and it's raining in",
    "AC died, it's 110 out and my dad is elderly",
])
def test_it_recognises_emergencies_and_alerts_the_owner_once(message):
    lead, turns, _ = converse(PLUMBER, [message, "12 Main St, Salem", "and it's getting worse"])
    assert lead.urgency == "emergency"
    assert sum(1 for t in turns if t.owner_alert) == 1


def test_it_does_not_call_a_slow_drain_an_emergency():
    lead, turns, _ = converse(PLUMBER, ["kitchen sink drains slowly", "12 Main St, Salem", "next week"])
    assert lead.urgency == "soon" and not any(t.owner_alert for t in turns)


# --- compliance --------------------------------------------------------------------

@pytest.mark.parametrize("message", ["STOP", " stop. ", "Unsubscribe", "END", "quit!", "OptOut", "stopall", "REVOKE"])
def test_it_treats_carrier_keywords_as_opt_out(message):
    lead, turns, _ = converse(PLUMBER, [message])
    assert turns[0].opt_out and turns[0].done and lead.status == "opted_out"
    assert len(turns[0].replies) <= 1


@pytest.mark.parametrize("message", ["stop texting me", "please don't text me again", "remove me from your list",
                                     "no more texts please", "ya no quiero recibir sus textos", "no me manden nada"])
def test_it_honours_plain_language_revocations(message):
    _, turns, _ = converse(PLUMBER, ["leaky faucet", message])
    assert turns[1].opt_out and turns[1].lead.status == "opted_out"


def test_it_does_not_treat_cancel_my_appointment_as_an_opt_out():
    lead, turns, _ = converse(PLUMBER, ["can I cancel my appointment on Friday?"])
    assert not turns[0].opt_out and lead.status == "existing_customer"


def test_it_sends_nothing_after_an_opt_out_until_start():
    lead, turns, _ = converse(PLUMBER, ["STOP", "wait, my sink is leaking", "hello?", "START"])
    assert turns[1].replies == [] and turns[2].replies == []
    assert turns[3].opt_in and lead.status == "partial"


def test_it_answers_help_with_the_business_name_rates_and_stop():
    _, turns, replies = converse(PLUMBER, ["HELP"])
    text = replies[0].text
    assert turns[0].help and "Harbor Plumbing" in text and "Msg & data rates may apply" in text and "STOP" in text


# --- who is on the other end -------------------------------------------------------

@pytest.mark.parametrize("message", ["wrong number", "I never called you", "sorry, butt dialed"])
def test_it_closes_politely_on_a_wrong_number(message):
    lead, turns, _ = converse(PLUMBER, [message])
    assert lead.status == "wrong_number" and turns[0].done


@pytest.mark.parametrize("message", [
    "Hi, I'm with LocalBoost. We help contractors rank #1 on Google Maps with our SEO package.",
    "Your business is pre-approved for $80,000 in working capital. Reply YES.",
    "Final notice: your Google Business listing will be suspended. Press 1 to verify.",
    "We sell exclusive HVAC leads, $30 per lead.",
    "We're a supplier of PEX fittings with wholesale pricing, who does your purchasing?",
])
def test_it_recognises_solicitors_and_does_not_pitch_back(message):
    lead, turns, _ = converse(PLUMBER, [message])
    assert lead.status == "solicitor" and turns[0].done and len(turns[0].replies) <= 1


@pytest.mark.parametrize("message", [
    "got your invoice, can I pay by check?", "need to reschedule my appointment",
    "you guys fixed our water heater last week and it's leaking again"])
def test_it_hands_existing_customers_to_the_owner_without_requalifying(message):
    lead, turns, replies = converse(PLUMBER, [message])
    assert lead.status == "existing_customer" and turns[0].owner_summary and turns[0].done
    assert all(r.asks is None for r in replies)


def test_it_lets_go_of_a_caller_who_found_someone_else():
    lead, turns, _ = converse(PLUMBER, ["never mind, we found someone"])
    assert lead.status == "not_interested" and turns[0].done


def test_it_says_it_is_an_automated_assistant_when_asked_who_this_is():
    lead, _, replies = converse(PLUMBER, ["who is this?"])
    assert "Harbor Plumbing" in replies[0].text and "automated assistant" in replies[0].text
    assert lead.status == "partial" and replies[0].asks == "need"


# --- spanish -----------------------------------------------------------------------

def test_it_answers_a_spanish_caller_in_spanish_from_then_on():
    lead, _, replies = converse(PLUMBER, ["Hola, el inodoro está tapado", "1500 Main St, Lynn", "mañana", "Soy Elena"])
    assert lead.language == "es" and lead.name == "Elena" and lead.urgency == "soon"
    assert all("Gracias" in r.text or "?" in r.text for r in replies)
    assert not any(w in r.text.lower().split() for r in replies for w in ("the", "what", "your", "when"))


def test_it_gives_the_spanish_gas_safety_line():
    _, turns, replies = converse(HVAC, ["huele a gas en la casa"])
    assert turns[0].owner_alert and "Salga" in replies[0].text and "911" in replies[0].text


# --- the messages themselves -------------------------------------------------------

def test_every_reply_is_plain_gsm7_and_short():
    conversations = [["water heater burst, water everywhere", "12 Main St", "Ann"], ["HELP"], ["STOP"],
                     ["need a quote for a deck 🙂", "Salem", "spring", "Jo"], ["Hola, necesito pintar mi casa"]]
    for business in (PLUMBER, ROOFER, BusinessInfo(name="Jose\u2019s Remodeling \u2014 Best", trade="remodeling")):
        for messages in conversations:
            _, _, replies = converse(business, messages)
            for reply in replies:
                assert all(c in GSM7_BASIC for c in reply.text), reply.text
                assert len(reply.text) <= 160 or "911" in reply.text, reply.text


def test_it_never_claims_to_be_a_person_or_promises_times_or_prices():
    _, _, replies = converse(PLUMBER, ["is this a real person? how much for a new toilet, can you come today?",
                                       "5 Elm St Salem", "Kim"])
    text = " ".join(r.text for r in replies).lower()
    assert "automated assistant" in text
    for promise in ("$", "i'm walt", "this is walt", "within the hour", "be there at", "minutes"):
        assert promise not in text


def test_it_closes_after_hours_without_promising_a_time():
    _, turns, replies = converse(PLUMBER, ["drippy faucet", "5 Elm St Salem", "next week", "Kim"], after_hours=True)
    assert "when the office opens" in replies[-1].text and turns[-1].done


def test_it_sends_one_gentle_follow_up_only_while_something_is_missing():
    lead, _, _ = converse(PLUMBER, ["leaky faucet"])
    nudge = follow_up(PLUMBER, lead)
    assert nudge and nudge.asks == "location" and "checking in" in nudge.text
    assert follow_up(PLUMBER, dataclasses.replace(lead, progress=dataclasses.replace(lead.progress, followed_up=True))) is None
    closed, _, _ = converse(PLUMBER, ["leaky faucet", "5 Elm St Salem", "next week", "Kim"])
    assert follow_up(PLUMBER, closed) is None


def test_it_scores_hot_warm_and_cold_with_a_reason():
    hot, _, _ = converse(PLUMBER, ["burst pipe!", "5 Elm St Salem"])
    warm, _, _ = converse(PLUMBER, ["quote for a new vanity, no rush", "5 Elm St Salem"])
    cold, _, _ = converse(PLUMBER, ["hello?"])
    assert (hot.score, warm.score, cold.score) == ("hot", "warm", "cold")
    assert hot.score_reason and warm.score_reason and cold.score_reason


def test_the_lead_is_json_serialisable_and_respond_is_deterministic():
    first = converse(PLUMBER, ["sink clogged", "5 Elm St Salem", "today", "Kim"])[0]
    second = converse(PLUMBER, ["sink clogged", "5 Elm St Salem", "today", "Kim"])[0]
    assert json.loads(json.dumps(dataclasses.asdict(first))) == dataclasses.asdict(second)


def test_respond_does_not_modify_the_lead_it_is_given():
    lead = Lead()
    respond(PLUMBER, lead, [], "sink clogged at 5 Elm St Salem")
    assert lead == Lead()


# --- questions the business left out (Lead.skip) ------------------------------------------

def test_it_never_asks_a_skipped_question_and_closes_once_the_rest_is_known():
    lead = Lead(called_on="2026-03-02", progress=Progress(skip=["timeline"]))
    history = [("assistant", first_message(PLUMBER, False).text)]
    asks = []
    for text in ["the shower drain is super slow", "52 Ocean Ave, Revere MA 02151", "Bea"]:
        turn = respond(PLUMBER, lead, history, text)
        lead = turn.lead
        asks += [r.asks for r in turn.replies]
    assert asks == ["location", "name", None] and turn.done and turn.owner_summary
    assert lead.status == "qualified" and lead.timeline is None and lead.progress.declined == []
    assert "when:" not in turn.owner_summary


def test_a_skipped_name_is_said_as_not_asked_and_a_volunteered_one_is_still_kept():
    lead = Lead(called_on="2026-03-02", progress=Progress(skip=["timeline", "name"]))
    turn = respond(PLUMBER, lead, [], "the shower drain is super slow, 52 Ocean Ave, Revere MA 02151")
    assert turn.done and [r.asks for r in turn.replies] == [None]
    assert "name not asked" in turn.owner_summary
    lead = Lead(called_on="2026-03-02", progress=Progress(skip=["name"]))
    turn = respond(PLUMBER, lead, [], "Hi this is Bea, shower drain is slow, 52 Ocean Ave, Revere MA 02151, friday")
    assert turn.lead.name == "Bea" and turn.done


def test_the_follow_up_does_not_ask_a_skipped_question():
    lead = Lead(need="slow drain", city="Revere", progress=Progress(skip=["timeline", "name"], asked=["location"]))
    assert follow_up(PLUMBER, lead) is None
