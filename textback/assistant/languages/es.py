"""Spanish: the words the assistant reads and the texts it sends in Spanish (see languages/__init__.py;
en.py has the same names). Patterns are over folded text: no accents, lower case ("manana", "cotizacion").
Replies are written as a native speaker writes them (¿ ¡ ñ and accents); to_gsm7 sends á í ó ú as
a i o u (docs/decisions.md, "Spanish as a native speaker writes it, within GSM-7").
"""
CODE = "es"
NAME = "Spanish"

# --- compliance --------------------------------------------------------------------------
# Carriers answer only the English keywords; these textback confirms itself, once, in Spanish.
OPT_OUT_KEYWORDS = ("alto", "parar", "basta")
OPT_IN_KEYWORDS = ("si",)
HELP_KEYWORDS = ("ayuda",)
CARRIER_ANSWERS_KEYWORDS = False

OPT_OUT_PHRASES = (
    r"\bno (me )?(envie|mande|escriba)n? mas\b", r"\bdejen? de (escribir|enviar|mandar)", r"\bno me escriban\b",
    r"\b(ya )?no quiero (recibir )?(mas )?(sus |tus |los |estos |mas )?(mensajes|textos|msjs)\b",
    r"\bno (me )?(manden|envien|escriban|texteen)\b", r"\b(borren|quiten|eliminen) mi numero\b",
)

# --- who is on the other end ------------------------------------------------------------
WRONG_NUMBER_CUES = (r"\bnumero equivocado\b", r"\bme equivoque de numero\b", r"\bno (los |le |te )?llame\b")
EXISTING_CUSTOMER_CUES = (r"\b(mi|la) factura\b", r"\b(mi|la) cita\b", r"\bustedes (vinieron|instalaron|arreglaron)\b")
NOT_INTERESTED_CUES = (r"\bya (no )?(lo )?(encontre|consegui)\b", r"\bno (me )?interesa\b", r"\bya no (lo )?necesito\b")
NONLEADS = {"job_seeker": r"\bbuscando trabajo\b|\bestan contratando\b"}
WHO_IS_THIS = (r"\bquien (es|eres|habla)\b", r"\bcon quien hablo\b")
DONT_KNOW = (r"^no se\b", r"^ni idea\b", r"^no estoy segur[oa]\b")
DO_YOU_DO = (r"\b(?:hacen|arreglan|instalan|reparan|mueven|trabajan con|atienden)",)
FAQ_STOP_WORDS = ("que", "para", "por", "con", "los", "las", "del", "ustedes", "usted", "tienen", "hacen", "como",
                  "cuanto", "cuando", "donde", "cual", "puede", "pueden", "ofrecen", "necesito", "quiero", "una", "uno")
HOLIDAYS = {"christmas": r"navidad", "new_year": r"ano nuevo", "thanksgiving": r"(dia de )?accion de gracias",
            "easter": r"semana santa|pascua"}
GREETING_ONLY = (r"^(hola|si|buenas|buenos dias|buenas tardes|buenas noches|gracias|ok gracias|muchas gracias)[\s!.,?]*$",
                 r"^((este|pues|bueno|eh|mmm+)[\s!.,?]*)+$")  # fillers: never a name, a town or a time
CORRECTION = (r"^(perdon|perdona|disculpa|espera|corrijo|me equivoque)\b", r"\bquise decir\b", r"\bmejor dicho\b",
              r"\ben realidad (es|esta|queda)\b")
RETRACTED = (r"^(perdon|perdona|disculpa|espera|corrijo|me equivoque)\b[\s,.!-]*", r"\bquise decir\b", r"\bmejor dicho\b",
             r"[,\s]*\bno (el |en |la )?[a-z0-9']+[.!]?$")
OTHER_PROPERTY = (r"\b(casa|departamento|apartamento) de mi (mama|madre|papa|padre|abuela|hermana|hermano|hija|hijo|tia)\b",
                  r"\botra (direccion|casa)\b")
GREETINGS = ("hola",)  # "Hola Carlos" greets the owner: not the caller's name
NAME_INTROS = ("soy", "me llamo")  # before a bare name ("soy Ana")
POLITE = ("por favor", "gracias")  # trailing words that are not part of the job
LINK_WORDS = ("en", "la", "el", "mi", "y", "de", "del")  # words that led into a place or time cut out of the need

# --- needs -------------------------------------------------------------------------------
NEED_WORDS = (
    "fuga", "fregadero", "lavabo", "inodoro", "tuberia", "tubo", "calentador", "drenaje", "tapado", "gotea", "goteando",
    "inunda", "inundando", "inundacion", "techo", "gotera", "cocina", "bano", "pintar", "pintura", "cotizacion",
    "presupuesto", "instalar", "reparar", "arreglar", "cambiar", "aire acondicionado", "calefaccion", "luz", "enchufe",
    "cesped", "jardin", "arbol", "cerca", "piso", "gas",
)
GENERIC_NEED_WORDS = ("cotizacion", "presupuesto", "instalar", "reparar", "arreglar", "cambiar")
NEED_LEADING_FILLER = (
    r"^(hola|buenas( tardes| noches| dias)?|buenos dias)\s+[a-z]+\s*[,!.:-]+",  # "Hola Carlos, ..." greets the owner
    r"^(hola|buenas( tardes| noches| dias)?|buenos dias)\b[\s,!.:-]*",
)

# --- timelines (pattern, days ahead; None: no date) ----------------------------------------
TIMELINE = (
    (r"\b(hoy|esta (manana|tarde|noche)|ahorita|ahora|ya mismo|lo antes posible|urgente|cuanto antes)\b", 0),
    (r"\b(manana|pasado manana)\b", 1),
    (r"\b(este|el) (lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b|\b(lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b|\b(esta semana|fin de semana)\b", 5),
    (r"\b(la )?(proxima|siguiente) semana\b|\bsemana que viene\b", 10),
    (r"\b(el )?(proximo|siguiente) mes\b|\bmes que viene\b|\ben (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b|\b(primavera|verano|otono|invierno)\b", 60),
    (r"\b(no hay prisa|sin prisa|cuando (pueda|puedan)|no es urgente|solo (una )?cotizacion|cuando sea)\b", None),
)
QUOTE_WORDS = (r"\bcotizacion\b", r"\bpresupuesto\b", r"\bcuanto (me |nos |le )?(cuesta|cobran|cobra|sale)\b")
TIMELINE_TRAILING = ("si se puede",)  # politeness after the time ("el sabado si se puede")

# --- names -------------------------------------------------------------------------------
NAME_PATTERNS = (
    (r"\b(?:me llamo|mi nombre es|soy|habla)\s+(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", False),
)
HONORIFICS = ("sr", "sra", "srta", "don", "dona")
NAME_PARTICLES = ("de", "del", "la", "y")  # inside a full name ("Maria de la Luz")
NAME_STOP_WORDS = frozenset("""
en de la el los las y con para por que un una mi su es esta estoy tengo necesito hola gracias buenas aqui casa
""".split())

# --- locations ---------------------------------------------------------------------------
# Words that are never a town, even capitalised (vocab.NOT_A_PLACE).
NOT_A_PLACE = ("nombre", "hola", "gracias", "casa", "ahora", "hoy", "manana", "semana")
LOCATION_LEADING_FILLER = (
    r"^(si|claro)\b[\s,!.:-]*",
    r"^(estoy|estamos|vivo|vivimos|queda|es)\s*(en|cerca de)?\s+",
    r"^(en)\s+",
    r"^(la )?direccion (es )?:?\s*",
)

# --- language detection: words only a Spanish writer uses (accent-free) ---------------------
MARKERS = frozenset("""
hola tengo necesito quisiera quiero gracias buenas buenos dias tardes noches manana usted ustedes por favor fuga
fregadero cocina bano tuberia inundando inundacion rompio calentador techo gotera pintar pintura casa estoy estamos
vivo direccion llamo nombre soy cuando semana proxima enero febrero marzo abril mayo junio julio agosto septiembre
octubre noviembre diciembre cotizacion presupuesto arreglar reparar instalar necesitamos podrian pueden puede ayuda
agua luz aire acondicionado calefaccion senor senora mi su esta muy pronto hoy ahora urgente donde cuanto cuesta
""".split())
ACCENTS = "ñáéíóú¿¡"  # letters that, with one marker, make a text Spanish

# --- the caller's questions to us (reading.questions_in) --------------------------------------
QUESTIONS = {
    "shut_off": r"\bcomo (cierro|apago|corto)\b|\bque hago\b",
    "free_estimate": r"\bcotizacion gratis\b|\bgratis\b",
    "price": r"\bcuanto (me |nos |le )?(cuesta|cobran|cobra|sale)\b",
    "payment": r"\bfinanciamiento\b|\bfinanciacion\b|\b(pagos|pagar) (a plazos|mensuales|en cuotas)\b|\baceptan tarjetas?\b",
    "licensed": r"\b(licencia|asegurados?)\b",
    "today": r"\b(pueden|puede) venir hoy\b",
    "service_area": r"\b(trabajan|van) (en|a) \w+",
    "hours": r"\bhorario\b|\b(a que hora|cuando) (abren|cierran)\b",
}
ASKS_A_PRICE = (r"\bcuanto\b|\bprecios?\b",)
NAMES_AN_ESTIMATE = (r"\b(gratis|cotizacion(es)?|presupuestos?)\b",)

# --- hazards (hazards.py): concept words, and the grammar around them ------------------------
HAZARD_WORDS = {
    "flooding": (r"inund\w*", r"agua por todas partes"),
    "water": (r"gotera", r"goteando", r"chorreando", r"agua (\w+ )?(saliendo|entrando|cayendo|goteando|chorreando|subiendo)",
              r"(hay )?agua (en|por|saliendo|entrando)", r"(saliendo|sale|entrando|cayendo|chorreando|brotando) (\w+ )?agua"),
    "water_strong": (r"no para", r"muy grande", r"mucha agua", r"por todo (el|la)", r"por todos lados", r"sigue (subiendo|saliendo)",
                     r"no se detiene"),
    "water_in_ceiling": (r"(del|por el) techo",),
    "burst_pipe": (r"(rompio|reviento|revento|exploto) (\w+ ){0,3}(tuberia|tubo|calentador)",
                   r"(tuberia|tubo|calentador) (\w+ ){0,4}(se )?(rompio|reviento|revento|exploto)", r"(tuberia|tubo) (rota|roto|reventad\w*)"),
    "electric_thing": (r"enchufe", r"tomacorriente"),
    "electric_sign": (r"chispas?", r"quemad\w*", r"humo"),
    "burning_smell": (r"(olor|huele) a quemado", r"chispas?"),
    "gas": (r"(huele|olor) (\w+ ){0,2}a gas", r"fuga de gas"),
    "co_alarm": (r"(alarma|detector) de (co|monoxido)", r"monoxido"),
    "fire": (r"fuego", r"incendio", r"se (quemo|prendio fuego)"),
    "sewage": (r"(aguas negras|excremento) (\w+ ){0,5}(saliendo|regresando|subiendo|por todo|por todos lados)",),
    "tree_on_structure": (r"(arbol|rama) (\w+ ){0,8}(sobre|encima de|en) (el |la |nuestra |mi )?(\w+ ){0,6}(techo|casa)",),
    "structure": (r"techo", r"casa"),
    "line_down": (r"cable (de luz )?caido",),
    "rain_now": (r"lluvia", r"llov\w*"),
    "raining_now": (r"lloviendo",),
    "heat_loss": (r"sin calefaccion", r"no (hay|tenemos) calefaccion", r"(calefaccion|calentador|calenton) no (funciona|prende|sirve)",
                  r"frio (en|dentro de) la casa"),
    "freezing": (r"bajo cero", r"congel\w*", r"helando", r"hace mucho frio"),
    "vulnerable": (r"bebe", r"nin(o|a|os|as)", r"ancian\w*", r"abuel\w*", r"embarazada", r"enferm\w*",
                   r"(mama|papa|madre|padre|abuel\w*) (es|esta) (mayor|grande|viejit\w*)"),
    "pet": (r"perro", r"gato", r"mascota"),
    "stinging_insects": (r"abejas", r"avispas", r"avispero", r"panal"),
    "allergic": (r"alergic\w*", r"alergia"),
    "cooling_loss": (r"sin aire", r"aire (\w+ ){0,2}no (funciona|enfria|sirve)",
                     r"(se descompuso|se dano|dejo de funcionar|no funciona) (el )?(aire|clima)",
                     r"(aire|clima) (\w+ ){0,2}(se descompuso|dejo de funcionar)"),
    "extreme_heat": (r"ola de calor", r"calor extremo"),
    "heat_felt": (r"calor",),
    "locked_out": (r"me quede afuera", r"llaves? adentro"),
    "frozen_pipes": (r"tuberias? congelad\w*",),
}
# Words the speller corrects towards (hazards.LEXICON).
LEXICON = """
alarma monoxido carbono tuberia tuberias tubo calentador inundando inundado inundacion gotera goteando fuga huele olor
quemado chispas humo techo arbol rama cable caido calefaccion lloviendo lluvia congelado congelada bebe nino nina abuela
abuelo enfermo enferma perro gato llaves adentro afuera agua casa
""".split()
NEGATIONS = ("nada", "sin", "ya no")  # before a concept: it is not happening
MODALS = ("pueden?", "podria")  # "podria reventar": not now
HYPOTHETICAL = ("miedo", r"preocupad\w*")
NOW_DENIED = ("ya no",)  # "ya no huele": the sense is taken back
DENIED_ALONE = ("ya no",)
BUT = ("pero",)  # splits clauses
DEGREES = ("grados",)
SOUNDS_ALIKE = (("v", "b"), ("b", "v"), ("s", "c"), ("z", "s"), ("y", "ll"))  # "tuveria", "inundasion"
PAST = (r"el (ano|mes) pasado", r"hace (anos|meses|semanas)")
OUTDOORS = ("patio", "jardin", "afuera", "calle", "cesped")
INDOORS = ("casa", "adentro", "sotano", "piso", "techo", "cuarto", "cocina", "bano", "sala", "garaje")
SORRY_CUES = (r"fuga|gotea\w*|se (rompio|descompuso|tapo)|no (funciona|sirve|prende|enciende)|tapad[oa]",)
SHUT_OFF_WORDS = {"electrical": r"luz"}
SINCE = ("desde", "empezo", "comenzo")

# --- what the assistant says ---------------------------------------------------------------
ASK = {
    "need": {"": "¿En qué le podemos ayudar?"},
    "location": {"": "¿Cuál es la dirección donde necesita el trabajo?"},
    "timeline": {"quote": "¿Para cuándo le gustaría tenerlo hecho?", "": "¿Para cuándo necesita que alguien vaya?"},
    "name": {"": "¿Y cuál es su nombre?"},
}
ACK = {"plain": ("Entendido{name}.", "Muy bien, gracias{name}.", "Perfecto{name}.", "Gracias{name}."),
       "thanks": ("¡Gracias{name}!", "Mucho gusto{name}.", "¡Muchas gracias{name}!"),
       "sorry": ("Lamento escuchar eso{name}.", "Qué pena, lo siento{name}.", "Lo siento mucho{name}."),
       "sorry_topic": ("Lamento escuchar eso{name}.", "Qué pena, lo siento{name}.", "Lo siento mucho{name}."),
       "corrected": ("Listo, ya lo corregí{name}.", "Gracias por la corrección{name}.", "Perfecto, ya lo cambié{name}."),
       "moved": ("No hay problema{name}.", "Claro, no se preocupe{name}.")}
TOPICS = ()  # no topic named: "Lamento escuchar eso"
ASK_AGAIN = {"need": "¿Me podría contar un poco sobre el trabajo?", "location": "Disculpe, ¿cuál es la dirección (o ciudad) del trabajo?",
       "timeline": "¿Y más o menos para cuándo lo necesita?", "name": "Disculpe, no entendí su nombre, ¿cómo se llama?"}
CLOSE = {
    "": "¡Gracias{name}! {owner} le enviará un mensaje pronto para coordinar una hora.",
    "after_hours": "¡Gracias{name}! {owner} le contactará cuando abra la oficina.",
    "emergency": "¡Gracias{name}! {owner} tiene sus datos y le contactará lo antes posible.",
}
EMERGENCY_TIMELINE = "ahora (emergencia)"
EMERGENCY_ACK = "Ya le avisé a {owner} de inmediato."
SAFETY = {
    "gas": "Salga de la casa ahora y llame al 911 o a la compañía de gas desde afuera.",
    "co": "Salga de la casa al aire libre ahora y llame al 911.",
    "electrical": "No se acerque y apague el breaker solo si es seguro. Llame al 911 si hay humo o fuego.",
    "live_wire": "No se acerque al cable y llame a la compañía de luz (al 911 si hay heridos o fuego).",
    "water": "Si puede, cierre la llave principal del agua; si el agua llega a enchufes o cables, salga de esa área.",
    "roof_open": "Por favor no se quede en el cuarto afectado.",
    "no_heat": "Mantenga a todos en el cuarto más caliente, nunca use el horno para calentar, y llame al 911 si alguien tiene mucho frío.",
    "no_cooling": "Mantenga a todos frescos y llame al 911 si alguien se siente mal por el calor.",
    "fire": "Salgan todos ahora y llame al 911 desde afuera. No vuelva a entrar.",
    "water_electric": "No se meta al agua ni toque interruptores o enchufes cerca. Apague el breaker solo desde un lugar seco.",
    "sewage": "No use agua ni jale la cadena hasta que se resuelva, y mantenga a niños y mascotas lejos.",
    "tree_on_house": "No entre a la parte dañada de la casa y aléjese de cualquier cable caido (llame al 911 si hay).",
    "frozen_pipes": "Abra un poco la llave y caliente el tubo con una secadora de pelo - nunca con fuego. Ubique la llave principal del agua.",
    "lockout": "Si el niño o la mascota está en peligro por calor o frío, llame al 911 ahora.",
    "stings": "Mantenga a todos, sobre todo a quien sea alérgico, fuera de ese cuarto con la puerta cerrada, y llame al 911 si alguien tiene una picadura y le cuesta respirar.",
}
WHO = "Es el asistente automático de {business}: usted nos llamó hace un momento."
HELP = ("{business}: asistente automático de su llamada. Pueden aplicar tarifas de mensajes y datos. "
        "Responda STOP para no recibir más mensajes.")
OPTED_OUT = "Listo, ya no recibirá más mensajes de {business}."
OPTED_IN = "Ha vuelto a suscribirse a los mensajes de {business}. Responda STOP para no recibir más."
WRONG_NUMBER = "¡Disculpe la molestia! No le escribiremos más."
NOT_INTERESTED = "¡No hay problema, gracias por avisarnos!"
EXISTING_CUSTOMER = "¡Gracias{name}! Le pasé su mensaje a {owner}, quien le responderá pronto."
PRICE_NOTE = "{owner} le dará el precio."
AFTER_CLOSE = "Entendido, se lo pasé a {owner}."
FOLLOW_UP = "Solo para darle seguimiento: "
TEAM = "el equipo"
SHUT_OFF = {
    "water": "Para parar el agua, cierre la llave principal: normalmente donde entra el agua a la casa (sótano, garaje o junto al "
             "calentador). Gírela a la derecha hasta que pare.",
    "water_electric": "No se pare en el agua. Desde un lugar seco apague el breaker de esa área (o el principal) y cierre la llave principal del agua.",
    "gas": "No busque la fuga usted mismo. Salga ahora y llame a la compañía de gas o al 911 desde afuera.",
    "electrical": "Si el panel está seco y es seguro, apague ese breaker o el principal. Si hay humo, salga y llame al 911.",
    "sewage": "No use agua (ni inodoro, ducha o lavadora) para que no se regrese más.",
    "frozen_pipes": "Ubique la llave principal del agua para cerrarla rápido si el tubo revienta al descongelarse.",
    "no_heat": "Revise que el termostato esté en calefacción y que el interruptor y el breaker del calentador estén prendidos.",
    "roof_open": "Retire sus cosas, ponga cubetas bajo las goteras y aléjese de un techo que se esté bajando. No se suba al techo.",
}
ANSWERS = {
    "price": "{owner} le dará el precio.",
    "price_fee": "La visita cuesta {fee}; {owner} le explicará el resto del precio.",
    "payment": "{owner} le explicará las opciones de pago y financiamiento.",
    "free_estimate_yes": "Sí, las cotizaciones son gratis.",
    "free_estimate_no": "{owner} le explicará cómo funcionan nuestras cotizaciones y su costo.",
    "free_estimate": "{owner} le informará sobre las cotizaciones.",
    "licensed_yes": "Sí, tenemos licencia y seguro.",
    "licensed": "{owner} le puede enviar los datos de nuestra licencia y seguro.",
    "today": "No le puedo prometer una hora, pero le paso esto a {owner} ahora mismo para que le diga cuándo pueden ir.",
    "today_closed": "Ahora estamos cerrados y no le puedo prometer hoy, pero {owner} lo verá a primera hora.",
    "service_area": "{owner} le confirmará si estamos en su área.",
    "scope": "{owner} le confirmará si podemos encargarnos de {what}.",
    "service_area_known": "Trabajamos en {area}; {owner} le confirmará si cubrimos su dirección.",
    "hours": "Nuestro horario es {hours}.",
    "hours_unknown": "{owner} le confirmará nuestro horario.",
}
DAY_NAMES = ("lun", "mar", "mie", "jue", "vie", "sab", "dom")
