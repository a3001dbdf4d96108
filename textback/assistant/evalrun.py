"""Offline harness: run `textback simulate`-style cases through the engine in memory.

    python -m textback.assistant.evalrun CASES.jsonl > OUT.jsonl
    python3 shared/eval/score.py CASES.jsonl OUT.jsonl

Mimics the contract's flow: a text-back first message, each caller message through respond(),
owner notifications from owner_alert / owner_summary. No database, no clock but the case's.
"""
import dataclasses
import json
import re
import sys
from datetime import datetime, time
from zoneinfo import ZoneInfo

from .engine import BusinessInfo, Lead, first_message, respond

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CONTRACT_LEAD_FIELDS = ("status", "name", "need", "address", "city", "postal_code", "timeline", "urgency",
                        "language", "after_hours", "score")


def parse_hours(hours) -> dict[int, list[tuple[time, time]]]:
    """{"mon-fri": "07:00-18:00"} or "mon-fri 07:00-12:00, 13:00-18:00; sat 08:00-12:00" -> weekday -> periods."""
    if isinstance(hours, str):
        pairs = []
        for part in filter(None, (p.strip() for p in hours.split(";"))):
            days, _, periods = part.partition(" ")
            pairs.append((days, periods))
    else:
        pairs = list((hours or {}).items())
    table: dict[int, list[tuple[time, time]]] = {}
    for days, periods in pairs:
        for day in _expand_days(days):
            for period in re.findall(r"(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})", periods):
                start, end = (time.fromisoformat(t.zfill(5)) for t in period)
                table.setdefault(day, []).append((start, end))
    return table


def _expand_days(spec: str) -> list[int]:
    out = []
    for piece in spec.lower().split(","):
        piece = piece.strip()
        if "-" in piece:
            first, last = (DAYS.index(p.strip()[:3]) for p in piece.split("-", 1))
            out += list(range(first, last + 1)) if first <= last else list(range(first, 7)) + list(range(0, last + 1))
        elif piece[:3] in DAYS:
            out.append(DAYS.index(piece[:3]))
    return out


def is_after_hours(business: dict, called_at: str) -> bool:
    local = datetime.fromisoformat(called_at).astimezone(ZoneInfo(business.get("timezone") or "UTC"))
    periods = parse_hours(business.get("hours")).get(local.weekday(), [])
    return not any(start <= local.time() < end for start, end in periods)


def run_case(case: dict) -> dict:
    biz = case["business"]
    business = BusinessInfo(name=biz["name"], trade=biz.get("trade", ""), owner_name=biz.get("owner_name", ""))
    after_hours = is_after_hours(biz, case["called_at"])
    lead = Lead(after_hours=after_hours, called_on=case["called_at"][:10])
    first = first_message(business, after_hours)
    transcript = [{"role": "assistant", "text": first.text, "asks": first.asks}]
    history = [("assistant", first.text)]
    notifications = []
    for message in case["messages"]:
        turn = respond(business, lead, history, message)
        lead = turn.lead
        transcript.append({"role": "lead", "text": message, "opt_out": turn.opt_out})
        history.append(("lead", message))
        for reply in turn.replies:
            transcript.append({"role": "assistant", "text": reply.text, "asks": reply.asks})
            history.append(("assistant", reply.text))
        if turn.owner_alert:
            notifications.append({"to": "owner", "channel": "sms", "urgent": True, "text": turn.owner_alert})
        if turn.owner_summary:
            notifications.append({"to": "owner", "channel": "sms", "urgent": False, "text": turn.owner_summary})
    lead_out = {k: v for k, v in dataclasses.asdict(lead).items() if k in CONTRACT_LEAD_FIELDS}
    return {"id": case["id"], "transcript": transcript, "lead": lead_out, "notifications": notifications}


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as cases:
        for line in cases:
            if line.strip():
                print(json.dumps(run_case(json.loads(line)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
