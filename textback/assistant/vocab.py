"""Vocabularies of the built-in assistant, kept as data so they can be reviewed and extended
without touching the logic. All patterns are regular expressions matched against the
*folded* text (lower case, accents removed, curly quotes straightened; see text.fold).
"""

# --- compliance --------------------------------------------------------------------------

# Carrier opt-out keywords: only when they are the whole message (REFERENCE.md).
OPT_OUT_KEYWORDS = ("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout",
                    "stop all", "opt out", "alto", "parar", "basta")
OPT_IN_KEYWORDS = ("start", "unstop", "yes", "si")
HELP_KEYWORDS = ("help", "info", "ayuda")
# The keywords the carrier itself answers (Twilio's standard opt-out, opt-in and help keywords): we
# record them and add no confirmation of our own. The others (Spanish) we confirm, once.
CARRIER_KEYWORDS = frozenset(("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout",
                              "start", "unstop", "yes", "help", "info"))
SPANISH_KEYWORDS = frozenset(("alto", "parar", "basta", "si", "ayuda"))

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
    r"\bno (me )?(envie|mande|escriba)n? mas\b", r"\bdejen? de (escribir|enviar|mandar)", r"\bno me escriban\b",
    r"\b(ya )?no quiero (recibir )?(mas )?(sus |tus |los |estos |mas )?(mensajes|textos|msjs)\b",
    r"\bno (me )?(manden|envien|escriban|texteen)\b", r"\b(borren|quiten|eliminen) mi numero\b",
)

# --- who is on the other end ------------------------------------------------------------

WRONG_NUMBER = (
    r"\bwrong (number|num|person|phone|line)\b", r"\bwrong #", r"\bmis-?dial", r"\bdialed (the )?wrong\b",
    r"\b(i )?(didn'?t|did not|never) call(ed)? (you|this|u|anyone|that)\b",
    r"\bdon'?t know (who|what) (you|this) (are|is)\b.*\bcall",
    r"\bbutt ?dial", r"\bpocket ?dial", r"\bcalled by (mistake|accident)\b",
    r"\b(by|on) accident\b.*\bcall|\bcall.*\b(by|on) accident\b",
    r"\bnumero equivocado\b", r"\bme equivoque de numero\b", r"\bno (los |le |te )?llame\b",
)

SOLICITOR = (
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

EXISTING_CUSTOMER = (
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
    r"\b(mi|la) factura\b", r"\b(mi|la) cita\b", r"\bustedes (vinieron|instalaron|arreglaron)\b",
)

NOT_INTERESTED = (
    r"\b(never ?mind|nvm|nevermind)\b", r"\b(already )?found (someone|somebody|a (guy|plumber|company|contractor))\b",
    r"\b(got|hired) (someone|somebody) (else|already)\b", r"\bno longer need\b", r"\bdon'?t need (it|you|anything|help|service) (anymore|now)\b",
    r"\bnot interested\b", r"\b(decided to |going to |gonna )?(go|going|went) with (another|a different|someone|somebody|a cheaper)\b",
    r"\b(hired|booked|chose|picked) (another|a different|someone|somebody)\b", r"\bwe'?re (all )?(good|set) (now|thanks)\b", r"\bit'?s (been )?(taken care of|fixed|handled)( now)?\b",
    r"\bfixed it (myself|ourselves)\b", r"\bgot it (all )?(taken care of|fixed|handled|sorted)\b", r"\b(all )?taken care of\b", r"\bya (no )?(lo )?(encontre|consegui)\b", r"\bno (me )?interesa\b", r"\bya no (lo )?necesito\b",
)

WHO_IS_THIS = (
    r"\bwho(s| is| are|'s) (this|you|u)\b", r"\bwho dis\b", r"\bwhat (company|business) is this\b",
    r"\bwho am i (talking|texting) (to|with)\b", r"\bis this a (bot|robot|person|real person|human)\b",
    r"\bare you (a )?(bot|robot|real|human|person)\b", r"\bquien (es|eres|habla)\b", r"\bcon quien hablo\b",
)

DONT_KNOW = (
    r"^(i )?(don'?t|dont|do not) know\b", r"^(idk|dunno|no idea|not sure|unsure|no clue)\b",
    r"^(i'?m )?not (sure|certain)\b", r"^(i'?d )?rather not( say)?\b", r"^(prefer not|skip|pass|n/?a)\b",
    r"^no se\b", r"^ni idea\b", r"^(i )?(don'?t|dont|do not) (want|wanna|care) to (give|say|share)\b", r"^no thanks?\b",
    r"^(i'?m )?not comfortable\b", r"^(i'?ll|i will) (tell|give it to) (him|her|them|the owner)\b", r"^no estoy segur[oa]\b", r"^(it )?doesn'?t matter\b",
)

# The caller takes back something they said: what follows replaces it, it does not add to it.
CORRECTION = (
    r"^((oh|ok|okay|um|uh|hey|no|sorry)[\s,.!]+)?(wait|oops|whoops|sorry|my bad|correction|scratch that|actually|actualy|acutally)\b",
    r"\b(i|i'?d) meant\b", r"\bi mean\b", r"\b(not|isn'?t|wasn'?t) (the|that|it'?s|at|in|on)\b.*\b(it'?s|its|it is)\b",
    r"\bnot [a-z0-9 ]{2,30}, (it'?s|its|it is|but)\b", r"\bwrong (address|street|town|city|zip|number|name|day)\b",
    r"\b(actually|actualy|acutally) (it'?s|its|it is|we'?re|the)\b", r"\bmade a typo\b", r"\btypo\b",
    r"^(perdon|perdona|disculpa|espera|corrijo|me equivoque)\b", r"\bquise decir\b", r"\bmejor dicho\b",
    r"\ben realidad (es|esta|queda)\b",
)

# What a correction takes back, cut out before reading the new value ("sorry i meant thursday not tuesday").
RETRACTED = (
    r"^((oh|ok|okay|um|uh|hey|no|sorry)[\s,.!]+)?(wait|oops|whoops|sorry|my bad|correction|scratch that|actually|actualy|acutally)\b[\s,.!-]*",
    r"\b(i|i'?d) meant\b", r"\bi mean\b", r"\bquise decir\b", r"\bmejor dicho\b", r"^(can we |lets |let's )?make (it|that)\b",
    r"[,\s]*\b(not|no) (on |in |at |the |el |en )?[a-z0-9']+[.!]?$", r"^(not|no) (on |in |at |the )?[a-z0-9']+,\s*",
)

# The job is at another property than the one given ("it's at my mom's place").
OTHER_PROPERTY = (
    r"\b(my|his|her|their|our) (mom|moms|mother|mothers|dad|dads|father|parents|grandma|grandmas|grandmother|grandpa|"
    r"aunt|aunts|uncle|uncles|sister|sisters|brother|brothers|son|sons|daughter|daughters|friend|friends|neighbor|neighbors|"
    r"neighbour|tenant|tenants|rental|in-laws?|mother-in-law|landlord)'?s? (place|house|home|apartment|apt|condo|unit)\b",
    r"\b(a |the )?(different|other|another|wrong) (address|house|place|property|location)\b",
    r"\b(casa|departamento|apartamento) de mi (mama|madre|papa|padre|abuela|hermana|hermano|hija|hijo|tia)\b",
    r"\botra (direccion|casa)\b",
)

GREETING_ONLY = (
    r"^(yes|yeah|yea|yep|ya|hi|hello|hey|hiya|ok|okay|k|sure|thanks|thank you|thx|ty|hola|si|buenas|buenos dias|"
    r"buenas tardes|buenas noches|good (morning|afternoon|evening)|yes hi|hi there|hello there|yes please|please|"
    r"gracias|ok thanks|cool|great|perfect|sounds good|awesome)[\s!.,?]*$",
    # fillers of speech and voice-to-text: never a name, a town or a time
    r"^((um+|uh+|umm+|uhh+|hmm+|er+|erm|ah+|oh|so|well|like|lol|haha|eh|ehh|mm+|este|pues|bueno)[\s!.,?]*)+$",
)

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
    # spanish
    "fuga", "fregadero", "lavabo", "inodoro", "tuberia", "tubo", "calentador", "drenaje", "tapado", "gotea", "goteando",
    "inunda", "inundando", "inundacion", "techo", "gotera", "cocina", "bano", "pintar", "pintura", "cotizacion",
    "presupuesto", "instalar", "reparar", "arreglar", "cambiar", "aire acondicionado", "calefaccion", "luz", "enchufe",
    "cesped", "jardin", "arbol", "cerca", "piso", "gas",
)

# Openers stripped off the front of a need so it reads as the job, not the greeting.
NEED_LEADING_FILLER = (
    r"^(hi|hey|hello|hola|good (morning|afternoon|evening))\s+[a-z]+\s*[,!.:-]+",  # "Hi Mo, ..." greets the owner
    r"^(hi|hello|hey|hola|buenas( tardes| noches| dias)?|buenos dias|good (morning|afternoon|evening)|yes|yeah|ok|so|um|uh|sorry)\b[\s,!.:-]*",
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
     r"no (set )?(timeline|timeframe|date|deadline)( yet)?|no plans yet)\b"
     # "whenever"/"anytime" only as an answer ("whenever works"), not "whenever the microwave runs"
     r"|\b(whenever|any ?time)\b(?= ?(you|u|works|is|'s|fine|good|convenient|$|[,.!]))", None),
    # spanish
    (r"\b(hoy|esta (manana|tarde|noche)|ahorita|ahora|ya mismo|lo antes posible|urgente|cuanto antes)\b", 0),
    (r"\b(manana|pasado manana)\b", 1),
    (r"\b(este|el) (lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b|\b(lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b|\b(esta semana|fin de semana)\b", 5),
    (r"\b(la )?(proxima|siguiente) semana\b|\bsemana que viene\b", 10),
    (r"\b(el )?(proximo|siguiente) mes\b|\bmes que viene\b|\ben (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b|\b(primavera|verano|otono|invierno)\b", 60),
    (r"\b(no hay prisa|sin prisa|cuando (pueda|puedan)|no es urgente|solo (una )?cotizacion|cuando sea)\b", None),
)
# Explicit dates ("Dec 15", "12/15"), resolved against the day of the call when known.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A message asking for a price or estimate with no date means the caller is not in a hurry.
QUOTE_WORDS = (r"\bhow much\b", r"\b(a |an |for |get |getting )?(quote|quotes|estimate|pricing|price)\b", r"\bcotizacion\b", r"\bpresupuesto\b", r"\bcuanto cuesta\b")

# --- names -------------------------------------------------------------------------------
# (pattern, strict): strict patterns also precede ordinary words ("it's leaking"), so the name must look like one.
NAME_PATTERNS = (
    (r"^\W*(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*)?)\s+here\b", True),  # "Jen here"
    (r"\bmy name(?:'s| is)\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", False),
    (r"\b(?:this is|it'?s|its|it is|i'?m|i am|im)\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", True),
    (r"\b(?:name'?s|call me|ask for)\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", False),
    (r"\b(?:me llamo|mi nombre es|soy|habla)\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", False),
    (r"(?:^|[\s,.!])[-~]\s*(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", True),
    (r"\b(?:thanks|thank you|thx|ty|gracias|regards|cheers|best)(?: so much| again| a lot| very much| in advance)?[!,.]*\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})\s*[.!]*$", True),
)
HONORIFICS = ("mr", "mrs", "ms", "miss", "dr", "sr", "sra", "srta", "don", "dona")
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
en de la el los las y con para por que un una mi su es esta estoy tengo necesito hola gracias buenas aqui casa
calling mom dad mother father wife husband son daughter neighbor friend
""".split())

# --- locations ---------------------------------------------------------------------------
STREET_SUFFIXES = (
    "st", "street", "ave", "av", "avenue", "rd", "road", "dr", "drive", "ln", "lane", "ct", "court", "blvd", "boulevard",
    "pl", "place", "way", "pkwy", "parkway", "cir", "circle", "ter", "terrace", "trl", "trail", "hwy", "highway", "sq",
    "loop", "row", "aly", "alley", "plz", "plaza", "pike", "run", "path", "xing", "crossing", "cv", "cove", "pt", "point",
)
# Leading words of a bare location answer: "we're in Pasadena", "it's 455 Kipling St", "Estoy en Long Beach".
LOCATION_LEADING_FILLER = (
    r"^(sure|yes|yeah|ok|okay|yep|si|claro)\b[\s,!.:-]*",
    r"^(the )?(address|addy|location)( is|'s|:)?\s*",
    r"^(it'?s|its|it is|we'?re|we are|i'?m|i am|im|were|located|living|live|we live|i live|the house is|house is|"
    r"home is|property is|job is|estoy|estamos|vivo|vivimos|queda|es)\s*(at|in|on|en|near|over in|out in|by|off)?\s+",
    r"^(at|in|on|en|near|over in|out in)\s+",
    r"^(la )?direccion (es )?:?\s*",
)
# Words that are never a town, even when capitalised at the start of a message.
NOT_A_PLACE = frozenset("""
hi hello hey yes no ok okay thanks thank please help need sure yeah asap today tomorrow tonight morning afternoon
evening week weekend next this that the my our your house home power light gas heat cool bath lawn spring summer
fall winter may mobile hope start early nice ideal cross street streets corner area deal friendship industry commerce needham sorry who what when where why how water roof
kitchen garage basement attic yard one two three soon later just also still any some all in on at of for and or but
""".split())
# Neighbourhood-style answers ("Logan Square", "Back Bay", "Rose Bowl area") are accepted when location was asked.
PLACE_CUE = r"\b(near|by|off|across from|next to|behind|close to|corner of|around)\b"
CROSS_STREETS = r"\b(?:corner of\s+)?(?P<a>[a-z0-9][\w.]*(?: [a-z0-9][\w.]*){0,2}) (?:and|&|at|y) (?P<b>[a-z0-9][\w.]*(?: [a-z0-9][\w.]*){0,2})\b"

# --- spanish -----------------------------------------------------------------------------
# Words that only a Spanish writer uses (accent-free); one is enough together with the detector.
SPANISH_MARKERS = frozenset("""
hola tengo necesito quisiera quiero gracias buenas buenos dias tardes noches manana usted ustedes por favor fuga
fregadero cocina bano tuberia inundando inundacion rompio calentador techo gotera pintar pintura casa estoy estamos
vivo direccion llamo nombre soy cuando semana proxima enero febrero marzo abril mayo junio julio agosto septiembre
octubre noviembre diciembre cotizacion presupuesto arreglar reparar instalar necesitamos podrian pueden puede ayuda
agua luz aire acondicionado calefaccion senor senora mi su esta muy pronto hoy ahora urgente donde cuanto cuesta
""".split())

# --- the caller's questions to us (reading.questions_in), in the order they are answered --------
QUESTIONS = {
    "shut_off": r"\b(how|where|what) (do|can|should|would) (i|we|u) (\w+ ){0,3}(stop|shut|turn|cut) (\w+ ){0,3}(off|water|gas|power|it|the leak|down)\b"
                r"|\b(where|how) (is|do i find|do we find|to find|would) (the |my |our )?(main )?(water )?(shut ?off|shutoff|valve|main|breaker)\b"
                r"|\bwhat (do|should|can) (i|we) do (until|till|til|in the meantime|before|now|right now)\b|\bwhat (do|should) (i|we) do\?"
                r"|\b(how|where) (do|can) (i|we) (shut|turn) (it|the water|the gas|the power) off\b"
                r"|\b(is there a way|any way|a way) to (turn|shut|stop|cut) (it|the water|the gas|the power|this|that) (off|down)\b|\bcomo (cierro|apago|corto)\b|\bque hago\b",
    "free_estimate": r"\bfree (estimate|estimates|quote|quotes|inspection|inspections|consult\w*)\b|\b(estimates?|quotes?|inspections?) (are |is )?free\b"
                     r"|\bcharge (for|to) (\w+ ){0,3}(estimate|quote|come out|look|inspection|inspections|consultation|assessment)|\b(fee|charge) for (the |a )?(service call|visit|trip|diagnos\w*|coming out)\b|\b(service call|service|trip|diagnostic|dispatch|call ?out|"
                     r"visit) (fee|charge)\b|\b(fee|charge) (to|for) (come|coming) out\b|\bcotizacion gratis\b|\bgratis\b",
    "price": r"\b(how much|price|prices|pricing|cost|costs|charge|rates?|ballpark|expensive|estimate for about|cuanto (cuesta|cobran|sale))\b",
    "licensed": r"\b(licensed|insured|bonded|licen[sc]e (number|#)|proof of insurance|carry insurance|have insurance|(are|r) (you|u) (guys )?"
                r"(licensed|insured)|licencia|asegurados?)\b",
    "today": r"\b(can|could|will|would|is|are) (you|someone|somebody|anyone|u|ya|y'?all|a tech|a plumber|an electrician|he|she|they|there) "
             r"(\w+ ){0,4}(today|tonight|now|right now|right away|this (morning|afternoon|evening)|asap)\b"
             r"|\bhow (soon|fast|quick|quickly)\b|\bsoonest\b|\bearliest (you|available|appointment|opening|time)\b|\bwhen (can|could|will) (you|someone|u|somebody|anyone|they|he|she)\b"
             r"|\b(anyone|someone|somebody) (available|free|around|out) (today|tonight|now)\b|\bsame day\?|\btoday\?|\b(pueden|puede) venir hoy\b",
    "service_area": r"\bdo (you|u|y'?all|you guys|ya) (service|serve|cover|come (out )?to|go (out )?to|work in|travel to|do work in|come out (to|that))\b"
                    r"|\b(is|are) .{1,40} in your (service )?area\b|\bservice area\b|\bhow far (do|will|would) (you|u)\b"
                    r"|\bdo (you|u) (go|come) (that far|out that way|out there|out this way)\b|\bare (you|u) (guys )?(local|near|nearby)\b"
                    r"|\bin your area\?|\b(trabajan|van) (en|a) \w+",
    "hours": r"\b(what are|what're|whats) (your|ur) hours\b|\b(your|ur) (business )?hours\b|\bare (you|u|y'?all) (guys )?open\b"
             r"|\bopen (on )?(today|tomorrow|saturdays?|sundays?|weekends?|sat|sun)\b|\bwhat time (do|does|are) (you|u|the office|y'?all) (open|close)"
             r"|\b(do|are) (you|u) (guys )?(come out|work|open|available) (on )?(saturdays?|sundays?|weekends?|sat|sun)\b"
             r"|\bwhen (do|are) (you|u) (guys )?(open|close)\b|\bhours\?|\bhorario\b|\b(a que hora|cuando) (abren|cierran)\b",
}


# Words that make a capitalised phrase a place, not a person ("Logan Square", "Oak Park").
PLACE_WORDS = frozenset("""
square park heights village hills lake beach center plaza county township street st avenue ave road rd
lane ln drive dr blvd boulevard court ct place pl terrace way highway hwy apartments apts estates commons
""".split())
