"""Fields by what the text says: corrections win, an address sent in two texts is joined, a new town
takes its ZIP along; and a summary the owner can trust (engine._absorb, places.py, details.py)."""
from textback.assistant import BusinessInfo, Lead, first_message, respond, summarize

REYES = BusinessInfo(name="Reyes Plumbing", trade="plumbing", owner_name="Carlos")


def converse(*texts):
    """The caller's texts one after the other; returns the lead and our replies."""
    lead, history, replies = Lead(called_on="2026-11-24"), [("assistant", first_message(REYES, False).text)], []
    for text in texts:
        turn = respond(REYES, lead, history, text)
        lead = turn.lead
        replies += [r.text for r in turn.replies]
        history += [("lead", text)] + [("assistant", r.text) for r in turn.replies]
    return lead, replies


def where(lead):
    return ", ".join(p for p in (lead.address, lead.city, lead.postal_code) if p)


def test_a_correction_to_another_property_replaces_the_whole_address():
    lead, replies = converse("water heater leaking", "1418 W Addison St",
                             "wait, its actually at my moms place on Oak St in Evanston")
    assert lead.address == "Oak St, Evanston" and lead.city == "Evanston"
    assert "Addison" not in where(lead)
    assert "correction" in replies[-1] or "updated" in replies[-1] or "changed" in replies[-1]


def test_another_property_without_its_address_asks_where_again():
    lead, replies = converse("gutter cleaning", "88 Elm St Naperville 60540",
                             "oh wait, the job is at my daughters house, ill get u the address")
    assert where(lead) == ""
    assert "address" in replies[-1]
    lead, _ = converse("gutter cleaning", "88 Elm St Naperville 60540",
                       "oh wait, the job is at my daughters house, ill get u the address", "1420 Birch Ln, Aurora")
    assert lead.address == "1420 Birch Ln, Aurora"
    assert "Naperville" not in where(lead) and "60540" not in where(lead)


def test_a_corrected_house_number_keeps_the_town():
    lead, _ = converse("need a new faucet installed", "425 Maple Ave, Skokie", "sorry I meant 452 Maple Ave")
    assert lead.address.startswith("452 Maple Ave") and lead.city == "Skokie"


def test_a_corrected_town_is_not_taken_for_a_name():
    lead, replies = converse("furnace making noise", "Oak Park", "actually not oak park, its Berwyn")
    assert lead.city == "Berwyn" and lead.name is None
    assert replies[-1].endswith("come out?")  # the question they skipped, asked again


def test_a_corrected_day_replaces_the_day_without_the_words_around_it():
    lead, _ = converse("deck needs staining", "Wheaton", "next tuesday", "sorry i meant thursday not tuesday")
    assert lead.timeline == "thursday"


def test_a_corrected_spelling_of_the_name_wins():
    lead, _ = converse("deck needs staining", "Wheaton", "next week", "Jon", "sorry, its John with an h")
    assert lead.name == "John"


def test_an_address_sent_in_two_texts_is_joined():
    lead, _ = converse("toilet wont stop running", "its 2240 north", "Lincoln ave chicago")
    assert lead.address.lower().startswith("2240 north lincoln ave") and lead.city == "Chicago"
    lead, _ = converse("roof leak", "I am at 1200", "S Michigan Ave")
    assert lead.address == "1200 S Michigan Ave"


def test_a_number_of_weeks_and_a_title_are_no_street():
    lead, _ = converse("ceiling fan wobbles", "Culver City", "within 2 weeks", "Dr. Patel")
    assert lead.name == "Dr. Patel" and lead.city == "Culver City" and not lead.address


def test_a_new_town_takes_the_old_zip_with_it():
    lead, _ = converse("sink clogged", "60613", "sorry, wrong zip, its in Evanston")
    assert lead.city == "Evanston" and lead.postal_code is None


# --- a summary the owner can trust (details.py, the summary's "also:") -------------------------

def test_who_else_is_involved_and_when_they_are_there_reaches_the_owner_apart_from_the_timeline():
    lead, _ = converse("need the upstairs bathroom faucet and the basement toilet fixed, unit 3B at 700 N State St Chicago IL 60654",
                       "next week, my tenant Jorge is home mornings", "Dana Wu")
    assert lead.timeline == "next week" and lead.name == "Dana Wu"
    assert lead.notes == ["my tenant Jorge is home mornings"]
    assert lead.address == "700 N State St, unit 3B, Chicago"  # the unit is no house number
    assert "tenant Jorge is home mornings" in summarize(REYES, lead)


def test_a_business_property_is_noted_and_kept_out_of_the_need():
    lead, _ = converse("hi our kitchen sink is backed up, its at our restaurant, Lupitas Tacos on 1520 W Division St Chicago",
                       "my manager Rosa will be there after 2pm, tomorrow works", "Mike")
    assert lead.need == "our kitchen sink is backed up" and lead.timeline == "tomorrow"
    assert lead.notes == ["at our restaurant, Lupitas Tacos", "my manager Rosa will be there after 2pm"]
    assert lead.name == "Mike"


def test_how_to_get_in_is_noted():
    lead, _ = converse("fence gate broken, 55 Pine Rd Wheaton", "friday, gate code is 4411 and the dog is friendly", "Lou")
    assert lead.timeline == "friday" and lead.notes == ["gate code is 4411", "the dog is friendly"]


def test_someone_else_mentioned_without_when_or_how_to_reach_them_is_no_note():
    lead, _ = converse("my husband said the furnace is making a weird noise", "Elgin")
    assert lead.notes == []


def test_a_town_written_with_st_is_not_cut_at_its_period():
    lead, _ = converse("AC not cooling, St. Charles")
    assert lead.city == "St. Charles" and lead.need == "AC not cooling"


def test_a_filler_word_is_neither_an_address_nor_part_of_a_name():
    lead, _ = converse("AC not cooling", "this week if possible", "um its Brenda")
    assert lead.name == "Brenda" and lead.address is None
    lead, _ = converse("roof leaking", "uh", "Naperville")
    assert lead.address is None and lead.city == "Naperville"


def test_a_sign_off_name_after_a_comma_is_no_town():
    lead, _ = converse("furnace out, Naperville", "tmrw", "thanks, Jordan")
    assert lead.city == "Naperville" and lead.name == "Jordan"
