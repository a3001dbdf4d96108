"""What the assistant says, by language code: each text comes from the language packs
(languages/en.py, es.py, pt.py), where it is written. A language without a pack gets the English
text (languages.Texts). Every reply goes out through text.to_gsm7 and names no price or arrival time.

Templates take str.format fields: business, owner (owner's first name or "the team"), name (", Jen" or "").
"""
from .languages import texts

ASK = texts("ASK")  # the question for each missing field, by trade
ASK_AGAIN = texts("ASK_AGAIN")  # the same field asked again (never the same text twice in a row)
ACK = texts("ACK")  # acknowledgements, several of each kind, taken in turn
TOPICS = texts("TOPICS")  # what a problem is called in "Sorry about the leak"
FIRST = texts("FIRST")  # "en", "en_after_hours": the text-back, before the caller has written
CLOSE = texts("CLOSE")  # "es", "es_after_hours", "es_emergency"
EMERGENCY_ACK = texts("EMERGENCY_ACK")
EMERGENCY_TIMELINE = texts("EMERGENCY_TIMELINE")
SAFETY = texts("SAFETY")  # hazard -> safety line
SHUT_OFF = texts("SHUT_OFF")  # hazard -> how to stop it until help comes
ANSWERS = texts("ANSWERS")  # the caller's questions
DAY_NAMES = texts("DAY_NAMES")
WHO = texts("WHO")
HELP = texts("HELP")
OPTED_OUT = texts("OPTED_OUT")
OPTED_IN = texts("OPTED_IN")
WRONG_NUMBER = texts("WRONG_NUMBER")
NOT_INTERESTED = texts("NOT_INTERESTED")
EXISTING_CUSTOMER = texts("EXISTING_CUSTOMER")
PRICE_NOTE = texts("PRICE_NOTE")
AFTER_CLOSE = texts("AFTER_CLOSE")
FOLLOW_UP = texts("FOLLOW_UP")
TEAM = texts("TEAM")
OTHER_LANGUAGE = texts("OTHER_LANGUAGE")  # English only: the hand-off to a caller whose language has no pack
