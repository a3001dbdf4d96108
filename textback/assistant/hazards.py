"""Emergencies by concept: a hazard is a combination of concepts found in the message, not a phrase.

    hazards.find("the celing is drippin and the light fixture is full of water")  -> "water_electric"

How a message is read:
1. spelling: every word is folded (lower case, no accents) and, when it is not a word we know, corrected
   to the nearest word of the concept lexicon below (rapidfuzz, one or two typing slips, same first
   letter): "flodding" -> "flooding", "elecrical" -> "electrical", "furnance" -> "furnace". Run-on
   words are split ("gassmell" -> "gas smell").
2. concepts: each CONCEPTS entry lists the short word patterns that say one idea ("water where it must
   not be", "someone vulnerable", "freezing"). A match that is negated ("no smell now", "not leaking
   yet"), hypothetical ("worried it will burst someday") or in the past ("the leak last year") does
   not count; when a concept is denied "now" ("no smell now", "not anymore"), the whole message loses it.
3. hazards: HAZARDS names each hazard by the sets of concepts that make it (any set is enough).
   The first hazard in HAZARDS that the message makes is the one; its safety line is in replies.SAFETY.

Adding a hazard: add its concepts (or reuse some), a line in HAZARDS, a safety line for each language
in replies.SAFETY (and shut-off help in replies.SHUT_OFF if there is one), and cases in
tests/assistant/corpus.jsonl.
"""
from __future__ import annotations

import functools
import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .text import fold

_NEG_BEFORE = r"(no|not|never|without|nothing|nor|isnt|arent|wasnt|werent|doesnt|dont|didnt|hasnt|havent|hadnt|cant|stopped|zero|nada|sin|ya no)"
_HYPOTHETICAL = (r"\b(worried|worry|worries|afraid|scared|concerned|nervous|fear|prevent|preventing|avoid|in case|what if|"
                 r"make sure|so it doesnt|so they dont|before it|before they|insulate|winterize|winterizing|inspect\w*|"
                 r"check (for|if|whether)|test (for|the)|someday|eventually|risk of|miedo|preocupad\w*)\b")
_MODAL = r"(might|may|could|will|would|gonna|going to|can|should|pueden?|podria)"
_AFTER_DENIAL = r"^\W*(\w+ ){0,2}(yet|anymore|any more|someday|eventually|one day|at some point|in the future|down the road|stopped|went away|is gone|are gone|is fixed|got fixed|was fixed|all good)\b"
_PAST = (r"\b(in (19|20)\d\d|(we |i )?(had|got) (a|some) (flood|leak|fire|backup)|after (the|a|our) (flood|fire|leak)|last (year|month|summer|winter|spring|fall|week)|(years|months|weeks) ago|a (year|month|while) ago|used to|"
         r"back in|previous(ly)?|old (leak|damage|stain)|stain\w*|water damage|from the (old|last|previous))\b")
_NOW_DENIED = r"\b(now|anymore|any more|no longer|ya no|gone)\b"
# "no smell now": a clause that denies a sense now takes back the concepts that sense says.
_WET = frozenset(("water", "water_strong", "flooding"))
_OUTDOORS = re.compile(r"\b(yard|lawn|garden|outside|driveway|street|sprinklers?|sidewalk|patio|curb|alley|field)\b")
_INDOORS = re.compile(r"\b(house|home|inside|basement|floor|ceiling|room|kitchen|bath\w*|garage|crawlspace|window|walls?|"
                      r"foundation|carpet|hallway|stairs|apartment|unit|closet|attic)\b")
_WATER_SMELL = re.compile(r"\b(water|well|faucet|tap|shower|sink)\b (\w+ ){0,3}smel\w*")
_INTENDED_FIRE = re.compile(r"\b(light|lit|start|started|make|made|build|built|lighting|starting|making|building|have|had|use) (a |the |our )?fire")
_DENIAL_NOW = re.compile(r"\b(no|not|dont|doesnt|cant|isnt|arent|stopped|gone|went away)\b.*\b(now|anymore|any more|no longer)\b"
                         r"|\b(no longer|ya no)\b")
_SENSES = {"smell": ("gas", "burning_smell", "electric_sign"), "odor": ("gas", "burning_smell"),
           "leak": ("water", "water_strong", "flooding"), "leaking": ("water", "water_strong", "flooding"),
           "water": ("water", "water_strong", "flooding"), "dripping": ("water",), "sparks": ("electric_sign", "burning_smell"),
           "sparking": ("electric_sign", "burning_smell"), "smoke": ("electric_sign", "appliance_smoke", "fire"),
           "buzzing": ("electric_sign",), "hissing": ("gas",), "alarm": ("co_alarm",)}

# concept -> patterns over the corrected, folded words (apostrophes dropped: "wont", "cant", "isnt").
CONCEPTS = {
    "flooding": (r"flood\w*", r"inund\w*", r"(like )?a (river|waterfall|lake|pond|stream|swimming pool)", r"water (is )?everywhere", r"agua por todas partes", r"standing water (on|in) (the )?(floor|basement|house|garage|hallway)",
                 r"under water", r"(inches|inch|feet|foot) of water", r"ankle deep"),
    "water": (r"leak\w*", r"drip\w*", r"pouring", r"gushing", r"spraying", r"squirting", r"streaming", r"pooling",
              r"puddles?", r"soaked", r"soaking", r"drenched", r"gotera", r"goteando", r"chorreando",
              r"overflow\w*", r"(its|it is|its been) (coming|pouring|leaking|dripping|running) (through|down|into|out of|from|in)",
              r"agua (\w+ )?(saliendo|entrando|cayendo|goteando|chorreando|subiendo)",
              r"water (is |keeps |has been )?(coming|pouring|running|dripping|leaking|spraying|gushing|shooting|rising|bubbling|"
              r"through|down|into|in the|on the|all over|from|out of|under)", r"(hay )?agua (en|por|saliendo|entrando)"),
    "water_strong": (r"pouring", r"gushing", r"spraying", r"shooting", r"streaming", r"(wont|cant|can not|not|doesnt) "
                     r"(stop|shut off|turn off|stopping)", r"keeps (coming|pouring|running|getting worse)", r"everywhere",
                     r"all over", r"spreading", r"rising", r"(a lot|lots|tons|so much|bunch) of water", r"buckets?",
                     r"coming (down|through|in) (from|through)", r"getting worse",
                     r"(coming|leaking|pouring|running|dripping|spraying|filling) (\w+ ){0,6}(fast|quick|quickly)", r"non ?stop", r"no para",
                     r"muy grande", r"mucha agua", r"por todo (el|la)", r"por todos lados", r"sigue (subiendo|saliendo)", r"no se detiene"),
    "water_in_ceiling": (r"(through|thru|from|out of|down|in|into|behind) (the |my |our |a )?(\w+ ){0,2}"
                         r"(ceiling|walls?|light fixture|light|lights|can lights?|fan|recessed)",
                         r"ceiling (\w+ ){0,3}(dripping|leaking|bulging|sagging|soaked|caving|coming down|falling|wet|water)",
                         r"bulg\w* (in )?(the )?(drywall|ceiling)",
                         r"(del|por el) techo"),
    "burst_pipe": (r"(pipe|pipes|line|main|hose|supply|tuberia|tubo)s? (\w+ ){0,3}(burst|bursted|busted|exploded|"
                   r"ruptured|split|snapped|blew|broke)", r"(burst|bursted|busted|exploded|ruptured|split|snapped|"
                   r"broken) (\w+ ){0,2}(pipe|pipes|line|main|hose)", r"tank (\w+ ){0,2}(burst|exploded|ruptured|split open)",
                   r"(water heater|heater) (\w+ ){0,2}(burst|exploded|ruptured|split open)",
                   r"(rompio|reviento|revento|exploto) (\w+ ){0,3}(tuberia|tubo|calentador)",
                   r"(tuberia|tubo|calentador) (\w+ ){0,4}(se )?(rompio|reviento|revento|exploto)", r"(tuberia|tubo) (rota|roto|reventad\w*)"),
    "electric_thing": (r"outlets?", r"panel", r"breakers?", r"fuse ?box", r"wires?", r"wiring", r"(light )?switch(es)?",
                       r"sockets?", r"plugs?", r"electric\w*", r"meter", r"cords?", r"light fixture", r"fixture",
                       r"lights", r"(the|a|my|our|that|this|ceiling|porch|kitchen|bathroom|hallway|recessed|can|flood|outdoor|garage) light",
                       r"receptacles?", r"enchufe", r"cables?", r"tomacorriente"),
    "electric_sign": (r"sparks?", r"sparking", r"sparked", r"arcing", r"(is|are|feels|feel|gets|getting|got|running|so|"
                      r"really|very|too|super) (hot|warm)", r"(hot|warm) to the touch", r"overheat\w*", r"melt\w*",
                      r"burning", r"burnt(?! out)", r"burned(?! out)", r"burn marks?", r"scorch\w*", r"charred",
                      r"(smoke|smoking|smoky)(?! (detector|alarm))", r"buzz\w*", r"crackl\w*", r"sizzl\w*", r"popping",
                      r"fish\w* smell|smells? like fish", r"chispas?", r"quemad\w*", r"humo"),
    "burning_smell": (r"burning (smell|odor|plastic|rubber)", r"smel\w* (like )?(something )?burn\w*",
                      r"sparks? (are )?(flying|coming)", r"arcing", r"(olor|huele) a quemado", r"chispas?"),
    "gas": (r"gas (smell|odor|odour|leak\w*|hiss\w*|is leaking|escaping)", r"smel\w* (of |like )?(natural |propane )?gas",
            r"(natural|propane) gas (\w+ ){0,2}smell", r"rotten eggs?", r"smel\w* (like |of )(\w+ )?eggs?", r"sulfur\w*", r"sulphur\w*",
            r"hiss\w* (\w+ ){0,3}gas", r"(huele|olor) a gas", r"fuga de gas", r"propane (smell|leak)"),
    "co_alarm": (r"(carbon monoxide|monoxide|co) (alarm|detector|monitor|sensor)s? (\w+ ){0,3}(going off|went off|goes off|"
                 r"beeping|sounding|alarming|keeps going|ringing|screaming|blaring|reading)",
                 r"(carbon monoxide|monoxide|co) (alarm|detector)s? (is )?(on|off|going|beeping)", r"co alarm",
                 r"carbon monoxide (leak|poison\w*|in the|is in|levels?)", r"(alarma|detector) de (co|monoxido)",
                 r"monoxido"),
    "fire": (r"fire(?! ?(pit|place|wood|proof|rated|code|alarm|extinguisher|sprinkler|hydrant|pits|s|hazard|risk|danger|safety|insurance|inspection))", r"on fire",
             r"caught fire", r"flames?", r"blaze", r"fuego", r"incendio", r"se (quemo|prendio fuego)"),
    "appliance_smoke": (r"smok\w* (\w+ ){0,4}(furnace|dryer|stove|oven|water heater|dishwasher|microwave|vent|chimney|"
                        r"fireplace|attic|unit|heater|boiler|motor)", r"(furnace|dryer|stove|oven|water heater|dishwasher|"
                        r"microwave|chimney|fireplace|heater|boiler|motor|unit) (\w+ ){0,3}smok\w*"),
    "sewage": (r"(sewage|sewer|septic|poop|feces|waste ?water|toilet water|aguas negras|excremento) (\w+ ){0,5}"
               r"(back\w* up|coming (up|out|in)|overflow\w*|everywhere|all over|into|in the|on the|flood\w*|bubbling)",
               r"(back\w* up|coming up|overflow\w*|bubbling up) (\w+ ){0,5}(sewage|sewer water|poop|toilet water|aguas negras)",
               r"raw sewage", r"(full of|filled with|covered in) (raw )?sewage", r"sewage everywhere"),
    "tree_on_structure": (r"(tree|trees|limbs?|branch|branches|trunk|\w*wood|oak|pine|spruce|elm|maple|willow|birch|palm|cedar|"
                          r"walnut|ash|poplar|sycamore|hickory|arbol|rama|half of it)( \w+){0,3} (snapped|fell|came down|crashed|"
                          r"toppled|uprooted|split)( and)? (landed )?(on|onto|into|through) (the |our |my |a )?(\w+ ){0,6}(roof|house|home|"
                          r"garage|bedroom|porch|deck|kitchen|carport|room)",
                          r"(tree|limb|branch|trunk|oak|pine|maple|arbol|rama|half of it) (\w+ ){0,8}(on|onto|into|through|hit|crushed|"
                          r"smashed|top of|sobre|en) (the |our |my |a |el |la |nuestra )?(\w+ ){0,6}(roof|house|home|garage|bedroom|ceiling|"
                          r"window|porch|deck|kitchen|room|addition|carport|techo|casa)",
                          r"(roof|house|home|garage|bedroom) (\w+ ){0,3}(hit|crushed|smashed) by (a |the )?(tree|limb|branch)"),
    "structure": (r"roof", r"house", r"home", r"garage", r"bedroom", r"ceiling", r"window", r"porch", r"deck", r"room",
                  r"kitchen", r"addition", r"techo", r"casa"),
    "line_down": (r"(power|electric|electrical|utility|service|phone) (line|lines|wire|wires|cable|drop|pole)s? (\w+ ){0,4}"
                  r"(down|hanging|sparking|on the|fell|fallen|snapped|ripped|torn|pulled|laying|lying|touching)",
                  r"(downed|live) (power )?(wire|line)s?", r"(took|knocked|brought|pulled|ripped|tore) down (the |a |our )?(power |electric |utility )?(line|lines|wires?|pole)", r"(lines?|wires?|pole) (is |are )?(down|hanging|sparking|snapped)",
                  r"(tree|branch|limb) (\w+ ){0,4}(fell|fallen|came down|down|on|onto|across|took down|brought down|hit|"
                  r"snapped|pulled down|ripped|took out) (\w+ ){0,3}(power|electric|utility) (line|wire)s?", r"cable (de luz )?caido"),
    "roof_hole": (r"hole in (the |my |our )?(roof|ceiling)", r"(roof|shingles|tarp|section) (\w+ ){0,3}(blew off|blown off|"
                  r"torn off|ripped off|peeled off|gone|caved|collapsed)", r"missing (a )?(section|part|chunk|piece) of (the )?roof",
                  r"open to the (sky|rain)", r"(roof|ceiling) (is )?(open|gone)",
                  r"(tore|torn|ripped|blew|took|peeled) (\w+ ){0,4}(roof|shingles) off"),
    "rain_now": (r"rain\w*", r"storm\w*", r"pouring", r"snow\w*", r"water (coming|pouring)", r"lluvia", r"llov\w*"),
    "raining_now": (r"(its|it is|been|still|currently|keeps) (raining|pouring|storming|snowing)", r"pouring (rain|down)",
                    r"(rain|raining|storm) (\w+ )?(hard|now|right now|outside)", r"heavy rain", r"during the storm",
                    r"lloviendo"),
    "roof_collapse": (r"rain (is |keeps )?(getting|coming|pouring|leaking) (in|into|inside|through)",r"ceiling (\w+ ){0,2}(collapsed|caved|fell|came down|falling|caving|sagging|bulging)",
                      r"roof (\w+ ){0,2}(collapsed|caved|fell in)", r"raining (in|inside|into|through|in the)",
                      r"rain (is )?coming (in|inside|through)"),
    "heat_loss": (r"no (heat|heating)", r"(without|dont have|do not have|have no|got no) (any )?(heat|heating)", r"(heat|heater|furnace|boiler|heat pump|heating|radiators?) (\w+ ){0,4}(out|dead|died|"
                  r"not working|isnt working|stopped|quit|broke|broken|went out|wont (turn|start|kick|come|light|fire|stay)|"
                  r"blowing cold|cold air|not (turning|coming|kicking|heating)|shut down|keeps shutting off|gave out|off)",
                  r"(house|home|apartment|place) (is )?(freezing|ice cold|so cold|really cold|very cold)",
                  r"freezing (in here|inside|in the house)", r"sin calefaccion", r"no (hay|tenemos) calefaccion",
                  r"(calefaccion|calentador|calenton) no (funciona|prende|sirve)", r"frio (en|dentro de) la casa"),
    "freezing": (r"freez\w*", r"frozen", r"froze", r"below zero", r"sub ?zero", r"single digits", r"minus \d+",
                 r"wind ?chill", r"blizzard", r"ice storm", r"polar vortex", r"snow\w*", r"bajo cero", r"congel\w*",
                 r"helando", r"hace mucho frio"),
    "vulnerable": (r"bab(y|ies)", r"infant", r"newborn", r"toddler", r"little (one|ones|kids?|girl|boy)",
                   r"(small|young) (child|children|kids?)", r"kids?", r"child(ren)?", r"elderly", r"grand(ma|mother|pa|father|parents?)",
                   r"senior", r"(my|our) [1-6] ?(years?|yr|yo)[ -]old\b(?! (furnace|ac|unit|water heater|roof|house|home|boiler|heater|system|car))", r"\d{1,2} (months?|weeks?|days?) old", r"(1|2|3|one|two|three) (years?|yr) old", r"(my|our) (mom|mother|dad|father|parents?) (is|are) (8|9)\d", r"(8|9)\d (years? old|yr old|yo)",
                   r"disabled", r"disability", r"wheelchair", r"bedridden", r"oxygen", r"medical", r"sick", r"(is|are|gets|got) ill",
                   r"chemo", r"pregnant", r"(has|have|with) (ms|copd|cancer|dementia|parkinsons|alzheimers|diabetes|a disability|lupus)",
                   r"grand(son|daughter|kids?|children)", r"hospice", r"dialysis", r"asthma\w*", r"heart (condition|problems?)",
                   r"health (issues|problems|condition)", r"bebe", r"nin(o|a|os|as)", r"ancian\w*", r"abuel\w*",
                   r"embarazada", r"enferm\w*", r"(mama|papa|madre|padre|abuel\w*) (es|esta) (mayor|grande|viejit\w*)"),
    "pet": (r"dogs?", r"cats?", r"pets?", r"pupp(y|ies)", r"kitten", r"perro", r"gato", r"mascota"),
    "cooling_loss": (r"no (ac|a/c|air|cooling|air conditioning)", r"(ac|a/c|air conditioner|air conditioning|central air|cooling|"
                     r"unit|mini ?split|heat pump|air) (\w+ ){0,4}(out|dead|died|not working|isnt working|stopped|quit|broke|"
                     r"broken|went out|wont (turn|start|cool|come)|blowing (warm|hot)|not cooling|isnt cooling|not blowing cold|gave out)",
                     r"(warm|hot) air", r"sin aire", r"aire (\w+ ){0,2}no (funciona|enfria|sirve)",
                     r"(se descompuso|se dano|dejo de funcionar|no funciona) (el )?(aire|clima)",
                     r"(aire|clima) (\w+ ){0,2}(se descompuso|dejo de funcionar)"),
    "extreme_heat": (r"heat ?wave", r"heat advisory", r"(extreme|excessive|dangerous) heat", r"scorching", r"sweltering",
                     r"heat ?stroke", r"heat exhaustion", r"ola de calor", r"calor extremo", r"(so|super|really|very|extremely) hot "
                     r"(in here|inside|in the house)"),
    "heat_felt": (r"hot", r"heat", r"degrees", r"sweat\w*", r"burning up", r"calor"),
    "locked_out": (r"locked out", r"(locked|stuck|trapped) (himself|herself|themselves|itself) (in|inside)", r"(locked|stuck|trapped) (in|inside) (the |my |our )?(car|house|room|bathroom|vehicle|truck)", r"lock(ed)? (my|the|our) keys? in", r"keys? (are |is )?(locked )?(inside|in the (car|house))",
                   r"cant get (in|into|inside)", r"locked (myself|ourselves|us|me) out", r"(locked|stuck) (in|inside) the (car|house)",
                   r"me quede afuera", r"llaves? adentro"),
    "frozen_pipes": (r"(pipes?|lines?|water) (\w+ ){0,2}(froze|frozen|freezing up)", r"frozen (pipes?|lines?)",
                     r"no water (\w+ ){0,4}(froze|frozen)", r"tuberias? congelad\w*"),
}

# hazard -> the sets of concepts that make it (any one set), in order of precedence.
HAZARDS = {
    "gas": ({"gas"},),
    "co": ({"co_alarm"},),
    "live_wire": ({"line_down"},),
    "electrical": ({"electric_thing", "electric_sign"}, {"burning_smell"}),
    "fire": ({"fire"}, {"appliance_smoke"}),
    "water_electric": ({"water", "electric_thing", "same_clause"},),
    "tree_on_house": ({"tree_on_structure"},),
    "roof_open": ({"roof_hole", "rain_now"}, {"roof_collapse"}, {"water", "raining_now", "structure"}),
    "water": ({"flooding"}, {"burst_pipe"}, {"water", "water_strong"}, {"water_in_ceiling", "water"}),
    "sewage": ({"sewage"},),
    "no_heat": ({"heat_loss", "freezing"}, {"heat_loss", "vulnerable"}),
    "frozen_pipes": ({"frozen_pipes"},),
    "no_cooling": ({"cooling_loss", "extreme_heat"}, {"cooling_loss", "vulnerable", "heat_felt"}),
    "lockout": ({"locked_out", "vulnerable"}, {"locked_out", "pet"}),
}
KINDS = tuple(HAZARDS)

_COMPILED = {name: [re.compile(r"\b(?:" + p + r")\b") for p in patterns] for name, patterns in CONCEPTS.items()}
_CLAUSE_SPLIT = re.compile(r"[.!?;\n]+|,|\bbut\b|\bpero\b|\s-\s")
_TEMPERATURE = re.compile(
    r"(?P<a>-?\d{1,3}) ?(?:degrees|degree|deg|f|grados)\b"
    r"|(?:its|it is|only|at|is|like|be|hit|reach|says|reads|shows|showing|down to) (?P<b>-?\d{1,3})(?= (?:in here|inside|in the house|outside|out|tonight|today))"
    r"|(?:its|it is|like|hit|reached|over|almost) (?P<c>9\d|1[0-2]\d)\b(?! (?:\w+ )?(?:st|ave|rd|dr|ln|street|avenue|road|drive|lane|ct|blvd|way)\b)"
    r"|(?P<d>\d{1,2}) below")
_INSIDE = re.compile(r"\b(inside|in here|in the house|house is|home is|apartment is|thermostat)\b")

# Words never corrected: ordinary words one slip away from a lexicon word ("fine" is not "fire").
_KEEP = frozenset("""
fine find file five wife wise wine wide wipe wore were here hire hers heard hear head heal heap hers held help hold
told cold could would should sold bold gold fold mold hole role pole whole lead lean lend leap lame late later water
waiter wafer safer small spell shell sell tell well will wall fall hall ball call tall mall bell fell felt heat meat
neat beat seat that what flat float flour floor flow glow slow show shot spot spit spin spine spare stark start
smart smell smile spoke smoky stoke stroke strike bust best rest test most must just dust lust bursts frost front
frozen dozen burn born barn turn torn horn corn worn warn warm worm form farm harm farms arms aims times tires tired
tree three there their where trees treat street pine pint pipe ripe type wipe tipe mine line lime like link life
live love lose lost lots list lift gift left sift sink mink pink wink drink drip trip grip ship slip clip chip
sparky sparks spark parks park marks mark dark bark fish dish wish wash cash case cast vast fast past last mast
heater heaters hater eater later gather rather father mother brother other outer outlets outlet inlet toilet
panels panel pane pale page sage wage cage rage gale sale tale kale vale male bale dale hale yale
flooring flooding flooded floored blooded bleeding breeding reading leading lending landing standing
burning turning tuning learning earning warning morning mourning
leaking leaning leaving leafing loading looking locking lacking licking
""".split())


# The words the speller corrects towards: every word that matters to a concept, in full.
LEXICON = frozenset("""
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
alarma monoxido carbono tuberia tuberias tubo calentador inundando inundado inundacion gotera goteando fuga huele olor
quemado chispas humo techo arbol rama cable caido calefaccion lloviendo lluvia congelado congelada bebe nino nina abuela
abuelo enfermo enferma perro gato llaves adentro afuera agua casa
""".split())


def _pattern_words() -> frozenset:
    """The literal words of the concept patterns: words the patterns need as written."""
    found = set()
    for patterns in CONCEPTS.values():
        for p in patterns:
            plain = re.sub(r"[a-z]+\\w[*+]", " ", p)  # stems ("smok\w*") are not words
            plain = re.sub(r"\\[wsdb][*+?]?|\(\?[!=:<][^)]*\)|\{[^}]*\}|[\\^$.*+?()\[\]|]", " ", plain)
            found.update(w for w in plain.split() if w.isalpha() and len(w) >= 4)
    return frozenset(found)


_PROTECTED = LEXICON | _pattern_words()  # never corrected; only LEXICON words are correction targets


def _plausible_inflection(word: str) -> bool:
    """"drips", "rains", "failing": an ending on a word we know is not a slip."""
    for ending in ("s", "es", "ed", "ing", "er", "ers", "y"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and (stem in LEXICON or stem in _KEEP or stem + "e" in LEXICON):
            return True
    return False


@functools.lru_cache(maxsize=8192)
def correct(word: str) -> str:
    """The lexicon word this word was meant to be ("flodding" -> "flooding"), or the word itself.
    One slip for words up to seven letters, two beyond; the first letter must agree; a four-letter
    word is only ever missing a letter ("smel"); ordinary neighbours ("fine", "wife") are kept."""
    if len(word) < 4 or word in _PROTECTED or word in _KEEP or not word.isalpha() or _plausible_inflection(word):
        return word
    limit = 1 if len(word) <= 7 else 2
    match = process.extractOne(word, _LEXICON_LIST, scorer=OSA.distance, score_cutoff=limit)
    if match and match[0][0] == word[0] and (len(word) > 4 or len(match[0]) == 5):
        return match[0]
    if len(word) >= 7:  # run-ons: "gassmell", "waterheater"
        for i in range(2, len(word) - 2):
            left, right = word[:i], word[i:]
            if (left in LEXICON or left in _SHORT) and (right in LEXICON or right in _SHORT):
                return f"{left} {right}"
    return word


_LEXICON_LIST = sorted(LEXICON)
_SHORT = frozenset("gas hot co ac air fire wire leak heat tree line pipe".split())


def normalise(text: str) -> str:
    """Folded words, apostrophes dropped, each spelling slip corrected (punctuation kept for clauses)."""
    folded = fold(text).replace("'", "")
    return re.sub(r"[a-z]+", lambda m: correct(m.group(0)), folded)


def _counts(clause: str, m: re.Match, concept: str) -> bool:
    """A concept's match counts unless it is negated, hypothetical or in the past."""
    before = clause[:m.start()].rstrip() + " "
    if concept not in ("heat_loss", "cooling_loss", "water_strong") and re.search(r"\b" + _NEG_BEFORE + r"( \w+){0,2} $", before):
        return False
    if re.search(r"\b" + _MODAL + r"( \w+)? $", before) and not re.search(r"\b(smell|see|hear|feel|tell)\w* $", before):
        return False  # "it could burst" is not now; "I can smell burning" is
    if re.search(_HYPOTHETICAL, before):
        return False
    if concept not in ("heat_loss", "cooling_loss") and re.search(_AFTER_DENIAL, clause[m.end():]):
        return False
    return not re.search(_PAST, clause)


def concepts_in(text: str) -> tuple[set[str], list[set[str]]]:
    """(concepts of the whole message, concepts of each clause)."""
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(normalise(text)) if c and c.strip()]
    found, per_clause, denied_now = set(), [], set()
    for clause in clauses:
        here = set()
        for concept, patterns in _COMPILED.items():
            for pattern in patterns:
                for m in pattern.finditer(clause):
                    if _counts(clause, m, concept):
                        here.add(concept)
                    elif re.search(_NOW_DENIED, clause):
                        denied_now.add(concept)
        if "gas" in here and _WATER_SMELL.search(clause) and not re.search(r"\bgas\b", clause):
            here.discard("gas")  # well water smelling of rotten eggs is sulfur in the water, not a gas leak
        if "fire" in here and _INTENDED_FIRE.search(clause) and not re.search(r"\b(on fire|caught fire|out of control|spread\w*)\b", clause):
            here.discard("fire")  # "when we light a fire" in the fireplace
        here |= _temperature_concepts(clause)
        if here & _WET and _OUTDOORS.search(clause) and not _INDOORS.search(clause):
            here -= _WET  # "water everywhere in the yard" is not water where it must not be
        if _DENIAL_NOW.search(clause):
            denied_now.update(c for word in clause.split() for c in _SENSES.get(word, ()))
        per_clause.append(here)
        found |= here
    return found - denied_now, [c - denied_now for c in per_clause]


def _temperature_concepts(clause: str) -> set[str]:
    out = set()
    for m in _TEMPERATURE.finditer(clause):
        degrees = int(m.group('a') or m.group('b') or m.group('c') or -int(m.group('d')))
        inside = bool(_INSIDE.search(clause))
        if degrees <= 35 or inside and degrees <= 55:
            out.add("freezing")
        if degrees >= 97 or inside and degrees >= 88:
            out.add("extreme_heat")
    return out


# Concepts that stay true for the rest of the conversation: "AC is out" then, two texts later, "it's 115
# and my wife is pregnant" is the same hazard.
LASTING = frozenset(("heat_loss", "cooling_loss", "freezing", "extreme_heat", "vulnerable", "pet", "locked_out", "water"))


def find(text: str, earlier: frozenset = frozenset()) -> str | None:
    """The hazard happening now in this message (a key of HAZARDS), or None. `earlier`: the lasting
    concepts of the conversation's earlier messages (see lasting_concepts)."""
    return _find(text, earlier)[0]


def lasting_concepts(text: str) -> frozenset:
    return _find(text, frozenset())[1]


@functools.lru_cache(maxsize=1024)
def _find(text: str, earlier: frozenset) -> tuple[str | None, frozenset]:
    found, per_clause = concepts_in(text)
    lasting = frozenset(found & LASTING)
    found = found | earlier
    return _hazard(found, per_clause), lasting


def _hazard(found: set, per_clause: list) -> str | None:
    if not found:
        return None
    for kind, combinations in HAZARDS.items():
        for needed in combinations:
            if "same_clause" in needed:
                if any(needed - {"same_clause"} <= clause for clause in per_clause):
                    return kind
            elif needed <= found:
                return kind
    return None
