"""One trade table (assistant/trades.py) for the onboarding wizard and the assistant's wording."""
from textback.assistant import replies
from textback.assistant.trades import TRADES


def test_every_trade_the_assistant_words_its_questions_for_is_one_the_wizard_offers():
    worded = {trade for language in replies.ASK.values() for by_trade in language.values() for trade in by_trade}
    assert worded - {"", "quote"} <= set(TRADES)


def test_trade_keys_are_what_a_business_stores_lower_case():
    assert all(key == key.lower().strip() and label for key, label in TRADES.items())
