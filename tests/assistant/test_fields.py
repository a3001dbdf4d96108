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


# --- from the fourth held-out round (written after the rules, scored before these fixes) -------------

def test_a_state_after_the_town_is_no_name():
    lead, _ = converse("need a roof inspection", "closing is on the 18th so before then", "Fountain CO 80817", "Lance")
    assert lead.city == "Fountain" and lead.name == "Lance"


def test_the_town_the_caller_names_before_a_zip_wins_over_the_zip_files_town():
    lead, _ = converse("need 2 outdoor outlets", "Grandview Heights 43212")
    assert lead.city == "Grandview Heights" and lead.postal_code == "43212"


def test_a_town_of_two_words_after_a_street_is_kept_whole():
    lead, _ = converse("power line is sparking", "2290 Tremont Rd Upper Arlington")
    assert lead.city == "Upper Arlington"


def test_a_shouted_in_after_a_town_like_word_is_no_indiana():
    lead, _ = converse("NEED A QUOTE FOR 150 FT OF 6 FT PRIVACY FENCE IN BACKYARD")
    assert "FENCE" in lead.need and lead.city is None


def test_a_name_signing_off_a_complaint_is_the_callers_name():
    lead, _ = converse("your girls came tuesday and the baseboards are still filthy. I want someone to call me back about this. Marcy Feld")
    assert lead.status == "existing_customer" and lead.name == "Marcy Feld"


def test_a_day_of_the_month_and_a_holiday_are_when_but_last_summer_is_not():
    assert converse("need 3 bedrooms repainted before we move in on the 20th")[0].timeline_days is not None
    assert converse("gutters cleaned", "Wheaton", "can you do it before thanksgiving?")[0].urgency == "soon"
    lead, _ = converse("wasp nest by the back door, my son was stung last summer", "Elgin")
    assert lead.timeline is None


def test_asking_whether_we_do_a_job_gets_an_answer_about_that_job():
    _, replies = converse("moving on the 20th, we have a piano, do you guys do pianos")
    assert "take care of pianos" in replies[0]
    _, replies = converse("do you guys do Lake Oswego? need old bushes pulled out")
    assert "service area" in replies[0]
