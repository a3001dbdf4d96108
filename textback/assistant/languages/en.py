"""English: the words the assistant reads and the texts it sends in English.

Every pattern is a regular expression over the *folded* text (lower case, accents removed, curly
quotes straightened; see text.fold). A pack has the same names in every language (see
languages/__init__.py for what each is and how the reader joins them).
"""
CODE = "en"
NAME = "English"

# --- compliance --------------------------------------------------------------------------

# Carrier opt-out keywords: only when they are the whole message (REFERENCE.md).
OPT_OUT_KEYWORDS = ("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout",
                    "stop all", "opt out")
OPT_IN_KEYWORDS = ("start", "unstop", "yes")
HELP_KEYWORDS = ("help", "info")
# The carrier itself answers these (Twilio's standard opt-out, opt-in and help keywords): we record
# them and add no confirmation of our own. Other packs' keywords we confirm, once, in their language.
CARRIER_ANSWERS_KEYWORDS = True

# Plain-language revocations of consent (FCC 2025): any reasonable means.
OPT_OUT_PHRASES = (
    r"\bstop (texting|messaging|contacting|sending|txting|txt|text)\b",
    r"\b(do not|dont|don't|never) (text|message|contact|txt) me\b",
    r"\bno more (texts|messages|txts)\b",
    r"\bremove (me|my number|this number)\b",
    r"\btake (me|my number) off\b",
    r"\bunsubscribe\b", r"\bopt me out\b", r"\bopt out\b",
    r"\bleave me alone\b", r"\blose my number\b", r"\bdelete my number\b",
    r"\bquit (texting|messaging)\b",
)

# --- who is on the other end ------------------------------------------------------------

WRONG_NUMBER_CUES = (
    r"\bwrong (number|num|person|phone|line)\b", r"\bwrong #", r"\bmis-?dial", r"\bdialed (the )?wrong\b",
    r"\b(i )?(didn'?t|did not|never) call(ed)? (you|this|u|anyone|that)\b",
    r"\bdon'?t know (who|what) (you|this) (are|is)\b.*\bcall",
    r"\bbutt ?dial", r"\bpocket ?dial", r"\bcalled by (mistake|accident)\b",
    r"\b(by|on) accident\b.*\bcall|\bcall.*\b(by|on) accident\b",
)

SOLICITOR_CUES = (
    r"\bseo\b", r"\bgoogle (maps|ranking|business|listing|profile|reviews?)\b", r"\byour (google |business )?listing\b",
    r"\b(we|i) help (plumbers|electricians|roofers|contractors|businesses|companies|home service|hvac|landscapers|remodelers)",
    r"\bmore (leads|customers|calls|jobs)\b", r"\b\d+\+? (new )?(leads|jobs|customers) (a|per|every) (month|week)\b",
    r"\bexclusive\b.*\bleads\b", r"\bbuy(ing)? leads\b", r"\blead gen", r"\bper lead\b", r"\b(sell|selling|offer) .*\bleads\b", r"\bmarketing (agency|services|company)\b",
    r"\bdigital marketing\b", r"\bweb ?site (design|redesign)\b", r"\bsocial media (marketing|management)\b",
    r"\bline of credit\b", r"\bbusiness (loan|funding|financing|capital)\b", r"\bmerchant (cash|services)\b",
    r"\bworking capital\b", r"\bpre-?approved\b", r"\bqualif(y|ies|ied) for (a|an|up to)\b",
    r"\bcongratulations\b", r"\breply yes to\b", r"\blearn more\b.*\breply\b|\breply\b.*\blearn more\b",
    r"\bcredit card processing\b", r"\bextended (car |auto )?warranty\b", r"\bfinal notice\b",
    r"\bthis is an? (automated|recorded) (call|message)\b", r"\bpress 1\b",
    r"\b(wholesale|bulk) pricing\b", r"\b(we are|we're|i'?m) a (supplier|distributor|manufacturer)\b",
    r"\b(our|we) (supply|distribute)\b", r"\bpartner(ship)? opportunit", r"\b(10|15|5) min(ute)?s? (this|next) week\b",
    r"\bquick (call|chat) (this|next) week\b", r"\bverify your (business|listing)\b", r"\byelp (ads|advertising)\b",
    r"\b(homeadvisor|angi|thumbtack|yelp|porch|networx)\b.*\b(leads|sign up|jobs|customers|partner|listing)\b",
    r"\bsend you (more )?(roofing |plumbing |hvac |electrical )?(jobs|leads|work|customers|referrals)\b",
    r"\b(grow|scale|boost) your (business|company|revenue|sales)\b", r"\b(we'?d|we would) love to (feature|partner|work with you|help your)\b",
    r"\b(jobs|leads|customers) in your (area|market|city)\b", r"\bfor (contractors|businesses|business owners) like you\b",
)

EXISTING_CUSTOMER_CUES = (
    r"\binvoice\b", r"\breceipt\b", r"\bbill(ed)? (you sent|me twice)\b", r"\bpay(ment)? (for|on) (the|my) (job|work|invoice|bill)\b",
    r"\bdo you (take|accept) (venmo|zelle|checks?|cash|credit|cards?|paypal)\b",
    r"\b(re)?schedul(e|ing) (my|our|the) (appointment|appt|visit|job)\b", r"\breschedule\b",
    r"\bcancel (my|our|the|tomorrow'?s?|today'?s?) (appointment|appt|visit|job|service)\b",
    r"\b(my|our) (appointment|appt)\b",
    r"\byou (guys |all |folks |people )?(came|were|did|worked)\b.*\b(last|yesterday|ago|before|this)\b",
    r"\byou (guys |all |folks |people )?(came out|installed|replaced|fixed|repaired|put in|serviced|worked on|did (our|my))\b",
    r"\b(you|your (guy|tech|crew|team|technician)) (came out|was here|were here|came by)\b",
    r"\b(you|you guys|your (guy|tech|crew|team|technician)s?) (was|were) (out )?(here|over|by|at (my|our) (house|place))\b",
    r"\b(your|the) (tech|technician|guy|crew|plumber|electrician) (is|was) (here|running late|supposed)\b",
    r"\bwarranty (claim|work|on the)\b", r"\bfollow(ing)? up on (the|my|our) (job|estimate|quote|work)\b",
    r"\b(the|your) estimate you (sent|gave)\b", r"\bwhat time (are|is) (you|the tech|he) coming\b",
)

NOT_INTERESTED_CUES = (
    r"\b(never ?mind|nvm|nevermind)\b", r"\b(already )?found (someone|somebody|a (guy|plumber|company|contractor))\b",
    r"\b(got|hired) (someone|somebody) (else|already)\b", r"\bno longer need\b", r"\bdon'?t need (it|you|anything|help|service) (anymore|now)\b",
    r"\bnot interested\b", r"\b(decided to |going to |gonna )?(go|going|went) with (another|a different|someone|somebody|a cheaper)\b",
    r"\b(hired|booked|chose|picked) (another|a different|someone|somebody)\b", r"\bwe'?re (all )?(good|set) (now|thanks)\b", r"\bit'?s (been )?(taken care of|fixed|handled)( now)?\b",
    r"\bfixed it (myself|ourselves)\b", r"\bgot it (all )?(taken care of|fixed|handled|sorted)\b", r"\b(all )?taken care of\b",
)

WHO_IS_THIS = (
    r"\bwho(s| is| are|'s) (this|you|u)\b", r"\bwho dis\b", r"\bwhat (company|business) is this\b",
    r"\bwho am i (talking|texting) (to|with)\b", r"\bis this a (bot|robot|person|real person|human)\b",
    r"\bare you (a )?(bot|robot|real|human|person)\b",
)

DONT_KNOW = (
    r"^(i )?(don'?t|dont|do not) know\b", r"^(idk|dunno|no idea|not sure|unsure|no clue)\b",
    r"^(i'?m )?not (sure|certain)\b", r"^(i'?d )?rather not( say)?\b", r"^(prefer not|skip|pass|n/?a)\b",
    r"^(i )?(don'?t|dont|do not) (want|wanna|care) to (give|say|share)\b", r"^no thanks?\b",
    r"^(i'?m )?not comfortable\b", r"^(i'?ll|i will) (tell|give it to) (him|her|them|the owner)\b", r"^(it )?doesn'?t matter\b",
)

GREETING_ONLY = (
    r"^(yes|yeah|yea|yep|ya|hi|hello|hey|hiya|ok|okay|k|sure|thanks|thank you|thx|ty|"
    r"good (morning|afternoon|evening)|yes hi|hi there|hello there|yes please|please|"
    r"ok thanks|cool|great|perfect|sounds good|awesome)[\s!.,?]*$",
    # fillers of speech and voice-to-text: never a name, a town or a time
    r"^((um+|uh+|umm+|uhh+|hmm+|er+|erm|ah+|oh|so|well|like|lol|haha|eh|ehh|mm+)[\s!.,?]*)+$",
)
# The caller takes back something they said: what follows replaces it, it does not add to it.
CORRECTION = (
    r"^((oh|ok|okay|um|uh|hey|no|sorry)[\s,.!]+)?(wait|oops|whoops|sorry|my bad|correction|scratch that|actually|actualy|acutally)\b",
    r"\b(i|i'?d) meant\b", r"\bi mean\b", r"\b(not|isn'?t|wasn'?t) (the|that|it'?s|at|in|on)\b.*\b(it'?s|its|it is)\b",
    r"\bnot [a-z0-9 ]{2,30}, (it'?s|its|it is|but)\b", r"\bwrong (address|street|town|city|zip|number|name|day)\b",
    r"\b(actually|actualy|acutally) (it'?s|its|it is|we'?re|the)\b", r"\bmade a typo\b", r"\btypo\b",
)
# What a correction takes back, cut out before reading the new value ("sorry i meant thursday not tuesday").
RETRACTED = (
    r"^((oh|ok|okay|um|uh|hey|no|sorry)[\s,.!]+)?(wait|oops|whoops|sorry|my bad|correction|scratch that|actually|actualy|acutally)\b[\s,.!-]*",
    r"\b(i|i'?d) meant\b", r"\bi mean\b", r"^(can we |lets |let's )?make (it|that)\b",
    r"[,\s]*\b(not|no) (on |in |at |the )?[a-z0-9']+[.!]?$", r"^(not|no) (on |in |at |the )?[a-z0-9']+,\s*",
)
# The job is at another property than the one given ("it's at my mom's place").
OTHER_PROPERTY = (
    r"\b(my|his|her|their|our) (mom|moms|mother|mothers|dad|dads|father|parents|grandma|grandmas|grandmother|grandpa|"
    r"aunt|aunts|uncle|uncles|sister|sisters|brother|brothers|son|sons|daughter|daughters|friend|friends|neighbor|neighbors|"
    r"neighbour|tenant|tenants|rental|in-laws?|mother-in-law|landlord)'?s? (place|house|home|apartment|apt|condo|unit)\b",
    r"\b(a |the )?(different|other|another|wrong) (address|house|place|property|location)\b",
)
GREETINGS = ("hi", "hey", "hello", "dear")  # "Hi Carlos" greets the owner: not the caller's name
NAME_INTROS = ("it's", "its", "this is", "i'm", "im", "name's", "my name is")  # before a bare name ("it's Jen")
POLITE = ("please", "pls", "plz", "thanks", "thank you", "thx")  # trailing words that are not part of the job
LINK_WORDS = ("at", "in", "on", "by", "near", "off", "and", "or", "the", "my", "our", "its", "it'?s", "is", "located")  # words that led into a place or time cut out


# Non-leads by meaning (nonleads.py): each kind a few concepts, joined with the other packs'.
# --- solicitors: an offer to the business, said as a pitch -------------------------------
_MARKETING = (r"\bseo\b|\bsearch engine|\brank(ing|ings|ed)?\b|\bfirst page\b|\btop of (google|search|the search)|\bpage (one|1)\b"
              r"|\bgoogle (maps|ranking|business|listing|profile|reviews?|ads|guaranteed)\b|\b(more|new|exclusive|quality|qualified) "
              r"(leads|customers|calls|jobs|reviews|clients)\b|\blead (gen|generation|list)|\bwebsite\b|\bweb ?design|\bads\b"
              r"|\badvertis\w*|\bmarketing\b|\b(exclusive|qualified|pre-?screened|booked) (appointments|jobs|homeowners)\b"
              r"|\b\d+ (\w+ )?(appointments|jobs|leads) (a|per|every) (month|week)\b|\b(\d+|five|5)[ -]star reviews\b|\bstaffing\b|\b(ai |virtual )?receptionist\b|\banswering service\b|\bcrm\b|\bsoftware\b|\bbookings\b"
              r"|\bcontractor (discount|pricing|program|account)\b|\b(we|i) buy (\w+ )?(businesses|companies)\b|\bthought about selling\b"
              r"|\bacquir\w*|\bprivate equity\b|\badd \$[\d,.]+k?\b|\bproven (system|method|strategy|process)\b|\bcoaching\b|\bwholesale\b|\bprice (sheet|list)\b|\bcatalog\b"
              r"|\b(i|we) sell (\w+ ){0,3}(to|for) (\w+ )?(companies|contractors|businesses|plumbers|electricians|roofers)\b"
              r"|\btemp (workers|labor)\b|\bsubcontract\w*|\bmore (\w+ ){0,2}(jobs|leads|customers|calls)\b|\bsocial media\b|\breputation\b|\bdirectory\b|\b(angi|homeadvisor|thumbtack|yelp|porch|networx)\b")
_MONEY = (r"\bfunding\b|\bloans?\b|\bline of credit\b|\b(working |growth )?capital\b|\bcash advance\b|\bmerchant\b"
          r"|\bcredit card processing\b|\bpre-?approved\b|\bapproved for\b|\bqualif(y|ies|ied) for\b|\bequipment financing\b"
          r"|\bcustomers (\S+ ){0,2}financing\b|\bfinancing (for|to) your customers\b|\bprocessing fees\b"
          r"|\bpay[- ]over[- ]time\b|\bdealer fees?\b|\b(instant |fast |quick )?approvals? in \d+\b"
          r"|\bfinancing (plans?|options?|programs?)\b|\bclose \d+ ?% more\b|\b\d+ ?% more (deals|jobs|sales|leads|customers)\b")
_PITCH = (r"\bwe (help|specialize|work with|partner|provide|offer|can get you|get (contractors|businesses)|connect|match|send|bring|deliver)\b|\bour (company|agency|team|"
          r"service|services|platform|software|app|program)\b|\bi'?m (with|from) [a-z]+|\bi work (with|for) [a-z]+|\bbusiness owners?\b"
          r"|\byour (\w+ )?(business|company|listing|profile|website|team|season|crew)\b|\bno credit check\b|\breply (info|yes)\b|\b(boost|grow|increase|double) your (\w+ )?(bookings|business|revenue|sales|calls|leads)\b"
          r"|\$\d+ ?/ ?(mo|month)\b|\b(would like|like) to offer you\b|\bconfidential\b|\b(i|we) sell\b|\bcan i send (you )?(a|an|our|my|some)\b|\b(book|schedule) a (call|demo|meeting)\b|\bhave you (thought|considered)\b"
          r"|\b(we are|we'?re|i'?m|this is) (a|an|the) (\w+ ){0,3}(supplier|distributor|manufacturer|wholesaler|vendor|agency|consultant|firm)\b|\bcontractors like you\b|\bwould you be (interested|open)\b"
          r"|\bquick (call|chat|question for the owner)\b|\b\d+ min(ute)?s?\b|\bdemo\b|\bfree trial\b|\breply (yes|stop|1)\b"
          r"|\blearn more\b|\blimited time\b|\bper (month|lead)\b|\b/mo\b|\bno obligation\b|\bwho (handles|does|is in charge of) your\b"
          r"|\bdecision maker\b|\bthe owner\b.*\?")
_FAKE_NOTICE = (r"\b(verify|verification|verified|validate|confirm) (\w+ ){0,3}(google|business|listing|profile|account)\b"
                r"|\b(listing|profile|account)\b.{0,40}\b(suspended|deactivated|removed|unverified|expire|flagged)\b"
                r"|\bfinal notice\b|\bpress 1\b|\bthis is an? (automated|recorded) (call|message)\b")
_JOB_SEEKER = (r"\b(are|r) (you|u|y'?all|you guys) hiring\b|\bhiring\?|\blooking for (\w+ )?(work|a job|job|employment|an apprentice\w*|a position)\b"
               r"|\bapprentice\w*\b|\bjob (opening|openings|application)\b|\bpositions? (open|available)\b|\bmy resume\b|\bresume\b"
               r"|\b\d+ years? (of )?experience\b|\bjourneyman\b|\b(join|joining) your (team|crew|company)\b|\bwork for (you|your)\b"
               r"|\bneed (a job|work)\b|\b(taking on|hiring) (any )?(new )?(techs|technicians|workers|help|employees|people|guys|apprentices|installers)\b"
               r"|\b\d+ (years|yrs) in (residential|commercial|the trade|the field)\b|\bany (openings|positions|jobs available)\b")
_HOMEOWNER = (r"\b(i|we) (need|want) (a|an|some|someone|somebody|to get|to have|help|my|our)\b(?! (\d+|a few|ten|five|fifteen) min)"
              r"|\bmy (house|home|place|kitchen|basement|roof|sink|toilet|yard)\b")

# --- wrong numbers: they did not mean to reach a contractor -----------------------------
_WRONG = (r"\b(didn'?t|did not|never) (mean|meant) to (call|text|dial)\b|\bmeant to (call|text|reach) (someone|somebody|my|a different)\b"
          r"|\bmy (kid|son|daughter|toddler|baby|phone) (must have |musta )?(called|dialed|was playing)\b|\bpocket\b"
          r"|\b(by|on) (mistake|accident)\b|\b(was|am|i'?m) (trying|looking) to (reach|call|get) (my|a|someone|somebody|[a-z]+'s)\b"
          r"|\bis this [a-z]+'?s (phone|number|cell)\b|\bis this (the |a )?(pizza|restaurant|pharmacy|doctor'?s?|dentist|school|hospital|bank|salon|clinic|vet)\b|\byou (have|got) the wrong\b|\bdon'?t know (you|who this is|this number|who you are)\b"
          r"|\b(didn'?t|did not|never) call (any|a|for a) \w+\b|\bnot sure why (i|my phone) called\b|\bnot who i\b|\bwrong (chat|thread|text|convo|conversation|group)\b")

# --- existing customers: work already done, booked, or billed -----------------------------
_WORKERS = (r"(guy|guys|tech|techs|technician|plumber|electrician|crew|team|installer|roofer|worker|workers|man|men|painter|painters|"
            r"girls|ladies|lady|cleaners|cleaning lady|movers|landscapers|gardeners|exterminator|inspector|people|folks|helpers?)")
_PAST_WORK = (r"\b(the|your) " + _WORKERS + r" (who|that|you sent) (came|was|were|did|put|left|cut|ran|dug|\w+ed)\b(?! going to| supposed to| gonna)"
              r"|\b(the|your) " + _WORKERS + r" you sent\b|\bleft without (finishing|fixing|cleaning)\b"
              r"|\byour " + _WORKERS + r" (came|were here|was here|showed up|left|broke|damaged|scratched|didn'?t|never|forgot|was rude|were rude)\b|\bnot happy\b"
              r"|\b(we|i) (had|hired|used) you (guys )?(out|come|to|do|spray|fix|install|replace|clean|look|in)\b|\bis that covered\b"
              r"|\byour " + _WORKERS + r" (\w+ed)\b|\b(quote|estimate|invoice|bill|proposal) you (said|promised|were going to|would)\b"
              r"|\bstill waiting (on|for) (the|my|your|our)\b"
              r"|\b(the|my|our) warranty\b|\bafter (your|the) (\w+ )?(cleaning|visit|service|work|install\w*|repair|job|treatment)\b"
              r"|\b(since|after) (you|your \w+|the \w+ you sent) (came|were|was|fixed|installed|left|did|replaced|worked|put)\b"
              r"|\byou (guys |all )?(were|came) (out|here|by|over) (last|on|yesterday|a few|this)\b"
              r"|\b(job|work|repair|install|installation|repairs) (you|you guys|your (guys|crew|team|tech)) (did|performed|completed|finished|put in)\b"
              r"|\b(never|didn'?t|did not) (show(ed)? up|come out|come by|make it)\b|\b(no ?one|nobody) (showed|came)\b"
              r"|\bovercharg\w*|\brefund\b|\bcharged (me|us) (twice|too much|for)\b|\bleft (a|such a) mess\b"
              r"|\b(not|very un|un)happy with (the|your)\b|\bdisappointed (with|in) (the|your)\b"
              r"|\b(i|we)('d| would)? ?(like to |want to |wanna |need to )?(make a |file a )?complain\w*\b|\bcomplaint\b|\bcomplain\w* about (the|your) (work|job|service|visit|crew|guys?|tech)\b"
              r"|\b(the|my|our) (estimate|quote|proposal|bid) (from you|you sent|you gave|you guys)\b"
              r"|\b(scheduled|booked|have an appointment|appointment is) (for|with you|on)\b|\bconfirm(ing)? (my|our|the) (appointment|appt|time|visit)\b"
              r"|\brunning late\b|\bwhat'?s (the|his|their) eta\b|\bstill (leaking|broken|not working|dripping|running) (since|after)\b")

_NOT_INTERESTED = (r"\b(we|i) (figured|sorted|worked) it out\b|\bno longer (need|needed|necessary)\b|\bdon'?t need (it|anyone|someone|help|you) "
                   r"(anymore|any more|now)\b|\b(cancel|scratch) that\b(?! appointment)|\bnot needed anymore\b"
                   r"|\b(ended up )?(fix|fixed|fixing|figured|sorted|handled) it (ourselves|myself|out)\b|\bthanks anyway\b"
                   r"|\b(someone|somebody|my \w+( in law)?|a friend|a neighbou?r|we|i) (already )?(fixed|handled|took care of|repaired|unclogged|sorted) "
                   r"(it|the \w+)\b|\ball good now\b|\bdisregard (my|the|this) (call|message|text)\b")
NONLEADS = {"marketing": _MARKETING, "money": _MONEY, "pitch": _PITCH, "fake_notice": _FAKE_NOTICE, "job_seeker": _JOB_SEEKER,
            "homeowner": _HOMEOWNER, "wrong": _WRONG, "past_work": _PAST_WORK, "not_interested": _NOT_INTERESTED}

# --- needs -------------------------------------------------------------------------------

# Words that make a message describe work: trade nouns and symptoms, any trade.
NEED_WORDS = (
    # plumbing
    "sink", "toilet", "faucet", "drain", "clog", "clogged", "pipe", "pipes", "leak", "leaking", "leaky", "water heater",
    "tankless", "sewer", "sewage", "septic", "disposal", "shower", "tub", "bathtub", "garbage disposal", "sump pump",
    "water line", "main line", "backed up", "backing up", "burst", "flood", "flooding", "flooded", "drip", "dripping",
    "valve", "hose bib", "spigot", "water pressure", "no hot water", "hot water", "running", "overflowing",
    # electrical
    "outlet", "outlets", "breaker", "panel", "wiring", "wire", "wires", "light", "lights", "lighting", "fixture",
    "ceiling fan", "fan", "switch", "switches", "gfci", "ev charger", "charger", "generator", "recessed", "sparks",
    "sparking", "power", "electrical", "smoke detector", "smoke detectors", "detector", "chandelier", "rewire", "surge",
    # hvac
    "ac", "a/c", "air conditioner", "air conditioning", "furnace", "heat", "heater", "heating", "heat pump", "thermostat",
    "duct", "ducts", "ductwork", "vent", "boiler", "mini split", "minisplit", "hvac", "tune up", "tune-up", "tuneup",
    "warm air", "cold air", "compressor", "condenser", "refrigerant", "freon", "carbon monoxide", "co alarm", "gas",
    # roofing
    "roof", "roofing", "shingle", "shingles", "gutter", "gutters", "gutter guards", "chimney", "flashing", "skylight",
    "soffit", "fascia", "hail", "storm damage", "inspection", "reroof", "re-roof", "tarp", "insurance claim",
    # remodeling / general
    "kitchen", "bathroom", "bath", "remodel", "renovation", "renovate", "cabinets", "countertops", "counters", "island",
    "tile", "flooring", "floors", "floor", "drywall", "basement", "addition", "deck", "patio", "fence", "door", "doors",
    "window", "windows", "siding", "paint", "painting", "repaint", "stairs", "railing", "porch", "garage", "closet",
    "walk in shower", "vanity", "backsplash",
    # landscaping
    "lawn", "mow", "mowing", "grass", "yard", "leaves", "leaf", "hedge", "hedges", "trim", "trimming", "tree", "trees",
    "branch", "stump", "mulch", "sod", "sprinkler", "sprinklers", "irrigation", "landscaping", "landscape", "weeds",
    "weeding", "aeration", "cleanup", "clean up", "snow removal", "plowing",
    # generic asks
    "estimate", "quote", "install", "installed", "installation", "replace", "replaced", "replacement", "repair",
    "repaired", "fix", "fixed", "broken", "not working", "stopped working", "won't", "wont", "doesn't work",
    "maintenance", "hole", "damage", "damaged", "mold",
    # more trades: insulation, pests, locks, garage doors, appliances, pools, wells, septic, solar, concrete, glass...
    "aerate", "overseed", "seed", "smell", "smells", "odor", "sulfur", "insulation", "insulate", "attic", "crawlspace", "air sealing", "bugs", "bed bugs", "mice", "rats", "rodents", "termites",
    "termite", "ants", "wasps", "wasp", "hornets", "bees", "roaches", "cockroaches", "pests", "raccoon", "squirrel", "animal",
    "lock", "locks", "rekey", "rekeyed", "deadbolt", "locked out", "keys", "garage door", "opener", "torsion",
    "dryer", "washer", "fridge", "refrigerator", "freezer", "oven", "stove", "dishwasher", "microwave", "ice maker",
    "pool", "filter", "pump", "well pump", "well water", "pressure tank", "septic tank", "solar", "panels", "inverter", "battery", "carpet",
    "carpets", "rugs", "upholstery", "couch", "sectional", "concrete", "driveway", "steps", "sidewalk", "foundation", "crack",
    "cracks", "piers", "glass", "pane", "stump", "grab bars", "stain", "staining", "tv", "hinge", "screen door", "gate",
    "transfer switch", "cap", "vinyl", "hardwood", "refinish", "refinished", "seeping", "moisture", "dampness",
)

# Openers stripped off the front of a need so it reads as the job, not the greeting.
NEED_LEADING_FILLER = (
    r"^(hi|hey|hello|good (morning|afternoon|evening))\s+[a-z]+\s*[,!.:-]+",  # "Hi Mo, ..." greets the owner
    r"^(hi|hello|hey|good (morning|afternoon|evening)|yes|yeah|ok|so|um|uh|sorry)\b[\s,!.:-]*",
    r"^(there|guys|folks|again)\b[\s,!.:-]*",
    r"^(i|we) (just )?called (you )?(earlier |before |about |a (minute|moment|few minutes) ago )?(about|regarding|for|re)?\s*",
    r"^(i'?m|we'?re|i am|we are) (calling|texting|reaching out) (about|for|regarding)\s*",
    r"^(i'?m|we'?re|i am|we are) (looking|hoping|wanting) (to get|for|to have)\s*",
    r"^(i|we) (would|'d) like (to get |to have |someone to )?",
    r"^(i|we) (need|want|have)\s+(a|an|some|to get|to have|someone to)?\s*",
    r"^(can|could) (you|someone|u) (guys )?(come )?(out )?(and )?(give (us|me) )?",
    r"^(do you|you guys|y'?all) (do|install|fix|repair|work (on|with))\s*",
    r"^(getting|get)\s+",
)
GENERIC_NEED_WORDS = ("estimate", "quote", "install", "installed", "installation", "replace", "replaced",
                      "replacement", "repair", "repaired", "fix", "fixed", "broken", "not working",
                      "stopped working", "won't", "wont", "doesn't work", "maintenance", "damage", "damaged", "running")

# --- timelines -------------------------------------------------------------------------
# (pattern, days from now it points at). Ties are resolved by taking the nearest deadline.
# 0-14 days -> "soon", more -> "flexible"; None means "no date at all" -> flexible.
TIMELINE = (
    (r"\b(asap|a\.s\.a\.p|(as )?soon as (possible|you can)|right away|immediately|(the )?sooner (the|is) better|soonest|(?<!not )(?<!isn't )urgent(ly)?|(?<!not an )(?<!no )emergency|same day)\b", 0),
    (r"\b(today|tonight|this (morning|afternoon|evening))\b", 0),
    (r"\b(tomorrow|tmrw|tmr|tmw|tomorow|tommorow|tommorrow|2morrow|2morow|2moro|2mrw)\b", 1),
    (r"\b(this|next|on|coming|by) (mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(mon|tues|wednes|thurs|fri|satur|sun)days?\b", 5),
    (r"\b(this|next|the) weekend\b|\bweekend\b", 5),
    (r"\b(this|the) week\b|\bin a (few|couple( of)?) days\b|\bwithin (a|the) (few )?days\b|\bend of (the )?week\b", 5),
    (r"\bnext week\b|\bwithin a week\b|\bin a week\b", 10),
    (r"\b(next|within|in|the next) (2|two) weeks\b|\bcouple (of )?weeks\b", 14),
    (r"\b(few|several|3|three|4|four) weeks\b|\bend of (the )?month\b|\bthis month\b", 25),
    (r"\bnext month\b|\bin a month\b|\bmonth or (2|two)\b|\b(a )?(couple|few) (of )?months\b|\b(2|3|two|three|4|four|six|6) months\b", 45),
    (r"\b(this |next |in the |by )?(spring|summer|fall|autumn|winter)\b(?! ?(clean|start|tune|maint|prep|service|check|special|aerat|storm|break))|\bafter the (holidays|new year)\b|\bnext year\b|\bnew year\b", 90),
    (r"\b(in |by |starting |start |before )?(january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b(?! ?\d)", 60),
    (r"\b(no rush|not in a rush|no hurry|not urgent|flexible|at your convenience|when(ever)? (you|u) (can|have time|get a chance)|"
     r"just (pricing|a quote|quotes|looking|getting quotes|an estimate)|getting quotes|just price|planning|not sure when|eventually|someday|"
     r"no (set )?(timeline|timeframe|date|deadline)( yet)?|no plans yet|(just )?(researching|doing (some )?research|shopping around|"
     r"looking around|getting (some )?ideas|planning ahead|for (the )?future))\b"
     # "whenever"/"anytime" only as an answer ("whenever works"), not "whenever the microwave runs"
     r"|\b(whenever|any ?time)\b(?= ?(you|u|works|is|'s|fine|good|convenient|$|[,.!]))", None),
)
TIMELINE_TRAILING = ("would be (great|good|ideal|best|perfect)", "works( for me| best)?", "is (fine|good|great|best|ok|okay)",
                     "if (at all )?possible", "if you can", "please", "thanks?( you)?")
# Explicit dates ("Dec 15", "12/15"), resolved against the day of the call when known.
# "do you (guys) do pianos?", "do you service Evanston?": what follows is a job or a place (reading.do_you_do).
DO_YOU_DO = (r"\b(?:do|can|will|would) (?:you|u|y'?all|ya)(?: guys| all| folks)? (?:do|handle|work on|fix|install|service|repair|"
             r"move|take care of|cover|serve|go to|come (?:out )?to|travel to|work in|do work in)",)
# Words of a question that say nothing of what it is about (faq.py matches the rest).
FAQ_STOP_WORDS = ("you", "your", "guys", "all", "the", "and", "for", "are", "can", "does", "have", "has", "with", "this",
                  "that", "there", "about", "from", "will", "would", "could", "should", "what", "when", "where", "which",
                  "who", "how", "much", "many", "any", "some", "get", "got", "our", "ours", "yall", "offer", "provide",
                  "need", "want", "like", "know", "tell", "please", "thanks", "just", "also", "really", "still", "not",
                  "work", "service", "handle", "fix", "repair", "install", "charge", "cost", "price")
# Holidays said as a deadline ("before thanksgiving"): their key in extract.HOLIDAY_DATES.
HOLIDAYS = {"thanksgiving": r"thanksgiving", "christmas": r"christmas|xmas|x-mas", "new_year": r"new years?( day| eve)?",
            "july_4": r"(the )?(4th|fourth) of july|july (4th|4)", "halloween": r"halloween", "easter": r"easter",
            "memorial_day": r"memorial day", "labor_day": r"labor day"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A message asking for a price or estimate with no date means the caller is not in a hurry.
QUOTE_WORDS = (r"\bhow much\b", r"\b(a |an |for |get |getting )?(quote|quotes|estimate|pricing|price)\b")

# --- names -------------------------------------------------------------------------------
# (pattern, strict): strict patterns also precede ordinary words ("it's leaking"), so the name must look like one.
NAME_PATTERNS = (
    (r"^\W*(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*)?)\s+here\b", True),  # "Jen here"
    (r"\bmy name(?:'s| is)\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", False),
    (r"\b(?:this is|it'?s|its|it is|i'?m|i am|im)\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", True),
    (r"\b(?:name'?s|call me|ask for)\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", False),
    (r"(?:^|[\s,.!])[-~]\s*(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", True),
    (r"\b(?:thanks|thank you|thx|ty|regards|cheers|best)(?: so much| again| a lot| very much| in advance)?[!,.]*\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})\s*[.!]*$", True),
)
HONORIFICS = ("mr", "mrs", "ms", "miss", "dr")
NAME_PARTICLES = ("van", "von")  # inside a full name ("Anna van Dyke")
# Words that end a name: anything after them is not part of it.
NAME_STOP_WORDS = frozenset("""
a an the and or but with from at in on of for to by about as is are was were be been am i me my we our us you your he she
they it its this that there here just so very really also too not no yes yeah ok okay please thanks thank hi hello hey
calling texting looking trying wondering hoping interested needing going getting reaching following writing located
living staying home house out back over up down near around off again still sure fine good great glad happy sorry
available free busy new old interested the owner homeowner landlord tenant renter property manager
need needs want wants have has had got get can could would will should may might must do does did done call called
tomorrow today tonight morning afternoon evening night week weekend month year asap now soon later next last monday
tuesday wednesday thursday friday saturday sunday january february march april june july august september october
november december
water heater sink toilet leak roof ac furnace outlet panel gas kitchen bathroom deck lawn quote estimate help
apartment apt unit suite street st avenue ave road rd drive dr lane ln court ct boulevard blvd place pl way
north south east west n s e w
calling mom dad mother father wife husband son daughter neighbor friend
""".split())


LOCATION_LEADING_FILLER = (
    r"^(sure|yes|yeah|ok|okay|yep)\b[\s,!.:-]*",
    r"^(the )?(address|addy|location)( is|'s|:)?\s*",
    r"^(it'?s|its|it is|we'?re|we are|i'?m|i am|im|were|located|living|live|we live|i live|the house is|house is|"
    r"home is|property is|job is)\s*(at|in|on|near|over in|out in|by|off)?\s+",
    r"^(at|in|on|near|over in|out in)\s+",
)
# Words that are never a town, even when capitalised at the start of a message.

# --- the caller's questions to us (reading.questions_in), in the order they are answered --------
QUESTIONS = {
    "shut_off": r"\b(how|where|what) (do|can|should|would) (i|we|u) (\w+ ){0,3}(stop|shut|turn|cut) (\w+ ){0,3}(off|water|gas|power|it|the leak|down)\b"
                r"|\b(where|how) (is|do i find|do we find|to find|would) (the |my |our )?(main )?(water )?(shut ?off|shutoff|valve|main|breaker)\b"
                r"|\bwhat (do|should|can) (i|we) do (until|till|til|in the meantime|before|now|right now)\b|\bwhat (do|should) (i|we) do\?"
                r"|\b(how|where) (do|can) (i|we) (shut|turn) (it|the water|the gas|the power) off\b"
                r"|\b(is there a way|any way|a way) to (turn|shut|stop|cut) (it|the water|the gas|the power|this|that) (off|down)\b",
    "free_estimate": r"\bfree (estimate|estimates|quote|quotes|inspection|inspections|consult\w*)\b|\b(estimates?|quotes?|inspections?) (are |is )?free\b"
                     r"|\bcharge (for|to) (\w+ ){0,3}(estimate|quote|come out|look|inspection|inspections|consultation|assessment)|\b(fee|charge) for (the |a )?(service call|visit|trip|diagnos\w*|coming out)\b|\b(service call|service|trip|diagnostic|dispatch|call ?out|"
                     r"visit) (fee|charge)\b|\b(fee|charge) (to|for) (come|coming) out\b",
    "price": r"\b(how much|price|prices|pricing|cost|costs|charge|rates?|ballpark|expensive|estimate for about)\b",
    # How they can pay: a question about money, never a job ("do you guys do financing?").
    "payment": r"\b(financ\w*|payment plans?|monthly payments?|pay (it )?(over time|monthly|in installments)"
               r"|(take|accept) (credit|debit|cards?|checks?|venmo|zelle|paypal|cash app|apple pay)|credit cards?)\b",
    "licensed": r"\b(licensed|insured|bonded|licen[sc]e (number|#)|proof of insurance|carry insurance|have insurance|(are|r) (you|u) (guys )?"
                r"(licensed|insured))\b",
    "today": r"\b(can|could|will|would|is|are) (you|someone|somebody|anyone|u|ya|y'?all|a tech|a plumber|an electrician|he|she|they|there) "
             r"(\w+ ){0,4}(today|tonight|now|right now|right away|this (morning|afternoon|evening)|asap)\b"
             r"|\bhow (soon|fast|quick|quickly)\b|\bsoonest\b|\bearliest (you|available|appointment|opening|time)\b|\bwhen (can|could|will) (you|someone|u|somebody|anyone|they|he|she)\b"
             r"|\b(anyone|someone|somebody) (available|free|around|out) (today|tonight|now)\b|\bsame day\?|\btoday\?",
    "service_area": r"\bdo (you|u|y'?all|you guys|ya) (service|serve|cover|come (out )?to|go (out )?to|work in|travel to|do work in|come out (to|that))\b"
                    r"|\b(is|are) .{1,40} in your (service )?area\b|\bservice area\b|\bhow far (do|will|would) (you|u)\b"
                    r"|\bdo (you|u) (go|come) (that far|out that way|out there|out this way)\b|\bare (you|u) (guys )?(local|near|nearby)\b"
                    r"|\bin your area\?",
    "hours": r"\b(what are|what're|whats) (your|ur) hours\b|\b(your|ur) (business )?hours\b|\bare (you|u|y'?all) (guys )?open\b"
             r"|\bopen (on )?(today|tomorrow|saturdays?|sundays?|weekends?|sat|sun)\b|\bwhat time (do|does|are) (you|u|the office|y'?all) (open|close)"
             r"|\b(do|are) (you|u) (guys )?(come out|work|open|available) (on )?(saturdays?|sundays?|weekends?|sat|sun)\b"
             r"|\bwhen (do|are) (you|u) (guys )?(open|close)\b|\bhours\?",
}
# A text that matches both "price" and "free_estimate" gets one answer (reading.questions_in): the
# price when it asks one and names no estimate ("how much do you charge for a service call?").
ASKS_A_PRICE = (r"\b(how much|cost|price|pricing|rates?)\b",)
NAMES_AN_ESTIMATE = (r"\b(free|estimates?|quotes?|inspections?|consult\w*|assessments?)\b",)

# --- hazards (hazards.py): concept words, and the grammar around them ------------------------
# concept -> patterns over the corrected, folded words (apostrophes dropped: "wont", "cant", "isnt").
HAZARD_WORDS = {
    "flooding": (r"flood\w*", r"(like )?a (river|waterfall|lake|pond|stream|swimming pool)", r"water (is )?everywhere", r"standing water (on|in) (the )?(floor|basement|house|garage|hallway)",
                 r"under water", r"(inches|inch|feet|foot) of water", r"ankle deep"),
    "water": (r"leak\w*", r"drip\w*", r"pouring", r"gushing", r"spraying", r"squirting", r"streaming", r"pooling",
              r"puddles?", r"soaked", r"soaking", r"drenched",
              r"overflow\w*", r"(its|it is|its been) (coming|pouring|leaking|dripping|running) (through|down|into|out of|from|in)",
              r"water (is |keeps |has been )?(coming|pouring|running|dripping|leaking|spraying|gushing|shooting|rising|bubbling|"
              r"through|down|into|in the|on the|all over|from|out of|under)"),
    "water_strong": (r"pouring", r"gushing", r"spraying", r"shooting", r"streaming", r"(wont|cant|can not|not|doesnt) "
                     r"(stop|shut off|turn off|stopping)", r"keeps (coming|pouring|running|getting worse)", r"everywhere",
                     r"all over", r"spreading", r"rising", r"(a lot|lots|tons|so much|bunch) of water", r"buckets?",
                     r"coming (down|through|in) (from|through)", r"getting worse",
                     r"(coming|leaking|pouring|running|dripping|spraying|filling) (\w+ ){0,6}(fast|quick|quickly)", r"non ?stop"),
    "water_in_ceiling": (r"(through|thru|from|out of|down|in|into|behind) (the |my |our |a )?(\w+ ){0,2}"
                         r"(ceiling|walls?|light fixture|light|lights|can lights?|fan|recessed)",
                         r"ceiling (\w+ ){0,3}(dripping|leaking|bulging|sagging|soaked|caving|coming down|falling|wet|water)",
                         r"bulg\w* (in )?(the )?(drywall|ceiling)"),
    "burst_pipe": (r"(pipe|pipes|line|main|hose|supply)s? (\w+ ){0,3}(burst|bursted|busted|exploded|"
                   r"ruptured|split|snapped|blew|broke)", r"(burst|bursted|busted|exploded|ruptured|split|snapped|"
                   r"broken) (\w+ ){0,2}(pipe|pipes|line|main|hose)", r"tank (\w+ ){0,2}(burst|exploded|ruptured|split open)",
                   r"(water heater|heater) (\w+ ){0,2}(burst|exploded|ruptured|split open)"),
    "electric_thing": (r"outlets?", r"panel", r"breakers?", r"fuse ?box", r"wires?", r"wiring", r"(light )?switch(es)?",
                       r"sockets?", r"plugs?", r"electric\w*", r"meter", r"cords?", r"light fixture", r"fixture",
                       r"lights", r"(the|a|my|our|that|this|ceiling|porch|kitchen|bathroom|hallway|recessed|can|flood|outdoor|garage) light",
                       r"receptacles?", r"cables?"),
    "electric_sign": (r"sparks?", r"sparking", r"sparked", r"arcing", r"(is|are|feels|feel|gets|getting|got|running|so|"
                      r"really|very|too|super) (hot|warm)", r"(hot|warm) to the touch", r"overheat\w*", r"melt\w*",
                      r"burning", r"burnt(?! out)", r"burned(?! out)", r"burn marks?", r"scorch\w*", r"charred",
                      r"(smoke|smoking|smoky)(?! (detector|alarm))", r"buzz\w*", r"crackl\w*", r"sizzl\w*", r"popping",
                      r"fish\w* smell|smells? like fish"),
    "burning_smell": (r"burning (smell|odor|plastic|rubber)", r"smel\w* (like )?(something )?burn\w*",
                      r"sparks? (are )?(flying|coming)", r"arcing"),
    "gas": (r"gas (smell|odor|odour|leak\w*|hiss\w*|is leaking|escaping)", r"smel\w* (of |like )?(natural |propane )?gas",
            r"(natural|propane) gas (\w+ ){0,2}smell", r"rotten eggs?", r"smel\w* (like |of )(\w+ )?eggs?", r"sulfur\w*", r"sulphur\w*",
            r"hiss\w* (\w+ ){0,3}gas", r"propane (smell|leak)"),
    "co_alarm": (r"(carbon monoxide|monoxide|co) (alarm|detector|monitor|sensor)s? (\w+ ){0,3}(going off|went off|goes off|"
                 r"beeping|sounding|alarming|keeps going|ringing|screaming|blaring|reading)",
                 r"(carbon monoxide|monoxide|co) (alarm|detector)s? (is )?(on|off|going|beeping)", r"co alarm",
                 r"carbon monoxide (leak|poison\w*|in the|is in|levels?)"),
    "fire": (r"fire(?! ?(pit|place|wood|proof|rated|code|alarm|extinguisher|sprinkler|hydrant|pits|s|hazard|risk|danger|safety|insurance|inspection))", r"on fire",
             r"caught fire", r"flames?", r"blaze"),
    "appliance_smoke": (r"smok\w* (\w+ ){0,4}(furnace|dryer|stove|oven|water heater|dishwasher|microwave|vent|chimney|"
                        r"fireplace|attic|unit|heater|boiler|motor)", r"(furnace|dryer|stove|oven|water heater|dishwasher|"
                        r"microwave|chimney|fireplace|heater|boiler|motor|unit) (\w+ ){0,3}smok\w*"),
    "sewage": (r"(sewage|sewer|septic|poop|feces|waste ?water|toilet water) (\w+ ){0,5}"
               r"(back\w* up|coming (up|out|in)|overflow\w*|everywhere|all over|into|in the|on the|flood\w*|bubbling)",
               r"(back\w* up|coming up|overflow\w*|bubbling up) (\w+ ){0,5}(sewage|sewer water|poop|toilet water)",
               r"raw sewage", r"(full of|filled with|covered in) (raw )?sewage", r"sewage everywhere"),
    "tree_on_structure": (r"(tree|trees|limbs?|branch|branches|trunk|\w*wood|oak|pine|spruce|elm|maple|willow|birch|palm|cedar|"
                          r"walnut|ash|poplar|sycamore|hickory|half of it)( \w+){0,3} (snapped|fell|came down|crashed|"
                          r"toppled|uprooted|split)( and)? (landed )?(on|onto|into|through) (the |our |my |a )?(\w+ ){0,6}(roof|house|home|"
                          r"garage|bedroom|porch|deck|kitchen|carport|room)",
                          r"(tree|limb|branch|trunk|oak|pine|maple|half of it) (\w+ ){0,8}(on|onto|into|through|hit|crushed|"
                          r"smashed|top of) (the |our |my |a )?(\w+ ){0,6}(roof|house|home|garage|bedroom|ceiling|"
                          r"window|porch|deck|kitchen|room|addition|carport)",
                          r"(roof|house|home|garage|bedroom) (\w+ ){0,3}(hit|crushed|smashed) by (a |the )?(tree|limb|branch)"),
    "structure": (r"roof", r"house", r"home", r"garage", r"bedroom", r"ceiling", r"window", r"porch", r"deck", r"room",
                  r"kitchen", r"addition"),
    "line_down": (r"(power|electric|electrical|utility|service|phone) (line|lines|wire|wires|cable|drop|pole)s? (\w+ ){0,6}"
                  r"(down|hanging|sparking|arcing|sagging|drooping|on the|fell|fallen|snapped|ripped|torn|pulled|laying|lying|touching)",
                  r"(downed|live) (power )?(wire|line)s?", r"(took|knocked|brought|pulled|ripped|tore) down (the |a |our )?(power |electric |utility )?(line|lines|wires?|pole)", r"(lines?|wires?|pole) (is |are )?(down|hanging|sparking|snapped)",
                  r"(tree|branch|limb) (\w+ ){0,4}(fell|fallen|came down|down|on|onto|across|took down|brought down|hit|"
                  r"snapped|pulled down|ripped|took out) (\w+ ){0,3}(power|electric|utility) (line|wire)s?"),
    "roof_hole": (r"hole in (the |my |our )?(roof|ceiling)", r"(roof|shingles|tarp|section) (\w+ ){0,3}(blew off|blown off|"
                  r"torn off|ripped off|peeled off|gone|caved|collapsed)", r"missing (a )?(section|part|chunk|piece) of (the )?roof",
                  r"open to the (sky|rain)", r"(roof|ceiling) (is )?(open|gone)",
                  r"(tore|torn|ripped|blew|took|peeled) (\w+ ){0,4}(roof|shingles) off"),
    "rain_now": (r"rain\w*", r"storm\w*", r"pouring", r"snow\w*", r"water (coming|pouring)"),
    "raining_now": (r"(its|it is|been|still|currently|keeps) (raining|pouring|storming|snowing)", r"pouring (rain|down)",
                    r"(rain|raining|storm) (\w+ )?(hard|now|right now|outside)", r"heavy rain", r"during the storm"),
    "roof_collapse": (r"rain (is |keeps )?(getting|coming|pouring|leaking) (in|into|inside|through)",r"ceiling (\w+ ){0,2}(collapsed|caved|fell|came down|falling|caving|sagging|bulging)",
                      r"roof (\w+ ){0,2}(collapsed|caved|fell in)", r"raining (in|inside|into|through|in the)",
                      r"rain (is )?coming (in|inside|through)"),
    "heat_loss": (r"no (heat|heating)", r"(without|dont have|do not have|have no|got no) (any )?(heat|heating)", r"(heat|heater|furnace|boiler|heat pump|heating|radiators?) (\w+ ){0,4}(out|dead|died|"
                  r"not working|isnt working|stopped|quit|broke|broken|went out|wont (turn|start|kick|come|light|fire|stay)|"
                  r"blowing cold|cold air|not (turning|coming|kicking|heating)|shut down|keeps shutting off|gave out|off)",
                  r"(house|home|apartment|place) (is )?(freezing|ice cold|so cold|really cold|very cold)",
                  r"freezing (in here|inside|in the house)"),
    "freezing": (r"freez\w*", r"frozen", r"froze", r"below zero", r"sub ?zero", r"single digits", r"minus \d+",
                 r"wind ?chill", r"blizzard", r"ice storm", r"polar vortex", r"snow\w*"),
    "vulnerable": (r"bab(y|ies)", r"infant", r"newborn", r"toddler", r"little (one|ones|kids?|girl|boy)",
                   r"(small|young) (child|children|kids?)", r"kids?", r"child(ren)?", r"elderly", r"grand(ma|mother|pa|father|parents?)",
                   r"senior", r"(my|our|a|the) [1-6] ?(yo|y o|yr old|year old)\b(?! (furnace|ac|unit|water heater|roof|house|home|boiler|heater|system|car))",
                   r"(my|our) [1-6] ?(years?|yr|yo)[ -]old\b(?! (furnace|ac|unit|water heater|roof|house|home|boiler|heater|system|car))", r"\d{1,2} (months?|weeks?|days?) old", r"(1|2|3|one|two|three) (years?|yr) old", r"(my|our) (mom|mother|dad|father|parents?) (is|are) (8|9)\d", r"(8|9)\d (years? old|yr old|yo)",
                   r"disabled", r"disability", r"wheelchair", r"bedridden", r"oxygen", r"medical", r"sick", r"(is|are|gets|got) ill",
                   r"chemo", r"pregnant", r"(has|have|with) (ms|copd|cancer|dementia|parkinsons|alzheimers|diabetes|a disability|lupus)",
                   r"grand(son|daughter|kids?|children)", r"hospice", r"dialysis", r"asthma\w*", r"heart (condition|problems?)",
                   r"health (issues|problems|condition)"),
    "pet": (r"dogs?", r"cats?", r"pets?", r"pupp(y|ies)", r"kitten"),
    "stinging_insects": (r"bees", r"(bee|wasp|hornet|yellow ?jacket)s? (nest|hive|swarm)s?", r"wasps", r"hornets", r"yellow ?jackets",
                         r"swarm(ing)?( of)? (bees|wasps|hornets)"),
    "allergic": (r"allergic", r"allerg(y|ies)", r"epi ?pens?", r"anaphyla\w*"),
    "cooling_loss": (r"no (ac|a/c|air|cooling|air conditioning)", r"(ac|a/c|air conditioner|air conditioning|central air|cooling|"
                     r"unit|mini ?split|heat pump|air) (\w+ ){0,4}(out|dead|died|not working|isnt working|stopped|quit|broke|"
                     r"broken|went out|wont (turn|start|cool|come)|blowing (warm|hot)|not cooling|isnt cooling|not blowing cold|gave out)",
                     r"(warm|hot) air"),
    "extreme_heat": (r"heat ?wave", r"heat advisory", r"(extreme|excessive|dangerous) heat", r"scorching", r"sweltering",
                     r"heat ?stroke", r"heat exhaustion", r"(so|super|really|very|extremely) hot "
                     r"(in here|inside|in the house)"),
    "heat_felt": (r"hot", r"heat", r"degrees", r"sweat\w*", r"burning up"),
    "locked_out": (r"locked out", r"(locked|stuck|trapped) (himself|herself|themselves|itself) (in|inside)", r"(locked|stuck|trapped) (in|inside) (the |my |our )?(car|house|room|bathroom|vehicle|truck)", r"lock(ed)? (my|the|our) keys? in", r"keys? (are |is )?(locked )?(inside|in the (car|house))",
                   r"cant get (in|into|inside)", r"locked (myself|ourselves|us|me) out", r"(locked|stuck) (in|inside) the (car|house)"),
    "frozen_pipes": (r"(pipes?|lines?|water) (\w+ ){0,2}(froze|frozen|freezing up)", r"frozen (pipes?|lines?)",
                     r"no water (\w+ ){0,4}(froze|frozen)"),
}
# Words the speller corrects towards (hazards.LEXICON): every word that matters to a concept, in full.
LEXICON = """
flood floods flooded flooding water leak leaks leaked leaking leaky drip drips dripping dripped pouring gushing spraying
squirting streaming pooling puddle puddles soaked soaking drenched everywhere spreading rising ceiling ceilings
through light lights fixture recessed burst bursted busted exploded ruptured cracked snapped broken pipe pipes heater
tank supply electric electrical electricity outlet outlets panel breaker breakers fuse wires wiring switch switches
socket sockets plug receptacle sparks sparking sparked arcing overheating overheated melting melted burning burnt
burned scorched charred smoke smoking smoky buzzing buzzes crackling sizzling popping smell smells smelling smelled
odor rotten sulfur propane natural hissing carbon monoxide detector alarm beeping sounding going flames chimney
fireplace furnace dryer stove sewage sewer septic backing backed overflowing bubbling basement tree branch fallen
crashed power utility hanging roof shingles raining storm storming collapsed caved sagging bulging heat heating
boiler radiator thermostat working stopped freezing frozen below zero degrees blizzard baby babies infant newborn
toddler children elderly grandma grandmother grandpa grandfather disabled wheelchair oxygen medical pregnant
conditioner conditioning cooling blowing locked keys inside emergency coming running spreading
""".split()
NEGATIONS = ("no", "not", "never", "without", "nothing", "nothings", "nothin", "nor", "isnt", "arent", "wasnt", "werent", "doesnt", "dont", "didnt",
             "hasnt", "havent", "hadnt", "cant", "stopped", "zero")  # before a concept: it is not happening
MODALS = ("might", "may", "could", "will", "would", "gonna", "going to", "can", "should")  # "it could burst": not now
HYPOTHETICAL = ("worried", "worry", "worries", "afraid", "scared", "concerned", "nervous", "fear", "prevent", "preventing", "avoid",
                "in case", "what if", "make sure", "so it doesnt", "so they dont", "before it", "before they", "insulate",
                "winterize", "winterizing", r"inspect\w*", "check (for|if|whether)", "test (for|the)", "someday", "eventually",
                "risk of")
NOW_DENIED = ("now", "anymore", "any more", "no longer", "gone")  # "no smell now": the sense is taken back
DENIED_ALONE = ("no longer",)
BUT = ("but",)  # splits clauses
DEGREES = ("degrees", "degree", "deg", "f")
# Before or around a concept: it is in the past ("the leak last year", "an old stain").
PAST = (r"in (19|20)\d\d", r"(we |i )?(had|got) (a|some) (flood|leak|fire|backup)", r"after (the|a|our) (flood|fire|leak)",
        r"last (year|month|summer|winter|spring|fall|week)", r"(years|months|weeks) ago", r"a (year|month|while) ago", "used to",
        "back in", r"previous(ly)?", r"old (leak|damage|stain)", r"stain\w*", "water damage", r"from the (old|last|previous)")
# Water outdoors is no emergency, unless the clause says inside too.
OUTDOORS = ("yard", "lawn", "garden", "outside", "driveway", "street", r"sprinklers?", "sidewalk", "patio", "curb", "alley", "field")
INDOORS = ("house", "home", "inside", "basement", "floor", "ceiling", "room", "kitchen", r"bath\w*", "garage", "crawlspace", "window",
           r"walls?", "foundation", "carpet", "hallway", "stairs", "apartment", "unit", "closet", "attic")
# A need said with these gets "Sorry to hear that" (engine._ack_kind).
SORRY_CUES = (r"broke|broken|leak|leaking|burst|flood|not working|died|no heat|clog|stopped|backed up|won'?t|wont|doesn'?t work|dead|quit",)
# Which shut-off help a question without a known hazard wants (engine._shut_off_kind); else water.
SHUT_OFF_WORDS = {"gas": r"gas", "electrical": r"power|breaker|electric\w*|outlet"}
# Before a time, it says when the problem began ("leaking since this morning"), not when they want someone.
SINCE = ("since", "started", "starting", "began", "begun", "happened", "noticed", "broke", "went out", "stopped", "quit", "died", r"been \w+ing")

# --- what the assistant says (replies.py): plain text, names no price or arrival time ------------
# str.format fields: business, owner (owner's first name or "the team"), name (", Jen" or ""), topic.
# Questions for each missing field, by trade where the trade changes the natural wording.
ASK = {
    "need": {
        "plumbing": "What's going on with your plumbing?",
        "electrical": "What electrical work do you need?",
        "hvac": "What's going on with your heating or cooling?",
        "roofing": "What's going on with your roof?",
        "landscaping": "What can we help with in your yard?",
        "remodeling": "What project do you have in mind?",
        "": "What can we help you with?",
    },
    "location": {
        "landscaping": "What's the address of the property?",
        "roofing": "What's the property address?",
        "": "What's the address where you need the work?",
    },
    "timeline": {
        "remodeling": "When are you hoping to get started?",
        "landscaping": "When would you like us to start?",
        "quote": "When are you hoping to have it done?",
        "": "When would you like someone to come out?",
    },
    "name": {"": "And what's your name?"},
}
# Acknowledgements: several of each, taken in turn so two replies in a row never open the same way.
# {topic}: what they told us about ("the leak"); {name}: ", Jen" or "".
ACK = {"plain": ("Got it{name}.", "Okay, thanks{name}.", "Perfect{name}.", "Great, thank you{name}.", "Thanks{name}."),
       "thanks": ("Thanks{name}!", "Nice to meet you{name}.", "Thanks so much{name}!"),
       "sorry": ("Sorry to hear that{name}.", "Oh no, that's no fun{name}.", "That sounds frustrating{name}."),
       "sorry_topic": ("Sorry about the {topic}{name}.", "Sorry to hear about the {topic}{name}.", "Ugh, sorry about the {topic}{name}."),
       "corrected": ("No problem, I've updated that{name}.", "Thanks for the correction{name}.", "Got it, changed{name}."),
       "moved": ("No problem{name}.", "Okay, no worries{name}.")}
# What a problem is called in an acknowledgement, by the words that name it (first match wins).
TOPICS = (("leak", "leak"), ("leaking", "leak"), ("clog", "clog"), ("clogged", "clog"), ("backed up", "backup"),
          ("no hot water", "hot water"), ("water heater", "water heater"), ("furnace", "furnace"), ("no heat", "heat"),
          ("ac", "AC"), ("a/c", "AC"), ("outlet", "outlet"), ("breaker", "breaker"), ("roof", "roof"), ("toilet", "toilet"),
          ("drain", "drain"), ("sink", "sink"), ("disposal", "disposal"), ("power", "power"), ("sump pump", "sump pump"))
# Asking again for the same field (never the same text twice in a row).
ASK_AGAIN = {"need": "Could you tell me a bit about the job?", "location": "Sorry, what's the address (or town) of the job?",
       "timeline": "And roughly when would you like it done?", "name": "Sorry, I didn't catch your name - what is it?"}
FIRST = {
    "": "Hi, this is {business}'s automated assistant. Sorry we missed your call! How can we help? Reply STOP to opt out.",
    "after_hours": "Hi, this is {business}'s automated assistant. Sorry we missed your call - we're closed now. "
    "How can we help? Reply STOP to opt out.",
}
CLOSE = {
    "": "Thanks{name}! {owner} will text you shortly to set a time.",
    "after_hours": "Thanks{name}! {owner} will get back to you when the office opens.",
    "emergency": "Thanks{name}! {owner} has your details and will reach out as soon as possible.",
}
EMERGENCY_TIMELINE = "now (emergency)"  # the lead's timeline when an emergency gave none
EMERGENCY_ACK = "I've alerted {owner} right away."
# Safety lines where life may be at risk (and the one thing that limits water damage).
SAFETY = {
    "gas": "Please leave the building now and call 911 or the gas company from outside.",
    "co": "Please get everyone out into fresh air now and call 911.",
    "electrical": "Keep away from it and switch off the breaker only if it's safe. Call 911 if there is smoke or fire.",
    "live_wire": "Stay far away from the wire and call the utility company (911 if anyone is hurt or there is fire).",
    "water": "If you can, shut off the main water valve.",
    "roof_open": "Please stay out of the affected room and stay away from wet or sagging ceilings.",
    "no_heat": "Keep everyone in the warmest room, never heat with the oven or a grill, and call 911 if anyone gets too cold.",
    "no_cooling": "Please keep everyone cool and call 911 if anyone feels ill from the heat.",
    "fire": "Get everyone out now and call 911 from outside. Don't go back in.",
    "water_electric": "Please stay away from the water and don't touch switches or outlets near it. Switch off the breaker only from a dry spot.",
    "sewage": "Please stop using water and flushing until it's cleared, and stay away from it with kids and pets.",
    "tree_on_house": "Please stay out of the damaged part of the house, and keep far from any wires that came down with it (call 911 if so).",
    "frozen_pipes": "Open the faucet a little and warm the pipe with a hair dryer, never a flame. Find where to shut off the main water in case it bursts.",
    "lockout": "If the child or pet is in danger from heat or cold, call 911 now - they can get in fastest.",
    "stings": "Keep everyone, above all anyone allergic, out of that room with the door shut, and call 911 if someone is stung and has trouble breathing.",
}
WHO = "This is {business}'s automated assistant - you called us a moment ago."
HELP = "{business}: automated assistant for your call. Msg & data rates may apply. Reply STOP to opt out."
OPTED_OUT = "You're unsubscribed from {business} texts. No more messages will be sent."
OPTED_IN = "You're resubscribed to {business} texts. Reply STOP to opt out."
WRONG_NUMBER = "Sorry about that! We won't text you again."
NOT_INTERESTED = "No problem, thanks for letting us know!"
EXISTING_CUSTOMER = "Thanks{name}! I've passed your message to {owner}, who will get back to you."
PRICE_NOTE = "{owner} will go over pricing with you."
AFTER_CLOSE = "Got it, I've passed that on to {owner}."
FOLLOW_UP = "Just checking in - "
TEAM = "the team"
# A language without a pack: no questions they may not read; the owner follows up (engine._other_language_turn).
OTHER_LANGUAGE = "Thanks for your message! {owner} will follow up with you personally."
# Shut-off help ("how do I stop the water until you get here?"), by hazard; "water" when none is known.
SHUT_OFF = {
    "water": "To stop the water, shut off the main valve: usually where the water line comes in (basement, "
             "crawlspace, garage or by the water heater). Turn it clockwise until it stops.",
    "water_electric": "Don't stand in the water. From a dry spot, switch off the breaker for that area (or the main), "
                      "then close the main water valve where the line comes into the house.",
    "gas": "Don't try to find or shut off the leak yourself. Leave now and call the gas company or 911 from outside; they shut it off.",
    "electrical": "If the breaker panel is dry and safe to reach, switch off that breaker or the main. If there's smoke, get out and call 911.",
    "sewage": "Stop using water (no flushing, showers, dishwasher or laundry) so it doesn't back up further.",
    "frozen_pipes": "Find the main shut-off (where the water line comes in) so you can close it fast if the pipe bursts as it thaws.",
    "no_heat": "Check that the thermostat is set to heat and that the furnace switch and its breaker are on.",
    "roof_open": "Move things away, put buckets under drips and stay away from any sagging ceiling. Please don't go up on the roof.",
}
# Answers to the caller's questions (reading.questions). Facts the owner has not filled get an honest
# hand-off to the owner, never a guess.
ANSWERS = {
    "price": "{owner} will go over pricing with you.",
    "price_fee": "The service call is {fee}; {owner} will go over the rest of the pricing with you.",
    "payment": "{owner} will go over payment and financing options with you.",
    "free_estimate_yes": "Yes, estimates are free.",
    "free_estimate_no": "{owner} will explain how our estimates work and what they cost.",
    "free_estimate": "{owner} will let you know about estimates.",
    "licensed_yes": "Yes, we're licensed and insured.",
    "licensed": "{owner} can send you our license and insurance details.",
    "today": "I can't promise a time, but I'm passing this to {owner} right now so you'll hear how soon someone can come.",
    "today_closed": "We're closed right now, so I can't promise today, but {owner} will see this first thing.",
    "service_area": "{owner} will confirm that you're in our service area.",
    "scope": "{owner} will confirm we can take care of {what} for you.",
    "service_area_known": "We work in {area}; {owner} will confirm your address is covered.",
    "hours": "Our hours are {hours}.",
    "hours_unknown": "{owner} will confirm our hours with you.",
}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
