"""Languages as packs (textback/assistant/languages/): each pack complete, every text within GSM-7,
Portuguese end to end, the conversation's language from what the caller writes, and any other
language named on the lead and to the owner, with no lead-form questions in English."""
import pytest

from textback.assistant import BusinessInfo, Lead, hazards, respond
from textback.assistant.languages import PACKS, en
from textback.assistant.text import GSM7_BASIC, to_gsm7

SILVA = BusinessInfo(name="Silva Plumbing", trade="plumbing", owner_name="Carlos Silva",
                     hours={"mon": [["07:00", "18:00"]], "tue": [["07:00", "18:00"]]})

# What every pack must say and read (English has a few more: the text-back, carrier keywords, nonleads).
TEXTS = ("ASK", "ASK_AGAIN", "ACK", "TOPICS", "CLOSE", "EMERGENCY_ACK", "EMERGENCY_TIMELINE", "SAFETY", "SHUT_OFF",
         "ANSWERS", "DAY_NAMES", "WHO", "HELP", "OPTED_OUT", "OPTED_IN", "WRONG_NUMBER", "NOT_INTERESTED",
         "EXISTING_CUSTOMER", "PRICE_NOTE", "AFTER_CLOSE", "FOLLOW_UP", "TEAM")
WORDS = ("OPT_OUT_KEYWORDS", "OPT_IN_KEYWORDS", "HELP_KEYWORDS", "OPT_OUT_PHRASES", "WRONG_NUMBER_CUES",
         "NOT_INTERESTED_CUES", "EXISTING_CUSTOMER_CUES", "WHO_IS_THIS", "DONT_KNOW", "GREETING_ONLY", "NEED_WORDS",
         "TIMELINE", "QUOTE_WORDS", "NAME_PATTERNS", "NAME_STOP_WORDS", "LOCATION_LEADING_FILLER", "QUESTIONS",
         "MARKERS", "ACCENTS", "HAZARD_WORDS", "LEXICON", "NEGATIONS", "MODALS", "HYPOTHETICAL", "BUT", "DEGREES", "SINCE")


def texts_of(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from texts_of(v)
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from texts_of(v)


def talk(*messages, business=SILVA):
    lead, turns = Lead(called_on="2026-01-13"), []
    for message in messages:
        turn = respond(business, lead, [], message)
        lead = turn.lead
        turns.append(turn)
    return lead, turns


def replies_of(turns):
    return [r.text for t in turns for r in t.replies]


@pytest.mark.parametrize("code", [c for c in PACKS if c != "en"])
def test_every_pack_says_and_reads_everything_english_does(code):
    pack = PACKS[code]
    assert not [name for name in TEXTS + WORDS if not hasattr(pack, name)]
    for name in ("SAFETY", "SHUT_OFF", "ANSWERS", "ASK", "ASK_AGAIN", "CLOSE"):
        assert set(getattr(pack, name)) == set(getattr(en, name)), name  # each hazard its line, each question its answer


@pytest.mark.parametrize("code", list(PACKS))
def test_every_text_of_every_pack_goes_out_in_gsm7(code):
    pack = PACKS[code]
    for name in TEXTS:
        for text in texts_of(getattr(pack, name)):
            assert set(to_gsm7(text)) <= GSM7_BASIC, (name, text)


def test_portuguese_keeps_the_gsm7_letters_e_acute_and_a_grave_and_writes_the_others_plainly():
    assert to_gsm7(PACKS["pt"].ASK["location"][""]) == "Qual é o endereco do servico?"
    assert to_gsm7("Não, à tarde, você") == "Nao, à tarde, voce"


def test_a_portuguese_emergency_is_alerted_with_its_safety_line_and_the_conversation_goes_on_in_portuguese():
    lead, turns = talk("oi, o cano estourou embaixo da pia e ta saindo agua sem parar", "45 Concord St, Framingham",
                       "Fernanda")
    assert lead.language == "pt" and lead.urgency == "emergency" and lead.name == "Fernanda"
    assert turns[0].owner_alert and "Portuguese" in turns[0].owner_alert
    first, second, close = replies_of(turns)
    assert "registro geral" in first and "Já avisei Carlos" not in first and "Ja avisei Carlos" in first
    assert second == "Qual é o seu nome?" or second.endswith("qual é o seu nome?")
    assert close.startswith("Obrigado Fernanda!")


def test_a_portuguese_lead_is_asked_in_portuguese_and_its_question_answered_first():
    lead, turns = talk("quanto vcs cobram pra trocar uma torneira?", "Everett", "sem pressa", "meu nome é Juliana")
    assert replies_of(turns)[0] == "Carlos vai conversar com voce sobre o preco. Qual é o endereco do servico?"
    assert lead.urgency == "flexible" and lead.name == "Juliana" and lead.status == "qualified"
    assert all(" the " not in r and "What" not in r for r in replies_of(turns))


@pytest.mark.parametrize("message", ["pare de me mandar mensagem", "não quero mais, obrigado", "me tira da sua lista",
                                     "nao me mande mais nada"])
def test_portuguese_opt_outs_said_freely_are_honoured_and_confirmed_in_portuguese(message):
    lead, [turn] = talk(message)
    assert turn.opt_out and lead.status == "opted_out"
    assert turn.replies[0].text == "Pronto, voce nao vai receber mais mensagens da Silva Plumbing."


def test_not_wanting_to_wait_any_longer_is_no_opt_out():
    lead, [turn] = talk("nao quero mais esperar, o chuveiro ta pingando faz uma semana")
    assert not turn.opt_out and lead.language == "pt"


@pytest.mark.parametrize("messages, name", [
    (["preciso trocar o piso da cozinha", "Meu nome é Maria da Conceição"], "Maria da Conceição"),
    (["the well pump keeps short cycling", "Tewksbury", "Maria da Conceição"], "Maria da Conceição"),
    (["the fridge is leaking a little", "Framingham", "Thiago Oliveira"], "Thiago Oliveira"),
])
def test_portuguese_names_are_read_whole(messages, name):
    assert talk(*messages)[0].name == name


@pytest.mark.parametrize("messages", [
    ["need a quote to reseal my driveway", "1820 Calle de los Molinos, San Clemente"],
    ["the fridge is leaking a little", "Framingham", "Thiago Oliveira"],
    ["need a chimney sweep before winter", "Milford MA", "sometime in october", "Renata, obrigado"],
    ["we moved here from São Paulo and need attic insulation", "Pompano Beach FL"],
])
def test_an_english_conversation_stays_english_through_a_spanish_street_a_portuguese_name_or_word(messages):
    lead, turns = talk(*messages)
    assert lead.language == "en"


def test_a_portuguese_conversation_is_not_taken_for_spanish_by_words_both_share():
    lead, _ = talk("a bomba do poço parou e estamos sem água em casa, por favor", "Lowell")
    assert lead.language == "pt"


@pytest.mark.parametrize("message, code, name", [
    ("Dzień dobry, mam problem z kranem w kuchni, cieknie woda. Czy możecie przyjechać jutro?", "pl", "Polish"),
    ("dzien dobry potrzebuje kogos do wymiany rynien w domu", "pl", "Polish"),
    ("你好，我家厨房的水管漏水了，可以今天来修吗？", "zh", "Chinese"),
    ("Здравствуйте, у нас на кухне не работает розетка", "ru", "Russian"),
    ("Bonjou, frijidè mwen an pa fè frèt ankò, èske nou ka vin gade l?", "ht", "Haitian Creole"),
    ("Chào anh, máy lạnh nhà tôi không chạy", "vi", "Vietnamese"),
])
def test_another_language_is_named_on_the_lead_and_to_the_owner_with_one_english_hand_off(message, code, name):
    lead, [turn] = talk(message)
    assert lead.language == code
    [reply] = turn.replies
    assert reply.text == "Thanks for your message! Carlos will follow up with you personally." and reply.asks is None
    assert f"they wrote in {name}: \"{message[:40]}" in turn.owner_summary  # their words as written, for translating
    assert turn.done and respond(SILVA, lead, [], message + "?").replies == []  # no questions after it


@pytest.mark.parametrize("message", ["Tewksbury", "sometime in october", "ok", "Hi", "2231 N Sacramento Ave"])
def test_short_english_texts_are_not_taken_for_another_language(message):
    assert talk("need my gutters cleaned", message)[0].language == "en"


def test_portuguese_times_are_read_and_when_it_started_is_not_when_they_want_someone():
    assert talk("quero trocar as calhas", "Somerville", "semana que vem")[0].urgency == "soon"
    lead, _ = talk("o chuveiro ta pingando desde ontem a noite")
    assert lead.timeline is None


@pytest.mark.parametrize("message, kind", [
    ("ta vazando muita agua no porao sem parar", "water"),
    ("o cano estourou na cozinha", "water"),
    ("cheiro de gás forte perto do fogão", "gas"),
    ("a tomada ta soltando faísca", "electrical"),
    ("estamos sem aquecimento e tenho um bebê de 3 meses", "no_heat"),
    ("o esgoto ta voltando pelo ralo do banheiro", "sewage"),
    ("caiu uma árvore em cima do telhado", "tree_on_house"),
    ("tem fio caído na frente de casa", "live_wire"),
    ("tranquei minha filha de 2 anos dentro do carro", "lockout"),
    ("o alarme de monóxido ta apitando", "co"),
    ("ta saindo fumassa da tomada", "electrical"),  # spelt as it sounds: "fumassa" is "fumaça"
    ("xeiro de gas forte na cozinha", "gas"),
    ("se rompio la tuveria del baño", "water"),
])
def test_portuguese_emergencies_are_read_by_concept(message, kind):
    assert hazards.find(message) == kind


@pytest.mark.parametrize("message", [
    "a mangueira ta vazando muita agua no quintal sem parar",  # outdoors
    "teve um vazamento ano passado no teto, agora so ficou a mancha",  # the past
    "o cano pode estourar com esse frio?", "the pipe could burst in this cold",  # not now
    "nao tem mais cheiro de gas",  # denied
    "tenho medo que o cano estoure",  # a worry
    "a casa tem 5 anos e o aquecedor parou",  # the house is 5, no child
])
def test_portuguese_non_emergencies_are_not_alarms(message):
    assert hazards.find(message) is None


def test_who_is_this_in_portuguese_is_answered_in_portuguese():
    lead, [turn] = talk("Olá, quem é?")
    assert lead.language == "pt" and turn.replies[0].text.startswith("Aqui é o assistente automatico da Silva Plumbing")


def test_asking_whether_they_work_on_saturdays_asks_the_hours_not_the_service_area():
    lead, [turn] = talk("vcs trabalham no sábado?")
    assert turn.replies[0].text.startswith("Nosso horario é seg-ter 7am-6pm.")
