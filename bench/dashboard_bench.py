"""Server time of the dashboard's main pages for one busy business on PostgreSQL.

Seeds 10,000 conversations (--conversations 100000 for issue 13's target) (each from a missed call, with its text-back, the caller's replies and
the assistant's answers: about 40,000 messages) in one business, spread over 90 days, in a
throwaway database; then renders each main page through Django's test client several times and
prints the median server time and the number of queries per page. Targets: every page under 200 ms;
the inbox (sorted by what needs the owner), its "needs me" filter and search (inbox and leads) under
100 ms, at 100,000 conversations too.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/dashboard_bench.py [--conversations N] [--runs R]

The database named in DATABASE_URL is only used to create and drop the throwaway one.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
TARGET_MS = 200
FAST_MS = 100  # the inbox and search: opened ten times a day on a phone


def throwaway_database(url):
    import psycopg

    name = f"textback_dashbench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return name, urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def drop_database(url, name):
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(count):
    from django.contrib.auth import get_user_model

    from textback.core import clock, hours
    from textback.core.models import Business, Call, Contact, Conversation, Membership, Message, PhoneNumber

    rng = random.Random(7)
    now = clock.now()
    business = Business.objects.create(
        name="Busy Plumbing", trade="plumbing", owner_name="Sam", owner_cell="+13125559999",
        hours=hours.parse("mon-fri 07:00-18:00; sat 08:00-12:00"),
    )
    number = PhoneNumber.objects.create(business=business, number="+13125559000", provider="simulator")
    user = get_user_model().objects.create_user(username="sam@busy.example", email="sam@busy.example", password="x")
    Membership.objects.create(user=user, business=business)

    statuses = ["qualified"] * 5 + ["partial"] * 3 + ["wrong_number", "solicitor", "existing_customer"]
    urgencies = ["emergency", "soon", "soon", "flexible", "unknown"]
    first_names = ["Jen", "Maria", "Dave", "Rosa", "Mike", "Ana", "Tom", "Lee", "Sam", "Kim"]
    last_names = ["Park", "Lopez", "Smith", "Nguyen", "Brown", "Martinez", "Olsen", "Reyes", "Khan", "Young"]
    contacts = Contact.objects.bulk_create(
        [Contact(business=business, number=f"+1312{2000000 + i:07d}",
                 name="" if rng.random() < 0.4 else f"{rng.choice(first_names)} {rng.choice(last_names)}{i}")
         for i in range(count)], batch_size=2000,
    )
    streets = ["W Addison St", "N Clark St", "S Halsted St", "W Belmont Ave", "N Broadway", "W Irving Park Rd"]
    conversations, calls, messages = [], [], []
    for i, contact in enumerate(contacts):
        started = now - timedelta(seconds=rng.randint(0, 90 * 86400))
        conversations.append(Conversation(
            business=business, contact=contact, phone_number=number, started_at=started,
            last_message_at=started + timedelta(minutes=5),
            read_at=started + timedelta(minutes=10) if rng.random() < 0.8 else None,
            outcome=rng.choice(["", "", "", "booked", "lost", "spam"]),
            lead={"status": rng.choice(statuses), "urgency": rng.choice(urgencies), "need": "kitchen sink clogged",
                  "address": f"{100 + i} {rng.choice(streets)}", "city": "Chicago", "postal_code": "60613",
                  "after_hours": rng.random() < 0.3, "score": rng.choice(["hot", "warm", "cold"])},
        ))
    Conversation.objects.bulk_create(conversations, batch_size=2000)
    for i, conversation in enumerate(conversations):
        started = conversation.started_at
        calls.append(Call(
            business=business, phone_number=number, provider="simulator", provider_call_id=f"CA{i}",
            from_number=conversation.contact.number, caller=conversation.contact.number, outcome=Call.MISSED,
            missed_reason="no answer", started_at=started - timedelta(seconds=25), missed_at=started,
            textback=Call.TEXTED, textback_reason="missed call", conversation=conversation,
            recording_url="https://api.twilio.com/rec/RE%d" % i if i % 10 == 0 else "",
        ))
    Call.objects.bulk_create(calls, batch_size=2000)
    for i, (conversation, call) in enumerate(zip(conversations, calls)):
        t = conversation.started_at
        base = {"business": business, "conversation": conversation, "provider": "simulator"}
        out = {**base, "direction": Message.OUT, "from_number": number.number, "to_number": conversation.contact.number}
        messages.append(Message(**out, call=call, kind=Message.TEXTBACK, body="Hi there, sorry we missed your call!",
                                status=Message.DELIVERED, provider_message_id=f"SMT{i}", created_at=t,
                                first_attempt_at=t + timedelta(milliseconds=rng.randint(80, 1500))))
        if i % 3:
            messages.append(Message(**base, direction=Message.IN, kind=Message.LEAD, from_number=conversation.contact.number,
                                    to_number=number.number, body="My kitchen sink is clogged", status=Message.RECEIVED,
                                    provider_message_id=f"SMI{i}", created_at=t + timedelta(minutes=1)))
            messages.append(Message(**out, kind=Message.ASSISTANT, body="What's the address?", status=Message.DELIVERED,
                                    provider_message_id=f"SMA{i}", created_at=t + timedelta(minutes=2)))
            messages.append(Message(**base, direction=Message.IN, kind=Message.LEAD, from_number=conversation.contact.number,
                                    to_number=number.number, body=f"{100 + i} W Addison, water heater {i}",
                                    status=Message.RECEIVED,
                                    provider_message_id=f"SMJ{i}", created_at=t + timedelta(minutes=5)))
    Message.objects.bulk_create(messages, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return business, user, conversations[len(conversations) // 2], len(messages)


def reused():
    from textback.core.models import Business

    business = Business.objects.get(name="Busy Plumbing")
    conversations = business.conversations.order_by("id")
    return business, business.memberships.get().user, conversations[conversations.count() // 2]


def measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up (templates, connection)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the seeded database (its name is printed)")
    parser.add_argument("--reuse", metavar="NAME", help="measure a database kept by --keep, without seeding")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL=postgres://user@host:port/db (a server where a throwaway database can be created)")
    if args.reuse:
        name, bench_url = args.reuse, urlunsplit(urlsplit(url)._replace(path=f"/{args.reuse}"))
    else:
        name, bench_url = throwaway_database(url)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("TEXTBACK_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "textback.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        call_command("migrate", verbosity=0)
        if args.reuse:
            business, user, conversation = reused()
        else:
            started = time.perf_counter()
            business, user, conversation, message_count = seed(args.conversations)
            print(f"seeded {args.conversations} conversations, {message_count} messages in {time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(user)
        b = business.id
        pages = [
            ("inbox", f"/b/{b}/"),
            ("inbox, page 50", f"/b/{b}/?page=50"),
            ("inbox live update (JSON)", f"/b/{b}/inbox.json"),
            ("inbox, needs me", f"/b/{b}/?show=needs_me"),
            ("search: a name", f"/b/{b}/?q=rosa%20khan7"),
            ("search: a phone number", f"/b/{b}/?q=(312)%20205-0123"),
            ("search: an address", f"/b/{b}/?q=4321%20N%20Clark"),
            ("search: words, rare", f"/b/{b}/?q=water%20heater%204321"),
            ("search: words, everywhere", f"/b/{b}/?q=sink"),
            ("search: no match", f"/b/{b}/?q=zebra"),
            ("leads, search", f"/b/{b}/leads/?q=heater%204321"),
            ("leads, search: words, everywhere", f"/b/{b}/leads/?q=sink"),
            ("thread", f"/b/{b}/c/{conversation.id}/"),
            ("thread live update (JSON)", f"/b/{b}/c/{conversation.id}.json"),
            ("leads", f"/b/{b}/leads/"),
            ("leads, filtered", f"/b/{b}/leads/?status=qualified&urgency=emergency"),
            ("calls", f"/b/{b}/calls/"),
            ("calls, not texted", f"/b/{b}/calls/?show=not_texted"),
            ("stats, 30 days", f"/b/{b}/stats/"),
            ("stats, 90 days", f"/b/{b}/stats/?days=90"),
            ("settings", f"/b/{b}/settings/"),
            ("templates", f"/b/{b}/settings/templates"),
            ("contacts", f"/b/{b}/settings/contacts"),
            ("numbers", f"/b/{b}/settings/numbers"),
            ("leads CSV, all", f"/b/{b}/leads.csv"),
        ]
        print(f"\n{'page':30} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        slow = []
        for label, path in pages:
            median, worst, queries = measure(client, path, args.runs)
            target = FAST_MS if label.startswith(("inbox", "search", "leads, search")) else TARGET_MS
            flag = "" if median <= target or "CSV" in label else f"  over {target} ms"
            if flag:
                slow.append(label)
            print(f"{label:30} {median:10.1f} {worst:8.1f} {queries:8d}{flag}")
        print(f"\n{args.runs} runs each; targets: the inbox and search under {FAST_MS} ms, every other page "
              f"(not the full CSV export) under {TARGET_MS} ms")
        return 1 if slow else 0
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep or args.reuse:
            print(f"kept the database {name}: --reuse {name} measures it again; drop it with DROP DATABASE")
        else:
            drop_database(url, name)


if __name__ == "__main__":
    sys.exit(main())
