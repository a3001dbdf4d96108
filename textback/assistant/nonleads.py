"""Callers who are not new leads, by what they mean: a solicitor pitches something TO the business
(an offer + a pitch, a fake "verify your listing", a job seeker), a wrong number says they did not
mean to reach us, an existing customer talks about work already done or booked, and someone who no
longer needs us says so. Each is a few concepts; vocab.py holds the older exact patterns, still used.

Adding a kind of non-lead: its concepts here, a branch in classify(), a reply in replies.py, cases in
tests/assistant/corpus.jsonl.
"""
from __future__ import annotations

import re

from . import vocab
from .text import matches_any

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
          r"|\bcustomers (\S+ ){0,2}financing\b|\bfinancing (for|to) your customers\b|\bprocessing fees\b")
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
               r"|\b\d+ (years|yrs) in (residential|commercial|the trade|the field)\b|\bany (openings|positions|jobs available)\b|\bbuscando trabajo\b|\bestan contratando\b")
_HOMEOWNER = (r"\b(i|we) (need|want) (a|an|some|someone|somebody|to get|to have|help|my|our)\b(?! (\d+|a few|ten|five|fifteen) min)"
              r"|\bmy (house|home|place|kitchen|basement|roof|sink|toilet|yard)\b")

# --- wrong numbers: they did not mean to reach a contractor -----------------------------
_WRONG = (r"\b(didn'?t|did not|never) (mean|meant) to (call|text|dial)\b|\bmeant to (call|text|reach) (someone|somebody|my|a different)\b"
          r"|\bmy (kid|son|daughter|toddler|baby|phone) (must have |musta )?(called|dialed|was playing)\b|\bpocket\b"
          r"|\b(by|on) (mistake|accident)\b|\b(was|am|i'?m) (trying|looking) to (reach|call|get) (my|a|someone|somebody|[a-z]+'s)\b"
          r"|\bis this [a-z]+'?s (phone|number|cell)\b|\bis this (the |a )?(pizza|restaurant|pharmacy|doctor'?s?|dentist|school|hospital|bank|salon|clinic|vet)\b|\byou (have|got) the wrong\b|\bdon'?t know (you|who this is|this number|who you are)\b"
          r"|\b(didn'?t|did not|never) call (any|a|for a) \w+\b|\bnot sure why (i|my phone) called\b|\bnot who i\b|\bwrong (chat|thread|text|convo|conversation|group)\b")

# --- existing customers: work already done, booked, or billed -----------------------------
_WORKERS = r"(guy|guys|tech|techs|technician|plumber|electrician|crew|team|installer|roofer|worker|workers|man|men|painter|painters)"
_PAST_WORK = (r"\b(the|your) " + _WORKERS + r" (who|that|you sent) (came|was|were|did|put|left|cut|ran|dug|\w+ed)\b"
              r"|\b(the|your) " + _WORKERS + r" you sent\b|\bleft without (finishing|fixing|cleaning)\b"
              r"|\byour " + _WORKERS + r" (left|broke|damaged|scratched|didn'?t|never|forgot|was rude|were rude)\b|\bnot happy\b"
              r"|\b(we|i) (had|hired|used) you (guys )?(out|come|to|do|spray|fix|install|replace|clean|look|in)\b|\bis that covered\b"
              r"|\byour " + _WORKERS + r" (\w+ed)\b|\b(quote|estimate|invoice|bill|proposal) you (said|promised|were going to|would)\b"
              r"|\bstill waiting (on|for) (the|my|your|our)\b"
              r"|\b(the|my|our) warranty\b|\bafter (your|the) (\w+ )?(cleaning|visit|service|work|install\w*|repair|job|treatment)\b"
              r"|\b(since|after) (you|your \w+|the \w+ you sent) (came|were|was|fixed|installed|left|did|replaced|worked|put)\b"
              r"|\byou (guys |all )?(were|came) (out|here|by|over) (last|on|yesterday|a few|this)\b"
              r"|\b(job|work|repair|install|installation|repairs) (you|you guys|your (guys|crew|team|tech)) (did|performed|completed|finished|put in)\b"
              r"|\b(never|didn'?t|did not) (show(ed)? up|come out|come by|make it)\b|\b(no ?one|nobody) (showed|came)\b"
              r"|\bovercharg\w*|\brefund\b|\bcharged (me|us) (twice|too much|for)\b|\bleft (a|such a) mess\b"
              r"|\b(not|very un|un)happy with (the|your)\b|\bdisappointed (with|in) (the|your)\b|\bcomplain\w*\b"
              r"|\b(the|my|our) (estimate|quote|proposal|bid) (from you|you sent|you gave|you guys)\b"
              r"|\b(scheduled|booked|have an appointment|appointment is) (for|with you|on)\b|\bconfirm(ing)? (my|our|the) (appointment|appt|time|visit)\b"
              r"|\brunning late\b|\bwhat'?s (the|his|their) eta\b|\bstill (leaking|broken|not working|dripping|running) (since|after)\b")

_NOT_INTERESTED = (r"\b(we|i) (figured|sorted|worked) it out\b|\bno longer (need|needed|necessary)\b|\bdon'?t need (it|anyone|someone|help|you) "
                   r"(anymore|any more|now)\b|\b(cancel|scratch) that\b(?! appointment)|\bnot needed anymore\b"
                   r"|\b(ended up )?(fix|fixed|fixing|figured|sorted|handled) it (ourselves|myself|out)\b|\bthanks anyway\b"
                   r"|\b(someone|somebody|my \w+( in law)?|a friend|a neighbou?r|we|i) (already )?(fixed|handled|took care of|repaired|unclogged|sorted) "
                   r"(it|the \w+)\b|\ball good now\b|\bdisregard (my|the|this) (call|message|text)\b")


def classify(folded: str, has_job: bool) -> str | None:
    """wrong_number | solicitor | not_interested | existing_customer, or None for a lead (or unknown)."""
    if matches_any(vocab.WRONG_NUMBER, folded) or not has_job and re.search(_WRONG, folded):
        return "wrong_number"
    if not has_job and is_solicitor(folded):
        return "solicitor"
    if matches_any(vocab.NOT_INTERESTED, folded) or re.search(_NOT_INTERESTED, folded):
        return "not_interested"
    if not has_job and (matches_any(vocab.EXISTING_CUSTOMER, folded) or re.search(_PAST_WORK, folded)):
        return "existing_customer"
    return None


def is_solicitor(folded: str) -> bool:
    if matches_any(vocab.SOLICITOR, folded) or re.search(_FAKE_NOTICE, folded) or re.search(_JOB_SEEKER, folded):
        return True
    offer = re.search(_MARKETING, folded) or re.search(_MONEY, folded)
    return bool(offer and re.search(_PITCH, folded) and not re.search(_HOMEOWNER, folded))
