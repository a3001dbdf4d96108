"""Emergencies by concept (hazards.py): combinations of concepts, typos, negation and time; each hazard
its own safety line; the lead's questions answered first (reading.py, replies.ANSWERS)."""
import pytest

from textback.assistant import BusinessInfo, Lead, Progress, hazards, replies, respond
from textback.assistant.hazards import correct

REYES = BusinessInfo(name="Reyes Plumbing", trade="plumbing", owner_name="Carlos",
                     hours={"mon": [["07:00", "18:00"]], "tue": [["07:00", "18:00"]], "wed": [["07:00", "18:00"]],
                            "thu": [["07:00", "18:00"]], "fri": [["07:00", "18:00"]], "sat": [["08:00", "12:00"]]})


@pytest.mark.parametrize("typo, word", [("flodding", "flooding"), ("elecrical", "electrical"), ("furnance", "furnace"),
                                        ("smel", "smell"), ("celing", "ceiling"), ("brust", "burst")])
def test_the_speller_corrects_typing_slips_towards_the_concept_lexicon(typo, word):
    assert correct(typo) == word


@pytest.mark.parametrize("word", ["fine", "wife", "small", "could", "floor", "lives", "failing", "drips"])
def test_the_speller_leaves_ordinary_words_alone(word):
    assert correct(word) == word


@pytest.mark.parametrize("message, kind", [
    ("theres water comming thru the celing by the light", "water_electric"),
    ("the basment is flodding", "water"),
    ("elecrical panel feels really hot and it hums", "electrical"),
    ("furnance died, its 3 degrees out", "no_heat"),
    ("heat quit and we have a newborn", "no_heat"),
    ("gassmell in the kitchen", "gas"),
    ("smells like rotten eggs by the stove", "gas"),
    ("co alarm is screaming", "co"),
    ("chimney is on fire", "fire"),
    ("sewage coming up through the tub", "sewage"),
    ("a tree limb came through the bedroom roof", "tree_on_house"),
    ("ac died and its 112 out", "no_cooling"),
    ("locked out and my toddler is inside", "lockout"),
    ("our pipes are frozen", "frozen_pipes"),
    ("big hole in the roof and its pouring", "roof_open"),
])
def test_a_hazard_is_a_combination_of_concepts_whatever_the_spelling(message, kind):
    assert hazards.find(message) == kind


@pytest.mark.parametrize("message", [
    "not leaking yet, just want the old pipe replaced", "no smell now, the gas company already came",
    "worried it will burst someday", "we had water damage on the ceiling last year", "need carbon monoxide detectors installed",
    "the heat is out but its 65 degrees and sunny", "ac stopped working, no rush", "standing water in the dishwasher",
    "tree fell in the back yard, didnt hit anything", "my wife is fine, the outlet just stopped working",
    "tree is hanging over the power lines, want it trimmed before it falls", "the toilet tank is cracked a little",
    "my dog chewed the sprinkler line, water everywhere in the yard", "water smells like rotten eggs from the well",
    "smoke comes back in when we light a fire", "need a quote for a gas fireplace insert", "kids room light flickers",
])
def test_negated_hypothetical_or_past_dangers_are_not_emergencies(message):
    assert hazards.find(message) is None


def test_a_lasting_concept_from_an_earlier_text_completes_the_hazard():
    lead = respond(REYES, Lead(), [], "the AC is blowing warm air").lead
    turn = respond(REYES, lead, [], "its 114 today and my dad is 88")
    assert turn.owner_alert and turn.lead.urgency == "emergency"


def _first_reply(message, business=REYES, **lead):
    return respond(business, Lead.from_json(lead), [], message)


def test_each_hazard_gets_its_own_safety_line_and_a_chimney_fire_is_not_told_about_the_breaker():
    fire = _first_reply("I think the chimney is on fire, sparks out the top")
    gas = _first_reply("strong gas smel in the basement")
    assert fire.owner_alert and "911" in fire.replies[0].text and "breaker" not in fire.replies[0].text.lower()
    assert gas.replies[0].text.startswith(replies.SAFETY["en"]["gas"])
    assert len({replies.SAFETY["en"][k] for k in hazards.KINDS}) == len(hazards.KINDS)


def test_asked_how_to_stop_the_water_it_gets_shut_off_help_for_that_hazard():
    turn = _first_reply("pipe burst in the basement and water is spraying, how do i shut the water off until you get here?")
    assert turn.owner_alert and replies.SHUT_OFF["en"]["water"] in turn.replies[0].text


@pytest.mark.parametrize("message, expected", [
    ("how much to replace a toilet?", "Carlos will go over pricing with you."),
    ("do you do free estimates? need a new water heater", "Carlos will let you know about estimates."),
    ("are you licensed and insured? kitchen sink is clogged", "Carlos can send you our license and insurance details."),
    ("what are your hours? need a faucet replaced", "Our hours are Mon-Fri 7am-6pm, Sat 8am-12pm."),
    ("do you service Evanston? need a drain cleaned", "Carlos will confirm that you're in our service area."),
    ("can someone come today? the toilet is clogged", "I can't promise a time"),
])
def test_the_leads_question_is_answered_first_then_the_next_missing_thing_is_asked(message, expected):
    reply = _first_reply(message).replies[0]
    assert reply.text.startswith(expected) and reply.asks in ("location", "need", "timeline")


@pytest.mark.parametrize("message, expected", [
    ("how much do you charge for a service call?", "Carlos will go over pricing with you."),
    ("how much is ur trip charge?? toilet wont stop running", "Carlos will go over pricing with you."),
    ("do u charge for estimates or are they free", "Carlos will let you know about estimates."),
    ("how much for a free quote on a new water heater", "Carlos will let you know about estimates."),
    ("quanto vocês cobram pela visita? a torneira ta pingando", "Carlos vai conversar com"),
    ("¿cuánto cuesta? ¿la cotización es gratis? se tapó el baño", "Carlos le informara sobre las cotizaciones."),
])
def test_a_question_about_cost_gets_one_answer_about_cost_not_two(message, expected):
    text = _first_reply(message).replies[0].text
    assert text.startswith(expected) and text.count("Carlos") == 1


@pytest.mark.parametrize("message", [
    "do you guys do financing",
    "hi, do yall offer payment plans",
    "can we pay it over time?",
])
def test_a_question_about_paying_is_answered_as_one_and_taken_for_no_job(message):
    reply = _first_reply(message).replies[0]
    assert reply.text.startswith("Carlos will go over payment and financing options with you.")
    assert reply.asks == "need" and "take care of" not in reply.text


def test_a_job_asked_about_with_the_payment_is_the_need():
    turn = _first_reply("do you do financing on a new water heater? ours is 20 years old")
    assert "payment and financing" in turn.replies[0].text and "water heater" in turn.lead.need
    assert turn.replies[0].asks != "need"


@pytest.mark.parametrize("message, expected", [
    ("¿Tienen financiamiento? Necesito un calentador nuevo", "Carlos le explicara las opciones de pago"),
    ("Vocês parcelam? Preciso trocar o aquecedor", "Carlos vai explicar as formas de pagamento"),
])
def test_a_question_about_paying_is_answered_in_the_callers_language(message, expected):
    assert _first_reply(message).replies[0].text.startswith(expected)


def test_the_fee_for_a_service_call_is_told_when_the_owner_set_it():
    filled = BusinessInfo(name="Reyes Plumbing", owner_name="Carlos", free_estimates=True, service_fee="$89")
    text = _first_reply("how much do you charge for a service call? my toilet keeps running", filled).replies[0].text
    assert text.startswith("The service call is $89;") and "estimates" not in text


def test_facts_the_owner_filled_are_answered_as_facts():
    filled = BusinessInfo(name="Reyes Plumbing", owner_name="Carlos", licensed_insured=True, free_estimates=True,
                          service_fee="$89", service_area="Chicago and Evanston")
    text = " ".join(_first_reply(m, filled).replies[0].text for m in (
        "are you insured? sink leaks", "free estimates? need a new toilet", "how much? drain is slow", "do you cover Evanston? clog"))
    assert "we're licensed and insured" in text and "estimates are free" in text and "$89" in text and "Chicago and Evanston" in text


def test_consecutive_replies_open_differently_and_never_repeat():
    lead, texts = Lead(), []
    for message in ["leaky faucet", "Skokie", "hmm", "hmm", "Ann"]:
        turn = respond(REYES, lead, [], message)
        lead = turn.lead
        texts += [r.text for r in turn.replies]
    assert all(a != b for a, b in zip(texts, texts[1:]))
    assert len({t.split()[0] for t in texts}) > 1


def test_when_the_problem_began_is_not_when_they_want_someone():
    lead = respond(REYES, Lead(called_on="2026-01-13"), [], "kitchen sink has been leaking since this morning").lead
    assert lead.timeline is None and lead.urgency == "unknown"
    assert respond(REYES, lead, [], "5 Elm St Skokie").replies[0].asks == "timeline"


def test_a_bare_timeline_is_not_taken_for_a_name_but_a_month_name_alone_can_be_one():
    lead = Lead(need="faucet drips", city="Skokie", timeline="next week", progress=Progress(asked=["location", "name"], awaiting="name"))
    assert respond(REYES, lead, [], "whenever works").lead.name is None
    assert respond(REYES, lead, [], "Jan").lead.name == "Jan"


def test_a_sentence_about_the_call_itself_is_not_taken_for_the_job():
    turn = respond(REYES, Lead(), [], "who is this? i got a missed call from this number")
    assert turn.lead.need is None and turn.replies[0].asks == "need" and "automated assistant" in turn.replies[0].text


def test_an_address_or_a_name_alone_never_turns_an_english_conversation_spanish():
    lead = Lead(called_on="2026-11-24")
    for message in ["my water heater is leaking", "2231 Calle Esperanza, Los Angeles", "Jose Maria Gutierrez"]:
        lead = respond(REYES, lead, [], message).lead
    assert lead.language == "en"
    assert respond(REYES, Lead(called_on="2026-11-24"), [], "mi calentador esta goteando en la cocina").lead.language == "es"


def test_a_full_name_sent_while_we_asked_when_is_taken_as_the_name_and_a_place_is_not():
    lead = Lead(called_on="2026-11-24")
    for message in ["my water heater is leaking", "2231 N Kedzie Ave, Chicago", "Jose Maria Gutierrez"]:
        lead = respond(REYES, lead, [], message).lead
    assert lead.name == "Jose Maria Gutierrez"
    asked_where = respond(REYES, Lead(called_on="2026-11-24"), [], "my water heater is leaking").lead
    assert respond(REYES, asked_where, [], "Logan Square").lead.name is None


def test_the_need_keeps_no_word_that_led_into_the_address():
    turn = respond(REYES, Lead(called_on="2026-11-24"), [], "Kitchen sink is clogged and backing up bad, at 1418 W Addison St")
    assert turn.lead.need == "Kitchen sink is clogged and backing up bad"


@pytest.mark.parametrize("message, kind", [
    ("knob on our gas stove broke off and i can smell gas in the kitchen", "gas"),
    ("i locked myself out and my 2yo is inside the house by herself", "lockout"),
    ("the power line going to our house is sagging way down and sparking where it touches the gutter", "live_wire"),
    ("hundreds of bees coming out of the wall into my daughters room, shes allergic and had to use her epipen last summer", "stings"),
])
def test_emergencies_said_in_words_the_rules_were_not_written_for(message, kind):
    assert hazards.find(message) == kind


@pytest.mark.parametrize("message", [
    "nothings sparking or smelling funny, just want the panel upgraded to 200 amp for a hot tub",
    "seeing mouse droppings in the pantry and hear scratching in the walls at night",
    "bees in the attic, want them gone",
    "the pipe is going to burst one of these days",
])
def test_no_emergency_in_a_denied_a_feared_or_an_everyday_problem(message):
    assert hazards.find(message) is None
