"""Scores `textback simulate` output against the `expect` of its cases (the format of the evaluation
set: status, name, need_any, address_all, urgency, owner_alerted, reply_any, summary_all, ...), so
that `textback simulate --gate` can compare the AI model with the built-in assistant on the same
cases. Every check a case names counts once; `no_repeat` counts on every case."""
from __future__ import annotations

import re
import unicodedata

SAFETY_WORDS = ("911", "leave", "evacuat", "gas company", "utility", "shut off", "shutoff", "stay away", "salga", "llame")
NOT_NAMES = frozenset("i i'm im am is it its it's here this the my me and from with at on calling hi hey yes thanks thank "
                      "you please soy me llamo mi es".split())
SPANISH = frozenset("que de la el en los las por para su sus usted gracias como cual cuando donde nombre direccion hola se "
                    "llama necesita puede le lo un una muy bien si es esta estamos tiene mas pronto manana hoy ayuda casa "
                    "numero favor buenas dias tardes noches con sin del al".split())
ENGLISH = frozenset("the a an and to of in for your you is are we what when where name address can will with this that it "
                    "be at on thanks thank please help how soon".split())


def norm(text) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


def score(cases: list[dict], outputs: list[dict]) -> tuple[int, int]:
    """(checks passed, checks) over every case; a case without output fails all its checks."""
    by_id = {o.get("id"): o for o in outputs}
    passed = total = 0
    for case in cases:
        for ok in checks(case, by_id.get(case.get("id")) or {}):
            passed += bool(ok)
            total += 1
    return passed, total


def checks(case: dict, out: dict):
    exp, lead = case.get("expect") or {}, out.get("lead") or {}
    transcript = out.get("transcript") or []
    said = [t for t in transcript if t.get("role") == "assistant"]
    replies = " ".join(norm(t.get("text")) for t in said[1:])
    where = norm(" ".join(str(lead.get(f) or "") for f in ("address", "city", "postal_code")))
    owner = " ".join(norm(n.get("text")) for n in out.get("notifications") or [])
    stopped, after_stop = _after_opt_out(transcript)
    if "status" in exp:
        yield lead.get("status") == exp["status"]
    if "name" in exp:
        yield _name_ok(exp["name"], lead.get("name"))
    if "need_any" in exp:
        yield any(norm(k) in norm(lead.get("need")) for k in exp["need_any"])
    if "address_all" in exp:
        yield all(norm(k) in where for k in exp["address_all"])
    if "address_none" in exp:
        yield not any(norm(k) in where for k in exp["address_none"])
    if "urgency" in exp or "urgency_any" in exp:
        yield lead.get("urgency") in (exp.get("urgency_any") or [exp["urgency"]])
    for key in ("language", "after_hours"):
        if key in exp:
            yield lead.get(key) == exp[key]
    if exp.get("owner_alerted"):
        yield any(n.get("urgent") for n in out.get("notifications") or [])
    if exp.get("safety_message"):
        yield any(any(w in norm(t.get("text")) for w in SAFETY_WORDS) for t in said)
    if exp.get("no_text_after_stop"):
        yield stopped and after_stop <= 1
    if exp.get("not_opted_out"):
        yield not stopped and lead.get("status") != "opted_out"
    if exp.get("help_reply"):
        yield "stop" in replies
    if "reply_any" in exp:
        yield any(norm(k) in replies for k in exp["reply_any"])
    if "summary_all" in exp:
        yield all(norm(k) in owner for k in exp["summary_all"])
    yield not any(norm(a.get("text")) == norm(b.get("text")) for a, b in zip(said, said[1:]))
    if "reply_language" in exp:
        yield bool(said[1:]) and all(_looks_spanish(t.get("text")) for t in said[1:])


def _name_ok(gold, got) -> bool:
    """The gold name's words, and at most one more word that could be a name (a surname)."""
    if gold is None or not got:
        return gold is None and not got
    want, have = _tokens(gold), _tokens(got)
    extra = have - want
    return want <= have and len(extra) <= 1 and not extra & NOT_NAMES


def _tokens(text) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", norm(text)))


def _looks_spanish(text) -> bool:
    found = re.findall(r"[a-z]+", norm(text))
    return sum(w in SPANISH for w in found) > sum(w in ENGLISH for w in found)


def _after_opt_out(transcript) -> tuple[bool, int]:
    """Whether the caller opted out, and how many of our texts followed."""
    stopped, after = False, 0
    for turn in transcript:
        if turn.get("role") == "lead" and turn.get("opt_out"):
            stopped = True
        elif stopped and turn.get("role") == "assistant":
            after += 1
    return stopped, after
