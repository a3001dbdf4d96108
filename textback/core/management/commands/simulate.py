"""`textback simulate --input CASES.jsonl [--output OUT.jsonl] [--gate]`: scripted conversations
through the real pipeline (the simulator provider, the job queue, the assistant, owner
notifications) on a simulated clock. Format: see the README and CONTRACT.

`--gate` turns the AI model (TEXTBACK_LLM_BASE_URL) on or refuses it: the cases run with the
built-in assistant and with the model, both are scored against the cases' "expect", and the model
answers callers only if it passed at least as many checks (core/llm_health.py)."""

import json
import logging
import sys

from django.conf import settings
from datetime import datetime, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from textback.assistant import scoring
from textback.core import clock, jobs, leads, llm_health
from textback.core import hours as opening_hours
from textback.core.models import Business, Message, PhoneNumber
from textback.simulator import phone

REPLY_DELAY = timedelta(minutes=1)


class Command(BaseCommand):
    help = "Run scripted conversations (JSON Lines) through the real pipeline on a simulated clock."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="cases, one JSON object a line")
        parser.add_argument("--output", help="where to write results (default: standard output)")
        parser.add_argument("--gate", action="store_true",
                            help="compare the AI model with the built-in assistant on these cases; "
                                 "the model answers callers only if it scores at least as well")

    def handle(self, *args, input, output, gate, **options):
        logging.getLogger("textback").setLevel(logging.WARNING)  # the output is the report
        if gate and not llm_health.configured():
            raise CommandError("--gate tries the AI model against the built-in assistant: set TEXTBACK_LLM_BASE_URL "
                               "(and TEXTBACK_LLM_MODEL) first")
        call_command("migrate", verbosity=0)
        try:
            lines = open(input, encoding="utf-8").read().splitlines()
        except OSError as e:
            raise CommandError(f"cannot read {input}: {e.strerror}") from None
        cases = []
        for index, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    cases.append((index, json.loads(line)))
                except ValueError as e:
                    raise CommandError(f"{input} line {index}: {e}") from None
        out = open(output, "w", encoding="utf-8") if output else sys.stdout
        try:
            if gate:
                self.gate(cases, input, out)
            else:
                run_cases(cases, input, out)
        finally:
            if output:
                out.close()

    def gate(self, cases, input, out):
        """Both engines on the same cases; the model's results are the output."""
        with override_settings(LLM_BASE_URL=""):
            builtin = run_cases(cases, input, None)
        with llm_health.trying() as counts:
            tried = run_cases(cases, input, out, numbers_from=cases[-1][0] if cases else 0)
        expected = [case for _, case in cases]
        builtin_passed, checks = scoring.score(expected, builtin)
        llm_passed, _ = scoring.score(expected, tried)
        trial = llm_health.judge(len(cases), builtin_passed, llm_passed, checks, counts)
        if trial.refusal:
            raise CommandError(f"the AI model {settings.LLM_MODEL or settings.LLM_BASE_URL} is refused and stays off "
                               f"(callers get the built-in assistant): {trial.refusal}")
        self.stderr.write(f"the AI model {settings.LLM_MODEL or settings.LLM_BASE_URL} is approved and answers callers "
                          f"from now on: {llm_passed} of {checks} checks passed, the built-in assistant {builtin_passed}")


def run_cases(cases, input, out, numbers_from=0):
    """Each case through the pipeline; results written to `out` as they come (when given) and returned.
    `numbers_from`: where the made-up business numbers start, so a second run gets its own."""
    results = []
    for index, case in cases:
        try:
            result = run_case(case, index + numbers_from)
        except (ValueError, KeyError, TypeError) as e:
            raise CommandError(f"{input} line {index}: {e}") from None
        results.append(result)
        if out is not None:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            out.flush()
    return results


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
