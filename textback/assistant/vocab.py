"""The words the built-in assistant reads: every language pack's (languages/*.py) joined, since a
caller mixes languages and an opt-out counts in any of them, plus the US address data that is no
language's. All patterns are regular expressions matched against the *folded* text (lower case,
accents removed, curly quotes straightened; see text.fold).
"""
from . import languages
from .languages import union, words

# --- compliance (extract.consent_keyword reads each pack's keywords itself) ---------------------
OPT_OUT_KEYWORDS = union("OPT_OUT_KEYWORDS")  # only when they are the whole message (REFERENCE.md)
OPT_IN_KEYWORDS = union("OPT_IN_KEYWORDS")
HELP_KEYWORDS = union("HELP_KEYWORDS")
OPT_OUT_PHRASES = union("OPT_OUT_PHRASES")  # plain-language revocations of consent (FCC 2025): any reasonable means

# --- who is on the other end (nonleads.py) ------------------------------------------------
WRONG_NUMBER = union("WRONG_NUMBER_CUES")
SOLICITOR = union("SOLICITOR_CUES")
EXISTING_CUSTOMER = union("EXISTING_CUSTOMER_CUES")
NOT_INTERESTED = union("NOT_INTERESTED_CUES")
WHO_IS_THIS = union("WHO_IS_THIS")
DONT_KNOW = union("DONT_KNOW")
GREETING_ONLY = union("GREETING_ONLY")
CORRECTION = union("CORRECTION")  # the caller takes back something they said ("sorry, I meant 452")
RETRACTED = union("RETRACTED")  # what a correction takes back, cut out before the new value is read
OTHER_PROPERTY = union("OTHER_PROPERTY")  # the job is at another property ("it's at my mom's place")

# --- the job, when, who ---------------------------------------------------------------------
NEED_WORDS = union("NEED_WORDS")  # words that make a message describe work
GENERIC_NEED_WORDS = words("GENERIC_NEED_WORDS")  # work words that name no job ("repair", "cotizacion")
NEED_LEADING_FILLER = union("NEED_LEADING_FILLER")  # openers stripped off the front of a need
TIMELINE = union("TIMELINE")  # (pattern, days ahead or None for "no date"); the nearest deadline wins
TIMELINE_TRAILING = union("TIMELINE_TRAILING")  # politeness after a time ("works for me", "si se puede")
MONTHS = languages.en.MONTHS  # explicit dates ("Dec 15"), resolved against the day of the call
QUOTE_WORDS = union("QUOTE_WORDS")  # a price asked with no date: the caller is not in a hurry
NAME_PATTERNS = union("NAME_PATTERNS")  # (pattern, strict): strict ones need a name-looking name
HONORIFICS = union("HONORIFICS")
NAME_PARTICLES = words("NAME_PARTICLES")  # lower-case words inside a full name ("Maria da Silva")
NAME_STOP_WORDS = words("NAME_STOP_WORDS")  # words that end a name
NAME_INTROS = union("NAME_INTROS")  # before a bare name ("soy Ana", "it's Jen")
GREETINGS = union("GREETINGS")  # "Hi Carlos": a greeting to the owner, not the caller's name
POLITE = union("POLITE")  # trailing words that are not the job
LINK_WORDS = union("LINK_WORDS")  # words that led into a place or time cut out of the need
FIRST_NAMES = words("FIRST_NAMES")  # first names the name list (gender-guesser) lacks
LOCATION_LEADING_FILLER = union("LOCATION_LEADING_FILLER")  # "we're in Pasadena", "Estoy en Long Beach"
QUESTIONS = languages.joined("QUESTIONS")  # the caller's questions to us, in the order they are answered

# --- locations ---------------------------------------------------------------------------
STREET_SUFFIXES = (
    "st", "street", "ave", "av", "avenue", "rd", "road", "dr", "drive", "ln", "lane", "ct", "court", "blvd", "boulevard",
    "pl", "place", "way", "pkwy", "parkway", "cir", "circle", "ter", "terrace", "trl", "trail", "hwy", "highway", "sq",
    "loop", "row", "aly", "alley", "plz", "plaza", "pike", "run", "path", "xing", "crossing", "cv", "cove", "pt", "point",
)
# Words that are never a town, even when capitalised at the start of a message.
NOT_A_PLACE = frozenset("""
hi hello hey yes no ok okay thanks thank please help need sure yeah asap today tomorrow tonight morning afternoon
evening week weekend next this that the my our your house home power light gas heat cool bath lawn spring summer
fall winter may mobile hope start early nice ideal cross street streets corner area deal friendship industry commerce needham sorry who what when where why how water roof
kitchen garage basement attic yard one two three soon later just also still any some all in on at of for and or but
""".split()) | words("NOT_A_PLACE")  # and each pack's ("nome" is a town in Alaska)
# Neighbourhood-style answers ("Logan Square", "Back Bay", "Rose Bowl area") are accepted when location was asked.
PLACE_CUE = r"\b(near|by|off|across from|next to|behind|close to|corner of|around)\b"
CROSS_STREETS = r"\b(?:corner of\s+)?(?P<a>[a-z0-9][\w.]*(?: [a-z0-9][\w.]*){0,2}) (?:and|&|at|y) (?P<b>[a-z0-9][\w.]*(?: [a-z0-9][\w.]*){0,2})\b"

# Words that make a capitalised phrase a place, not a person ("Logan Square", "Oak Park").
PLACE_WORDS = frozenset("""
square park heights village hills lake beach center plaza county township street st avenue ave road rd
lane ln drive dr blvd boulevard court ct place pl terrace way highway hwy apartments apts estates commons
""".split())
