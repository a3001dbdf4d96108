"""Brazilian Portuguese: the words the assistant reads and the texts it sends in Portuguese (see
languages/__init__.py; en.py has the same names). Patterns are over folded text: no accents, lower
case ("nao", "orcamento", "amanha"). Texted Portuguese drops accents and shortens words ("vc", "vcs",
"pra", "ta", "obg"): the patterns take both.

Replies are written as a Brazilian writes them (você, a gente, "Qual é o endereço?") and sent through
to_gsm7, which keeps é and à (GSM-7) and writes ã õ ç â ê ô á í ó ú as plain letters
(docs/decisions.md, "Portuguese within GSM-7").
"""
CODE = "pt"
NAME = "Portuguese"

# --- compliance --------------------------------------------------------------------------
# US carriers answer only the English keywords (STOP...); PARE and SAIR, the ones Brazilian senders
# print, textback confirms itself, once, in Portuguese.
OPT_OUT_KEYWORDS = ("pare", "sair", "descadastrar", "cancelar mensagens")
OPT_IN_KEYWORDS = ("sim", "voltar")
HELP_KEYWORDS = ("ajuda",)
CARRIER_ANSWERS_KEYWORDS = False

OPT_OUT_PHRASES = (
    r"\bpar[ae] de (me )?(mandar|enviar|escrever|mand|mensag)\w*",
    r"\bnao (me )?(mande|manda|mandem|envie|enviem|escreva|escrevam) mais\b",
    r"\bnao quero (mais )?receber\b", r"\bnao quero mais (mensage\w*|sms|textos?|nada)\b",
    r"\bnao quero mais\s*([,.!-]|$)",  # "não quero mais, ..." said to us: no more of this
    r"\b(me )?(tira|tire|tirem|remova|removam|exclua|apague|apaguem) (o )?meu (numero|contato)\b",
    r"\bme (tira|tire|tirem|remova|removam) da (sua |de sua )?lista\b", r"\bchega de mensage\w*", r"\bdescadastr\w*",
)

# --- who is on the other end ------------------------------------------------------------
WRONG_NUMBER_CUES = (r"\bnumero errado\b", r"\bfoi engano\b", r"\bpor engano\b", r"\bliguei (errado|sem querer)\b",
                     r"\bnao liguei (pra|para) (voces|vcs|ninguem|esse numero)\b", r"\bnumero (esta |ta )?errado\b")
EXISTING_CUSTOMER_CUES = (r"\b(voces|vcs) (vieram|estiveram|fizeram|instalaram|consertaram|trocaram|arrumaram)\b",
                          r"\b(meu|o) (agendamento|horario marcado)\b", r"\b(remarcar|reagendar|desmarcar)\b", r"\bminha fatura\b",
                          r"\b(o|seu) (tecnico|funcionario|rapaz) (de voces |de vcs )?(veio|esteve|deixou)\b")
NOT_INTERESTED_CUES = (r"\bdeixa (pra|para) la\b", r"\bja (resolvi|resolvemos|consegui|conseguimos|achei|encontrei|contratei)\b",
                       r"\bnao (preciso|precisamos) mais\b", r"\bnao tenho (mais )?interesse\b",
                       r"\b(ja )?(conseguiu|conseguiram|consertou|arrumou|resolveu) (arrumar|consertar|resolver)\b")
NONLEADS = {"job_seeker": r"\b(voces|vcs) estao contratando\b|\bprocurando (emprego|trabalho)\b|\bmeu curriculo\b"}
WHO_IS_THIS = (r"\bquem (e|fala|esta falando|ta falando)\b", r"\bcom quem (eu )?falo\b", r"\be (um )?robo\b")
DONT_KNOW = (r"^nao sei\b", r"^sei la\b", r"^prefiro nao\b", r"^nao tenho certeza\b")
DO_YOU_DO = (r"\b(?:voces|vcs|voce|vc) (?:fazem|faz|consertam|instalam|mexem com|trabalham com|mudam)",)
FAQ_STOP_WORDS = ("que", "para", "por", "com", "dos", "das", "voces", "vcs", "voce", "tem", "fazem", "como",
                  "quanto", "quando", "onde", "qual", "pode", "podem", "oferecem", "preciso", "quero", "uma", "gente")
HOLIDAYS = {"christmas": r"natal", "new_year": r"ano novo|reveillon", "thanksgiving": r"(dia de )?acao de gracas",
            "easter": r"pascoa"}
GREETING_ONLY = (r"^(oi|ola|opa|bom dia|boa tarde|boa noite|obrigad[oa]|obg|valeu|sim|beleza|blz|tudo bem|oi tudo bem)[\s!.,?]*$",
                 r"^((tipo|entao|ne|hum+|eh|ahn)[\s!.,?]*)+$")  # fillers: never a name, a town or a time
CORRECTION = (r"^(desculpa|desculpe|perdao|espera|opa|ops|corrigindo|me enganei)\b", r"\bquis dizer\b", r"\bna verdade (e|fica)\b")
RETRACTED = (r"^(desculpa|desculpe|perdao|espera|opa|ops|corrigindo|me enganei)\b[\s,.!-]*", r"\bquis dizer\b",
             r"[,\s]*\bnao (na |no |em )?[a-z0-9']+[.!]?$")
OTHER_PROPERTY = (r"\b(casa|apartamento|apto) d[ao] (minha|meu) (mae|pai|avo|irma|irmao|filha|filho|tia|tio|sogra)\b",
                  r"\boutr[oa] (endereco|casa)\b")
GREETINGS = ("oi", "ol[aá]", "opa")  # "Oi Carlos" greets the owner: not the caller's name
NAME_INTROS = (r"sou [oa]\s", "me chamo", "meu nome [eé]", r"aqui [eé] [oa]\s", "sou")  # regexes over the text as written, longest first
POLITE = ("por favor", "obrigado", "obrigada", "obg", "valeu")
LINK_WORDS = ("em", "no", "na", "o", "a", "meu", "minha", "e", "de", "do", "da")

# --- needs -------------------------------------------------------------------------------
NEED_WORDS = (
    "vazamento", "vazando", "cano", "canos", "encanamento", "pia", "torneira", "privada", "vaso", "vaso sanitario",
    "descarga", "ralo", "entupido", "entupida", "entupiu", "esgoto", "chuveiro", "aquecedor", "aquecimento", "caldeira",
    "tomada", "tomadas", "disjuntor", "fiacao", "fio", "fios", "quadro de luz", "lampada", "ventilador de teto",
    "ar condicionado", "telhado", "teto", "goteira", "calha", "calhas", "janela", "janelas", "porta", "portao", "garagem",
    "piso", "azulejo", "banheiro", "cozinha", "parede", "pintar", "pintura", "reforma", "deck", "cerca", "calcada",
    "concreto", "quintal", "grama", "jardim", "arvore", "cupim", "barata", "ratos", "formigas", "maquina de lavar",
    "secadora", "geladeira", "fogao", "forno", "lava-louca", "bomba", "poco", "fossa", "carpete", "tapete", "sofa",
    "fechadura", "chave", "chaves", "isolamento", "sotao", "porao", "orcamento", "instalar", "consertar", "trocar",
    "arrumar", "reformar", "limpar", "limpeza", "conserto", "quebrado", "quebrada", "quebrou", "parou", "nao funciona",
)
GENERIC_NEED_WORDS = ("orcamento", "instalar", "consertar", "trocar", "arrumar", "reformar", "conserto", "quebrado",
                      "quebrada", "quebrou", "parou", "nao funciona")
# Over the text as written (accents and all): "ol[aá]".
NEED_LEADING_FILLER = (
    r"^(oi|ol[aá]|opa|bom dia|boa tarde|boa noite)\s+[a-z]+\s*[,!.:-]+(?=\s)",  # "Oi Carlos, ..." greets the owner
    r"^(oi|ol[aá]|opa|bom dia|boa tarde|boa noite|tudo bem|tudo bom|socorro)\b[\s,!.:?-]*",
    r"^(eu )?(queria|quero|gostaria de|preciso de|preciso|t[oô] precisando de|estou precisando de)\s+(um |uma |de )?",
)

# --- timelines (pattern, days ahead; None: no date) ----------------------------------------
_MONTHS = "janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro"
TIMELINE = (
    (r"\b(hoje|agora|urgente|o (mais )?(rapido|cedo) possivel|o quanto antes|quanto antes|(esta|essa|nesta|nessa) (manha|tarde|noite))\b", 0),
    (r"\b(amanha)\b", 1),
    (r"\b((na|nessa|nesta|proxima|essa|esta) )?(segunda|terca|quarta|quinta|sexta)( |-)?feira\b"
     r"|\b(na|nessa|nesta|proxima) (segunda|terca|quarta|quinta|sexta)\b|\b(no|nesse|neste|proximo|esse|este) (sabado|domingo)\b"
     r"|\b(sabado|domingo)\b|\b(esta|essa|nesta|nessa) semana\b|\b(fim|final) de semana\b|\bdaqui a (uns )?(dois|tres|2|3) dias\b", 5),
    (r"\b(semana que vem|proxima semana|semana seguinte)\b", 10),
    (r"\b(daqui a |em )?(duas|2) semanas\b", 14),
    (r"\b(mes que vem|proximo mes|(la )?(pra|para|em|ate|no (comeco|inicio|fim|final) de) (" + _MONTHS + r"))\b"
     r"|\b(na |nessa |no )?(primavera|verao|outono|inverno)\b", 60),
    (r"\b(sem pressa|nao (tem|ha|e) pressa|nao e urgente|quando (voce|vc|voces|vcs) (puder|puderem)|quando der|qualquer dia|"
     r"so (um |o )?orcamento|so quero (saber )?(o )?(preco|valor|orcamento))\b", None),
)
QUOTE_WORDS = (r"\borcamento\b", r"\bquanto (custa|cobra|cobram|sai|fica)\b", r"\b(preco|valor)\b")
TIMELINE_TRAILING = ("se (der|puder|possivel)", "ta bom", "pode ser", "seria (bom|otimo|melhor)", "por favor")

# --- names -------------------------------------------------------------------------------
NAME_PATTERNS = (
    (r"\b(?:meu nome (?:é|e)|me chamo|(?:eu )?sou (?:o |a )?|aqui (?:é|e) (?:o |a )?|quem fala (?:é|e) (?:o |a )?)"
     r"\s*(?P<n>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,2})", False),
)
HONORIFICS = ("sr", "sra", "dona", "seu")
NAME_PARTICLES = ("da", "de", "do", "dos", "das", "e")  # inside a full name ("Maria da Conceição")
NAME_STOP_WORDS = frozenset("""
o a os as e de da do dos das em no na nos nas com para pra por que um uma meu minha seu sua aqui casa ta to esta estou
oi ola obrigado obrigada fica moro mora na preciso quero tenho muito eu ele ela cliente morador moradora proprietario
proprietaria novo nova daqui
""".split())
# Common Brazilian first names that the name list (gender-guesser) lacks.
FIRST_NAMES = """
thiago tiago wellington cleiton kleber gleice gleici thais thalita kaique caique weslley wesley jefferson anderson
everton edson gilson nilson cristiano leandro luciano rogerio josiane rosangela rosemeire cleide neide suelen sueli
lucimara marcia valeria vanessa jaqueline jessica talita tainara raissa maiara ketlyn kauan kaua enzo davi heitor
""".split()

# --- locations ---------------------------------------------------------------------------
# Words that are never a town, even capitalised (vocab.NOT_A_PLACE).
NOT_A_PLACE = ("nome", "oi", "ola", "obrigado", "obrigada", "bom", "boa", "sim", "nao", "casa", "agora", "hoje", "amanha", "semana")
LOCATION_LEADING_FILLER = (
    r"^(sim|claro|isso)\b[\s,!.:-]*",
    r"^(o )?endere(c|ç)o (e |é )?:?\s*",
    r"^(eu )?(moro|moramos|fica|e|é|a casa fica|estou|estamos|to|tô)\s*(em|na|no|perto de|perto do|perto da)?\s+",
    r"^(em|na|no)\s+",
)

# --- language detection: words only a Portuguese writer uses (accent-free) -------------------
MARKERS = frozenset("""
nao voce vc vcs voces obrigado obrigada obg preciso precisamos precisando tenho temos estou meu minha meus minhas seu
oi ola bom boa noite amanha hoje agora ontem quero gostaria pode podem consegue conseguem vazamento vazando cano
estourou pia banheiro cozinha chuveiro privada torneira ralo entupido entupiu aquecedor aquecimento tomada fio fios
disjuntor telhado teto calha calhas goteira janela janelas porta quintal grama arvore orcamento preco quanto custa
cobram endereco moro moramos nome chamo sou muito mais tambem sim isso pra uma ajuda socorro pressa quando onde
cheiro faisca fumaca queimado esgoto porao molhado molhou encanador eletricista fazer faz fazendo trocar consertar
arrumar conserto servico gratuito licenca atendem regiao tudo bem beleza valeu desculpa engano errado geladeira
fogao maquina lavar parou obrigadao tranquei dentro chave cupim estao mensagem mensagens quem voce
casa agua estamos esta por favor semana urgente pintar pintura instalar reparar luz abril agosto pronto
""".split())  # the last line Spanish writes too: they make a text Portuguese or Spanish, not which
ACCENTS = "ãõçâêôà"  # letters Spanish does not have

# --- the caller's questions to us (reading.questions_in) --------------------------------------
QUESTIONS = {
    "shut_off": r"\bcomo (eu )?(fecho|desligo|corto|paro|fecha|desliga)\b|\bonde (fica|e|esta) o registro\b|\bo que (eu )?(faco|fazemos|faço)\b",
    "free_estimate": r"\b(orcamento|visita|avaliacao) (e |eh |sai |fica )?(gratis|gratuit[oa]|de graca)\b|\bcobram? (pela|a|para|pra) "
                     r"(visita|orcamento|avaliacao)\b|\btaxa de visita\b",
    "price": r"\bquanto (\w+ )?(custa|cobra|cobram|sai|fica|seria)\b|\b(preco|precos|valor|valores)\b",
    "payment": r"\bfinanciamento\b|\bparcel(a|as|am|ar|ado|ada|amento)\b|\baceita(m)? cart(ao|oes)\b|\bpagar em (\d+ )?(vezes|parcelas)\b",
    "licensed": r"\b(licenciad[oa]s?|licenca|tem seguro|tem licenca|segurad[oa]s?)\b",
    "today": r"\b(pode|podem|consegue|conseguem|da pra|daria pra) (\w+ ){0,3}(hoje|agora)\b|\bhoje\?|\bquando (podem|pode|conseguem|consegue) vir\b",
    "service_area": r"\b(voces|vcs|voce|vc) (atendem|atende|trabalham|trabalha|vao|vem) (em|na|no|a|ate|pra|para)\b"
                    r"(?! (sabado|sabados|domingo|domingos|fim de semana|feriado))|\barea de atendimento\b"
                    r"|\bque regiao\b|\batendem (\w+ ){0,3}regiao\b",
    "hours": r"\b(que horas|quando) (voces |vcs )?(abrem|fecham)\b|\bhorario de (atendimento|funcionamento)\b"
             r"|\b(abrem|funcionam|trabalham) (no |aos |de )?(sabado|sabados|domingo|domingos|fim de semana)\b",
}
ASKS_A_PRICE = (r"\bquanto\b|\b(preco|precos|valor)\b",)
NAMES_AN_ESTIMATE = (r"\b(gratis|gratuit[oa]|de graca|orcamentos?|avaliacao)\b",)

# --- hazards (hazards.py): concept words, and the grammar around them ------------------------
HAZARD_WORDS = {
    "flooding": (r"alag\w*", r"inund\w*", r"enchente", r"agua (por todo lado|pra todo lado|em todo lugar|por toda parte)",
                 r"(ta|esta) (tudo )?cheio de agua"),
    "water": (r"vaz\w*", r"pingando", r"goteira", r"goteiras", r"jorrando", r"esguichando", r"(saindo|entrando|caindo|descendo|subindo) "
              r"(\w+ )?agua", r"agua (\w+ )?(saindo|entrando|caindo|descendo|subindo|escorrendo|pingando)", r"entrou agua",
              r"molh(ou|ando|ado) (o |a |tudo|todo)"),
    "water_strong": (r"sem parar", r"nao para", r"muita agua", r"(molhou|molhando) (o |a )?(chao|piso|casa|tudo)( \w+)?", r"por todo lado",
                     r"pra todo lado", r"ta subindo", r"esta subindo", r"so piora", r"aumentando"),
    "water_in_ceiling": (r"(do|pelo|no) teto", r"(do|pelo) lustre", r"teto (\w+ ){0,2}(pingando|vazando|molhado|estufado|caindo)"),
    "burst_pipe": (r"(cano|canos|tubulacao|encanamento|mangueira|aquecedor)s? (\w+ ){0,3}(estourou|estourado|rompeu|rompido|arrebentou|furou|explodiu)",
                   r"(estourou|rompeu|arrebentou|furou) (\w+ ){0,2}(o |um )?(cano|tubulacao|encanamento|mangueira)"),
    "electric_thing": (r"tomadas?", r"disjuntor\w*", r"quadro (de luz|de energia|eletrico)", r"fios?", r"fiacao", r"interruptor\w*",
                       r"lampadas?", r"lustre", r"eletric\w*", r"relogio de luz", ),
    "electric_sign": (r"faisc\w*", r"esquent\w*", r"quente", r"derret\w*", r"queimad\w*", r"fumaca",
                      r"soltando fumaca", r"chiando", r"estalando", r"zumbido"),
    "burning_smell": (r"cheiro (de |forte de )?queimad\w*", r"cheirando a queimad\w*", r"faiscando"),
    "gas": (r"cheiro (\w+ ){0,3}(de )?gas", r"cheirando (\w+ ){0,2}gas", r"vazamento de gas", r"gas vazando", r"fedendo a gas",
            r"cheiro de ovo podre"),
    "co_alarm": (r"(alarme|detector) de (monoxido|co)\w*", r"monoxido"),
    "fire": (r"fogo", r"incendio", r"pegou fogo", r"pegando fogo", r"chamas?", r"labareda"),
    "sewage": (r"esgoto (\w+ ){0,5}(voltando|volta|subindo|transbordando|saindo|vazando|retornando|entrando)",
               r"(voltando|subindo|transbordando|saindo) (\w+ ){0,3}esgoto", r"fossa (\w+ ){0,3}(transbordando|voltando|cheia)"),
    "tree_on_structure": (r"(arvore|galho|galhos|tronco) (\w+ ){0,5}(caiu|cairam|despencou|tombou) (\w+ ){0,3}(em cima d\w+|sobre|no|na|em) "
                          r"(\w+ ){0,3}(telhado|casa|garagem|quarto|carro|varanda)",
                          r"(caiu|cairam|despencou|tombou) (uma |um )?(arvore|galho|tronco) (\w+ ){0,3}(em cima d\w+|sobre|no|na) "
                          r"(\w+ ){0,3}(telhado|casa|garagem|quarto|varanda)"),
    "structure": (r"telhado", r"casa", r"teto", r"quarto", r"garagem", r"janela", r"varanda", r"cozinha"),
    "line_down": (r"fios? (\w+ ){0,3}(caid\w*|caiu|arrebentad\w*|no chao|solt\w* faisca|pendurad\w*)",
                  r"poste (\w+ ){0,2}(caiu|caido)", r"(caiu|cairam) (\w+ ){0,2}fios?"),
    "roof_hole": (r"buraco no (telhado|teto)", r"(telhado|telhas) (\w+ ){0,3}(voou|voaram|arrancad\w*|desabou|caiu)"),
    "rain_now": (r"chuva\w*", r"chove\w*", r"chovendo", r"tempestade", r"temporal"),
    "raining_now": (r"(ta|esta|estava) chovendo", r"chuva forte", r"com a chuva", r"temporal", r"tempestade"),
    "roof_collapse": (r"teto (\w+ ){0,2}(desabou|caiu|cedendo|caindo|rachando)", r"(chuva|agua) (\w+ ){0,2}entrando (pelo|no) (telhado|teto)",
                      r"chovendo dentro"),
    "heat_loss": (r"sem (aquecimento|aquecedor|calefacao|heat)", r"(aquecimento|aquecedor|caldeira|fornalha|calefacao) (\w+ ){0,3}"
                  r"(parou|nao (funciona|liga|esquenta|acende)|quebrou|desligou|morreu|pifou)", r"(casa|apartamento) (ta|esta) (gelad\w*|congelando|muito fria)",
                  r"(ta|esta) (um )?gelo (aqui|dentro)"),
    "freezing": (r"congel\w*", r"abaixo de zero", r"nevasca", r"neve", r"nevando", r"muito frio", r"frio (de rachar|demais)"),
    "vulnerable": (r"bebe", r"nenem", r"recem nascid\w*", r"crianc\w*", r"filh(o|a|os|as) pequen\w*", r"(filh|net|menin)\w* de [1-6] anos?",
                   r"(bebe|nenem|filh\w*) de \d{1,2} mes(es)?", r"idos(o|a|os|as)", r"vovo", r"avos?", r"gravida", r"doente", r"acamad\w*",
                   r"cadeira de rodas", r"oxigenio", r"(mae|pai) (de |com )?(8|9)\d anos"),
    "pet": (r"cachorr\w*", r"gat(o|a|inho|inha)", r"cachorrinho", r"bicho de estimacao", r"pet"),
    "stinging_insects": (r"abelhas", r"vespas", r"marimbondos?", r"colmeia", r"enxame"),
    "allergic": (r"alergic\w*", r"alergia"),
    "cooling_loss": (r"sem ar( condicionado)?", r"ar( condicionado)? (\w+ ){0,3}(parou|nao (funciona|gela|liga)|quebrou|pifou|soprando quente)"),
    "extreme_heat": (r"onda de calor", r"calor (extremo|insuportavel|absurdo)", r"(muito|super) quente (aqui|dentro|em casa)"),
    "heat_felt": (r"calor", r"quente", r"graus"),
    "locked_out": (r"tran(c|qu)\w* (\w+ ){0,6}(dentro|pra fora|para fora)", r"(preso|presa|presos) (dentro|no carro|em casa)",
                   r"chaves? (ficou|ficaram|esta|ta) (\w+ ){0,2}dentro", r"fiquei (trancad\w* )?(pra|para) fora"),
    "frozen_pipes": (r"(cano|canos|encanamento|tubulacao)s? (\w+ ){0,2}congelad\w*",),
}
# Words the speller corrects towards (hazards.LEXICON).
LEXICON = """
vazamento vazando estourou estourar estoure encanamento alagado alagando inundando goteira pingando tomada disjuntor fiacao faisca
faiscando fumaca queimado cheiro cheirando incendio esgoto voltando transbordando arvore telhado aquecimento aquecedor
congelando congelado crianca criancas idoso idosa gravida doente cachorro trancado trancada chovendo tempestade
""".split()
NEGATIONS = ("nao", "nem", "nunca", "nenhum", "nenhuma", "ja nao", "sem")  # before a concept: it is not happening
MODALS = ("pode", "podem", "poderia", "vai", "vao")  # "o cano pode estourar": not now
HYPOTHETICAL = ("medo", r"preocupad\w*", "prevenir", "evitar", "antes que", "caso", "um dia")
NOW_DENIED = ("ja nao", "nao mais")  # "já não tem cheiro": the sense is taken back
DENIED_ALONE = ("ja nao",)
BUT = ("mas", "porem")  # splits clauses
DEGREES = ("graus",)
# Spellings of one sound (ç typed ss, ch typed x, s typed z): a word that becomes a lexicon word with one is it.
SOUNDS_ALIKE = (("ss", "c"), ("x", "ch"), ("z", "s"), ("s", "z"))
PAST = (r"(ano|mes) passado", r"(faz|ha) (anos|meses)", r"(ja )?(foi|ficou) (consertad\w*|arrumad\w*|resolvid\w*)", r"mancha\w*")
OUTDOORS = ("quintal", "jardim", "gramado", "la fora", "rua", "calcada", "entrada da garagem", "piscina")
INDOORS = ("casa", "dentro", "porao", "chao", "piso", "teto", "quarto", "cozinha", "banheiro", "sala", "garagem", "parede", "apartamento")
SORRY_CUES = (r"vaz\w*|estour\w*|quebr\w*|entup\w*|parou|nao (funciona|liga|desce|gela|esquenta)|pingando|goteira",)
SHUT_OFF_WORDS = {"gas": r"gas", "electrical": r"luz|energia|disjuntor|tomada"}
SINCE = ("desde", r"come[cç]ou", "faz")  # "desde ontem": when it began, not when they want someone

# --- what the assistant says (replies.py) --------------------------------------------------
ASK = {
    "need": {"": "Em que a gente pode te ajudar?"},
    "location": {"": "Qual é o endereço do serviço?"},
    "timeline": {"quote": "Pra quando você gostaria de ter o serviço feito?", "": "Pra quando você precisa que alguém vá até aí?"},
    "name": {"": "E qual é o seu nome?"},
}
ACK = {"plain": ("Entendi{name}.", "Certo, obrigado{name}.", "Perfeito{name}.", "Beleza, obrigado{name}."),
       "thanks": ("Obrigado{name}!", "Prazer{name}!", "Muito obrigado{name}!"),
       "sorry": ("Que chato{name}, sinto muito.", "Poxa, sinto muito{name}.", "Nossa, que situação{name}."),
       "sorry_topic": ("Poxa, sinto muito pelo {topic}{name}.", "Que chato esse {topic}{name}.", "Sinto muito pelo {topic}{name}."),
       "corrected": ("Sem problema, já atualizei{name}.", "Obrigado pela correção{name}.", "Certo, já mudei{name}."),
       "moved": ("Sem problema{name}.", "Tranquilo, sem problema{name}.")}
# What a problem is called in "Sinto muito pelo vazamento" (a masculine noun, for "pelo"/"esse").
TOPICS = (("vazamento", "vazamento"), ("vazando", "vazamento"), ("entupiu", "entupimento"), ("entupido", "entupimento"),
          ("cano", "cano"), ("aquecedor", "aquecedor"), ("telhado", "telhado"), ("chuveiro", "chuveiro"), ("ralo", "ralo"),
          ("disjuntor", "disjuntor"), ("portao", "portão"), ("ar condicionado", "ar-condicionado"))
ASK_AGAIN = {"need": "Você pode me contar um pouco mais sobre o serviço?", "location": "Desculpa, qual é o endereço (ou a cidade) do serviço?",
             "timeline": "E mais ou menos pra quando você precisa?", "name": "Desculpa, não entendi seu nome. Como você se chama?"}
CLOSE = {
    "": "Obrigado{name}! {owner} vai te mandar uma mensagem logo pra combinar um horário.",
    "after_hours": "Obrigado{name}! {owner} vai te responder assim que o escritório abrir.",
    "emergency": "Obrigado{name}! {owner} já tem seus dados e vai entrar em contato o quanto antes.",
}
EMERGENCY_TIMELINE = "agora (emergência)"
EMERGENCY_ACK = "Já avisei {owner} agora mesmo."
# Each includes what to do now; 911 where a life may be at risk.
SAFETY = {
    "gas": "Saia de casa agora e ligue para o 911 ou para a companhia de gás lá de fora.",
    "co": "Tire todo mundo de casa para o ar livre agora e ligue para o 911.",
    "electrical": "Fique longe e desligue o disjuntor só se for seguro. Se tiver fumaça ou fogo, ligue para o 911.",
    "live_wire": "Fique bem longe do fio e ligue para a companhia de energia (ou para o 911 se alguém se machucou ou tem fogo).",
    "water": "Se puder, feche o registro geral da água. Se a água chegar perto de tomadas ou fios, saia de perto e ligue para o 911.",
    "roof_open": "Fique fora do cômodo atingido e longe de teto molhado ou cedendo; se o teto começar a cair, saia e ligue para o 911.",
    "no_heat": "Deixe todo mundo no cômodo mais quente, nunca use o forno ou churrasqueira para esquentar, e ligue para o 911 se alguém passar mal de frio.",
    "no_cooling": "Mantenha todo mundo fresco e ligue para o 911 se alguém passar mal com o calor.",
    "fire": "Saiam todos agora e liguem para o 911 lá de fora. Não voltem para dentro.",
    "water_electric": "Fique longe da água e não encoste em interruptores ou tomadas perto dela. Desligue o disjuntor só de um lugar seco; em perigo, ligue para o 911.",
    "sewage": "Pare de usar água e de dar descarga até resolver, e mantenha crianças e animais longe.",
    "tree_on_house": "Fique fora da parte danificada da casa e longe de qualquer fio que tenha caído junto (se tiver, ligue para o 911).",
    "frozen_pipes": "Abra um pouco a torneira e esquente o cano com secador de cabelo, nunca com fogo. Veja onde fica o registro geral caso ele estoure.",
    "lockout": "Se a criança ou o animal estiver em perigo por calor ou frio, ligue para o 911 agora: eles conseguem abrir mais rápido.",
    "stings": "Mantenha todos, principalmente quem tem alergia, fora desse cômodo com a porta fechada, e ligue para o 911 se alguém for picado e tiver falta de ar.",
}
WHO = "Aqui é o assistente automático da {business}: você ligou pra gente agora há pouco."
HELP = "{business}: assistente automático da sua ligação. Podem ser cobradas tarifas de mensagem e dados. Responda STOP para não receber mais."
OPTED_OUT = "Pronto, você não vai receber mais mensagens da {business}."
OPTED_IN = "Você voltou a receber mensagens da {business}. Responda STOP para sair."
WRONG_NUMBER = "Desculpa o incômodo! Não vamos mais te mandar mensagem."
NOT_INTERESTED = "Sem problema, obrigado por avisar!"
EXISTING_CUSTOMER = "Obrigado{name}! Passei sua mensagem para {owner}, que vai te responder."
PRICE_NOTE = "{owner} vai conversar com você sobre o preço."
AFTER_CLOSE = "Entendi, já passei isso para {owner}."
FOLLOW_UP = "Só passando pra saber: "
TEAM = "a equipe"
SHUT_OFF = {
    "water": "Pra parar a água, feche o registro geral: normalmente fica onde o cano entra na casa (porão, garagem ou perto do "
             "aquecedor). Gire no sentido horário até parar. Se a água chegar perto de tomadas ou fios, saia de perto e ligue para o 911.",
    "water_electric": "Não fique na água. De um lugar seco, desligue o disjuntor dessa área (ou o geral) e depois feche o registro geral da água.",
    "gas": "Não tente achar o vazamento. Saia agora e ligue para a companhia de gás ou para o 911 lá de fora; eles fecham o gás.",
    "electrical": "Se o quadro de luz estiver seco e for seguro, desligue esse disjuntor ou o geral. Se tiver fumaça, saia e ligue para o 911.",
    "sewage": "Pare de usar água (descarga, chuveiro, lava-louça e máquina de lavar) pra não voltar mais.",
    "frozen_pipes": "Veja onde fica o registro geral (onde o cano entra na casa) pra fechar rápido se o cano estourar ao descongelar.",
    "no_heat": "Confira se o termostato está no aquecimento e se o interruptor e o disjuntor do aquecedor estão ligados.",
    "roof_open": "Tire as coisas do lugar, coloque baldes embaixo das goteiras e fique longe de teto cedendo. Não suba no telhado.",
}
# {owner} without an article: written Portuguese does without it before a name, and TEAM ("a equipe") brings its own.
ANSWERS = {
    "price": "{owner} vai conversar com você sobre o preço.",
    "price_fee": "A visita custa {fee}; {owner} te passa o resto do valor.",
    "payment": "{owner} vai explicar as formas de pagamento e financiamento.",
    "free_estimate_yes": "Sim, o orçamento é grátis.",
    "free_estimate_no": "{owner} vai te explicar como funciona o nosso orçamento e quanto custa.",
    "free_estimate": "{owner} vai te falar sobre o orçamento.",
    "licensed_yes": "Sim, somos licenciados e temos seguro.",
    "licensed": "{owner} pode te mandar os dados da nossa licença e do seguro.",
    "today": "Não consigo prometer um horário pra hoje, mas já estou passando isso para {owner} agora mesmo, pra você saber logo quando alguém pode ir.",
    "today_closed": "Estamos fechados agora, então não consigo prometer hoje, mas {owner} vai ver isso logo cedo.",
    "service_area": "{owner} vai confirmar se a gente atende a sua região.",
    "scope": "{owner} vai confirmar se a gente pode cuidar de {what}.",
    "service_area_known": "A gente atende {area}; {owner} vai confirmar se o seu endereço está na área.",
    "hours": "Nosso horário é {hours}.",
    "hours_unknown": "{owner} vai te confirmar o nosso horário.",
}
DAY_NAMES = ("seg", "ter", "qua", "qui", "sex", "sáb", "dom")
