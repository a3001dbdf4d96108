"""What the assistant says. Every template is plain ASCII/GSM-7 and names no price or arrival time.

Templates take str.format fields: business, owner (owner's first name or "the team"), name (", Jen" or "").
"""

# Questions for each missing field, by trade where the trade changes the natural wording.
ASK = {
    "en": {
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
    },
    "es": {
        "need": {"": "¿En qué le podemos ayudar?"},
        "location": {"": "¿Cuál es la dirección donde necesita el trabajo?"},
        "timeline": {"quote": "¿Para cuándo le gustaría tenerlo hecho?", "": "¿Para cuándo necesita que alguien vaya?"},
        "name": {"": "¿Y cuál es su nombre?"},
    },
}

# Acknowledgements: several of each, taken in turn so two replies in a row never open the same way.
# {topic}: what they told us about ("the leak"); {name}: ", Jen" or "".
ACK = {
    "en": {"plain": ("Got it{name}.", "Okay, thanks{name}.", "Perfect{name}.", "Great, thank you{name}.", "Thanks{name}."),
           "thanks": ("Thanks{name}!", "Nice to meet you{name}.", "Thanks so much{name}!"),
           "sorry": ("Sorry to hear that{name}.", "Oh no, that's no fun{name}.", "That sounds frustrating{name}."),
           "sorry_topic": ("Sorry about the {topic}{name}.", "Sorry to hear about the {topic}{name}.", "Ugh, sorry about the {topic}{name}."),
           "corrected": ("No problem, I've updated that{name}.", "Thanks for the correction{name}.", "Got it, changed{name}."),
           "moved": ("No problem{name}.", "Okay, no worries{name}.")},
    "es": {"plain": ("Entendido{name}.", "Muy bien, gracias{name}.", "Perfecto{name}.", "Gracias{name}."),
           "thanks": ("¡Gracias{name}!", "Mucho gusto{name}.", "¡Muchas gracias{name}!"),
           "sorry": ("Lamento escuchar eso{name}.", "Qué pena, lo siento{name}.", "Lo siento mucho{name}."),
           "sorry_topic": ("Lamento escuchar eso{name}.", "Qué pena, lo siento{name}.", "Lo siento mucho{name}."),
           "corrected": ("Listo, ya lo corregí{name}.", "Gracias por la corrección{name}.", "Perfecto, ya lo cambié{name}."),
           "moved": ("No hay problema{name}.", "Claro, no se preocupe{name}.")},
}
# What a problem is called in an acknowledgement, by the words that name it (first match wins).
TOPICS = (("leak", "leak"), ("leaking", "leak"), ("clog", "clog"), ("clogged", "clog"), ("backed up", "backup"),
          ("no hot water", "hot water"), ("water heater", "water heater"), ("furnace", "furnace"), ("no heat", "heat"),
          ("ac", "AC"), ("a/c", "AC"), ("outlet", "outlet"), ("breaker", "breaker"), ("roof", "roof"), ("toilet", "toilet"),
          ("drain", "drain"), ("sink", "sink"), ("disposal", "disposal"), ("power", "power"), ("sump pump", "sump pump"))
# Asking again for the same field (never the same text twice in a row).
ASK_AGAIN = {
    "en": {"need": "Could you tell me a bit about the job?", "location": "Sorry, what's the address (or town) of the job?",
           "timeline": "And roughly when would you like it done?", "name": "Sorry, I didn't catch your name - what is it?"},
    "es": {"need": "¿Me podría contar un poco sobre el trabajo?", "location": "Disculpe, ¿cuál es la dirección (o ciudad) del trabajo?",
           "timeline": "¿Y más o menos para cuándo lo necesita?", "name": "Disculpe, no entendí su nombre, ¿cómo se llama?"},
}

FIRST = {
    "en": "Hi, this is {business}'s automated assistant. Sorry we missed your call! How can we help? Reply STOP to opt out.",
    "en_after_hours": "Hi, this is {business}'s automated assistant. Sorry we missed your call - we're closed now. "
                      "How can we help? Reply STOP to opt out.",
}

CLOSE = {
    "en": "Thanks{name}! {owner} will text you shortly to set a time.",
    "en_after_hours": "Thanks{name}! {owner} will get back to you when the office opens.",
    "en_emergency": "Thanks{name}! {owner} has your details and will reach out as soon as possible.",
    "es": "¡Gracias{name}! {owner} le enviará un mensaje pronto para coordinar una hora.",
    "es_after_hours": "Gracias{name}! {owner} le contactara cuando abra la oficina.",
    "es_emergency": "Gracias{name}! {owner} tiene sus datos y le contactara lo antes posible.",
}

EMERGENCY_ACK = {
    "en": "I've alerted {owner} right away.",
    "es": "Ya le avisé a {owner} de inmediato.",
}

# Safety lines where life may be at risk (and the one thing that limits water damage).
SAFETY = {
    "en": {
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
    },
    "es": {
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
        "sewage": "No use agua ni jale la cadena hasta que se resuelva, y mantenga a ninos y mascotas lejos.",
        "tree_on_house": "No entre a la parte danada de la casa y alejese de cualquier cable caido (llame al 911 si hay).",
        "frozen_pipes": "Abra un poco la llave y caliente el tubo con una secadora de pelo - nunca con fuego. Ubique la llave principal del agua.",
        "lockout": "Si el nino o la mascota esta en peligro por calor o frio, llame al 911 ahora.",
    },
}

WHO = {
    "en": "This is {business}'s automated assistant - you called us a moment ago.",
    "es": "Es el asistente automático de {business}: usted nos llamó hace un momento.",
}

HELP = {
    "en": "{business}: automated assistant for your call. Msg & data rates may apply. Reply STOP to opt out.",
    "es": "{business}: asistente automático de su llamada. Pueden aplicar tarifas de mensajes y datos. "
          "Responda STOP para no recibir más mensajes.",
}

OPTED_OUT = {
    "en": "You're unsubscribed from {business} texts. No more messages will be sent.",
    "es": "Listo, ya no recibirá más mensajes de {business}.",
}
OPTED_IN = {
    "en": "You're resubscribed to {business} texts. Reply STOP to opt out.",
    "es": "Ha vuelto a suscribirse a los mensajes de {business}. Responda STOP para no recibir más.",
}
WRONG_NUMBER = {
    "en": "Sorry about that! We won't text you again.",
    "es": "¡Disculpe la molestia! No le escribiremos más.",
}
NOT_INTERESTED = {
    "en": "No problem, thanks for letting us know!",
    "es": "¡No hay problema, gracias por avisarnos!",
}
EXISTING_CUSTOMER = {
    "en": "Thanks{name}! I've passed your message to {owner}, who will get back to you.",
    "es": "¡Gracias{name}! Le pasé su mensaje a {owner}, quien le responderá pronto.",
}
PRICE_NOTE = {
    "en": "{owner} will go over pricing with you.",
    "es": "{owner} le dará el precio.",
}
AFTER_CLOSE = {
    "en": "Got it, I've passed that on to {owner}.",
    "es": "Entendido, se lo pasé a {owner}.",
}
FOLLOW_UP = {
    "en": "Just checking in - ",
    "es": "Solo para darle seguimiento: ",
}
TEAM = {"en": "the team", "es": "el equipo"}

# Shut-off help ("how do I stop the water until you get here?"), by hazard; "water" when none is known.
SHUT_OFF = {
    "en": {
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
    },
    "es": {
        "water": "Para parar el agua, cierre la llave principal: normalmente donde entra el agua a la casa (sotano, garaje o junto al "
                 "calentador). Girela a la derecha hasta que pare.",
        "water_electric": "No se pare en el agua. Desde un lugar seco apague el breaker de esa area (o el principal) y cierre la llave principal del agua.",
        "gas": "No busque la fuga usted mismo. Salga ahora y llame a la compañía de gas o al 911 desde afuera.",
        "electrical": "Si el panel está seco y es seguro, apague ese breaker o el principal. Si hay humo, salga y llame al 911.",
        "sewage": "No use agua (ni inodoro, ducha o lavadora) para que no se regrese más.",
        "frozen_pipes": "Ubique la llave principal del agua para cerrarla rápido si el tubo revienta al descongelarse.",
        "no_heat": "Revise que el termostato esté en calefacción y que el interruptor y el breaker del calentador estén prendidos.",
        "roof_open": "Retire sus cosas, ponga cubetas bajo las goteras y aléjese de un techo que se esté bajando. No se suba al techo.",
    },
}

# Answers to the caller's questions (reading.questions). Facts the owner has not filled get an honest
# hand-off to the owner; nothing here promises a price or an arrival time.
ANSWERS = {
    "en": {
        "price": "{owner} will go over pricing with you.",
        "price_fee": "The service call is {fee}; {owner} will go over the rest of the pricing with you.",
        "free_estimate_yes": "Yes, estimates are free.",
        "free_estimate_no": "{owner} will explain how our estimates work and what they cost.",
        "free_estimate": "{owner} will let you know about estimates.",
        "licensed_yes": "Yes, we're licensed and insured.",
        "licensed": "{owner} can send you our license and insurance details.",
        "today": "I can't promise a time, but I'm passing this to {owner} right now so you'll hear how soon someone can come.",
        "today_closed": "We're closed right now, so I can't promise today, but {owner} will see this first thing.",
        "service_area": "{owner} will confirm that you're in our service area.",
        "service_area_known": "We work in {area}; {owner} will confirm your address is covered.",
        "hours": "Our hours are {hours}.",
        "hours_unknown": "{owner} will confirm our hours with you.",
    },
    "es": {
        "price": "{owner} le dará el precio.",
        "price_fee": "La visita cuesta {fee}; {owner} le explicará el resto del precio.",
        "free_estimate_yes": "Sí, las cotizaciones son gratis.",
        "free_estimate_no": "{owner} le explicará cómo funcionan nuestras cotizaciones y su costo.",
        "free_estimate": "{owner} le informará sobre las cotizaciones.",
        "licensed_yes": "Sí, tenemos licencia y seguro.",
        "licensed": "{owner} le puede enviar los datos de nuestra licencia y seguro.",
        "today": "No le puedo prometer una hora, pero le paso esto a {owner} ahora mismo para que le diga cuándo pueden ir.",
        "today_closed": "Ahora estamos cerrados y no le puedo prometer hoy, pero {owner} lo verá a primera hora.",
        "service_area": "{owner} le confirmará si estamos en su área.",
        "service_area_known": "Trabajamos en {area}; {owner} le confirmará si cubrimos su dirección.",
        "hours": "Nuestro horario es {hours}.",
        "hours_unknown": "{owner} le confirmará nuestro horario.",
    },
}
DAY_NAMES = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "es": ("lun", "mar", "mie", "jue", "vie", "sab", "dom")}
