"""Whether this install works, as `textback check` says it: one line per check, each `ok`, `warn`
(it works, but look at it) or `FAIL` (something does not work). `textback serve` and `textback
worker` run the same checks when they start and print what is not ok, as warnings.

Settings are checked before any of this: a bad variable stops every `textback` command with one
line naming it (textback/cli.py)."""

import smtplib
import socket
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.core import checks as django_checks
from django.core.mail import get_connection
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from textback.core import clock, jobs, llm_health, providers
from textback.core.models import PhoneNumber, WorkerSeen

OK, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass
class Result:
    status: str
    name: str
    detail: str

    def line(self):
        return f"{self.status:<4}  {self.name}: {self.detail}"


def secret_key():
    if not settings.SECRET_KEY_GENERATED:
        return Result(OK, "secret key", "TEXTBACK_SECRET_KEY is set")
    detail = (f"TEXTBACK_SECRET_KEY is not set; using the key generated in {settings.DATA_DIR} (fine for the demo, "
              "not for production: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')")
    return Result(WARN if settings.DEBUG else FAIL, "secret key", detail)


def database():
    config = connection.settings_dict
    where = config["NAME"] if connection.vendor == "sqlite" else f"{config['NAME']} on {config['HOST'] or 'localhost'}:{config['PORT'] or 5432}"
    try:
        connection.ensure_connection()
    except DatabaseError as e:
        return Result(FAIL, "database", f"{connection.vendor} {where} does not answer: {first_line(e)} (DATABASE_URL)")
    return Result(OK, "database", f"{connection.vendor} {where} answers")


def migrations():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return Result(FAIL, "migrations", f"{len(plan)} not applied yet: run `textback migrate` (stop the workers first)")
    return Result(OK, "migrations", "the database is up to date")


def workers():
    now, alive = clock.now(), jobs.workers_alive()
    if alive:
        return Result(OK, "workers", f"{alive} `textback worker` seen in the last minute")
    last = WorkerSeen.objects.order_by("-seen_at").first()
    when = f"the last one was seen {ago(now - last.seen_at)} ago" if last else "none has ever run against this database"
    return Result(FAIL, "workers", f"no `textback worker` is running ({when}): start one, no text goes out without it")


def queue():
    due, waited = jobs.waiting()
    if waited > settings.QUEUE_ALERT_SECONDS:
        return Result(FAIL, "queue", f"{due} job(s) due and not taken, the oldest for {ago(timedelta(seconds=waited))} "
                                     "(TEXTBACK_QUEUE_ALERT_SECONDS): are the workers running and reaching the database?")
    return Result(OK, "queue", f"{due} job(s) due now" + (f", the oldest waiting {waited:.0f} s" if due else ""))


def public_url():
    url = settings.PUBLIC_URL
    if not url.startswith("https://") and not settings.DEBUG:
        return Result(FAIL, "public URL", f"TEXTBACK_PUBLIC_URL={url} is not https: providers' webhooks and sign-ins "
                                          "must reach textback over HTTPS (a reverse proxy such as Caddy; see deploy/)")
    try:
        response = requests.get(f"{url}/health", timeout=5, allow_redirects=False)
    except requests.RequestException as e:
        return Result(FAIL, "public URL", f"{url}/health cannot be reached from this machine ({type(e).__name__}): "
                                          "is `textback serve` running behind it? (TEXTBACK_PUBLIC_URL)")
    if response.status_code != 200:
        return Result(FAIL, "public URL", f"{url}/health answered {response.status_code}, not 200")
    if not url.startswith("https://"):
        return Result(WARN, "public URL", f"{url}/health answers, over plain http (TEXTBACK_DEBUG is on)")
    return Result(OK, "public URL", f"{url}/health answers")


def numbers(ask_providers=True):
    """Every number can send: its provider's credentials are there (its own, or the defaults) and,
    asking the provider (not when serve and worker start), are valid with its webhooks pointing here."""
    found = list(PhoneNumber.objects.select_related("business").order_by("id"))
    if not found:
        return [Result(WARN, "numbers", "no phone number yet: `textback business create`, or sign up at /sign-up")]
    return [number_check(number, ask_providers) for number in found]


def number_check(number, ask_provider):
    name = f"number {number.number} ({number.business.name})"
    try:
        provider = providers.get(number.provider)
    except providers.PermanentError:
        return Result(FAIL, name, f"unknown provider {number.provider!r}")
    status, detail = provider.check(number, ask_provider)
    return Result(status, name, detail)


def email():
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "console":
        status = OK if settings.DEBUG else WARN
        return Result(status, "email", "password-reset emails are printed to the log, not sent (TEXTBACK_EMAIL_URL)")
    try:
        mailer = get_connection(timeout=5)
        mailer.open()
        mailer.close()
    except (OSError, smtplib.SMTPException, socket.timeout) as e:
        return Result(FAIL, "email", f"the mail server {settings.EMAIL_HOST}:{settings.EMAIL_PORT} refused or did not "
                                     f"answer: {first_line(e) or type(e).__name__} (TEXTBACK_EMAIL_URL)")
    return Result(OK, "email", f"the mail server {settings.EMAIL_HOST}:{settings.EMAIL_PORT} accepts textback")


def assistant_model():
    """With TEXTBACK_LLM_BASE_URL: the model answers now (the response format it takes), and how
    many of today's messages it answered rather than leaving them to the built-in assistant."""
    from textback.assistant import engine_for
    from textback.assistant.llm import LLMError

    if not llm_health.configured():
        return Result(OK, "assistant", "the built-in assistant (no TEXTBACK_LLM_BASE_URL)")
    try:
        kind = engine_for(settings).probe()
    except LLMError as e:
        return Result(FAIL, "assistant", f"the model at {settings.LLM_BASE_URL} cannot be used: {e} "
                                         "(TEXTBACK_LLM_BASE_URL, TEXTBACK_LLM_MODEL, TEXTBACK_LLM_API_KEY); "
                                         "the built-in assistant answers meanwhile")
    trial = llm_health.latest_trial()
    if not (trial and trial.approved):
        return Result(WARN, "assistant", f"the model {settings.LLM_MODEL} answers (response format {kind}) but is "
                                         f"{llm_health.trial_in_words(trial)}; the built-in assistant answers callers")
    found = llm_health.summary()
    status = WARN if llm_health.failing(found) else OK
    return Result(status, "assistant", f"the model {settings.LLM_MODEL} answers (response format {kind}), "
                                       f"{llm_health.trial_in_words(trial)}; it {llm_health.in_words(found)}")


def django_system():
    problems = [m for m in django_checks.run_checks() if m.level >= django_checks.ERROR]
    if problems:
        return [Result(FAIL, "django", f"{m.id}: {m.msg}") for m in problems]
    return [Result(OK, "django", "system checks pass")]


def run_all():
    """Every check, in the order a new operator meets them; later checks need the database."""
    results = [Result(OK, "settings", "every variable parses"), secret_key(), database()]
    if results[-1].status == FAIL:
        return results
    results.append(migrations())
    if results[-1].status == FAIL:
        return results
    results += [workers(), queue(), public_url(), *numbers(), email(), assistant_model(), *django_system()]
    return results


def at_start():
    """What `textback serve` and `textback worker` warn of when they start: the checks that do not
    need the web server or a worker running, those that are not ok (either can still work)."""
    results = [secret_key(), database()]
    if results[-1].status != FAIL:
        results.append(migrations())
    if results[-1].status != FAIL:
        results += [*numbers(ask_providers=False), email()]
    return [r for r in results if r.status != OK]


def ago(delta):
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else ""
