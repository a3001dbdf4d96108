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
        "need": {"": "En que le podemos ayudar?"},
        "location": {"": "Cual es la direccion donde necesita el trabajo?"},
        "timeline": {"quote": "Para cuando le gustaria tenerlo hecho?", "": "Para cuando necesita que alguien vaya?"},
        "name": {"": "Y cual es su nombre?"},
    },
}

ACK = {
    "en": {"plain": "Got it{name}.", "thanks": "Thanks{name}!", "sorry": "Sorry to hear that{name}."},
    "es": {"plain": "Entendido{name}.", "thanks": "Gracias{name}!", "sorry": "Lamento escuchar eso{name}."},
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
    "es": "Gracias{name}! {owner} le enviara un mensaje pronto para coordinar una hora.",
    "es_after_hours": "Gracias{name}! {owner} le contactara cuando abra la oficina.",
    "es_emergency": "Gracias{name}! {owner} tiene sus datos y le contactara lo antes posible.",
}

EMERGENCY_ACK = {
    "en": "I've alerted {owner} right away.",
    "es": "Ya le avise a {owner} de inmediato.",
}

# Safety lines where life may be at risk (and the one thing that limits water damage).
SAFETY = {
    "en": {
        "gas": "Please leave the building now and call 911 or the gas company from outside.",
        "co": "Please get everyone out into fresh air now and call 911.",
        "electrical": "Keep away from it and switch off the breaker only if it's safe. Call 911 if there is smoke or fire.",
        "live_wire": "Stay far away from the wire and call the utility company (911 if anyone is hurt or there is fire).",
        "water": "If you can, shut off the main water valve.",
        "roof_open": "Please stay out of the affected room and away from wet ceilings.",
        "no_heat": "",
        "no_cooling": "Please keep everyone cool and call 911 if anyone feels ill from the heat.",
    },
    "es": {
        "gas": "Salga de la casa ahora y llame al 911 o a la compania de gas desde afuera.",
        "co": "Salga de la casa al aire libre ahora y llame al 911.",
        "electrical": "No se acerque y apague el breaker solo si es seguro. Llame al 911 si hay humo o fuego.",
        "live_wire": "No se acerque al cable y llame a la compania de luz (al 911 si hay heridos o fuego).",
        "water": "Si puede, cierre la llave principal del agua.",
        "roof_open": "Por favor no se quede en el cuarto afectado.",
        "no_heat": "",
        "no_cooling": "Mantenga a todos frescos y llame al 911 si alguien se siente mal por el calor.",
    },
}

WHO = {
    "en": "This is {business}'s automated assistant - you called us a moment ago.",
    "es": "Es el asistente automatico de {business} - usted nos llamo hace un momento.",
}

HELP = {
    "en": "{business}: automated assistant for your call. Msg & data rates may apply. Reply STOP to opt out.",
    "es": "{business}: asistente automatico de su llamada. Pueden aplicar tarifas de mensajes y datos. "
          "Responda STOP para no recibir mas mensajes.",
}

OPTED_OUT = {
    "en": "You're unsubscribed from {business} texts. No more messages will be sent.",
    "es": "Listo, ya no recibira mas mensajes de {business}.",
}
OPTED_IN = {
    "en": "You're resubscribed to {business} texts. Reply STOP to opt out.",
    "es": "Ha vuelto a suscribirse a los mensajes de {business}. Responda STOP para no recibir mas.",
}
WRONG_NUMBER = {
    "en": "Sorry about that! We won't text you again.",
    "es": "Disculpe la molestia! No le escribiremos mas.",
}
NOT_INTERESTED = {
    "en": "No problem, thanks for letting us know!",
    "es": "No hay problema, gracias por avisarnos!",
}
EXISTING_CUSTOMER = {
    "en": "Thanks{name}! I've passed your message to {owner}, who will get back to you.",
    "es": "Gracias{name}! Le pase su mensaje a {owner}, quien le respondera pronto.",
}
PRICE_NOTE = {
    "en": "{owner} will go over pricing with you.",
    "es": "{owner} le dara el precio.",
}
AFTER_CLOSE = {
    "en": "Got it, I've passed that on to {owner}.",
    "es": "Entendido, se lo pase a {owner}.",
}
FOLLOW_UP = {
    "en": "Just checking in - ",
    "es": "Solo para darle seguimiento - ",
}
TEAM = {"en": "the team", "es": "el equipo"}
