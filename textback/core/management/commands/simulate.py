"""`textback simulate --input CASES.jsonl [--output OUT.jsonl]`: scripted conversations through the
real pipeline (the simulator provider, the job queue, the assistant, owner notifications) on a
simulated clock, in a throwaway database. Format: see the README and CONTRACT."""

import json
import logging
import sys
from datetime import datetime, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from textback.core import clock, jobs, leads
from textback.core import hours as opening_hours
from textback.core.models import Business, Message, PhoneNumber
from textback.simulator import phone

REPLY_DELAY = timedelta(minutes=1)


class Command(BaseCommand):
    help = "Run scripted conversations (JSON Lines) through the real pipeline on a simulated clock."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="cases, one JSON object a line")
        parser.add_argument("--output", help="where to write results (default: standard output)")

    def handle(self, *args, input, output, **options):
        logging.getLogger("textback").setLevel(logging.WARNING)  # the output is the report
        call_command("migrate", verbosity=0)
        try:
            lines = open(input, encoding="utf-8").read().splitlines()
        except OSError as e:
            raise CommandError(f"cannot read {input}: {e.strerror}") from None
        out = open(output, "w", encoding="utf-8") if output else sys.stdout
        try:
            for index, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    case = json.loads(line)
                    result = run_case(case, index)
                except (ValueError, KeyError, TypeError) as e:
                    raise CommandError(f"{input} line {index}: {e}") from None
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
                out.flush()
        finally:
            if output:
                out.close()


def made_up_number(area, index, caller):
    """A number for the owner's cell or the business, distinct per case and never the caller's."""
    number = f"+1{area}555{index % 10000:04d}"
    return number if number != caller else f"+1{area}556{index % 10000:04d}"


def make_business(spec, index, caller=""):
    owner_cell, own_number = made_up_number(312, index, caller), made_up_number(773, index, caller)
    business = Business.objects.create(
        name=spec["name"], trade=spec.get("trade", ""), owner_name=spec.get("owner_name", ""),
        owner_cell=owner_cell, timezone=spec.get("timezone", "America/Chicago"),
        hours=opening_hours.parse(spec.get("hours") or {}),
    )
    opening_hours.zone(business.timezone)
    number = PhoneNumber.objects.create(
        business=business, number=own_number, provider=phone.PROVIDER, mode=PhoneNumber.RING
    )
    return business, number


def run_case(case, index):
    called_at = datetime.fromisoformat(case["called_at"])
    if called_at.tzinfo is None:
        raise ValueError("called_at needs a UTC offset, like 2026-11-24T10:15:00-06:00")
    business, number = make_business(case["business"], index, case["caller"])
    with clock.simulated(called_at):
        call = phone.call(number, case["caller"])
        clock.advance_to(called_at + timedelta(seconds=business.ring_seconds + 5))
        phone.ring_out(call)
        jobs.run_ready()
        for text in case.get("messages", []):
            clock.advance_to((last_message_time(business) or clock.now()) + REPLY_DELAY)
            phone.text(number, case["caller"], text)
            jobs.run_ready()
    call.refresh_from_db()
    return {"id": case.get("id"), **leads.report(business, call)}


def last_message_time(business):
    return Message.objects.filter(business=business).exclude(kind=Message.NOTIFICATION).order_by("-created_at").values_list("created_at", flat=True).first()
